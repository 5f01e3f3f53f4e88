/**
 * `/gestion/petitions`: the officials' petitions queue, in four parts: the petitions to moderate
 * (admissible, or inadmissible with a reason code and a public reason), those to answer with their
 * deadline in words (the most overdue first) and the answer form, the held signatures to count or
 * reject, and the burst alerts. Each decision is announced and the queue read again.
 */
import { ApiError } from "../../api/client";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { formatDate, formatDateTime, formatNumber, localTranslator } from "../../i18n/local";
import { h, loadFailed, setText } from "../../ui/dom";
import { errorSummary, selectField, showErrors, submitting, textArea } from "../../ui/forms";
import { petitionsApi, type ModerationBody, type PetitionsApi } from "../../petitions/api";
import { petitionMessages, type PetitionKey } from "../../petitions/messages";
import { answerOrder, daysUntil } from "../../petitions/model";
import type { Alert, Held, PetitionSummary, Queue } from "../../petitions/schemas";
import { areaName, authorityWords, statusBadge, thresholdBar } from "../../petitions/view";
import { petitionQueueMessages, type PetitionQueueKey } from "./petitions.messages";
import { isAbort } from "./sectionKit";
import "../../petitions/petitions.css";

export const deps: {
  api: Pick<PetitionsApi, "queue" | "moderate" | "answer" | "check" | "handleAlert">;
  now: () => Date;
} = {
  api: petitionsApi,
  now: () => new Date(),
};

export const REASON_CODES = ["outside_competence", "duplicate", "unlawful", "other"] as const;

/** The deadline in words: "en retard de 3 jours", "à rendre aujourd'hui", "dans 12 jours". */
export function dueWords(
  t: (key: PetitionQueueKey, params?: Record<string, string | number>) => string,
  days: number,
): string {
  if (days < -1) return t("overdue", { days: -days });
  if (days === -1) return t("overdueOne");
  if (days === 0) return t("dueToday");
  if (days === 1) return t("dueInOne");
  return t("dueIn", { days });
}

/** The moderation's body from the form, or the field errors to show instead. */
export function moderationBody(
  values: { decision: string; reason_code: string; reason_text: string },
  t: (key: PetitionQueueKey) => string,
): { body: ModerationBody } | { errors: Record<string, string[]> } {
  if (values.decision !== "admissible" && values.decision !== "inadmissible")
    return { errors: { decision: [t("needDecision")] } };
  const reason_text = values.reason_text.trim();
  if (values.decision === "admissible") return { body: { decision: "admissible", reason_text } };
  const code = REASON_CODES.find((c) => c === values.reason_code);
  if (!code) return { errors: { reason_code: [t("needReason")] } };
  return { body: { decision: "inadmissible", reason_code: code, reason_text } };
}

let ids = 0;

