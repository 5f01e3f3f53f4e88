/**
 * A home address input with suggestions from the geocoder, as a field of a larger form (the
 * WAI-ARIA "combobox with listbox popup" of the map's address search, without its own form):
 * typing asks `geocode/` after a pause, arrows move through the suggestions, Enter or a click
 * picks one. The text stays free: the server places whatever is sent, and says when it cannot.
 */
import { GeocodeAnswer, type GeocodeResult } from "../../api/generated/zod";
import { request } from "../../api/request";
import {
  closedCombobox,
  combobox,
  keyIntent,
  type ComboboxAction,
  type ComboboxState,
} from "../../search/combobox";
import { createSuggester, type Suggester } from "../../search/suggest";
import { h, scrollWithin, setText } from "../../ui/dom";
import { wrapControl } from "../../ui/forms";

export interface AddressFieldTexts {
  label: string;
  hint: string;
  listLabel: string;
  searching: string;
  none: string;
  failed: string;
  /** "{count} suggestions". */
  count: (count: number) => string;
}

export interface AddressFieldOptions {
  name: string;
  value: string;
  texts: AddressFieldTexts;
  signal: AbortSignal;
  /** A suggestion was picked (null: the text was changed by hand since). */
  onPick(result: GeocodeResult | null): void;
  /** Asks the geocoder (the default: `GET geocode/?q=…&limit=5`). */
  fetch?: (query: string, signal: AbortSignal) => Promise<GeocodeResult[]>;
  delay?: number;
}

export interface AddressField {
  element: HTMLElement;
  input: HTMLInputElement;
  suggester: Suggester;
}

let counter = 0;

const geocode = (query: string, signal: AbortSignal): Promise<GeocodeResult[]> =>
  request("GET", "geocode/", { schema: GeocodeAnswer, query: { q: query, limit: 5 }, signal }).then(
    (answer) => answer.results,
  );

export function addressField(options: AddressFieldOptions): AddressField {
  counter += 1;
  const id = `home-address-${counter}`;
  const listId = `${id}-list`;
  const optionId = (index: number) => `${id}-option-${index}`;
  const { texts } = options;
  const input = h("input", {
    id,
    name: options.name,
    type: "text",
    role: "combobox",
    autocomplete: "street-address",
    spellcheck: "false",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
    maxlength: 200,
    required: true,
  });
  input.value = options.value;
  const status = h("p", { class: "search-status", role: "status", "aria-live": "polite" });
  const list = h("ul", {
    id: listId,
    class: "search-results",
    role: "listbox",
    "aria-label": texts.listLabel,
    hidden: true,
  });
  const element = wrapControl(id, texts.label, input, texts.hint);
  // The suggestions sit right under the input, before its error line, over what follows: when
  // the list closes (the input loses the focus to the submit button), nothing below moves, so
  // the button is still under the pointer when the click ends.
  element.classList.add("address-field");
  const anchor = h("div", { class: "address-field-anchor" }, list);
  input.after(anchor, status);

  let results: GeocodeResult[] = [];
  let state: ComboboxState = closedCombobox;

  function dispatch(action: ComboboxAction): void {
    const next = combobox(state, action);
    if (next === state) return;
    state = next;
    list.hidden = !state.open;
    input.setAttribute("aria-expanded", String(state.open));
    if (state.open && state.active !== null)
      input.setAttribute("aria-activedescendant", optionId(state.active));
    else input.removeAttribute("aria-activedescendant");
    for (const [index, option] of [...list.children].entries()) {
      const selected = state.open && index === state.active;
      option.setAttribute("aria-selected", String(selected));
      option.classList.toggle("is-active", selected);
      if (selected) scrollWithin(list, option as HTMLElement);
    }
  }

  function show(found: GeocodeResult[]): void {
    results = found;
    list.replaceChildren(
      ...found.map((result, index) =>
        h(
          "li",
          {
            id: optionId(index),
            role: "option",
            class: "search-result",
            "aria-selected": "false",
            "data-index": index,
          },
          h("span", { class: "search-result-label" }, result.label),
          " ",
          h("span", { class: "search-result-district" }, result.arrondissement.name),
        ),
      ),
    );
    dispatch({ type: "options", count: found.length });
    if (input.ownerDocument.activeElement !== input) dispatch({ type: "close" });
  }

  function pick(index: number): void {
    const result = results[index];
    if (!result) return;
    input.value = result.label;
    dispatch({ type: "close" });
    setText(status, "");
    suggester.cancel();
    options.onPick(result);
  }

  const suggester = createSuggester<GeocodeResult[]>({
    fetch: options.fetch ?? geocode,
    onStart() {
      setText(status, texts.searching);
    },
    onAnswer(_query, found) {
      setText(status, found.length ? texts.count(found.length) : texts.none);
      show(found);
    },
    onError(_query, error) {
      console.error(error);
      setText(status, texts.failed);
      show([]);
    },
    onClear() {
      setText(status, "");
      show([]);
    },
    ...(options.delay === undefined ? {} : { delay: options.delay }),
  });

  input.addEventListener("input", () => {
    options.onPick(null);
    suggester.input(input.value);
  });
  input.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    const intent = keyIntent(state, event.key);
    if (!intent) return;
    event.preventDefault();
    if (intent.action) dispatch(intent.action);
    if (intent.pick !== undefined) pick(intent.pick);
  });
  input.addEventListener("focus", () => {
    dispatch({ type: "open" });
  });
  input.addEventListener("blur", () => {
    dispatch({ type: "close" });
  });
  // A pointer on an option must not take the focus from the input (which would close the list).
  list.addEventListener("mousedown", (event) => {
    event.preventDefault();
  });
  list.addEventListener("click", (event) => {
    const option = (event.target as Element | null)?.closest<HTMLElement>("[role=option]");
    const index = Number(option?.dataset.index);
    if (option && Number.isInteger(index)) pick(index);
  });
  options.signal.addEventListener("abort", () => {
    suggester.cancel();
  });
  return { element, input, suggester };
}
