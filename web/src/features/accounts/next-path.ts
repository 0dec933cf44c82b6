/** Where to go after signing in: only a path on this site, never another origin. */
export function safeNextPath(search: URLSearchParams, fallback = '/'): string {
  const next = search.get('next');
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

export function loginPathFor(path: string): string {
  return `/login?next=${encodeURIComponent(path)}`;
}
