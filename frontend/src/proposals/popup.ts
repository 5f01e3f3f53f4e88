/** The content of a proposal's popup on the map. */
import type { Proposal, Theme } from "../api";
import type { Translator } from "../i18n";
import { h } from "../ui/dom";
import { excerpt, placeName, themeLabel } from "./describe";

export function proposalPopup(
  proposal: Proposal,
  themes: readonly Theme[],
  colorOf: (slug: string) => string,
  tr: Translator,
): HTMLElement {
  const place = placeName(proposal, tr);
  const description = excerpt(proposal.description);
  return h(
    "article",
    { class: "proposal-popup", "data-proposal-id": proposal.id },
    h("h3", { class: "proposal-popup-title" }, proposal.title),
    h(
      "p",
      { class: "proposal-meta" },
      h("span", {
        class: "swatch",
        style: `background-color: ${colorOf(proposal.theme.slug)}`,
        "aria-hidden": "true",
      }),
      h("span", {}, themeLabel(proposal, themes, tr)),
      h("span", { class: "status-badge", "data-status": proposal.status }, tr.status(proposal.status)),
    ),
    place ? h("p", { class: "proposal-place" }, place) : null,
    proposal.address ? h("p", { class: "proposal-address" }, proposal.address) : null,
    description ? h("p", { class: "proposal-description" }, description) : null,
  );
}
