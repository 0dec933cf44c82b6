import { type Static, Type } from 'typebox';

export const Locale = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);
export type Locale = Static<typeof Locale>;

const Email = Type.String({ format: 'email', maxLength: 254, description: 'An e-mail address' });
// Length and strength are checked in the service, so the error says why a password is refused.
const Password = Type.String({ maxLength: 256 });
const DisplayName = Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' });

export const User = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    displayName: Type.String(),
    locale: Locale,
    role: Type.Union([Type.Literal('operator'), Type.Literal('user')]),
    emailVerified: Type.Boolean(),
    createdAt: Type.Integer({ description: 'epoch milliseconds' }),
  },
  { $id: 'User' },
);
export type UserDto = Static<typeof User>;

export const UserEnvelope = Type.Object({ user: Type.Ref('User') });

export const SetupStatus = Type.Object({ needed: Type.Boolean() });

export const RegisterBody = Type.Object(
  { email: Email, password: Password, displayName: DisplayName, locale: Type.Optional(Locale) },
  { additionalProperties: false },
);
export type RegisterInput = Static<typeof RegisterBody>;

export const LoginBody = Type.Object(
  { email: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: 256 }) },
  { additionalProperties: false },
);
export type LoginInput = Static<typeof LoginBody>;

export const UpdateMeBody = Type.Object(
  { displayName: Type.Optional(DisplayName), locale: Type.Optional(Locale) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMeInput = Static<typeof UpdateMeBody>;

export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ maxLength: 256 }), newPassword: Password },
  { additionalProperties: false },
);
export type ChangePasswordInput = Static<typeof ChangePasswordBody>;

export const Session = Type.Object({
  id: Type.String(),
  createdAt: Type.Integer(),
  lastSeenAt: Type.Integer(),
  expiresAt: Type.Integer(),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean(),
});
export type SessionDto = Static<typeof Session>;

export const SessionList = Type.Object({ items: Type.Array(Session) });

export const SessionParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const PasswordResetBody = Type.Object({ email: Email }, { additionalProperties: false });

export const PasswordResetConfirmBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 128 }), password: Password },
  { additionalProperties: false },
);

export const VerifyEmailBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 128 }) },
  { additionalProperties: false },
);

export const Accepted = Type.Object({ ok: Type.Literal(true) });

/** Error codes of this module, stable for clients. */
export const AccountErrors = {
  setupDone: 'setup_done',
  emailTaken: 'email_taken',
  invalidCredentials: 'invalid_credentials',
  tokenInvalid: 'token_invalid',
} as const;
