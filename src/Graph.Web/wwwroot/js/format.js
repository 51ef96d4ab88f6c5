// Formatting of numbers, amounts, dates and reason codes for display.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal1 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 });

export const count = n => (n === null || n === undefined ? '–' : integer.format(n));
export const score = n => (n === null || n === undefined ? '–' : decimal1.format(n));
export const yuan = n => (n === null || n === undefined ? '–' : '¥' + money.format(n));

/** Day part (YYYY-MM-DD) of an ISO date or timestamp; null stays null. */
export const day = s => (s ? String(s).slice(0, 10) : null);

/** Whole days from 1970-01-01 (UTC) of an ISO day, for the time slider. */
export const dayNumber = s => Math.floor(Date.parse(day(s) + 'T00:00:00Z') / 86_400_000);
export const dayFromNumber = n => new Date(n * 86_400_000).toISOString().slice(0, 10);

/** "CHANGE_BEFORE_SURRENDER" or "change_before_surrender" → "Change before surrender". */
export function reasonName(code) {
  if (!code) return '';
  const words = String(code).toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "bank_account" → "bank account". */
export const kindName = kind => String(kind ?? '').replaceAll('_', ' ');

export const plural = (n, one, many = one + 's') => `${count(n)} ${n === 1 ? one : many}`;