function mount(root: HTMLElement, context: PageContext): void {
  const t = localTranslator(petitionQueueMessages, context.lang);
  const pt = localTranslator(petitionMessages, context.lang);
  const { lang } = context;
  context.setTitle(t("title"));
  const status = h(
    "p",
    { class: "kit-status", role: "status", "aria-live": "polite", id: "queue-status" },
    t("loading"),
  );
  const parts = h("div", {});
  root.append(
    h(
      "div",
      { class: "narrow petition-queue" },
      h("h1", {}, t("title")),
      h("p", {}, t("intro")),
      status,
      parts,
    ),
  );

  async function load(): Promise<void> {
    parts.setAttribute("aria-busy", "true");
    try {
      const queue = await deps.api.queue(context.signal);
      draw(queue);
    } catch (error) {
      if (isAbort(error)) return;
      console.error(error);
      loadFailed(status, t("loadFailed"), t("retry"), () => void load());
    } finally {
      parts.removeAttribute("aria-busy");
    }
  }

  function draw(queue: Queue): void {
    setText(
      status,
      t("summary", {
        pending: queue.pending.length,
        answer: queue.agenda.length,
        held: queue.held_signatures.length,
        alerts: queue.alerts.length,
      }),
    );
    parts.replaceChildren(
      part("queue-moderate", t("moderateTitle"), t("moderateNone"), queue.pending.map(moderateItem)),
      part("queue-answer", t("answerTitle"), t("answerNone"), answerOrder(queue.agenda).map(answerItem)),
      heldPart(queue.held_signatures),
      part("queue-alerts", t("alertsTitle"), t("alertsNone"), queue.alerts.map(alertItem)),
    );
  }

  function part(id: string, title: string, none: string, items: HTMLElement[]): HTMLElement {
    return h(
      "section",
      { id, "aria-labelledby": `${id}-title` },
      h("h2", { id: `${id}-title` }, title),
      items.length ? h("ul", { class: "petition-queue-list" }, ...items) : h("p", {}, none),
    );
  }

  function head(p: PetitionSummary): HTMLElement[] {
    return [
      h("h3", {}, h("a", { href: pathTo("petition", { id: p.id }) }, p.title)),
      h(
        "p",
        { class: "petition-item-meta" },
        statusBadge(pt, p.status),
        h("span", {}, authorityWords(pt, p.authority, context.t)),
        h(
          "span",
          {},
          p.author_name
            ? t("filedBy", { date: formatDate(lang, p.created_at), name: p.author_name })
            : t("filedOn", { date: formatDate(lang, p.created_at) }),
        ),
      ),
    ];
  }

  /** Announces `said`, reads the queue again and puts the focus back on the part's heading. */
  function after(said: string, partId: string): void {
    context.announce(said);
    void load().then(() => {
      const heading = document.getElementById(`${partId}-title`);
      heading?.setAttribute("tabindex", "-1");
      heading?.focus();
    });
  }

  function moderateItem(p: PetitionSummary): HTMLElement {
    ids += 1;
    const n = ids;
    const radio = (value: string, label: PetitionQueueKey) => {
      const id = `decision-${p.id}-${value}-${n}`;
      return h(
        "div",
        { class: "check-field" },
        h("input", { type: "radio", id, name: "decision", value }),
        h("label", { for: id }, t(label)),
      );
    };
    const decisionError = h("p", { class: "field-error", id: `decision-${p.id}-${n}-error`, hidden: true });
    const form = h(
      "form",
      {
        class: "petition-form",
        novalidate: true,
        "aria-label": t("decisionForm", { title: p.title }),
        "data-petition": p.id,
      },
      errorSummary(),
      h(
        "fieldset",
        { id: `decision-${p.id}-${n}` },
        h("legend", {}, t("decision")),
        radio("admissible", "admissible"),
        radio("inadmissible", "inadmissible"),
        decisionError,
      ),
      selectField({
        label: t("reasonCode"),
        name: "reason_code",
        choices: [
          ["", t("chooseReason")],
          ...REASON_CODES.map((c): [string, string] => [c, pt(`reason.${c}` as PetitionKey)]),
        ],
      }),
      textArea({
        label: t("reasonText"),
        name: "reason_text",
        rows: 2,
        hint: t("reasonTextHint"),
        attrs: { maxlength: 2000 },
      }),
      h(
        "div",
        { class: "form-buttons" },
        h("button", { type: "submit", class: "button" }, t("moderateButton")),
      ),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const text = (name: string) => {
        const value = data.get(name);
        return typeof value === "string" ? value : "";
      };
      const made = moderationBody(
        { decision: text("decision"), reason_code: text("reason_code"), reason_text: text("reason_text") },
        t,
      );
      if ("errors" in made) {
        if (made.errors.decision) {
          showErrors(
            form,
            new ApiError(400, "invalid", t("needDecision"), { non_field: made.errors.decision }),
            "",
          );
          return;
        }
        showErrors(form, new ApiError(400, "invalid", t("needReason"), made.errors), "");
        return;
      }
      submitting(form, () => deps.api.moderate(p.id, made.body)).then(
        () => {
          after(t("moderated", { title: p.title }), "queue-moderate");
        },
        (error: unknown) => {
          if (!isAbort(error)) showErrors(form, error, t("moderateFailed"));
        },
      );
    });
    return h(
      "li",
      { class: "petition-queue-item", "data-petition": p.id },
      ...head(p),
      p.excerpt ? h("p", { class: "petition-item-excerpt" }, p.excerpt) : null,
      form,
    );
  }

  function answerItem(p: PetitionSummary): HTMLElement {
    const due = p.answer_due_at;
    const days = due ? daysUntil(due, deps.now()) : null;
    const dueLine = due
      ? h(
          "p",
          { class: "petition-due" },
          `${t("due", { date: formatDate(lang, due) })} — `,
          h("span", { class: days !== null && days < 0 ? "petition-overdue" : "" }, dueWords(t, days ?? 0)),
        )
      : null;
    const form = h(
      "form",
      {
        class: "petition-form",
        novalidate: true,
        "aria-label": t("answerForm", { title: p.title }),
        "data-petition": p.id,
      },
      errorSummary(),
      textArea({
        label: t("answerText"),
        name: "text",
        rows: 5,
        hint: t("answerHint"),
        required: true,
        attrs: { maxlength: 10000 },
      }),
      h(
        "div",
        { class: "form-buttons" },
        h("button", { type: "submit", class: "button" }, t("answerButton")),
      ),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = form.querySelector<HTMLTextAreaElement>('[name="text"]')?.value.trim() ?? "";
      if (!text) {
        showErrors(form, new ApiError(400, "invalid", t("needAnswer"), { text: [t("needAnswer")] }), "");
        return;
      }
      submitting(form, () => deps.api.answer(p.id, text)).then(
        () => {
          after(t("answered", { title: p.title }), "queue-answer");
        },
        (error: unknown) => {
          if (!isAbort(error)) showErrors(form, error, t("answerFailed"));
        },
      );
    });
    return h(
      "li",
      { class: "petition-queue-item", "data-petition": p.id },
      ...head(p),
      thresholdBar(pt, lang, p.signature_count, p.threshold, { compact: true }),
      dueLine,
      form,
    );
  }

  function heldPart(held: Held[]): HTMLElement {
    const id = "queue-held";
    const section = h(
      "section",
      { id, "aria-labelledby": `${id}-title` },
      h("h2", { id: `${id}-title` }, t("heldTitle")),
    );
    if (!held.length) {
      section.append(h("p", {}, t("heldNone")));
      return section;
    }
    const line = h("p", { class: "kit-status", role: "status" });
    const rows = held.map((s) => {
      const count = h(
        "button",
        {
          type: "button",
          class: "button",
          "aria-label": t("countLabel", { id: s.id }),
          "data-check": "count",
        },
        t("count"),
      );
      const reject = h(
        "button",
        {
          type: "button",
          class: "button button-quiet",
          "aria-label": t("rejectLabel", { id: s.id }),
          "data-check": "reject",
        },
        t("reject"),
      );
      const check = (decision: "count" | "reject") => {
        count.disabled = true;
        reject.disabled = true;
        deps.api.check(s.id, decision).then(
          () => {
            after(t(decision === "count" ? "counted" : "rejected", { id: s.id }), id);
          },
          (error: unknown) => {
            if (isAbort(error)) return;
            count.disabled = false;
            reject.disabled = false;
            setText(line, error instanceof ApiError && error.status > 0 ? error.message : t("checkFailed"));
            line.dataset.tone = "error";
          },
        );
      };
      count.addEventListener("click", () => {
        check("count");
      });
      reject.addEventListener("click", () => {
        check("reject");
      });
      return h(
        "tr",
        { "data-signature": s.id },
        h("th", { scope: "row" }, h("a", { href: pathTo("petition", { id: s.petition }) }, s.petition_title)),
        h("td", {}, t(`heldReason.${s.held_reason}` as PetitionQueueKey)),
        h("td", {}, areaName(s.area.code, context.t)),
        h("td", {}, formatDateTime(lang, s.created_at)),
        h("td", {}, formatDate(lang, s.account_joined_at)),
        h("td", {}, h("div", { class: "form-buttons" }, count, reject)),
      );
    });
    section.append(
      line,
      h(
        "div",
        { class: "petition-table-wrap", role: "region", "aria-labelledby": `${id}-caption`, tabindex: 0 },
        h(
          "table",
          { class: "petition-table" },
          h("caption", { id: `${id}-caption` }, t("heldCaption")),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ...(
                ["heldPetition", "heldReason", "heldArea", "heldDate", "heldJoined", "heldAction"] as const
              ).map((k) => h("th", { scope: "col" }, t(k))),
            ),
          ),
          h("tbody", {}, ...rows),
        ),
      ),
    );
    return section;
  }

  function alertItem(a: Alert): HTMLElement {
    const handle = h(
      "button",
      {
        type: "button",
        class: "button button-quiet",
        "aria-label": t("handleLabel", { title: a.petition_title }),
      },
      t("handle"),
    );
    const line = h("p", { class: "kit-status", role: "status" });
    handle.addEventListener("click", () => {
      handle.disabled = true;
      deps.api.handleAlert(a.id).then(
        () => {
          after(t("handled", { title: a.petition_title }), "queue-alerts");
        },
        (error: unknown) => {
          if (isAbort(error)) return;
          handle.disabled = false;
          setText(line, error instanceof ApiError && error.status > 0 ? error.message : t("checkFailed"));
          line.dataset.tone = "error";
        },
      );
    });
    return h(
      "li",
      { class: "petition-queue-item", "data-alert": a.id },
      h("h3", {}, h("a", { href: pathTo("petition", { id: a.petition }) }, a.petition_title)),
      h(
        "p",
        {},
        t("alert", {
          count: formatNumber(lang, a.signatures),
          from: formatDateTime(lang, a.first_at),
          to: formatDateTime(lang, a.last_at),
        }),
      ),
      h("div", { class: "form-buttons" }, handle),
      line,
    );
  }

  void load();
}

const page: Page = {
  mount(root, context) {
    mount(root, context);
    return undefined;
  },
};
export default page;
