import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { clearSessionCookie, type SessionCookieOptions, setSessionCookie } from '../../http/actor.js';
import { problemResponses } from '../../http/problem.js';
import { presentUser } from './accounts.presenter.js';
import {
  Accepted,
  ChangePasswordBody,
  LoginBody,
  PasswordResetBody,
  PasswordResetConfirmBody,
  RegisterBody,
  SessionList,
  SessionParams,
  SetupStatus,
  UpdateMeBody,
  UserEnvelope,
  VerifyEmailBody,
} from './accounts.schemas.js';
import type { AccountsService, ClientInfo } from './accounts.service.js';

const NoContent = Type.Null();
const tags = ['accounts'];

const clientInfo = (request: FastifyRequest): ClientInfo => ({
  ip: request.ip ?? null,
  userAgent: request.headers['user-agent'] ?? null,
});

export function accountsRoutes(accounts: AccountsService, cookie: SessionCookieOptions) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/setup',
      {
        schema: {
          tags,
          summary: 'Whether the first-run setup is still needed',
          response: { 200: SetupStatus },
        },
      },
      async () => ({ needed: await accounts.isSetupNeeded() }),
    );

    app.post(
      '/api/setup',
      {
        schema: {
          tags,
          summary: 'Create the operator account on a fresh install',
          body: RegisterBody,
          response: { 201: UserEnvelope, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { user, token } = await accounts.completeSetup(request.body, clientInfo(request));
        setSessionCookie(reply, token, cookie);
        return reply.code(201).send({ user: presentUser(user) });
      },
    );

    app.post(
      '/api/auth/register',
      {
        schema: {
          tags,
          summary: 'Create an account and sign in',
          body: RegisterBody,
          response: { 201: UserEnvelope, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { user, token } = await accounts.register(request.body, clientInfo(request));
        setSessionCookie(reply, token, cookie);
        return reply.code(201).send({ user: presentUser(user) });
      },
    );

    app.post(
      '/api/auth/login',
      {
        schema: {
          tags,
          summary: 'Sign in',
          body: LoginBody,
          response: { 200: UserEnvelope, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { user, token } = await accounts.login(request.body, clientInfo(request));
        setSessionCookie(reply, token, cookie);
        return { user: presentUser(user) };
      },
    );

    app.post(
      '/api/auth/logout',
      {
        schema: {
          tags,
          summary: 'Sign out of this session',
          response: { 204: NoContent, ...problemResponses },
        },
      },
      async (request, reply) => {
        await accounts.logout(request.actor);
        clearSessionCookie(reply, cookie);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/auth/logout-all',
      {
        schema: {
          tags,
          summary: 'Sign out of every session',
          response: { 204: NoContent, ...problemResponses },
        },
      },
      async (request, reply) => {
        await accounts.logoutEverywhere(request.actor);
        clearSessionCookie(reply, cookie);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/me',
      {
        schema: { tags, summary: 'The signed-in user', response: { 200: UserEnvelope, ...problemResponses } },
      },
      async (request) => ({ user: presentUser(accounts.getMe(request.actor)) }),
    );

    app.patch(
      '/api/me',
      {
        schema: {
          tags,
          summary: 'Update your profile',
          body: UpdateMeBody,
          response: { 200: UserEnvelope, ...problemResponses },
        },
      },
      async (request) => ({ user: presentUser(await accounts.updateMe(request.actor, request.body)) }),
    );

    app.post(
      '/api/me/password',
      {
        schema: {
          tags,
          summary: 'Change your password (signs out your other sessions)',
          body: ChangePasswordBody,
          response: { 204: NoContent, ...problemResponses },
        },
      },
      async (request, reply) => {
        await accounts.changePassword(request.actor, request.body);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/me/sessions',
      {
        schema: {
          tags,
          summary: 'Your signed-in sessions',
          response: { 200: SessionList, ...problemResponses },
        },
      },
      async (request) => ({ items: await accounts.listSessions(request.actor) }),
    );

    app.delete(
      '/api/me/sessions/:id',
      {
        schema: {
          tags,
          summary: 'Sign out one of your sessions',
          params: SessionParams,
          response: { 204: NoContent, ...problemResponses },
        },
      },
      async (request, reply) => {
        await accounts.revokeSession(request.actor, request.params.id);
        if (request.actor.kind === 'user' && request.actor.sessionId === request.params.id)
          clearSessionCookie(reply, cookie);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/auth/password-reset',
      {
        schema: {
          tags,
          summary: 'E-mail a password reset link (always answers the same)',
          body: PasswordResetBody,
          response: { 202: Accepted, ...problemResponses },
        },
      },
      async (request, reply) => {
        await accounts.requestPasswordReset(request.body.email, clientInfo(request));
        return reply.code(202).send({ ok: true as const });
      },
    );

    app.post(
      '/api/auth/password-reset/confirm',
      {
        schema: {
          tags,
          summary: 'Set a new password with an e-mailed token',
          body: PasswordResetConfirmBody,
          response: { 204: NoContent, ...problemResponses },
        },
      },
      async (request, reply) => {
        await accounts.confirmPasswordReset(request.body.token, request.body.password);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/auth/verify-email',
      {
        schema: {
          tags,
          summary: 'Verify your e-mail address with an e-mailed token',
          body: VerifyEmailBody,
          response: { 200: UserEnvelope, ...problemResponses },
        },
      },
      async (request) => ({ user: presentUser(await accounts.verifyEmail(request.body.token)) }),
    );

    app.post(
      '/api/auth/verify-email/resend',
      {
        schema: {
          tags,
          summary: 'Send the verification e-mail again',
          response: { 202: Accepted, ...problemResponses },
        },
      },
      async (request, reply) => {
        await accounts.resendVerification(request.actor);
        return reply.code(202).send({ ok: true as const });
      },
    );
  };
}
