// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import geocode from "../api/fixtures/geocode.json";
import { geocodeAnswerSchema, type GeocodeResult } from "../api/schemas";
import { createTranslator } from "../i18n";
import { failed, idle, loading, ready } from "../state/data";
import { AddressSearch } from "./addressSearch";

const first = geocodeAnswerSchema.parse(geocode).results[0];
if (!first) throw new Error("no fixture");
const results: GeocodeResult[] = [
  first,
  { ...first, label: "12 Rue Lepic 75018 Paris" },
  { ...first, label: "12 Rue de Rivoli 75004 Paris" },
];
const fr = createTranslator("fr");
const en = createTranslator("en");

function setup() {
  const root = document.createElement("div");
  document.body.append(root);
  const handlers = { onInput: vi.fn(), onSearch: vi.fn(), onChoose: vi.fn() };
  const search = new AddressSearch(root, handlers);
  search.draw({ query: "", results: idle, chosen: null }, fr);
  const input = root.querySelector<HTMLInputElement>("#address-query");
  const form = root.querySelector("form");
  const listbox = root.querySelector<HTMLElement>("[role=listbox]");
  if (!input || !form || !listbox) throw new Error("no form");
  const status = () => root.querySelector(".search-status")?.textContent;
  const key = (name: string) => {
    const event = new KeyboardEvent("keydown", { key: name, cancelable: true, bubbles: true });
    input.dispatchEvent(event);
    return event.defaultPrevented;
  };
  return { root, handlers, search, input, form, listbox, status, key };
}

afterEach(() => {
  document.body.replaceChildren();
});

describe("AddressSearch", () => {
  it("is a combobox controlling a listbox", () => {
    const { input, listbox } = setup();
    expect(input.getAttribute("role")).toBe("combobox");
    expect(input.getAttribute("aria-controls")).toBe(listbox.id);
    expect(input.getAttribute("aria-expanded")).toBe("false");
    expect(input.getAttribute("aria-autocomplete")).toBe("list");
    expect(listbox.getAttribute("aria-label")).toBe("Adresses proposées");
    expect(listbox.hidden).toBe(true);
  });

  it("passes on every change of the text, and searches at once on submit", () => {
    const { handlers, input, form } = setup();
    input.value = "12 r";
    input.dispatchEvent(new Event("input"));
    expect(handlers.onInput).toHaveBeenCalledWith("12 r");
    input.value = "  ab ";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(handlers.onSearch).not.toHaveBeenCalled();
    input.value = " 12 rue mouffetard ";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(handlers.onSearch).toHaveBeenCalledWith("12 rue mouffetard");
  });

  it("shows suggestions, moves through them with the arrows and picks one with Enter", () => {
    const { handlers, search, input, listbox, status, key } = setup();
    input.focus();
    search.draw({ query: "12 rue", results: loading, chosen: null }, fr);
    expect(status()).toBe("Recherche en cours…");
    search.draw({ query: "12 rue", results: ready(results), chosen: null }, fr);
    expect(status()).toMatch(/^3 adresses proposées/);
    expect(listbox.hidden).toBe(false);
    expect(input.getAttribute("aria-expanded")).toBe("true");
    const options = [...listbox.querySelectorAll("[role=option]")];
    expect(options.map((o) => o.textContent)).toEqual(results.map((r) => r.label));
    expect(input.hasAttribute("aria-activedescendant")).toBe(false);

    expect(key("ArrowDown")).toBe(true);
    expect(input.getAttribute("aria-activedescendant")).toBe(options[0]?.id);
    expect(options[0]?.getAttribute("aria-selected")).toBe("true");
    key("ArrowDown");
    key("ArrowDown");
    key("ArrowDown");
    expect(input.getAttribute("aria-activedescendant")).toBe(options[0]?.id);
    key("ArrowUp");
    expect(input.getAttribute("aria-activedescendant")).toBe(options[2]?.id);
    expect(options[0]?.getAttribute("aria-selected")).toBe("false");

    expect(key("Enter")).toBe(true);
    expect(handlers.onChoose).toHaveBeenCalledWith(results[2]);
    expect(input.value).toBe("12 Rue de Rivoli 75004 Paris");
    expect(listbox.hidden).toBe(true);
    expect(input.getAttribute("aria-expanded")).toBe("false");
  });

  it("closes on Escape, reopens with an arrow, and lets Enter submit with nothing active", () => {
    const { handlers, search, input, listbox, key } = setup();
    input.focus();
    search.draw({ query: "12 rue", results: ready(results), chosen: null }, fr);
    expect(key("Enter")).toBe(false);
    key("ArrowDown");
    expect(key("Escape")).toBe(true);
    expect(listbox.hidden).toBe(true);
    expect(input.hasAttribute("aria-activedescendant")).toBe(false);
    expect(key("Escape")).toBe(false);
    expect(key("Enter")).toBe(false);
    key("ArrowDown");
    expect(listbox.hidden).toBe(false);
    expect(input.getAttribute("aria-activedescendant")).toBe("address-suggestion-0");
    expect(handlers.onChoose).not.toHaveBeenCalled();
  });

  it("picks a suggestion with a click, keeping the focus in the input", () => {
    const { handlers, search, input, listbox } = setup();
    input.focus();
    search.draw({ query: "12 rue", results: ready(results), chosen: null }, fr);
    const option = listbox.querySelectorAll<HTMLElement>("[role=option]")[1];
    const down = new MouseEvent("mousedown", { bubbles: true, cancelable: true });
    option?.dispatchEvent(down);
    expect(down.defaultPrevented).toBe(true);
    option?.click();
    expect(handlers.onChoose).toHaveBeenCalledWith(results[1]);
  });

  it("keeps the list closed when the input does not have the focus, and closes on blur", () => {
    const { search, input, listbox } = setup();
    search.draw({ query: "12 rue", results: ready(results), chosen: null }, fr);
    expect(listbox.hidden).toBe(true);
    input.focus();
    expect(listbox.hidden).toBe(false);
    input.blur();
    expect(listbox.hidden).toBe(true);
  });

  it("says what happened, in French and in English", () => {
    const { search, status } = setup();
    search.draw({ query: "q", results: ready(results.slice(0, 1)), chosen: null }, en);
    expect(status()).toBe("1 address suggested: up and down arrows to choose it, Enter to centre the map.");
    search.draw({ query: "q", results: idle, chosen: first }, fr);
    expect(status()).toBe("Carte centrée sur 12 Rue Mouffetard 75005 Paris.");
    search.draw({ query: "zzz", results: ready([]), chosen: null }, fr);
    expect(status()).toBe("Aucune adresse trouvée pour « zzz ».");
    search.draw({ query: "zzz", results: failed("x"), chosen: null }, fr);
    expect(status()).toBe("La recherche d'adresse n'a pas abouti. Réessayez.");
  });
});
