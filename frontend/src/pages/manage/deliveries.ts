/**
 * `/gestion/realisations`: the winning projects of the official's areas (every area for
 * administrators), and `/gestion/realisations/<project>`: their follow-up — status (with the
 * public reason of an abandon), budget spent, services in charge, address — and a form adding a
 * dated milestone with photos, each with its alternative text. The API decides who may (its
 * `can.edit`); refusals come back on the fields they name.
 */
import type { z } from "zod";
import { DeliveryOutput, PaginatedDeliveryListItemList } from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { formatDate, formatMoney, localTranslator, type LocalT } from "../../i18n/local";
import { h } from "../../ui/dom";
import {
  clearErrors,
  errorSummary,
  field,
  selectField,
  showErrors,
  submitting,
  textArea,
} from "../../ui/forms";
import { deliveryMessages } from "../delivery/messages";
import { kindKey, KINDS, statusKey, STATUSES, timeline } from "../delivery/model";
import { statusBadge } from "../delivery/view";
import { milestoneForm, statePatch } from "./deliveries.form";
import { deliveriesMessages, type DeliveriesKey } from "./deliveries.messages";
import { errorText, quietly, say, sectionPage } from "./sectionKit";
import "../delivery/delivery.css";

type Delivery = z.output<typeof DeliveryOutput>;
type T = LocalT<DeliveriesKey>;

function listView(root: HTMLElement, context: PageContext, t: T): void {
  const { page, status } = sectionPage(root, context, t);
  const user = context.session.user();
  const mine = user && user.role !== "administrator" ? new Set(user.areas) : null;
  say(status, t("loading"));
  quietly(
    request("GET", "deliveries/", {
      schema: PaginatedDeliveryListItemList,
      query: { page_size: 1000 },
      signal: context.signal,
    }).then((answer) => {
      const items = answer.results.filter((d) => !mine || mine.has(d.area.code));
      const d = localTranslator(deliveryMessages, context.lang);
      say(status, items.length ? "" : t("none"));
      page.append(
        h("h2", {}, t("listHeading")),
        h(
          "ul",
          { class: "manage-deliveries" },
          ...items.map((item) =>
            h(
              "li",
              {},
              h(
                "a",
                {
                  href: `/gestion/realisations/${item.project}`,
                  "aria-label": t("open", { title: item.title }),
                },
                item.title,
              ),
              " ",
              statusBadge(d, item.status),
              ` ${item.area.name} · ${item.campaign.name}`,
            ),
          ),
        ),
      );
    }),
    (error) => {
      say(status, errorText(error, t("failed")), "error");
    },
  );
}

function stateForm(
  delivery: Delivery,
  context: PageContext,
  t: T,
  onSaved: (d: Delivery) => void,
): HTMLFormElement {
  const d = localTranslator(deliveryMessages, context.lang);
  const reason = h("div", {});
  const statusField = selectField({
    name: "status",
    label: t("status"),
    choices: STATUSES.map((s): [string, string] => [s, d(statusKey(s))]),
    value: delivery.status,
  });
  reason.append(
    textArea({
      name: "abandon_reason",
      label: t("abandonReason"),
      value: delivery.abandon_reason ?? "",
      rows: 3,
    }),
    textArea({
      name: "abandon_reason_en",
      label: t("abandonReasonEn"),
      value: delivery.abandon_reason_en ?? "",
      rows: 2,
    }),
  );
  const select = statusField.querySelector("select") as HTMLSelectElement;
  const showReason = () => {
    reason.hidden = select.value !== "abandoned";
  };
  select.addEventListener("change", showReason);
  showReason();
  const line = h("p", { role: "status", class: "kit-status" });
  const form = h(
    "form",
    { class: "delivery-state-form", novalidate: true },
    h("h2", {}, t("stateHeading")),
    errorSummary(),
    statusField,
    reason,
    field({
      name: "budget_spent",
      label: t("budgetSpent"),
      value: String(delivery.budget_spent ?? 0),
      hint: t("budgetHint", { cost: formatMoney(context.lang, delivery.cost) }),
      attrs: { inputmode: "numeric" },
    }),
    textArea({
      name: "services",
      label: t("services"),
      value: (delivery.services ?? []).join("\n"),
      rows: 3,
    }),
    field({ name: "address", label: t("address"), value: delivery.address ?? "" }),
    h("button", { type: "submit", class: "button" }, t("save")),
    line,
  );
  const value = (name: string) =>
    (form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement).value;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors(form);
    say(line, "");
    void submitting(form, async () => {
      try {
        const saved = await request("PATCH", `deliveries/${delivery.project}/`, {
          schema: DeliveryOutput,
          body: statePatch({
            status: select.value,
            abandonReason: value("abandon_reason"),
            abandonReasonEn: value("abandon_reason_en"),
            budgetSpent: value("budget_spent"),
            services: value("services"),
            address: value("address"),
          }),
        });
        say(line, t("saved"));
        context.announce(t("saved"));
        onSaved(saved);
      } catch (error) {
        showErrors(form, error, t("failed"));
      }
    });
  });
  return form;
}

