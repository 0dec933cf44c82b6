import type { SignedInUser } from '../../platform/actor.js';
import type { Locale, SessionDto, UserDto } from './accounts.schemas.js';

export const toLocale = (value: string): Locale => (value === 'zh-CN' ? 'zh-CN' : 'en');

export function presentUser(user: SignedInUser): UserDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    locale: toLocale(user.locale),
    role: user.role,
    emailVerified: user.emailVerifiedAt !== null,
    createdAt: user.createdAt,
  };
}

export function presentSession(
  row: {
    id: string;
    created_at: number;
    last_seen_at: number;
    expires_at: number;
    ip: string | null;
    user_agent: string | null;
  },
  currentSessionId: string,
): SessionDto {
  return {
    id: row.id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    userAgent: row.user_agent,
    ip: row.ip,
    current: row.id === currentSessionId,
  };
}

/** Row (snake_case) → the signed-in user carried by the actor. */
export function toSignedInUser(row: {
  id: string;
  email: string;
  display_name: string;
  locale: string;
  role: 'operator' | 'user';
  email_verified_at: number | null;
  created_at: number;
}): SignedInUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    locale: row.locale,
    role: row.role,
    emailVerifiedAt: row.email_verified_at,
    createdAt: row.created_at,
  };
}
