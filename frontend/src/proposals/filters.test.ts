// @vitest-environment happy-dom
import { describe, expect, it, vi } from "vitest";
import districts from "../api/fixtures/districts.json";
import themes from "../api/fixtures/themes.json";
import { districtCollectionSchema, themeListSchema } from "../api/schemas";
import { createTranslator } from "../i18n";
import { FilterPanel } from "./filters";

const parsedThemes = themeListSchema.parse(themes);
const parsedDistricts = districtCollectionSchema.parse(districts);

function setup() {
  const root = document.createElement("div");
  const handlers = {
    onTheme: vi.fn(),
    onDistrict: vi.fn(),
    onStatus: vi.fn(),
    onSearch: vi.fn(),
    onColorBy: vi.fn(),
    onShown: vi.fn(),
    onReset: vi.fn(),
  };
  const panel = new FilterPanel(root, handlers);
  return { root, handlers, panel };
}

describe("FilterPanel", () => {
  it("lists themes and arrondissements, showing the current filters", () => {
    const { root, panel } = setup();
    panel.draw({
      themes: parsedThemes,
      districts: parsedDistricts,
      filters: { theme: "sport", district: "75105", status: "accepted", search: "jardin", minSupports: null },
      colorBy: "status",
      shown: "proposals",
      tr: createTranslator("fr"),
    });
    const theme = root.querySelector<HTMLSelectElement>("#filter-theme");
    const district = root.querySelector<HTMLSelectElement>("#filter-district");
    expect([...(theme?.options ?? [])].map((o) => o.text)).toEqual([
      "Tous les thèmes",
      "Cadre de vie",
      "Environnement",
      "Sport",
    ]);
    expect([...(district?.options ?? [])].map((o) => o.text)).toEqual([
      "Tout Paris",
      "1er — Louvre",
      "5e — Panthéon",
    ]);
    expect(theme?.value).toBe("sport");
    expect(district?.value).toBe("75105");
    expect(root.querySelector<HTMLButtonElement>("#filter-reset")?.hidden).toBe(false);
    expect(root.querySelector("label[for='filter-theme']")?.textContent).toBe("Thème");
    expect(root.querySelector<HTMLSelectElement>("#filter-status")?.value).toBe("accepted");
    expect(root.querySelector<HTMLSelectElement>("#filter-colors")?.value).toBe("status");
    expect(root.querySelector<HTMLInputElement>("#filter-search")?.value).toBe("jardin");
  });

  it("reports changes, with null for “all”", () => {
    const { root, handlers, panel } = setup();
    panel.draw({
      themes: parsedThemes,
      districts: parsedDistricts,
      filters: { theme: null, district: null, status: null, search: null, minSupports: null },
      colorBy: "theme",
      shown: "projects",
      tr: createTranslator("en"),
    });
    expect(root.querySelector<HTMLButtonElement>("#filter-reset")?.hidden).toBe(true);
    const theme = root.querySelector<HTMLSelectElement>("#filter-theme");
    if (!theme) throw new Error("no select");
    expect(theme.options[1]?.text).toBe("Living environment");
    theme.value = "environnement";
    theme.dispatchEvent(new Event("change"));
    expect(handlers.onTheme).toHaveBeenCalledWith("environnement");
    theme.value = "";
    theme.dispatchEvent(new Event("change"));
    expect(handlers.onTheme).toHaveBeenLastCalledWith(null);
    const status = root.querySelector<HTMLSelectElement>("#filter-status");
    if (!status) throw new Error("no status select");
    expect([...status.options].map((o) => o.text)).toEqual([
      "All statuses",
      "Submitted",
      "Under review",
      "Accepted",
      "Rejected",
      "Merged",
    ]);
    expect(status.disabled).toBe(true); // projects have no status of their own
    const shown = root.querySelector<HTMLSelectElement>("#filter-shown");
    expect(shown?.value).toBe("projects");
    if (shown) {
      shown.value = "proposals";
      shown.dispatchEvent(new Event("change"));
    }
    expect(handlers.onShown).toHaveBeenCalledWith("proposals");
    status.value = "rejected";
    status.dispatchEvent(new Event("change"));
    expect(handlers.onStatus).toHaveBeenCalledWith("rejected");
    const search = root.querySelector<HTMLInputElement>("#filter-search");
    if (!search) throw new Error("no search");
    search.value = "banc";
    search.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    expect(handlers.onSearch).toHaveBeenCalledWith("banc");
  });
});
