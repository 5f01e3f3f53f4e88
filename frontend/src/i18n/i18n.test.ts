import { describe, expect, it } from "vitest";
import { createTranslator, interpolate, loadLang, saveLang } from "./index";
import { catalogues, en, fr } from "./messages";

describe("catalogues", () => {
  it("define every key in both languages, none empty", () => {
    const frKeys = Object.keys(fr).sort();
    const enKeys = Object.keys(en).sort();
    expect(enKeys).toEqual(frKeys);
    for (const [lang, messages] of Object.entries(catalogues)) {
      for (const [key, value] of Object.entries(messages)) {
        expect(value.trim(), `${lang}:${key}`).not.toBe("");
      }
    }
  });

  it("use the same placeholders in both languages", () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(names(en[key]), key).toEqual(names(fr[key]));
    }
  });
});

describe("translator", () => {
  const tFr = createTranslator("fr");
  const tEn = createTranslator("en");

  it("interpolates and leaves unknown placeholders visible", () => {
    expect(interpolate("{a} et {b}", { a: 1 })).toBe("1 et {b}");
    expect(tFr.t("search.none", { query: "rue X" })).toBe("Aucune adresse trouvée pour « rue X ».");
  });

  it("counts in words", () => {
    expect(tFr.plural("list.count", 0)).toBe("Aucune proposition affichée");
    expect(tFr.plural("list.count", 1)).toBe("1 proposition affichée");
    expect(tFr.plural("list.count", 1200)).toBe("1\u202f200 propositions affichées");
    expect(tEn.plural("list.count", 1)).toBe("1 proposal shown");
    expect(tEn.plural("list.count", 2)).toBe("2 proposals shown");
  });

  it("names arrondissements with ordinals", () => {
    expect(tFr.arrondissement(1)).toBe("1er arrondissement");
    expect(tFr.arrondissement(5)).toBe("5e arrondissement");
    expect(tEn.arrondissement(1)).toBe("1st arrondissement");
    expect(tEn.arrondissement(2)).toBe("2nd arrondissement");
    expect(tEn.arrondissement(3)).toBe("3rd arrondissement");
    expect(tEn.arrondissement(11)).toBe("11th arrondissement");
    expect(tEn.arrondissementShort(20)).toBe("20th");
    expect(tFr.arrondissementShort(20)).toBe("20e");
  });

  it("translates theme names and statuses, falling back to what the API sent", () => {
    const theme = { name: "Cadre de vie", name_en: "Living environment" };
    expect(tFr.themeName(theme)).toBe("Cadre de vie");
    expect(tEn.themeName(theme)).toBe("Living environment");
    expect(tEn.themeName({ name: "Sport", name_en: "" })).toBe("Sport");
    expect(tEn.status("in_review")).toBe("Under review");
    expect(tEn.status("something_new")).toBe("something_new");
    expect(tFr.phase("submission")).toBe("dépôt des projets ouvert");
  });
});

describe("language persistence", () => {
  it("defaults to French and keeps the saved choice", () => {
    const values = new Map<string, string>();
    const storage = {
      getItem: (k: string) => values.get(k) ?? null,
      setItem: (k: string, v: string) => {
        values.set(k, v);
      },
    };
    expect(loadLang(storage)).toBe("fr");
    saveLang(storage, "en");
    expect(loadLang(storage)).toBe("en");
    values.set("belvedere.lang", "de");
    expect(loadLang(storage)).toBe("fr");
  });

  it("survives a storage that throws", () => {
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("denied");
      },
    };
    expect(loadLang(broken)).toBe("fr");
    expect(() => {
      saveLang(broken, "en");
    }).not.toThrow();
  });
});
