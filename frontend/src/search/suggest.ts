/**
 * Suggestions while typing: waits for a pause (debounce), asks only from a minimum length,
 * aborts the request it no longer needs, and drops any answer that is not the latest one asked.
 */

export interface SuggesterOptions<R> {
  fetch(query: string, signal: AbortSignal): Promise<R>;
  onStart(query: string): void;
  onAnswer(query: string, answer: R): void;
  onError(query: string, error: unknown): void;
  /** The text became too short to ask: forget the suggestions. */
  onClear(): void;
  delay?: number;
  minLength?: number;
}

export interface Suggester {
  /** The text changed: ask after `delay` ms without another change. */
  input(text: string): void;
  /** Ask now (the form was submitted). */
  submit(text: string): void;
  /** Forget any pending or running request. */
  cancel(): void;
}

export const SUGGEST_DELAY = 200;

/** Trims and collapses spaces, so "12  rue" and "12 rue " ask the same thing. */
export function normaliseQuery(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}

export function createSuggester<R>(options: SuggesterOptions<R>): Suggester {
  const delay = options.delay ?? SUGGEST_DELAY;
  const minLength = options.minLength ?? 3;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let controller: AbortController | null = null;
  let latest = 0;
  /** The query last asked (or waiting to be asked); null after a clear or a cancel. */
  let asked: string | null = null;

  function cancel(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    controller?.abort();
    controller = null;
    latest += 1;
    asked = null;
  }

  function run(query: string): void {
    cancel();
    asked = query;
    const id = latest;
    const own = new AbortController();
    controller = own;
    options.onStart(query);
    options.fetch(query, own.signal).then(
      (answer) => {
        if (id !== latest) return; // a newer query was asked meanwhile
        controller = null;
        options.onAnswer(query, answer);
      },
      (error: unknown) => {
        if (id !== latest) return; // aborted, or a newer query was asked meanwhile
        controller = null;
        options.onError(query, error);
      },
    );
  }

  return {
    input(text) {
      const query = normaliseQuery(text);
      if (query.length < minLength) {
        const hadSomething = asked !== null;
        cancel();
        if (hadSomething) options.onClear();
        return;
      }
      if (query === asked) return;
      if (timer !== null) clearTimeout(timer);
      asked = query;
      timer = setTimeout(() => {
        timer = null;
        run(query);
      }, delay);
    },
    submit(text) {
      const query = normaliseQuery(text);
      if (query.length >= minLength) run(query);
    },
    cancel,
  };
}
