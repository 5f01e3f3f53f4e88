// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import type { GeocodeResult } from "../../api/generated/zod";
import { settle } from "../signIn/testContext";
import { addressField } from "./addressField";

const result = (label: string, n: number): GeocodeResult => ({
  label,
  score: 0.9,
  kind: "housenumber",
  postcode: `750${String(n).padStart(2, "0")}`,
  location: { type: "Point", coordinates: [2.35, 48.84] },
  arrondissement: { code: `751${String(n).padStart(2, "0")}`, name: `${n}e arrondissement` },
});

const TEXTS = {
  label: "Adresse de votre domicile",
  hint: "Tapez le numéro et la rue.",
  listLabel: "Adresses suggérées",
  searching: "Recherche…",
  none: "Aucune adresse trouvée.",
  failed: "Indisponible.",
  count: (n: number) => `${n} suggestion(s)`,
};

afterEach(() => {
  document.body.replaceChildren();
});

function setup(answer: (q: string) => Promise<GeocodeResult[]>) {
  const controller = new AbortController();
  const onPick = vi.fn();
  const fetch = vi.fn((q: string) => answer(q));
  const form = document.createElement("form");
  document.body.append(form);
  const field = addressField({
    name: "address",
    value: "",
    texts: TEXTS,
    signal: controller.signal,
    onPick,
    fetch,
    delay: 0,
  });
  form.append(field.element);
  const { input } = field;
  const key = (name: string) =>
    input.dispatchEvent(new KeyboardEvent("keydown", { key: name, cancelable: true, bubbles: true }));
  const type = async (text: string) => {
    input.focus();
    input.value = text;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await settle();
  };
  return { form, input, onPick, fetch, key, type, controller };
}

describe("the home address field", () => {
  it("is a labelled combobox in the form, with its hint", () => {
    const { form, input } = setup(() => Promise.resolve([]));
    const label = form.querySelector("label");
    expect(label?.getAttribute("for")).toBe(input.id);
    expect(label?.textContent).toBe("Adresse de votre domicile");
    expect(input.getAttribute("role")).toBe("combobox");
    expect(document.getElementById(input.getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      TEXTS.hint,
    );
    expect(form.querySelector("form form")).toBeNull();
  });

  it("suggests from three letters, and a pick fills the text and names the arrondissement", async () => {
    const found = [result("12 Rue Mouffetard 75005 Paris", 5), result("12 Rue Moufle 75011 Paris", 11)];
    const { form, input, onPick, fetch, key, type } = setup(() => Promise.resolve(found));
    await type("12");
    expect(fetch).not.toHaveBeenCalled();
    await type("12 rue Mouf");
    expect(fetch).toHaveBeenCalledWith("12 rue Mouf", expect.any(AbortSignal));
    const options = form.querySelectorAll("[role=option]");
    expect(options).toHaveLength(2);
    expect(input.getAttribute("aria-expanded")).toBe("true");
    expect(form.querySelector(".search-status")?.textContent).toBe("2 suggestion(s)");
    key("ArrowDown");
    key("ArrowDown");
    expect(input.getAttribute("aria-activedescendant")).toBe(options[1]?.id);
    key("Enter");
    expect(input.value).toBe("12 Rue Moufle 75011 Paris");
    expect(onPick).toHaveBeenLastCalledWith(found[1]);
    expect(input.getAttribute("aria-expanded")).toBe("false");
  });

  it("forgets the pick when the text is changed by hand, and says when nothing is found", async () => {
    const { form, onPick, type } = setup(() => Promise.resolve([]));
    await type("zzz qqq");
    expect(onPick).toHaveBeenLastCalledWith(null);
    expect(form.querySelector(".search-status")?.textContent).toBe("Aucune adresse trouvée.");
  });

  it("says the suggestions are unavailable without blocking the field", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { form, input, type } = setup(() => Promise.reject(new Error("down")));
    await type("12 rue Lepic");
    expect(form.querySelector(".search-status")?.textContent).toBe("Indisponible.");
    expect(input.value).toBe("12 rue Lepic");
    error.mockRestore();
  });
});
