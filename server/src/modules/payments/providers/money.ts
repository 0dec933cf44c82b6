/**
 * Exact money conversions for the provider adapters. Amounts are integer minor units on our side;
 * some providers speak decimal strings ("88.00" yuan). Strings are parsed digit by digit, never
 * through floating point, so "0.29" is always 29 and never 28.999….
 */

/** ISO 4217 minor-unit exponents of the currencies we accept (JPY and KRW have none). */
export const currencyExponents = {
  CNY: 2,
  USD: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  JPY: 0,
  KRW: 0,
  SGD: 2,
  TWD: 2,
} as const satisfies Record<string, number>;

export type SupportedCurrency = keyof typeof currencyExponents;

export const isSupportedCurrency = (currency: string): currency is SupportedCurrency =>
  Object.hasOwn(currencyExponents, currency);

/** The currency's ISO 4217 exponent; throws for a currency we do not support. */
export function minorUnitExponent(currency: string): number {
  if (!isSupportedCurrency(currency)) throw new Error(`Unsupported currency: ${currency}`);
  return currencyExponents[currency];
}

const decimalPattern = /^(\d+)(?:\.(\d+))?$/;

/**
 * "88.00" → 8800 with exponent 2. Accepts fewer fraction digits than the exponent ("88.5"), rejects
 * more ("1.001"), signs, spaces, exponents and anything past Number.MAX_SAFE_INTEGER.
 */
export function decimalToMinor(text: string, exponent: number): number {
  const match = decimalPattern.exec(text);
  const fraction = match?.[2] ?? '';
  if (!match || fraction.length > exponent) throw new Error(`Not an amount: ${JSON.stringify(text)}`);
  const minor =
    BigInt(match[1] ?? '0') * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`Amount too large: ${text}`);
  return Number(minor);
}

/** 8800 → "88.00" with exponent 2; 1500 → "1500" with exponent 0. */
export function minorToDecimal(amountMinor: number, exponent: number): string {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
    throw new Error(`Not an amount in minor units: ${amountMinor}`);
  }
  if (exponent === 0) return String(amountMinor);
  const digits = String(amountMinor).padStart(exponent + 1, '0');
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** A provider's decimal string in `currency` → our minor units. */
export const parseAmount = (text: string, currency: string) =>
  decimalToMinor(text, minorUnitExponent(currency));

/** Our minor units → a provider's decimal string in `currency`. */
export const formatAmount = (amountMinor: number, currency: string) =>
  minorToDecimal(amountMinor, minorUnitExponent(currency));
