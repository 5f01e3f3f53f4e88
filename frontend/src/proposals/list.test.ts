// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import page1 from "../api/fixtures/proposals-page1.json";
import page2 from "../api/fixtures/proposals-page2.json";
import themes from "../api/fixtures/themes.json";
import { proposalPageSchema, themeListSchema } from "../api/schemas";
import { createTranslator } from "../i18n";
import { themeColors } from "../map/colors";
import { failed, loading, ready } from "../state/data";
import { ProposalList, type ListView } from "./list";
import { proposalPopup } from "./popup";

const items = [...proposalPageSchema.parse(page1).features, ...proposalPageSchema.parse(page2).features];
const parsedThemes = themeListSchema.parse(themes);
const colorOf = themeColors(parsedThemes.map((t) => t.slug));
const fr = createTranslator("fr");
const en = createTranslator("en");

function view(overrides: Partial<ListView> = {}): ListView {
  return {
    items: ready({ items, count: items.length, truncated: false }),
    themes: parsedThemes,
    colorOf,
    selected: null,
    tr: fr,
    ...overrides,
  };
}

describe("ProposalList", () => {
  let root: HTMLElement;
  let onSelect: ReturnType<typeof vi.fn<(id: number) => void>>;
  let onRetry: ReturnType<typeof vi.fn<() => void>>;
  let list: ProposalList;

  beforeEach(() => {
    document.body.innerHTML = "";
    root = document.createElement("div");
    document.body.append(root);
    onSelect = vi.fn<(id: number) => void>();
    onRetry = vi.fn<() => void>();
    list = new ProposalList(root, root, { onSelect, onRetry });
  });

  const buttons = () => [...root.querySelectorAll<HTMLButtonElement>("button.proposal-item")];

  it("shows every proposal as a button, and the count in a polite live region", () => {
    list.draw(view());
    expect(buttons().map((b) => b.dataset.proposalId)).toEqual(["12", "13", "14"]);
    const status = root.querySelector("#proposal-count");
    expect(status?.getAttribute("aria-live")).toBe("polite");
    expect(status?.textContent).toBe("3 propositions affichées");
    expect(buttons()[0]?.textContent).toContain("Environnement · Saint-Victor, 5e arrondissement · Déposée");
    expect(buttons()[2]?.textContent).toContain("Pas encore placée sur la carte");
  });

  it("reports clicks and marks the selected item", () => {
    list.draw(view());
    buttons()[1]?.click();
    expect(onSelect).toHaveBeenCalledWith(13);
    list.draw(view({ selected: 13 }));
    expect(buttons()[1]?.getAttribute("aria-current")).toBe("true");
    list.draw(view({ selected: 12 }));
    expect(buttons()[1]?.hasAttribute("aria-current")).toBe(false);
    expect(buttons()[0]?.classList.contains("is-selected")).toBe(true);
  });

  it("moves focus with the arrow keys", () => {
    list.draw(view());
    buttons()[0]?.focus();
    buttons()[0]?.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
    expect(document.activeElement).toBe(buttons()[1]);
    buttons()[1]?.dispatchEvent(new KeyboardEvent("keydown", { key: "End", bubbles: true }));
    expect(document.activeElement).toBe(buttons()[2]);
  });

  it("says when it is loading, failed (with a retry button) or empty", () => {
    list.draw(view({ items: loading }));
    expect(root.querySelector("#proposal-count")?.textContent).toBe("Chargement des propositions…");
    list.draw(view({ items: failed("boom") }));
    expect(root.querySelector("#proposal-count")?.textContent).toBe(
      "Les propositions n'ont pas pu être chargées.",
    );
    root.querySelector<HTMLButtonElement>(".list-note button")?.click();
    expect(onRetry).toHaveBeenCalled();
    list.draw(view({ items: ready({ items: [], count: 0, truncated: false }) }));
    expect(root.querySelector("#proposal-count")?.textContent).toBe("Aucune proposition affichée");
    expect(root.textContent).toContain("Aucune proposition ne correspond à ces filtres.");
  });

  it("warns when only part of the matches is shown", () => {
    list.draw(view({ items: ready({ items, count: 7000, truncated: true }), tr: en }));
    expect(root.textContent).toContain("7,000 proposals match; only the first 3 are shown.");
  });

  it("redraws in English", () => {
    list.draw(view());
    list.draw(view({ tr: en }));
    expect(root.querySelector("#proposal-count")?.textContent).toBe("3 proposals shown");
    expect(buttons()[0]?.textContent).toContain("Environment · Saint-Victor, 5th arrondissement · Submitted");
  });
});

describe("proposalPopup", () => {
  it("writes user text as text, never as HTML", () => {
    const first = items[0];
    if (!first) throw new Error("fixture");
    const hostile = { ...first, title: '<img src=x onerror="alert(1)">', description: "<b>gras</b>" };
    const element = proposalPopup(hostile, parsedThemes, colorOf, fr);
    expect(element.querySelector("img")).toBeNull();
    expect(element.querySelector("h3")?.textContent).toBe('<img src=x onerror="alert(1)">');
    expect(element.textContent).toContain("<b>gras</b>");
    expect(element.textContent).toContain("12 rue Mouffetard, 75005 Paris");
  });
});
