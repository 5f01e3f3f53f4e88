import { describe, expect, it } from "vitest";
import { createTranslator } from "../../i18n";
import { arrondissementLabel, arrondissementNumber, placeLabel } from "./place";

const fr = createTranslator("fr");
const en = createTranslator("en");
const fifth = { code: "75105", name: "Panthéon" };
const jardin = { code: "7510518", name: "Jardin-des-Plantes" };

describe("arrondissementNumber", () => {
  it("reads the number from Paris INSEE codes", () => {
    expect(arrondissementNumber("75101")).toBe(1);
    expect(arrondissementNumber("75120")).toBe(20);
  });
  it("refuses other codes", () => {
    expect(arrondissementNumber("75121")).toBeNull();
    expect(arrondissementNumber("75100")).toBeNull();
    expect(arrondissementNumber("7510518")).toBeNull();
    expect(arrondissementNumber("69381")).toBeNull();
  });
});

describe("placeLabel", () => {
  it("names the quartier then the arrondissement, in each language", () => {
    expect(placeLabel(fifth, jardin, fr)).toBe("Jardin-des-Plantes, 5e arrondissement");
    expect(placeLabel(fifth, jardin, en)).toBe("Jardin-des-Plantes, 5th arrondissement");
    expect(placeLabel({ code: "75101", name: "Louvre" }, null, fr)).toBe("1er arrondissement");
    expect(placeLabel({ code: "75102", name: "Bourse" }, null, en)).toBe("2nd arrondissement");
  });
  it("falls back on the API's name for an unknown code, and says nothing without a place", () => {
    expect(arrondissementLabel({ code: "X", name: "Ailleurs" }, fr)).toBe("Ailleurs");
    expect(placeLabel(null, null, fr)).toBeNull();
    expect(placeLabel(null, jardin, fr)).toBe("Jardin-des-Plantes");
  });
});
