import { Type } from 'typebox';

/** RFC 9457 problem details, with our stable `code` and the fields that were wrong. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({ path: Type.String(), message: Type.String(), code: Type.Optional(Type.String()) }),
      ),
    ),
    plans: Type.Optional(
      Type.Array(
        Type.Object({
          id: Type.String(),
          name: Type.String(),
          kind: Type.String(),
          priceMinor: Type.Integer(),
          currency: Type.String(),
          termDays: Type.Union([Type.Integer(), Type.Null()]),
          interval: Type.Union([Type.String(), Type.Null()]),
          trialDays: Type.Integer(),
        }),
        { description: 'With join_required: the plans that would open this item' },
      ),
    ),
    availableAt: Type.Optional(
      Type.Integer({ description: 'When a dripped or scheduled item opens (epoch ms)' }),
    ),
    communityId: Type.Optional(Type.String()),
    limitBytes: Type.Optional(
      Type.Integer({ description: 'With file_too_large: the limit for that kind of file, in bytes' }),
    ),
  },
  { $id: 'Problem', description: 'application/problem+json' },
);

const ref = Type.Ref('Problem');

/** Spread into a route's `response` to declare the errors it can return. */
export const problemResponses = {
  400: ref,
  401: ref,
  403: ref,
  404: ref,
  409: ref,
  413: ref,
  415: ref,
  429: ref,
} as const;
