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
  /** The filters' sheet on a phone (the controls panel as a dialog); inert on wider screens. */
  sheet: Sheet;
}

/** Where the controls become a sheet over the map (the header's menu folds at the same width). */
export const PHONE_QUERY = "(max-width: 640px)";

export interface Sheet {
  open(): void;
  close(refocus?: boolean): void;
  isOpen(): boolean;
  /** Stops following the screen's width. */
  remove(): void;
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

  // A phone: the map first and tall, the controls in a sheet opened from this bar, the list below.
  const sheetOpen = i18n(
    h("button", {
      type: "button",
      class: "button sheet-open",
      id: "filters-open",
      "aria-haspopup": "dialog",
      "aria-expanded": "false",
      "aria-controls": "map-controls",
    }),
    "filters.open",
  );
  const listJump = i18n(h("a", { class: "list-jump", href: "#proposal-list" }), "list.jump");
  const mapBar = h("div", { class: "map-bar" }, sheetOpen, listJump);
  const sheetClose = i18n(
    h("button", { type: "button", class: "button button-quiet sheet-close", id: "filters-close" }),
    "filters.close",
  );
  controls.id = "map-controls";
  controls.prepend(sheetClose);

  const skip = i18n(h("a", { class: "skip-link", href: "#proposal-list" }), "skip.toList");
  const layout = h("div", { class: "layout" }, title, controls, mapPanel, mapBar, listPanel);
  root.replaceChildren(skip, layout);
  const sheet = controlSheet(layout, controls, sheetOpen, sheetClose);

  return {
    campaignSlot,
    searchSlot,
    filterSlot,
    map,
    districtStatus,
    listPanel,
    listSlot,
    sheet,
  };
}

const FOCUSABLE =
  "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea, [tabindex]:not([tabindex='-1'])";

/**
 * The controls as a modal sheet on a phone: `opener` opens it (role dialog, aria-modal, the focus
 * on its first control, Tab kept inside), Escape or `closer` closes it and gives the focus back.
 * On a wider screen the panel is an ordinary section and none of this applies.
 */
export function controlSheet(
  layout: HTMLElement,
  panel: HTMLElement,
  opener: HTMLButtonElement,
  closer: HTMLButtonElement,
  media: MediaQueryList | null = typeof window.matchMedia === "function"
    ? window.matchMedia(PHONE_QUERY)
    : null,
): Sheet {
  const isOpen = () => layout.classList.contains("sheet-open");
  function open(): void {
    if (isOpen()) return;
    layout.classList.add("sheet-open");
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-modal", "true");
    opener.setAttribute("aria-expanded", "true");
    const first = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)].find((e) => e !== closer) ?? closer;
    first.focus();
  }
  function close(refocus = true): void {
    if (!isOpen()) return;
    layout.classList.remove("sheet-open");
    panel.removeAttribute("role");
    panel.removeAttribute("aria-modal");
    opener.setAttribute("aria-expanded", "false");
    if (refocus) opener.focus();
  }
  opener.addEventListener("click", open);
  closer.addEventListener("click", () => {
    close();
  });
  panel.addEventListener("keydown", (event) => {
    if (!isOpen()) return;
    if (event.key === "Escape") {
      // A list open inside (the address suggestions) closes first.
      if (event.defaultPrevented) return;
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== "Tab") return;
    const items = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (e) => e.offsetParent !== null || e === closer,
    );
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  const follow = (event: MediaQueryListEvent) => {
    if (!event.matches) close(false);
  };
  media?.addEventListener("change", follow);
  return { open, close, isOpen, remove: () => media?.removeEventListener("change", follow) };
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
