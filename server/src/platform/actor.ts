/** Who is asking: resolved once per request from the session cookie, passed to every service. */
export interface SignedInUser {
  id: string;
  email: string;
  displayName: string;
  locale: string;
  role: 'operator' | 'user';
  emailVerifiedAt: number | null;
  createdAt: number;
}

export type Actor =
  | { kind: 'anonymous'; ip: string | null }
  | { kind: 'user'; user: SignedInUser; sessionId: string; ip: string | null };

export type UserActor = Extract<Actor, { kind: 'user' }>;

export const anonymous = (ip: string | null = null): Actor => ({ kind: 'anonymous', ip });
