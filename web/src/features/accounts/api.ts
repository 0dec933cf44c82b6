import { api, expectOk, unwrap } from '../../api/client';
import { isApiError } from '../../api/errors';
import type { LoginInput, PasswordChangeInput, ProfileInput, RegisterInput, Session, User } from './types';

export async function fetchSetupStatus(): Promise<{ needed: boolean }> {
  return unwrap(api.GET('/api/setup'));
}

export async function setupOperator(input: RegisterInput): Promise<User> {
  return (await unwrap(api.POST('/api/setup', { body: input }))).user;
}

/** The signed-in user, or null for a visitor. */
export async function fetchMe(): Promise<User | null> {
  try {
    return (await unwrap(api.GET('/api/me'))).user;
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export async function register(input: RegisterInput): Promise<User> {
  return (await unwrap(api.POST('/api/auth/register', { body: input }))).user;
}

export async function login(input: LoginInput): Promise<User> {
  return (await unwrap(api.POST('/api/auth/login', { body: input }))).user;
}

export async function logout(): Promise<void> {
  await expectOk(api.POST('/api/auth/logout'));
}

export async function logoutEverywhere(): Promise<void> {
  await expectOk(api.POST('/api/auth/logout-all'));
}

export async function updateProfile(input: ProfileInput): Promise<User> {
  return (await unwrap(api.PATCH('/api/me', { body: input }))).user;
}

export async function changePassword(input: PasswordChangeInput): Promise<void> {
  await expectOk(api.POST('/api/me/password', { body: input }));
}

export async function fetchSessions(): Promise<Session[]> {
  return (await unwrap(api.GET('/api/me/sessions'))).items;
}

export async function revokeSession(id: string): Promise<void> {
  await expectOk(api.DELETE('/api/me/sessions/{id}', { params: { path: { id } } }));
}

export async function requestPasswordReset(email: string): Promise<void> {
  await expectOk(api.POST('/api/auth/password-reset', { body: { email } }));
}

export async function confirmPasswordReset(token: string, password: string): Promise<void> {
  await expectOk(api.POST('/api/auth/password-reset/confirm', { body: { token, password } }));
}

export async function verifyEmail(token: string): Promise<User> {
  return (await unwrap(api.POST('/api/auth/verify-email', { body: { token } }))).user;
}

export async function resendVerification(): Promise<void> {
  await expectOk(api.POST('/api/auth/verify-email/resend'));
}
