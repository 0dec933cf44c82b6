import { type Static, type TSchema, Type } from 'typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Key = Type.String({ maxLength: 10_000 });
const Minor = Type.Integer({ minimum: 1, maximum: 1_000_000_000_00 });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, upper-case' });

export const KeyedProviderT = Type.Union([
  Type.Literal('stripe'),
  Type.Literal('alipay'),
  Type.Literal('wechatpay'),
]);
const Origin = Type.Union([
  Type.Literal('community'),
  Type.Literal('site'),
  Type.Literal('env'),
  Type.Literal('built-in'),
]);

export const ProviderParams = Type.Object({ provider: KeyedProviderT });
export const CommunityProviderParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, description: 'community id or slug' }),
  provider: KeyedProviderT,
});
export const CommunityParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * Every provider's settings; a PUT names the provider in its path and sends that provider's
 * fields. A field left out (or blank) keeps the saved value, so a form never needs secrets back.
 */
export const SaveKeysBody = Type.Object(
  {
    secretKey: Type.Optional(Key),
    webhookSecret: Type.Optional(Key),
    appId: Type.Optional(Key),
    privateKey: Type.Optional(Key),
    alipayPublicKey: Type.Optional(Key),
    gateway: Type.Optional(Key),
    mchId: Type.Optional(Key),
    merchantSerialNo: Type.Optional(Key),
    merchantPrivateKey: Type.Optional(Key),
    apiV3Key: Type.Optional(Key),
    platformPublicKey: Type.Optional(Key),
    platformSerialNo: Type.Optional(Key),
  },
  { additionalProperties: false },
);
export type SaveKeysInput = Static<typeof SaveKeysBody>;

export const ProviderKeysStatus = Type.Object({
  provider: KeyedProviderT,
  /** Keys saved for this scope: which fields are set, never their values. */
  saved: Nullable(
    Type.Object({
      fields: Type.Array(
        Type.Object({
          name: Type.String(),
          set: Type.Boolean(),
          secret: Type.Boolean(),
          /** The tail of a non-secret id, or the mode (test/live) of a Stripe key. */
          hint: Nullable(Type.String()),
        }),
      ),
      keyVersion: Type.Integer(),
      /** False when SECRET changed since saving: the keys must be set again. */
      readable: Type.Boolean(),
      updatedAt: Type.Integer(),
      updatedBy: Nullable(Type.Object({ id: Type.String(), displayName: Type.String() })),
    }),
  ),
  /** Keys given in the environment (the last fallback). */
  fromEnv: Type.Boolean(),
  /** Whose keys payments in this scope use now; null when the provider is off. */
  active: Nullable(Origin),
  /** Where the provider must post notifications for this scope's keys. */
  webhookUrl: Type.String(),
});
export type ProviderKeysStatusDto = Static<typeof ProviderKeysStatus>;

export const SiteProviders = Type.Object({
  providers: Type.Array(ProviderKeysStatus),
  testProvider: Type.Boolean(),
});
export type SiteProvidersDto = Static<typeof SiteProviders>;

export const CommunityRef = Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String() });

export const CommunityProviders = Type.Object({
  community: CommunityRef,
  providers: Type.Array(ProviderKeysStatus),
});
export type CommunityProvidersDto = Static<typeof CommunityProviders>;

export const CommunitiesWithKeys = Type.Object({
  items: Type.Array(Type.Object({ ...CommunityRef.properties, providers: Type.Array(KeyedProviderT) })),
  nextCursor: Nullable(Type.String()),
});

/** What an owner may see: which providers their buyers can choose, and whose keys they use. */
export const EnabledProviders = Type.Object({
  providers: Type.Array(Type.Object({ provider: Type.String(), origin: Origin })),
});

export const AdminPayoutBody = Type.Object(
  {
    amountMinor: Minor,
    currency: Currency,
    reference: Type.String({ minLength: 1, maxLength: 200 }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type AdminPayoutInput = Static<typeof AdminPayoutBody>;

export const Payout = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  reference: Type.String(),
  note: Nullable(Type.String()),
  recordedBy: Type.Object({ id: Type.String(), displayName: Type.String() }),
  createdAt: Type.Integer(),
});
export type PayoutDto = Static<typeof Payout>;

export const PayoutPage = Type.Object({ items: Type.Array(Payout), nextCursor: Nullable(Type.String()) });

export const PayableBalances = Type.Object({
  items: Type.Array(
    Type.Object({
      community: CommunityRef,
      balances: Type.Array(Type.Object({ currency: Type.String(), balanceMinor: Type.Integer() })),
      /**
       * Providers this community takes payments with into its own account: those payments never
       * passed through the platform, so part of the balance may already be in the creator's hands.
       */
      ownKeys: Type.Array(KeyedProviderT),
    }),
  ),
  nextCursor: Nullable(Type.String()),
});
export type PayableBalancesDto = Static<typeof PayableBalances>;

export const BalancesQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
