// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { DeliveryOutput } from "../../api/generated/zod";
import { localTranslator } from "../../i18n/local";
import { deliveryMessages } from "./messages";
import { deliveryBody, type Delivery } from "./view";

function delivery(over: Partial<Delivery> = {}): Delivery {
  // Checked against the API's own validator, so the test's answer is one the API could give.
  return DeliveryOutput.parse({
    project: 7,
    title: "Un jardin partagé",
    cost: 120000,
    status: "in_progress",
    budget_spent: 45000,
    services: ["DEVE", "Mairie du 5e"],
    campaign: { slug: "bp-2026", name: "Budget participatif 2026" },
    area: { code: "paris-05", name: "5e arrondissement", kind: "arrondissements" },
    location: [2.35, 48.84],
    updated_at: "2026-11-20T10:00:00+01:00",
    description: "Un jardin.",
    theme: "Environnement",
    abandon_reason: "",
    abandon_reason_en: "",
    address: "",
    milestones: [
      { id: 1, date: "2026-01-10", kind: "study", text: "Études.", text_en: "", photos: [] },
      {
        id: 2,
        date: "2026-11-20",
        kind: "works",
        text: "Plantations.",
        text_en: "Plantings.",
        photos: [
          {
            id: 9,
            alt: "Des jardinières",
            alt_en: "",
            small: { url: "/api/v1/photos/s.jpg", width: 480, height: 360 },
            large: { url: "/api/v1/photos/l.jpg", width: 1280, height: 960 },
          },
        ],
      },
    ],
    can: { edit: false },
    ...over,
  });
}

function render(d: Delivery, lang: "fr" | "en" = "fr"): HTMLElement {
  const root = document.createElement("div");
  root.append(...deliveryBody(d, localTranslator(deliveryMessages, lang), lang));
  return root;
}

describe("a project's delivery page", () => {
  it("shows the status, the budget against the cost and the services", () => {
    const root = render(delivery());
    expect(root.querySelector(".delivery-status")?.textContent).toBe("En cours");
    const meter = root.querySelector("meter");
    expect([meter?.getAttribute("value"), meter?.getAttribute("max")]).toEqual(["45000", "120000"]);
    expect(meter?.getAttribute("aria-label")).toBeTruthy();
    expect(root.querySelector(".delivery-share")?.textContent).toBe("38 % du coût voté dépensé");
    expect([...root.querySelectorAll(".delivery-services li")].map((li) => li.textContent)).toEqual([
      "DEVE",
      "Mairie du 5e",
    ]);
  });

  it("lists milestones newest first, each photo with its text and a link to the large copy", () => {
    const root = render(delivery());
    const items = [...root.querySelectorAll(".delivery-milestone")];
    expect(items.map((li) => li.getAttribute("data-milestone"))).toEqual(["2", "1"]);
    const img = root.querySelector(".delivery-photo img");
    expect(img?.getAttribute("alt")).toBe("Des jardinières");
    expect([img?.getAttribute("width"), img?.getAttribute("height")]).toEqual(["480", "360"]);
    expect(root.querySelector(".delivery-photo a")?.getAttribute("href")).toBe("/api/v1/photos/l.jpg");
    expect(items[0]?.querySelector("time")?.getAttribute("datetime")).toBe("2026-11-20");
  });

  it("uses the English texts in English, the French ones marked as French otherwise", () => {
    const root = render(delivery(), "en");
    const texts = [...root.querySelectorAll(".delivery-milestone-text")];
    expect(texts[0]?.textContent).toBe("Plantings.");
    expect(texts[0]?.getAttribute("lang")).toBeNull();
    expect(texts[1]?.textContent).toBe("Études.");
    expect(texts[1]?.getAttribute("lang")).toBe("fr");
    expect(root.querySelector(".delivery-photo img")?.getAttribute("lang")).toBe("fr");
  });

  it("says why an abandoned project was abandoned", () => {
    const root = render(
      delivery({ status: "abandoned", abandon_reason: "Le terrain n'est pas disponible." }),
    );
    expect(root.querySelector(".delivery-status")?.textContent).toBe("Abandonné");
    expect(root.querySelector(".delivery-reason")?.textContent).toContain("Le terrain n'est pas disponible.");
  });
});
