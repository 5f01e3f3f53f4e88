import { describe, expect, it } from "vitest";
import { ConflictSideOutput } from "../../api/generated/zod";
import { localTranslator } from "../../i18n/local";
import { conflictsMessages } from "./conflicts.messages";
import { DECISIONS, sideRows } from "./conflicts.view";

const AREA = { code: "paris-05", name: "5e arrondissement", kind: "arrondissements" };

function side(over: Partial<ConflictSideOutput>): ConflictSideOutput {
  return ConflictSideOutput.parse({
    entry: 1,
    standing: "holder",
    full_name: "Élodie Dupont-Lefèvre",
    birth_date: "1985-03-02",
    address: "10 rue Mouffetard",
    source: "online",
    account: { display_name: "Mallory" },
    entered_at: "2026-05-02T10:00:00+02:00",
    declared_at: "2026-05-02T10:00:00+02:00",
    heart_area: AREA,
    ballots: [{ area: AREA, channel: "online" }],
    ...over,
  });
}

describe("identity conflicts", () => {
  it("compares both sides row by row, in French and in English", () => {
    const paper = side({
      entry: 2,
      standing: "claimant",
      address: "3 rue Monge",
      source: "paper",
      account: null,
      declared_at: null,
      ballots: [],
    });
    const fr = sideRows(localTranslator(conflictsMessages, "fr"), "fr", side({}), paper);
    expect(fr.map((r) => r[0])).toEqual([
      "Nom",
      "Date de naissance",
      "Adresse",
      "Origine",
      "Compte",
      "Inscription sur la liste",
      "Déclaration",
      "Arrondissement de cœur",
      "Bulletins",
    ]);
    expect(fr[1]).toEqual(["Date de naissance", "2 mars 1985", "2 mars 1985"]);
    expect(fr[2]).toEqual(["Adresse", "10 rue Mouffetard", "3 rue Monge"]);
    expect(fr[3]).toEqual(["Origine", "déclaration en ligne", "bulletin papier saisi par la mairie"]);
    expect(fr[4]).toEqual(["Compte", "Mallory", "aucun (électeur ou électrice sur papier)"]);
    expect(fr[6]?.[2]).toBe("—");
    expect(fr[8]).toEqual(["Bulletins", "5e arrondissement (en ligne)", "aucun"]);
    const en = sideRows(localTranslator(conflictsMessages, "en"), "en", side({}), paper);
    expect(en[3]).toEqual(["Origin", "online declaration", "paper ballot entered by the town hall"]);
  });

  it("offers the three decisions the API takes", () => {
    expect([...DECISIONS]).toEqual(["first_is_genuine", "second_is_genuine", "different_people"]);
  });
});
