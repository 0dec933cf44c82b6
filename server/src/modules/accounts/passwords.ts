import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import type { FieldError } from '../../platform/errors.js';

export const MIN_PASSWORD_LENGTH = 8;
export const MIN_PASSWORD_SCORE = 2;

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
});

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1: the OWASP baseline). */
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the e-mail is unknown makes both failures take the same time.
let decoyHash: Promise<string> | null = null;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hash(`decoy-${Math.random()}`);
  return decoyHash;
}

/**
 * Why a password is refused, or null when it is acceptable. `related` are the user's own
 * e-mail and name, which make a password easy to guess.
 */
export function passwordProblem(field: string, password: string, related: string[]): FieldError | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return {
      path: field,
      code: 'password_too_short',
      message: `must be at least ${MIN_PASSWORD_LENGTH} characters`,
    };
  }
  const result = zxcvbn.check(password, related.filter(Boolean));
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const reason = result.feedback.warning ?? 'It is too easy to guess.';
  const hint = result.feedback.suggestions[0];
  return {
    path: field,
    code: 'password_weak',
    message: `is too easy to guess: ${reason}${hint ? ` ${hint}` : ''}`,
  };
}
