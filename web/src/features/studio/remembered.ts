/**
 * Communities this browser has opened in the studio. The API lists the communities you are a
 * member of, not those you run (an owner has a role, not a membership), so the studio also
 * remembers the ones created or managed here.
 */
const KEY = 'zhishe.studio.communities';

function read(): string[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberedCommunities(userId: string): string[] {
  return read()
    .filter((entry) => entry.startsWith(`${userId}:`))
    .map((entry) => entry.slice(userId.length + 1));
}

export function rememberCommunity(userId: string, communityId: string): void {
  const entry = `${userId}:${communityId}`;
  const list = read().filter((e) => e !== entry);
  try {
    window.localStorage.setItem(KEY, JSON.stringify([entry, ...list].slice(0, 100)));
  } catch {
    // Storage disabled: the list lasts until the page closes.
  }
}

export function forgetCommunity(userId: string, communityId: string): void {
  const entry = `${userId}:${communityId}`;
  try {
    window.localStorage.setItem(KEY, JSON.stringify(read().filter((e) => e !== entry)));
  } catch {
    // Nothing to do.
  }
}
