// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { createTranslator } from "../i18n";
import { applyTexts, buildLayout } from "./layout";

describe("layout", () => {
  it("fills every static text and attribute in the chosen language", () => {
    const root = document.createElement("div");
    const layout = buildLayout(root);
    applyTexts(root, createTranslator("fr"));
    expect(root.querySelector("#list-title")?.textContent).toBe("Propositions");
    expect(root.querySelector(".skip-link")?.textContent).toBe("Aller à la liste des propositions");
    expect(layout.map.getAttribute("aria-label")).toBe(
      "Carte des propositions et des arrondissements de Paris",
    );
    expect(root.querySelector("h1")?.textContent).toBe("Carte des propositions");

    applyTexts(root, createTranslator("en"));
    expect(root.querySelector("#list-title")?.textContent).toBe("Proposals");
    expect(root.querySelector("h1")?.textContent).toBe("Map of proposals");
    for (const element of root.querySelectorAll<HTMLElement>("[data-i18n]")) {
      expect(element.textContent.trim()).not.toBe("");
    }
  });

  it("puts the controls, the map and the list in this order (the phone layout)", () => {
    const root = document.createElement("div");
    buildLayout(root);
    const order = [...root.querySelectorAll(".panel-controls, .panel-map, .panel-list")].map(
      (e) => e.className,
    );
    expect(order).toEqual(["panel panel-controls", "panel-map", "panel panel-list"]);
  });
});
