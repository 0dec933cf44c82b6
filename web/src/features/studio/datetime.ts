const pad = (n: number) => String(n).padStart(2, '0');

/** Epoch ms → the value of an `<input type="datetime-local">` in the browser's time zone. */
export function toLocalInput(epochMs: number | null | undefined): string {
  if (epochMs === null || epochMs === undefined) return '';
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of a datetime-local or date input → epoch ms, or null when empty or invalid. */
export function fromLocalInput(value: string): number | null {
  if (!value) return null;
  const ms = new Date(value.length === 10 ? `${value}T00:00` : value).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** Epoch ms → the value of an `<input type="date">`. */
export function toDateInput(epochMs: number | null | undefined): string {
  return toLocalInput(epochMs).slice(0, 10);
}
