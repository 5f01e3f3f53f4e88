/**
 * The page skeleton: header, controls, map, list. Static texts carry a `data-i18n` key
 * (and `data-i18n-<attribute>` for attributes) and are refreshed when the language changes.
 */
import type { MessageKey, Translator } from "../i18n";
import { h } from "../ui/dom";

export interface Layout {
  campaignSlot: HTMLElement;
  searchSlot: HTMLElement;
  filterSlot: HTMLElement;
  map: HTMLElement;
  districtStatus: HTMLElement;
  listPanel: HTMLElement;
  listSlot: HTMLElement;
}

function i18n<E extends HTMLElement>(element: E, key: MessageKey, attrs: Record<string, MessageKey> = {}): E {
  element.dataset.i18n = key;
  for (const [attr, attrKey] of Object.entries(attrs)) element.setAttribute(`data-i18n-${attr}`, attrKey);
  return element;
}

function i18nAttrs<E extends HTMLElement>(element: E, attrs: Record<string, MessageKey>): E {
  for (const [attr, key] of Object.entries(attrs)) element.setAttribute(`data-i18n-${attr}`, key);
  return element;
}

export function buildLayout(root: HTMLElement): Layout {
  const campaignSlot = h("div", { class: "campaign-picker" });
  const title = i18n(h("h1", { class: "visually-hidden", id: "map-title" }), "map.pageTitle");

  const searchSlot = h("div", { class: "search-slot" });
  const filterSlot = h("div", { class: "filters", role: "group", "aria-labelledby": "filters-title" });
  const controls = h(
    "section",
    { class: "panel panel-controls", "aria-labelledby": "filters-title" },
    campaignSlot,
    searchSlot,
    i18n(h("h2", { id: "filters-title", class: "panel-title" }), "filters.title"),
    filterSlot,
  );

  const map = i18nAttrs(h("div", { id: "map", class: "map", role: "region" }), { "aria-label": "map.label" });
  const districtStatus = h("p", { class: "map-status", role: "status", "aria-live": "polite" });
  const mapPanel = h("div", { class: "panel-map" }, map, districtStatus);

  const listSlot = h("div", { class: "list-slot" });
  const listPanel = h(
    "section",
    { class: "panel panel-list", "aria-labelledby": "list-title" },
    i18n(h("h2", { id: "list-title", class: "panel-title" }), "list.title"),
    listSlot,
  );

  const skip = i18n(h("a", { class: "skip-link", href: "#proposal-list" }), "skip.toList");
  root.replaceChildren(skip, h("div", { class: "layout" }, title, controls, mapPanel, listPanel));

  return {
    campaignSlot,
    searchSlot,
    filterSlot,
    map,
    districtStatus,
    listPanel,
    listSlot,
  };
}

/** Writes every `data-i18n` text and `data-i18n-*` attribute under `root` in the current language. */
export function applyTexts(root: ParentNode, tr: Translator): void {
  for (const element of root.querySelectorAll<HTMLElement>("[data-i18n]")) {
    element.textContent = tr.t(element.dataset.i18n as MessageKey);
  }
  for (const element of root.querySelectorAll<HTMLElement>("*")) {
    for (const attr of [...element.attributes]) {
      if (attr.name.startsWith("data-i18n-")) {
        element.setAttribute(attr.name.slice("data-i18n-".length), tr.t(attr.value as MessageKey));
      }
    }
  }
}
