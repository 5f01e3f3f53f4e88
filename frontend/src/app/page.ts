/**
 * What a screen is: a `Page` mounts itself into the shell's <main> with a `PageContext` and
 * returns how to unmount (remove listeners, abort requests, remove a map). Pages are loaded with
 * `import()` by the router, so each screen (and every official's screen) is its own chunk.
 */
import type { Lang, Translator } from "../i18n";
import type { Session } from "./session";

export interface PageContext {
  /** The route's `:name` parts, decoded. */
  params: Record<string, string>;
  /** The page's query string (filters, a token…). */
  query: URLSearchParams;
  lang: Lang;
  /** The main catalogue (statuses, phases, arrondissements…); pages keep their own strings. */
  t: Translator;
  session: Session;
  /** Goes to another page of the application (a path such as `/propositions/12`). */
  navigate(path: string, options?: { replace?: boolean }): void;
  /** Replaces the page's query string without a new history entry or a re-mount. */
  replaceQuery(query: URLSearchParams): void;
  /**
   * Asks to be told when the language changes (the page redraws its texts in place). A page that
   * does not ask is mounted again in the new language.
   */
  onLang(listener: (lang: Lang, t: Translator) => void): void;
  /** The document title's first part ("Proposer un projet" → "Proposer un projet — Belvédère"). */
  setTitle(title: string): void;
  /** Says `text` to screen readers through the shell's polite live region. */
  announce(text: string): void;
  /** Aborted when the page is left: pass it to requests. */
  signal: AbortSignal;
}

export type Unmount = () => void;

export interface Page {
  /** Returns how to unmount, or undefined when leaving needs nothing but `context.signal`. */
  mount(root: HTMLElement, context: PageContext): Unmount | undefined;
}
