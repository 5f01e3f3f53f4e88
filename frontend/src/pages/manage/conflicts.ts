/**
 * Identity conflicts (`/gestion/identites`): choose the campaign, then each conflict of the voter
 * roll the official may see, both sides compared row by row (never what was chosen), with the
 * ballots it holds; an open one is decided here with a reason (`can.decide` says when).
 */
import { z } from "zod";
import { IdentityConflictOutput } from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { formatDateTime, localTranslator } from "../../i18n/local";
import { h } from "../../ui/dom";
import { clearErrors, errorSummary, showErrors, submitting } from "../../ui/forms";
import { missing } from "../signIn/errors";
import { conflictsMessages } from "./conflicts.messages";
import { DECISIONS, sideRows } from "./conflicts.view";
import {
  allPages,
  dataTable,
  errorText,
  formText,
  pickerSection,
  quietly,
  reasonField,
  say,
  sectionPage,
  uid,
  type Campaign,
} from "./sectionKit";

type Conflict = z.output<typeof IdentityConflictOutput>;

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(conflictsMessages, context.lang);
  const lang = context.lang;
  const { page, status } = sectionPage(root, context, t);
  const body = h("div", {});
  let campaign: Campaign | null = null;

  pickerSection({
    page,
    context,
    status,
    failed: t("failed"),
    withArea: false,
    onPick: (picked) => {
      campaign = picked;
      load();
    },
    after: [body],
  });
  return undefined;

  function load(): void {
    const here = campaign;
    if (!here) return;
    body.setAttribute("aria-busy", "true");
    quietly(
      allPages(`campaigns/${here.slug}/identity-conflicts/`, IdentityConflictOutput, {}, context.signal).then(
        (conflicts) => {
          body.removeAttribute("aria-busy");
          body.replaceChildren(
            ...(conflicts.length ? conflicts.map((c) => card(here, c)) : [h("p", {}, t("none"))]),
          );
        },
      ),
      (error) => {
        body.removeAttribute("aria-busy");
        say(status, errorText(error, t("failed")), "error");
      },
    );
  }

  function card(here: Campaign, conflict: Conflict): HTMLElement {
    const headingId = uid("conflict");
    const state =
      conflict.status === "open"
        ? t("open")
        : t("decided", {
            date: conflict.decided_at ? formatDateTime(lang, conflict.decided_at) : t("dash"),
            who: conflict.decided_by ?? t("dash"),
          });
    const rows = sideRows(t, lang, conflict.first, conflict.second);
    const parts: Node[] = [
      h(
        "h2",
        { id: headingId },
        t("heading", { id: conflict.id, date: formatDateTime(lang, conflict.opened_at) }),
      ),
      h("p", { class: "conflict-state" }, state),
    ];
    if (conflict.status === "open") parts.push(h("p", {}, t("held", { count: conflict.on_hold })));
    else
      parts.push(
        h(
          "p",
          {},
          `${t(`decision.${conflict.decision as (typeof DECISIONS)[number]}`)} — ${conflict.reason}`,
        ),
      );
    parts.push(
      dataTable(
        t("caption"),
        [{ label: t("aspect") }, { label: t("first") }, { label: t("second") }],
        rows.map(([aspect, a, b]) => [aspect, a, b]),
      ),
    );
    if (conflict.can.decide) parts.push(decideForm(here, conflict));
    return h(
      "section",
      { class: "kit-card", "aria-labelledby": headingId, "data-conflict": String(conflict.id) },
      ...parts,
    );
  }

  function decideForm(here: Campaign, conflict: Conflict): HTMLElement {
    const ids = DECISIONS.map(() => uid("decision"));
    const errorId = `${ids[0] ?? uid("decision")}-error`;
    const choices = DECISIONS.map((decision, i) =>
      h(
        "div",
        { class: "field-choice" },
        h("input", { type: "radio", id: ids[i] ?? null, name: "decision", value: decision, required: true }),
        h("label", { for: ids[i] ?? null }, t(`decision.${decision}`)),
      ),
    );
    const reason = reasonField(lang, true);
    // This reason is also told to a voter whose claim is set aside: the label says so.
    const label = reason.wrap.querySelector("label");
    if (label) label.textContent = t("reason");
    const form = h(
      "form",
      { class: "account-form", novalidate: true },
      errorSummary(),
      h(
        "fieldset",
        {},
        h("legend", {}, t("decisionLegend")),
        ...choices,
        h("p", { class: "field-error", id: errorId, hidden: true }),
      ),
      reason.wrap,
      h("div", { class: "kit-actions" }, h("button", { type: "submit", class: "button" }, t("decide"))),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearErrors(form);
      const empty = missing(form, { decision: t("decisionMissing"), reason: t("reasonMissing") });
      if (empty) {
        showErrors(form, empty, t("decideFailed"));
        return;
      }
      const data = new FormData(form);
      void submitting(form, async () => {
        try {
          await request("POST", `campaigns/${here.slug}/identity-conflicts/${conflict.id}/decide/`, {
            schema: IdentityConflictOutput,
            body: { decision: formText(data, "decision"), reason: formText(data, "reason").trim() },
            signal: context.signal,
          });
          say(status, t("done", { id: conflict.id }));
          load();
        } catch (error) {
          showErrors(form, error, t("decideFailed"));
        }
      });
    });
    return form;
  }
}

const conflictsPage: Page = { mount };
export default conflictsPage;
