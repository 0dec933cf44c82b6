// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ApiError, isApiError, toApiError } from './errors';

const response = (status: number, headers: Record<string, string> = {}) =>
  new Response(null, { status, statusText: 'Status text', headers });

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) => ({
  type: `https://zhishe.dev/problems/${code}`,
  title: 'Title',
  status,
  code,
  detail: `Detail of ${code}.`,
  ...extra,
});

const plan = {
  id: 'plan-1',
  name: 'Annual',
  kind: 'fixed_term',
  priceMinor: 19_900,
  currency: 'CNY',
  termDays: 365,
  interval: null,
  trialDays: 0,
};

describe('toApiError', () => {
  it('reads the code, the detail and the wrong fields', () => {
    const error = toApiError(
      response(400),
      problem(400, 'validation_failed', {
        errors: [{ path: 'email', message: 'is required', code: 'required' }, 'junk'],
      }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(isApiError(error)).toBe(true);
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('Detail of validation_failed.');
    expect(error.detail).toBe('Detail of validation_failed.');
    expect(error.fieldErrors).toEqual([{ path: 'email', message: 'is required', code: 'required' }]);
    expect(error.plans).toEqual([]);
  });

  it('keeps the plans and the community of a join_required refusal', () => {
    const error = toApiError(
      response(403),
      problem(403, 'join_required', { plans: [plan, { name: 'no id' }], communityId: 'community-1' }),
    );
    expect(error.code).toBe('join_required');
    expect(error.plans).toEqual([plan]);
    expect(error.communityId).toBe('community-1');
    expect(error.availableAt).toBeUndefined();
  });

  it('keeps when a not_yet_available item opens', () => {
    const error = toApiError(
      response(403),
      problem(403, 'not_yet_available', { availableAt: 1_767_225_600_000 }),
    );
    expect(error.availableAt).toBe(1_767_225_600_000);
  });

  it('keeps the limit of a file_too_large refusal', () => {
    const error = toApiError(response(413), problem(413, 'file_too_large', { limitBytes: 10_485_760 }));
    expect(error.code).toBe('file_too_large');
    expect(error.limitBytes).toBe(10_485_760);
  });

  it('ignores extra members of the wrong type', () => {
    const error = toApiError(
      response(403),
      problem(403, 'join_required', {
        plans: 'all',
        availableAt: '2026-01-01',
        communityId: 7,
        limitBytes: 1.5,
      }),
    );
    expect(error.plans).toEqual([]);
    expect(error.availableAt).toBeUndefined();
    expect(error.communityId).toBeUndefined();
    expect(error.limitBytes).toBeUndefined();
  });

  it('falls back on the status when the body is not a problem', () => {
    const error = toApiError(response(429, { 'retry-after': '30' }), 'Too Many Requests');
    expect(error.code).toBe('rate_limited');
    expect(error.message).toBe('Status text');
    expect(error.retryAfterSeconds).toBe(30);
    expect(toApiError(response(413), undefined).code).toBe('body_too_large');
    expect(toApiError(response(502), null).code).toBe('internal');
  });
});
