/**
 * A tracked project's page as DOM, from the API's answer: status (with the public reason of an
 * abandon), budget spent against the voted cost (a meter with its words), the services in charge,
 * and the milestones newest first with their photos (each with its alternative text, the small
 * copy linking to the large one).
 */
import type { z } from "zod";
import type { DeliveryOutput } from "../../api/generated/zod";
import type { Lang } from "../../i18n";
import { formatDate, formatMoney, type LocalT } from "../../i18n/local";
import { h } from "../../ui/dom";
import type { DeliveryKey } from "./messages";
import { inLang, kindKey, spentShare, statusKey, timeline } from "./model";

export type Delivery = z.output<typeof DeliveryOutput>;
type Milestone = Delivery["milestones"][number];
type T = LocalT<DeliveryKey>;

export function statusBadge(t: T, status: string): HTMLElement {
  return h("span", { class: `delivery-status is-${status}` }, t(statusKey(status)));
}

function budget(d: Delivery, t: T, lang: Lang): HTMLElement {
  const spent = d.budget_spent ?? 0;
  const share = spentShare(spent, d.cost);
  return h(
    "section",
    { class: "delivery-budget", "aria-labelledby": "delivery-budget-heading" },
    h("h2", { id: "delivery-budget-heading" }, t("budgetHeading")),
    h("p", {}, t("spent", { spent: formatMoney(lang, spent), cost: formatMoney(lang, d.cost) })),
    h("meter", {
      min: 0,
      max: d.cost,
      value: Math.min(spent, d.cost),
      "aria-label": t("budgetLabel"),
      class: "delivery-meter",
    }),
    h("p", { class: "delivery-share" }, t("spentShare", { share })),
  );
}

function photoFigure(photo: Milestone["photos"][number], t: T, lang: Lang): HTMLElement {
  const alt = inLang(lang, photo.alt, photo.alt_en);
  const img = h("img", {
    src: photo.small.url,
    width: photo.small.width,
    height: photo.small.height,
    alt: alt.text,
    lang: alt.lang === lang ? null : alt.lang,
    loading: "lazy",
    decoding: "async",
  });
  return h(
    "figure",
    { class: "delivery-photo" },
    h("a", { href: photo.large.url, "aria-label": t("photoLink", { alt: alt.text }) }, img),
  );
}

function milestoneItem(m: Milestone, t: T, lang: Lang): HTMLElement {
  const text = inLang(lang, m.text, m.text_en);
  return h(
    "li",
    { class: "delivery-milestone", "data-milestone": m.id },
    h(
      "p",
      { class: "delivery-milestone-head" },
      h("time", { datetime: m.date }, formatDate(lang, m.date)),
      " — ",
      h("strong", {}, t(kindKey(m.kind))),
    ),
    h("p", { lang: text.lang === lang ? null : text.lang, class: "delivery-milestone-text" }, text.text),
    m.photos.length
      ? h("div", { class: "delivery-photos" }, ...m.photos.map((p) => photoFigure(p, t, lang)))
      : null,
  );
}

export function deliveryBody(d: Delivery, t: T, lang: Lang): HTMLElement[] {
  const reason = inLang(lang, d.abandon_reason ?? "", d.abandon_reason_en);
  const services = d.services ?? [];
  const milestones = timeline(d.milestones);
  return [
    h(
      "p",
      { class: "delivery-facts" },
      h("span", {}, t("area", { area: d.area.name })),
      h("span", {}, t("campaign", { campaign: d.campaign.name })),
      d.theme ? h("span", {}, t("theme", { theme: d.theme })) : null,
      d.address ? h("span", {}, t("address", { address: d.address })) : null,
    ),
    h(
      "section",
      { class: "delivery-state", "aria-labelledby": "delivery-status-heading" },
      h("h2", { id: "delivery-status-heading" }, t("statusHeading")),
      h("p", {}, statusBadge(t, d.status)),
      d.status === "abandoned" && reason.text
        ? h(
            "p",
            { class: "delivery-reason", lang: reason.lang === lang ? null : reason.lang },
            t("abandonReason", { reason: reason.text }),
          )
        : null,
    ),
    budget(d, t, lang),
    h(
      "section",
      { class: "delivery-services", "aria-labelledby": "delivery-services-heading" },
      h("h2", { id: "delivery-services-heading" }, t("servicesHeading")),
      services.length ? h("ul", {}, ...services.map((s) => h("li", {}, s))) : h("p", {}, t("noServices")),
    ),
    h(
      "section",
      { class: "delivery-timeline", "aria-labelledby": "delivery-timeline-heading" },
      h("h2", { id: "delivery-timeline-heading" }, t("timelineHeading")),
      milestones.length
        ? h("ol", { class: "delivery-milestones" }, ...milestones.map((m) => milestoneItem(m, t, lang)))
        : h("p", {}, t("noMilestone")),
    ),
    h(
      "section",
      { class: "delivery-description", "aria-labelledby": "delivery-description-heading" },
      h("h2", { id: "delivery-description-heading" }, t("description")),
      h("p", { lang: "fr" }, d.description),
    ),
  ];
}
