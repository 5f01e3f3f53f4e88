import { describe, expect, it } from "vitest";
import { localTranslator } from "../../i18n/local";
import { choiceText } from "./index";
import { receiptMessages } from "./messages";

describe("a checked ballot's choices", () => {
  it("read as a grade, points or a chosen project with its cost, in both languages", () => {
    const fr = localTranslator(receiptMessages, "fr");
    const en = localTranslator(receiptMessages, "en");
    const base = { project: 3, title: "Un jardin", cost: 12_500 };
    expect(choiceText(fr, "fr", { ...base, grade: "aime_bien" })).toBe("J'aime bien");
    expect(choiceText(en, "en", { ...base, grade: "pas_convaincu" })).toBe("I'm not convinced");
    expect(choiceText(en, "en", { ...base, grade: "unheard_of" })).toBe("unheard_of");
    expect(choiceText(fr, "fr", { ...base, points: 3 })).toBe("3 points");
    expect(choiceText(en, "en", base)).toBe("chosen — €12,500");
    expect(Object.keys(receiptMessages.en).sort()).toEqual(Object.keys(receiptMessages.fr).sort());
  });
});
