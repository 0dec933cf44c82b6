/** How many minor units a currency has (CNY 2, JPY 0), as the platform's Intl knows it. */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** A price typed in major units (19.9 yuan) as integer minor units (1990 fen). */
export function toMinor(major: number, currency: string): number {
  // Shift the decimal point in the number's text: 1.005 × 100 in floating point is 100.49999….
  return Math.round(Number(`${major}e${currencyDigits(currency)}`));
}

export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** currencyDigits(currency);
}

/** ¥19.90 / US$5.00, in the reader's language. */
export function formatMoney(minor: number, currency: string, language: string): string {
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency }).format(toMajor(minor, currency));
  } catch {
    return `${toMajor(minor, currency)} ${currency}`;
  }
}

export const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP'] as const;
