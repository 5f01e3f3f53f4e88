import { describe, expect, it } from "vitest";
import { isProjectColumn, lineErrors, paperBody } from "./paper.lines";

describe("lineErrors", () => {
  it("maps the API's keys to line, column and reason, in the file's order", () => {
    const rows = lineErrors(
      {
        "line 14.email": ["Adresse inconnue."],
        "line 12.birth_date": ["Date illisible."],
        "line 2.2041": ["Note inconnue.", "Projet absent."],
        "line 12": ["Ligne trop courte."],
        file: ["Fichier vide ?"],
      },
      ["email", "full_name", "birth_date", "address"],
    );
    expect(rows).toEqual([
      { line: null, column: "", reason: "Fichier vide ?" },
      { line: 2, column: "2041", reason: "Note inconnue." },
      { line: 2, column: "2041", reason: "Projet absent." },
      { line: 12, column: "", reason: "Ligne trop courte." },
      { line: 12, column: "birth_date", reason: "Date illisible." },
      { line: 14, column: "email", reason: "Adresse inconnue." },
    ]);
  });
  it("sorts line numbers as numbers, not text", () => {
    const rows = lineErrors({ "line 10.email": ["a"], "line 9.email": ["b"], "line 100.email": ["c"] });
    expect(rows.map((r) => r.line)).toEqual([9, 10, 100]);
  });
  it("keeps unexpected keys as file-level errors naming them", () => {
    expect(lineErrors({ area: ["Zone fermée."] })).toEqual([
      { line: null, column: "area", reason: "Zone fermée." },
    ]);
  });
  it("tells project columns from identity columns", () => {
    expect(isProjectColumn("2041")).toBe(true);
    expect(isProjectColumn("birth_date")).toBe(false);
  });
});

describe("paperBody", () => {
  const identity = {
    email: "",
    fullName: " Élodie Dupont ",
    birthDate: "1980-02-03",
    address: " 3 rue Lepic ",
  };
  it("sends the voter roll fields without an email", () => {
    expect(paperBody("majority_judgment", { ...identity, choices: { "4": "adore", "5": "" } })).toEqual({
      full_name: "Élodie Dupont",
      birth_date: "1980-02-03",
      address: "3 rue Lepic",
      grades: { "4": "adore" },
    });
  });
  it("sends only the email when there is one", () => {
    expect(
      paperBody("approval", { ...identity, email: " a@b.fr ", choices: { "4": "1", "5": "", "6": "1" } }),
    ).toEqual({
      email: "a@b.fr",
      projects: [4, 6],
    });
  });
  it("keeps positive points for cumulative voting and a null birth date when empty", () => {
    expect(
      paperBody("cumulative", { ...identity, birthDate: "", choices: { "4": "3", "5": "0", "6": "" } }),
    ).toEqual({
      full_name: "Élodie Dupont",
      birth_date: null,
      address: "3 rue Lepic",
      points: { "4": 3 },
    });
  });
});