function milestoneFormView(
  delivery: Delivery,
  context: PageContext,
  t: T,
  onAdded: (d: Delivery) => void,
): HTMLFormElement {
  const d = localTranslator(deliveryMessages, context.lang);
  const today = new Date().toISOString().slice(0, 10);
  const alts = h("div", { class: "delivery-alts" });
  const photos = field({
    name: "photos",
    label: t("photos"),
    type: "file",
    hint: t("photosHint"),
    attrs: { accept: "image/jpeg,image/png,image/webp", multiple: true },
  });
  const input = photos.querySelector("input") as HTMLInputElement;
  const drawAlts = () => {
    const files = [...(input.files ?? [])];
    alts.replaceChildren(
      ...files.flatMap((file, i) => [
        field({ name: `alts.${i}`, label: t("alt", { n: i + 1, name: file.name }), required: true }),
        field({ name: `alts_en.${i}`, label: t("altEn", { n: i + 1 }) }),
      ]),
    );
  };
  input.addEventListener("change", drawAlts);
  const line = h("p", { role: "status", class: "kit-status" });
  const form = h(
    "form",
    { class: "delivery-milestone-form", novalidate: true },
    h("h2", {}, t("milestoneHeading")),
    errorSummary(),
    field({ name: "date", label: t("date"), type: "date", value: today, required: true }),
    selectField({
      name: "kind",
      label: t("kind"),
      choices: KINDS.map((k): [string, string] => [k, d(kindKey(k))]),
      value: "news",
    }),
    textArea({ name: "text", label: t("text"), rows: 3, required: true }),
    textArea({ name: "text_en", label: t("textEn"), rows: 2 }),
    photos,
    alts,
    h("button", { type: "submit", class: "button" }, t("add")),
    line,
  );
  const value = (name: string) =>
    (form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | null)?.value ?? "";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors(form);
    say(line, "");
    const files = [...(input.files ?? [])];
    void submitting(form, async () => {
      try {
        const saved = await request("POST", `deliveries/${delivery.project}/milestones/`, {
          schema: DeliveryOutput,
          body: milestoneForm({
            date: value("date"),
            kind: value("kind"),
            text: value("text"),
            textEn: value("text_en"),
            photos: files.map((file, i) => ({ file, alt: value(`alts.${i}`), altEn: value(`alts_en.${i}`) })),
          }),
        });
        form.reset();
        alts.replaceChildren();
        say(line, t("added"));
        context.announce(t("added"));
        onAdded(saved);
      } catch (error) {
        showErrors(form, error, t("failed"));
      }
    });
  });
  return form;
}

function milestoneList(delivery: Delivery, context: PageContext, t: T): HTMLElement {
  const d = localTranslator(deliveryMessages, context.lang);
  const items = timeline(delivery.milestones);
  return h(
    "section",
    { "aria-labelledby": "manage-milestones-heading" },
    h("h2", { id: "manage-milestones-heading" }, t("milestonesHeading")),
    items.length
      ? h(
          "ul",
          {},
          ...items.map((m) =>
            h(
              "li",
              {},
              h("time", { datetime: m.date }, formatDate(context.lang, m.date)),
              ` — ${d(kindKey(m.kind))} : ${m.text}`,
              m.photos.length ? ` (${m.photos.length} photo${m.photos.length > 1 ? "s" : ""})` : "",
            ),
          ),
        )
      : h("p", {}, t("noMilestone")),
  );
}

function editView(root: HTMLElement, context: PageContext, t: T, id: string): void {
  const status = h("p", { role: "status" }, t("loading"));
  const heading = h("h1", {}, t("title"));
  const body = h("div", {});
  root.append(
    h(
      "div",
      { class: "kit-page narrow" },
      h("p", {}, h("a", { href: "/gestion/realisations" }, t("backToList"))),
      heading,
      status,
      body,
    ),
  );
  context.setTitle(t("title"));
  const draw = (delivery: Delivery) => {
    heading.textContent = delivery.title;
    context.setTitle(`${delivery.title} — ${t("title")}`);
    status.textContent = "";
    const publicLink = h(
      "p",
      {},
      h("a", { href: pathTo("delivery", { id: delivery.project }) }, t("publicPage")),
    );
    if (!delivery.can.edit) {
      body.replaceChildren(publicLink, h("p", { role: "alert" }, t("notYours")));
      return;
    }
    // Saving keeps the forms (and what they said); only the list of milestones is redrawn.
    let list = milestoneList(delivery, context, t);
    const refresh = (saved: Delivery) => {
      const fresh = milestoneList(saved, context, t);
      list.replaceWith(fresh);
      list = fresh;
    };
    body.replaceChildren(
      publicLink,
      stateForm(delivery, context, t, refresh),
      milestoneFormView(delivery, context, t, refresh),
      list,
    );
  };
  quietly(
    request("GET", `deliveries/${id}/`, { schema: DeliveryOutput, signal: context.signal }).then(draw),
    (error) => {
      status.textContent = errorText(error, t("failed"));
    },
  );
}

const page: Page = {
  mount(root, context) {
    const t = localTranslator(deliveriesMessages, context.lang);
    const id = context.params.id;
    if (id && /^\d+$/.test(id)) editView(root, context, t, id);
    else listView(root, context, t);
    return undefined;
  },
};

export default page;
