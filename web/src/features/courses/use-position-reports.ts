import { type RefObject, useEffect, useRef } from 'react';
import { reportPosition } from './hooks';

export const REPORT_EVERY_MS = 10_000;

/**
 * Sends the player's position to the server every ~10 s while it plays, when it pauses, and
 * when the page is left; never the same second twice in a row. Off for visitors.
 */
export function usePositionReports(
  video: RefObject<HTMLVideoElement | null>,
  lessonId: string,
  enabled: boolean,
): { onPause: () => void } {
  const lastSent = useRef<number | null>(null);

  const send = (keepalive = false) => {
    const element = video.current;
    if (!enabled || !element) return;
    const seconds = Math.floor(element.currentTime);
    if (seconds === lastSent.current || (seconds === 0 && lastSent.current === null)) return;
    lastSent.current = seconds;
    reportPosition(lessonId, seconds, keepalive);
  };
  const sendRef = useRef(send);
  sendRef.current = send;

  useEffect(() => {
    if (!enabled) return;
    lastSent.current = null;
    const timer = window.setInterval(() => {
      if (video.current && !video.current.paused) sendRef.current();
    }, REPORT_EVERY_MS);
    const onHide = () => sendRef.current(true);
    window.addEventListener('pagehide', onHide);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('pagehide', onHide);
      sendRef.current(true);
    };
  }, [enabled, video]);

  return { onPause: () => send() };
}
