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

describe("the filters' sheet on a phone", () => {
  function setup() {
    const root = document.createElement("div");
    document.body.replaceChildren(root);
    const layout = buildLayout(root);
    applyTexts(root, createTranslator("fr"));
    layout.searchSlot.append(Object.assign(document.createElement("input"), { id: "q" }));
    const opener = root.querySelector<HTMLButtonElement>("#filters-open") as HTMLButtonElement;
    const closer = root.querySelector<HTMLButtonElement>("#filters-close") as HTMLButtonElement;
    const panel = root.querySelector<HTMLElement>("#map-controls") as HTMLElement;
    return { root, opener, closer, panel, sheet: layout.sheet };
  }

  it("opens as a modal dialog with the focus inside, and Escape gives the focus back", () => {
    const { root, opener, panel, sheet } = setup();
    expect(opener.getAttribute("aria-controls")).toBe("map-controls");
    expect(opener.textContent).toBe("Filtres et recherche");
    expect(panel.getAttribute("role")).toBeNull();
    opener.click();
    expect(sheet.isOpen()).toBe(true);
    expect(opener.getAttribute("aria-expanded")).toBe("true");
    expect(panel.getAttribute("role")).toBe("dialog");
    expect(panel.getAttribute("aria-modal")).toBe("true");
    expect(panel.getAttribute("aria-labelledby")).toBe("filters-title");
    expect(document.activeElement?.id).toBe("q");
    expect(root.querySelector(".layout")?.classList.contains("sheet-open")).toBe(true);
    panel.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true }));
    expect(sheet.isOpen()).toBe(false);
    expect(panel.getAttribute("role")).toBeNull();
    expect(opener.getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement).toBe(opener);
  });

  it("leaves an Escape that closed a list inside to that list", () => {
    const { panel, opener, closer, sheet } = setup();
    opener.click();
    const input = panel.querySelector("#q") as HTMLElement;
    input.addEventListener("keydown", (e) => {
      e.preventDefault();
    });
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true }));
    expect(sheet.isOpen()).toBe(true);
    closer.click();
    expect(sheet.isOpen()).toBe(false);
  });
});
