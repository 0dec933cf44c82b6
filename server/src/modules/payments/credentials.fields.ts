/**
 * The keys each provider needs, which of them are secret, how each is checked before it is saved
 * (a key that cannot work is refused with 400 naming it, not discovered at the first payment) and
 * what of it may be shown afterwards.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';

export const KEYED_PROVIDERS = ['stripe', 'alipay', 'wechatpay'] as const;
export type KeyedProvider = (typeof KEYED_PROVIDERS)[number];
export const isKeyedProvider = (name: string): name is KeyedProvider =>
  (KEYED_PROVIDERS as readonly string[]).includes(name);

interface FieldSpec {
  name: string;
  /** Never shown again once saved, not even in part. */
  secret: boolean;
  optional?: boolean;
  /** Why the value cannot work, or null when it can. */
  check(value: string): string | null;
  /** What may be shown of a saved value (the last characters of an id, a mode). */
  hint?(value: string): string;
}

const lastFour = (value: string) => value.slice(-4);

const pattern =
  (re: RegExp, what: string) =>
  (value: string): string | null =>
    re.test(value) ? null : what;

function rsaPrivateKey(value: string): string | null {
  try {
    const key = createPrivateKey(value);
    return key.asymmetricKeyType === 'rsa' ? null : 'must be an RSA private key';
  } catch {
    return 'must be an RSA private key in PEM form (-----BEGIN PRIVATE KEY-----)';
  }
}

function rsaPublicKey(value: string): string | null {
  if (value.includes('PRIVATE KEY')) return 'must be a public key, not a private key';
  try {
    const key = createPublicKey(value);
    return key.asymmetricKeyType === 'rsa' ? null : 'must be an RSA public key';
  } catch {
    return 'must be an RSA public key or certificate in PEM form (-----BEGIN PUBLIC KEY-----)';
  }
}

function httpUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? null : 'must be an http(s) URL';
  } catch {
    return 'must be an http(s) URL';
  }
}

export const PROVIDER_FIELDS: Record<KeyedProvider, FieldSpec[]> = {
  stripe: [
    {
      name: 'secretKey',
      secret: true,
      check: pattern(
        /^(sk|rk)_(test|live)_[0-9A-Za-z_]+$/,
        'must be a Stripe secret key (sk_live_… or sk_test_…)',
      ),
      hint: (v) => (v.includes('_live_') ? 'live' : 'test'),
    },
    {
      name: 'webhookSecret',
      secret: true,
      check: pattern(/^whsec_[0-9A-Za-z_]+$/, "must be the webhook endpoint's signing secret (whsec_…)"),
    },
  ],
  alipay: [
    {
      name: 'appId',
      secret: false,
      check: pattern(/^\d{16}$/, 'must be the 16-digit Alipay app id'),
      hint: lastFour,
    },
    { name: 'privateKey', secret: true, check: rsaPrivateKey },
    { name: 'alipayPublicKey', secret: false, check: rsaPublicKey },
    { name: 'gateway', secret: false, optional: true, check: httpUrl, hint: (v) => v },
  ],
  wechatpay: [
    {
      name: 'mchId',
      secret: false,
      check: pattern(/^\d{6,16}$/, 'must be the merchant id (digits)'),
      hint: lastFour,
    },
    {
      name: 'appId',
      secret: false,
      check: pattern(/^[0-9A-Za-z_]{6,32}$/, 'must be the app id bound to the merchant (wx…)'),
      hint: lastFour,
    },
    {
      name: 'merchantSerialNo',
      secret: false,
      check: pattern(/^[0-9A-Za-z]{8,64}$/, "must be the merchant certificate's serial number"),
      hint: lastFour,
    },
    { name: 'merchantPrivateKey', secret: true, check: rsaPrivateKey },
    {
      name: 'apiV3Key',
      secret: true,
      check: (v) =>
        Buffer.byteLength(v, 'utf8') === 32 ? null : 'must be exactly 32 bytes (the API v3 key)',
    },
    { name: 'platformPublicKey', secret: false, check: rsaPublicKey },
    {
      name: 'platformSerialNo',
      secret: false,
      check: pattern(/^[0-9A-Za-z_]{8,64}$/, 'must be the serial of the platform certificate or public key'),
      hint: lastFour,
    },
  ],
};

export interface FieldSummary {
  name: string;
  set: boolean;
  secret: boolean;
  hint: string | null;
}

/** What is shown of saved keys: never a secret, at most the tail of an id. */
export function summarize(provider: KeyedProvider, keys: Record<string, string>): FieldSummary[] {
  return PROVIDER_FIELDS[provider].map((field) => {
    const value = keys[field.name];
    const set = value !== undefined && value !== '';
    return {
      name: field.name,
      set,
      secret: field.secret,
      hint: set && field.hint ? field.hint(value) : null,
    };
  });
}

export type KeyProblem = { field: string; message: string };

/**
 * The keys to save: the given fields over the saved ones (a blank field keeps what was saved, so
 * a form never needs the secrets back), then every field checked.
 */
export function mergeAndCheck(
  provider: KeyedProvider,
  given: Record<string, string | undefined>,
  saved: Record<string, string> | null,
): { keys: Record<string, string> } | { problem: KeyProblem } {
  const specs = PROVIDER_FIELDS[provider];
  const known = new Set(specs.map((s) => s.name));
  for (const name of Object.keys(given))
    if (!known.has(name))
      return { problem: { field: name, message: `${name} is not a ${provider} setting` } };
  const keys: Record<string, string> = {};
  for (const spec of specs) {
    const value = given[spec.name]?.trim() || saved?.[spec.name];
    if (value === undefined || value === '') {
      if (spec.optional) continue;
      return { problem: { field: spec.name, message: `${spec.name} is required` } };
    }
    const problem = spec.check(value);
    if (problem) return { problem: { field: spec.name, message: `${spec.name} ${problem}` } };
    keys[spec.name] = value;
  }
  return { keys };
}
