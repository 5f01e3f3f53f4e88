/** A small i18n module: French first, English second, the choice kept in localStorage. */
import { catalogues, type MessageKey, type Messages } from "./messages";

export type Lang = keyof typeof catalogues;
export const LANGS: readonly Lang[] = ["fr", "en"];
export const DEFAULT_LANG: Lang = "fr";
const STORAGE_KEY = "belvedere.lang";

type Params = Record<string, string | number>;

export interface Translator {
  lang: Lang;
  t(key: MessageKey, params?: Params): string;
  /** A count in words ("3 propositions affichées") from `<prefix>.zero|one|other` keys. */
  plural(prefix: "list.count" | "list.inView" | "search.suggestions", count: number, params?: Params): string;
  /** "5e arrondissement" / "5th arrondissement". */
  arrondissement(number: number): string;
  /** "5e" / "5th". */
  arrondissementShort(number: number): string;
  /** A theme's name in the current language (its French name when no translation exists). */
  themeName(theme: { name: string; name_en?: string }): string;
  /** A proposal status as a word; unknown statuses are shown as they come. */
  status(status: string): string;
  phase(phase: string): string;
  number(value: number): string;
  /** Euros, whole when there are no cents: "12 500 €" / "€12,500". */
  money(euros: number): string;
}

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

export function interpolate(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function createTranslator(lang: Lang): Translator {
  const messages: Messages = catalogues[lang];
  const numberFormat = new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB");
  const cardinal = new Intl.PluralRules(lang);
  const ordinal = new Intl.PluralRules(lang, { type: "ordinal" });

  function t(key: MessageKey, params?: Params): string {
    return interpolate(messages[key], params);
  }

  function ordinalKey(prefix: "district.arrondissement" | "district.short", n: number): MessageKey {
    const form = ordinal.select(n);
    const key = `${prefix}.${form}`;
    return (key in messages ? key : `${prefix}.other`) as MessageKey;
  }

  return {
    lang,
    t,
    plural(prefix, count, params = {}) {
      const form = count === 0 ? "zero" : cardinal.select(count) === "one" ? "one" : "other";
      return t(`${prefix}.${form}`, { count: numberFormat.format(count), ...params });
    },
    arrondissement: (n) => t(ordinalKey("district.arrondissement", n), { number: n }),
    arrondissementShort: (n) => t(ordinalKey("district.short", n), { number: n }),
    themeName: (theme) => (lang === "en" && theme.name_en ? theme.name_en : theme.name),
    status(status) {
      const key = `proposal.status.${status}`;
      return key in messages ? t(key as MessageKey) : status;
    },
    phase(phase) {
      const key = `campaign.phase.${phase}`;
      return key in messages ? t(key as MessageKey) : phase;
    },
    number: (value) => numberFormat.format(value),
    money: (euros) =>
      new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB", {
        style: "currency",
        currency: "EUR",
        maximumFractionDigits: Number.isInteger(euros) ? 0 : 2,
      }).format(euros),
  };
}

/** The saved language, French when none was saved (or storage is unavailable). */
export function loadLang(storage: Pick<Storage, "getItem"> | null): Lang {
  try {
    const saved = storage?.getItem(STORAGE_KEY);
    return isLang(saved) ? saved : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

export function saveLang(storage: Pick<Storage, "setItem"> | null, lang: Lang): void {
  try {
    storage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Private browsing may refuse storage: the choice then lasts for this page only.
  }
}

export type { MessageKey };
