// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import fixture from "../api/fixtures/map-proposals.json";
import themes from "../api/fixtures/themes.json";
import { mapCollectionSchema, themeListSchema, type MapItem } from "../api/schemas";
import { createTranslator } from "../i18n";
import { themeColors } from "../map/colors";
import { failed, loading, ready } from "../state/data";
import { LIST_STEP, ProposalList, sortItems, type ListView } from "./list";
import { proposalPopup } from "./popup";

const items = mapCollectionSchema.parse(fixture).items;
const parsedThemes = themeListSchema.parse(themes);
const themeColor = themeColors(parsedThemes.map((t) => t.slug));
const colorOf = (item: MapItem) => themeColor(item.theme);
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
    expect(buttons().map((b) => b.dataset.proposalId)).toEqual(["12", "13", "15"]);
    const status = root.querySelector("#proposal-count");
    expect(status?.getAttribute("aria-live")).toBe("polite");
    expect(status?.textContent).toBe("3 propositions affichées");
    expect(buttons()[0]?.textContent).toContain("Environnement · 5e arrondissement · Déposée");
    expect(buttons()[2]?.textContent).toContain("Sport · 13e arrondissement · Regroupée");
  });

  it("lists a large campaign's groups in view, biggest first, each zooming onto its proposals", () => {
    const onZoomTo = vi.fn<(bbox: [number, number, number, number]) => void>();
    root.replaceChildren();
    list = new ProposalList(root, root, { onSelect, onRetry, onZoomTo });
    const clusters = [
      {
        count: 40,
        latLng: [48.85, 2.35] as [number, number],
        bbox: [2.34, 48.84, 2.36, 48.86] as [number, number, number, number],
      },
      {
        count: 1250,
        latLng: [48.87, 2.3] as [number, number],
        bbox: [2.29, 48.86, 2.31, 48.88] as [number, number, number, number],
      },
    ];
    const alone = items.slice(0, 1);
    list.draw(
      view({
        items: ready({ items: alone, count: 1291, truncated: false, view: { mode: "tiles", clusters } }),
      }),
    );
    expect(root.querySelector("#proposal-count")?.textContent).toBe("1\u202f291 propositions dans cette vue");
    expect(root.querySelector(".list-note")?.textContent).toContain("Zoomez pour lister");
    const groups = [...root.querySelectorAll<HTMLButtonElement>("button.proposal-cluster-item")];
    expect(groups.map((g) => g.dataset.count)).toEqual(["1250", "40"]);
    expect(groups[0]?.textContent).toContain("Groupe de 1\u202f250 propositions");
    groups[1]?.click();
    expect(onZoomTo).toHaveBeenCalledWith([2.34, 48.84, 2.36, 48.86]);
    expect(
      buttons()
        .filter((b) => b.dataset.proposalId)
        .map((b) => b.dataset.proposalId),
    ).toEqual(["12"]);

    list.draw(view({ items: ready({ items, count: 3, truncated: false, view: { mode: "lean" } }), tr: en }));
    expect(root.querySelector("#proposal-count")?.textContent).toBe("3 proposals in this view");
    expect(root.querySelectorAll("button.proposal-cluster-item")).toHaveLength(0);
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

  it("shows a long list a part at a time, and any selected item", () => {
    const many: MapItem[] = Array.from({ length: LIST_STEP * 2 + 50 }, (_, i) => ({
      ...(items[0] as MapItem),
      id: i + 1,
      title: `Proposition ${i + 1}`,
    }));
    list.draw(view({ items: ready({ items: many, count: many.length, truncated: false }) }));
    expect(buttons()).toHaveLength(LIST_STEP);
    expect(root.querySelector("#proposal-count")?.textContent).toBe("450 propositions affichées");
    const more = document.querySelector<HTMLButtonElement>("#list-more");
    expect(more?.textContent).toBe("Afficher 200 de plus (250 restantes)");
    more?.click();
    expect(buttons()).toHaveLength(LIST_STEP * 2);
    expect(document.activeElement).toBe(buttons()[LIST_STEP]);
    list.draw(view({ items: ready({ items: many, count: many.length, truncated: false }), selected: 440 }));
    expect(buttons()).toHaveLength(440);
    expect(buttons()[439]?.getAttribute("aria-current")).toBe("true");
  });

  it("redraws in English", () => {
    list.draw(view());
    list.draw(view({ tr: en }));
    expect(root.querySelector("#proposal-count")?.textContent).toBe("3 proposals shown");
    expect(buttons()[0]?.textContent).toContain("Environment · 5th arrondissement · Submitted");
  });
});

describe("proposalPopup", () => {
  it("writes user text as text, never as HTML", () => {
    const first = items[0];
    if (!first) throw new Error("fixture");
    const hostile = { ...first, title: '<img src=x onerror="alert(1)">' };
    const element = proposalPopup(hostile, parsedThemes, colorOf, fr);
    expect(element.querySelector("img")).toBeNull();
    expect(element.querySelector("h3")?.textContent).toBe('<img src=x onerror="alert(1)">');
    expect(element.textContent).toContain("5e arrondissement");
    expect(element.querySelector("a")?.getAttribute("href")).toBe("/propositions/12");
  });
});

describe("sortItems", () => {
  const item = (id: number, supports?: number): MapItem => ({
    id,
    title: `P${id}`,
    theme: "sport",
    status: "submitted",
    district: null,
    project: null,
    latLng: [48.85, 2.35],
    kind: "proposal",
    cost: null,
    supports: supports ?? null,
  });

  it("keeps the API's order, or puts the most supported first (ties keep it)", () => {
    const items = [item(1, 2), item(2, 5), item(3), item(4, 5)];
    expect(sortItems(items, "deposit").map((i) => i.id)).toEqual([1, 2, 3, 4]);
    expect(sortItems(items, "supports").map((i) => i.id)).toEqual([2, 4, 1, 3]);
    expect(items.map((i) => i.id)).toEqual([1, 2, 3, 4]); // not sorted in place
  });
});
