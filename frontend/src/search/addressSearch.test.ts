// @vitest-environment happy-dom
import { describe, expect, it, vi } from "vitest";
import geocode from "../api/fixtures/geocode.json";
import { geocodeAnswerSchema } from "../api/schemas";
import { createTranslator } from "../i18n";
import { failed, idle, loading, ready } from "../state/data";
import { AddressSearch } from "./addressSearch";

const results = geocodeAnswerSchema.parse(geocode).results;
const fr = createTranslator("fr");

function setup() {
  const root = document.createElement("div");
  const handlers = { onSearch: vi.fn(), onChoose: vi.fn() };
  const search = new AddressSearch(root, handlers);
  search.draw({ query: "", results: idle, chosen: null }, fr);
  const input = root.querySelector<HTMLInputElement>("#address-query");
  const form = root.querySelector("form");
  if (!input || !form) throw new Error("no form");
  return { root, handlers, search, input, form };
}

describe("AddressSearch", () => {
  it("searches for what was typed, once it is long enough", () => {
    const { handlers, input, form } = setup();
    input.value = "  ab ";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(handlers.onSearch).not.toHaveBeenCalled();
    input.value = " 12 rue mouffetard ";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(handlers.onSearch).toHaveBeenCalledWith("12 rue mouffetard");
  });

  it("lists results to choose from and says what happened", () => {
    const { root, handlers, search } = setup();
    const status = () => root.querySelector(".search-status")?.textContent;
    search.draw({ query: "q", results: loading, chosen: null }, fr);
    expect(status()).toBe("Recherche en cours…");
    search.draw({ query: "q", results: ready(results), chosen: null }, fr);
    const option = root.querySelector<HTMLButtonElement>("button.search-result");
    expect(option?.textContent).toBe("12 Rue Mouffetard 75005 Paris");
    option?.click();
    expect(handlers.onChoose).toHaveBeenCalledWith(results[0]);
    search.draw({ query: "q", results: idle, chosen: results[0] ?? null }, fr);
    expect(status()).toBe("Carte centrée sur 12 Rue Mouffetard 75005 Paris.");
    search.draw({ query: "zzz", results: ready([]), chosen: null }, fr);
    expect(status()).toBe("Aucune adresse trouvée pour « zzz ».");
    search.draw({ query: "zzz", results: failed("x"), chosen: null }, fr);
    expect(status()).toBe("La recherche d'adresse n'a pas abouti. Réessayez.");
  });
});
