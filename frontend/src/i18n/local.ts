/**
 * Strings that belong to one screen live next to it: `defineMessages({ fr, en })` makes a
 * catalogue whose English half must have exactly the French keys (checked by the compiler), and
 * `localTranslator(catalogue, lang)` reads it with the same `{name}` placeholders as the main one.
 */
import { interpolate, type Lang } from "./index";

type Params = Record<string, string | number>;

export interface Catalogue<K extends string> {
  fr: Record<K, string>;
  en: Record<K, string>;
}

export function defineMessages<const F extends Record<string, string>>(catalogue: {
  fr: F;
  en: { [K in keyof F]: string };
}): Catalogue<Extract<keyof F, string>> {
  return catalogue;
}

export type LocalT<K extends string> = (key: K, params?: Params) => string;

export function localTranslator<K extends string>(catalogue: Catalogue<K>, lang: Lang): LocalT<K> {
  const messages = catalogue[lang];
  return (key, params) => interpolate(messages[key], params);
}

const LOCALES: Record<Lang, string> = { fr: "fr-FR", en: "en-GB" };

export function locale(lang: Lang): string {
  return LOCALES[lang];
}

/** "12 500 €" / "€12,500": whole euros unless there are cents. */
export function formatMoney(lang: Lang, euros: number | string): string {
  const value = typeof euros === "string" ? Number(euros) : euros;
  return new Intl.NumberFormat(LOCALES[lang], {
    style: "currency",
    currency: "EUR",
    maximumFractionDigits: Number.isInteger(value) ? 0 : 2,
  }).format(value);
}

export function formatNumber(lang: Lang, value: number): string {
  return new Intl.NumberFormat(LOCALES[lang]).format(value);
}

/** "42 %" / "42%" from a share between 0 and 1. */
export function formatPercent(lang: Lang, share: number, digits = 0): string {
  return new Intl.NumberFormat(LOCALES[lang], {
    style: "percent",
    maximumFractionDigits: digits,
  }).format(share);
}

/** A date (ISO string or Date) as "3 mars 2026" / "3 March 2026". */
export function formatDate(lang: Lang, value: string | Date): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: "long" }).format(date);
}

/** A moment as "3 mars 2026 à 14:05" / "3 March 2026 at 14:05". */
export function formatDateTime(lang: Lang, value: string | Date): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: "long", timeStyle: "short" }).format(date);
}
