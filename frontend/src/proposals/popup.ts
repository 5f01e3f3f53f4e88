/** The content of a proposal's popup on the map, with a link to its page. */
import type { MapItem, Theme } from "../api";
import type { Translator } from "../i18n";
import { h } from "../ui/dom";
import { placeName, themeLabel } from "./describe";

export function proposalPopup(
  item: MapItem,
  themes: readonly Theme[],
  colorOf: (item: MapItem) => string,
  tr: Translator,
): HTMLElement {
  const place = placeName(item, tr);
  return h(
    "article",
    { class: "proposal-popup", "data-proposal-id": item.id },
    h("h3", { class: "proposal-popup-title" }, item.title),
    h(
      "p",
      { class: "proposal-meta" },
      h("span", {
        class: "swatch",
        style: `background-color: ${colorOf(item)}`,
        "aria-hidden": "true",
      }),
      h("span", {}, themeLabel(item, themes, tr)),
      item.kind === "project"
        ? h("span", { class: "status-badge" }, tr.t("popup.project"))
        : h("span", { class: "status-badge", "data-status": item.status }, tr.status(item.status)),
    ),
    place ? h("p", { class: "proposal-place" }, place) : null,
    item.cost !== null ? h("p", {}, tr.t("popup.cost", { cost: tr.money(item.cost) })) : null,
    item.kind === "proposal"
      ? h("p", {}, h("a", { href: `/propositions/${item.id}`, class: "proposal-link" }, tr.t("popup.open")))
      : null,
  );
}
