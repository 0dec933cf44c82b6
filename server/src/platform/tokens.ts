import { createHash, randomBytes } from 'node:crypto';

/** A 256-bit random secret, URL-safe, for cookies and e-mailed links. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** Only this digest is stored, so a leaked table grants nothing. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
