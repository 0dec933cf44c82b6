import { type Static, type TSchema, Type } from 'typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** The highest commission an owner may set: 90 % of the price (the platform's fee comes first). */
export const MAX_COMMISSION_BP = 9_000;

export const ReferralProgramBody = Type.Object(
  {
    enabled: Type.Boolean(),
    /** Of the price the buyer pays, in basis points: 1000 = 10 %. */
    commissionBasisPoints: Type.Integer({ minimum: 0, maximum: MAX_COMMISSION_BP }),
  },
  { additionalProperties: false },
);
export type ReferralProgramInput = Static<typeof ReferralProgramBody>;

export const ReferralProgram = Type.Object({
  planId: Type.String(),
  planName: Type.String(),
  enabled: Type.Boolean(),
  commissionBasisPoints: Type.Integer(),
  priceMinor: Type.Integer(),
  currency: Type.String(),
});
export type ReferralProgramDto = Static<typeof ReferralProgram>;

export const ReferralLink = Type.Object({
  code: Type.String(),
  url: Type.String(),
  /** The plans that pay a commission now (empty: the link earns nothing yet). */
  programs: Type.Array(ReferralProgram),
});
export type ReferralLinkDto = Static<typeof ReferralLink>;

export const ReferralClickBody = Type.Object(
  { code: Type.String({ pattern: '^[A-Za-z0-9]{6,32}$' }) },
  { additionalProperties: false },
);

const Totals = Type.Object({
  currency: Type.String(),
  /** In the refund window still. */
  pendingMinor: Type.Integer(),
  /** Owed to the referrer. */
  payableMinor: Type.Integer(),
});

export const ReferralCommission = Type.Object({
  orderId: Type.String(),
  community: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
  planName: Type.String(),
  state: Type.Union([
    Type.Literal('attributed'),
    Type.Literal('pending'),
    Type.Literal('payable'),
    Type.Literal('reversed'),
  ]),
  commissionBasisPoints: Type.Integer(),
  commissionMinor: Type.Integer(),
  reversedMinor: Type.Integer(),
  currency: Type.String(),
  payableAt: Nullable(Type.Integer()),
  createdAt: Type.Integer(),
});
export type ReferralCommissionDto = Static<typeof ReferralCommission>;

export const MyReferrals = Type.Object({
  clicks: Type.Integer(),
  /** Paid orders attributed to me. */
  orders: Type.Integer(),
  totals: Type.Array(Totals),
  items: Type.Array(ReferralCommission),
  nextCursor: Nullable(Type.String()),
});
export type MyReferralsDto = Static<typeof MyReferrals>;

export const CommunityReferrers = Type.Object({
  items: Type.Array(
    Type.Object({
      userId: Type.String(),
      displayName: Type.String(),
      clicks: Type.Integer(),
      orders: Type.Integer(),
      totals: Type.Array(Totals),
    }),
  ),
});
export type CommunityReferrersDto = Static<typeof CommunityReferrers>;
