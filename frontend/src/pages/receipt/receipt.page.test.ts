// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeServer, fill, settle, submit, testContext } from "../signIn/testContext";
import page from "./index";

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe("the receipt page", () => {
  it("names the campaign and lists the choices in the ballot's order, as the server gives them", async () => {
    fakeServer({
      "POST receipts/check/": {
        status: 200,
        body: {
          campaign: "bp-2026",
          campaign_name: "Budget participatif de Paris 2026",
          area: { code: "paris-05", name: "5e arrondissement", kind: "arrondissements" },
          rule: "majority_judgment",
          cast_on: null,
          status: "counted",
          counted: true,
          choices: [
            { project: 31, title: "Des bancs", cost: 20_000, grade: "aime_bien" },
            { project: 7, title: "Un jardin", cost: 60_000, grade: "adore" },
            { project: 12, title: "Une piste", cost: 90_000, grade: "pourquoi_pas" },
          ],
        },
      },
    });
    const root = document.createElement("main");
    document.body.append(root);
    page.mount(root, testContext());
    fill(root, "receipt", "7KQ3-M9TX-2B4H-0PZD");
    submit(root);
    await settle();
    const answer = root.querySelector("#receipt-answer");
    expect(answer?.textContent).toContain("Budget participatif de Paris 2026");
    expect(answer?.textContent).not.toContain("bp-2026");
    expect([...root.querySelectorAll(".vote-summary-title")].map((e) => e.textContent)).toEqual([
      "Des bancs",
      "Un jardin",
      "Une piste",
    ]);
  });
});
