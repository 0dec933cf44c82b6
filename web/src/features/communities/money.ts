/** Digits after the decimal point of a currency's minor unit: 2 for CNY and USD, 0 for JPY. */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** An amount in minor units (fen, cents) as money in the reader's language, e.g. ¥99.00 / US$12.50. */
export function formatMoney(minor: number, currency: string, language: string): string {
  const digits = minorDigits(currency);
  const major = minor / 10 ** digits;
  try {
    return new Intl.NumberFormat(language, {
      style: 'currency',
      currency,
      minimumFractionDigits: Number.isInteger(major) ? 0 : digits,
      maximumFractionDigits: digits,
    }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
}

/** A range of prices: one amount when the bounds are equal. */
export function formatPriceRange(
  range: { minMinor: number; maxMinor: number; currency: string },
  language: string,
): string {
  const low = formatMoney(range.minMinor, range.currency, language);
  if (range.minMinor === range.maxMinor) return low;
  return `${low} – ${formatMoney(range.maxMinor, range.currency, language)}`;
}
