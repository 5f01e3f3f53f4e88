/**
 * Campaigns (`/gestion/campagnes`, administrators): the current phase and the move to the next
 * one with a reason, the schedule (each changed phase is `PUT …/phases/{phase}/` with the
 * reason), the settings (`PATCH campaigns/{slug}/`) and the envelope of each area.
 */
import { z } from "zod";
import { ApiError } from "../../api/client";
import { CampaignOutput, EnvelopeOutput, PhaseEnum, VotingRuleEnum } from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { formatMoney, formatPercent, localTranslator } from "../../i18n/local";
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
import { nextPhase, scheduleRequests, toParisLocal, type Problem, type Row } from "./campaigns.schedule";
import { campaignsMessages, type CampaignsKey } from "./campaigns.messages";
import {
  confirmIn,
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

type Envelope = z.output<typeof EnvelopeOutput>;

const PHASES = PhaseEnum.options;

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(campaignsMessages, context.lang);
  const lang = context.lang;
  const phaseName = (p: string) => context.t.phase(p);
  const { page, status } = sectionPage(root, context, t);
  const body = h("div", {});
  let slug: string | null = null;

  pickerSection({
    page,
    context,
    status,
    failed: t("failed"),
    withArea: false,
    onPick: (campaign) => {
      slug = campaign.slug;
      say(status, "");
      load(campaign.slug);
    },
    after: [body],
  });
  return undefined;

  function load(wanted: string): void {
    quietly(
      Promise.all([
        request("GET", `campaigns/${wanted}/`, { schema: CampaignOutput, signal: context.signal }),
        request("GET", `campaigns/${wanted}/envelopes/`, {
          schema: z.array(EnvelopeOutput),
          signal: context.signal,
        }),
      ]).then(([campaign, envelopes]) => {
        if (slug !== wanted) return;
        draw(campaign, envelopes);
      }),
      (error) => {
        say(status, errorText(error, t("failed")), "error");
      },
    );
  }

  function done(message: string, wanted: string): void {
    say(status, message);
    context.announce(message);
    load(wanted);
  }

  function draw(campaign: Campaign, envelopes: Envelope[]): void {
    body.replaceChildren(
      h("h2", {}, campaign.name),
      h(
        "p",
        { class: "campaign-now" },
        h("strong", {}, t("current", { phase: phaseName(campaign.current_phase) })),
      ),
      campaign.frozen ? h("p", {}, t("frozenNote")) : "",
      h("div", { class: "kit-grid" }, advanceCard(campaign), settingsCard(campaign)),
      scheduleCard(campaign),
      envelopesCard(campaign, envelopes),
    );
  }

  function advanceCard(campaign: Campaign): HTMLElement {
    const next = nextPhase(PHASES, campaign.current_phase);
    const section = h(
      "section",
      { class: "kit-card", "aria-labelledby": "campaign-advance" },
      h("h3", { id: "campaign-advance" }, t("advanceTitle")),
    );
    if (!next || !campaign.can.advance_phase) {
      section.append(
        h("p", {}, next ? t("current", { phase: phaseName(campaign.current_phase) }) : t("advanceNone")),
      );
      return section;
    }
    const reason = reasonField(lang, true);
    const anchor = h("div", { hidden: true });
    const form = h(
      "form",
      { novalidate: true },
      errorSummary(),
      h("p", {}, t("advanceHint", { phase: phaseName(next) })),
      reason.wrap,
      anchor,
      h("button", { type: "submit", class: "button" }, t("advanceButton", { phase: phaseName(next) })),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearErrors(form);
      const text = reason.input.value.trim();
      if (!text) {
        showErrors(
          form,
          new ApiError(400, "invalid", t("problemReason"), { reason: [t("problemReason")] }),
          t("failed"),
        );
        return;
      }
      quietly(
        (async () => {
          const yes = await confirmIn(
            anchor,
            lang,
            t("confirmAdvance", { from: phaseName(campaign.current_phase), to: phaseName(next) }),
          );
          if (!yes) {
            say(status, t("cancelled"));
            return;
          }
          const fresh = await submitting(form, () =>
            request("POST", `campaigns/${campaign.slug}/phases/advance/`, {
              schema: CampaignOutput,
              body: { reason: text },
              signal: context.signal,
            }),
          );
          done(t("advanced", { phase: phaseName(fresh.current_phase) }), campaign.slug);
        })(),
        (error) => {
          showErrors(form, error, t("failed"));
        },
      );
    });
    section.append(form);
    return section;
  }

  function scheduleCard(campaign: Campaign): HTMLElement {
    const inputs = new Map<string, { start: HTMLInputElement; end: HTMLInputElement }>();
    const rows = PHASES.map((phase) => {
      const slot = campaign.phases.find((s) => s.phase === phase);
      const cell = (which: "start" | "end", value: string) => {
        const id = uid(`${which}-${phase}`);
        const input = h("input", {
          id,
          name: `${which}-${phase}`,
          type: "datetime-local",
          disabled: !campaign.can.move_phase,
        });
        input.value = value;
        return {
          input,
          node: h(
            "div",
            {},
            h(
              "label",
              { for: id, class: "visually-hidden" },
              t(which === "start" ? "startOf" : "endOf", { phase: phaseName(phase) }),
            ),
            input,
            h("p", { class: "field-error", id: `${id}-error`, hidden: true }),
          ),
        };
      };
      const start = cell("start", toParisLocal(slot?.start ?? null));
      const end = cell("end", toParisLocal(slot?.end ?? null));
      inputs.set(phase, { start: start.input, end: end.input });
      return [
        h(
          "span",
          {},
          phaseName(phase),
          phase === campaign.current_phase ? h("span", { class: "kit-meta" }, ` (${t("currentMark")})`) : "",
        ),
        start.node,
        end.node,
      ];
    });
    const section = h(
      "section",
      { class: "kit-card", "aria-labelledby": "campaign-schedule" },
      h("h3", { id: "campaign-schedule" }, t("scheduleTitle")),
    );
    const table = dataTable(
      t("scheduleCaption"),
      [{ label: t("colPhase") }, { label: t("colStart") }, { label: t("colEnd") }],
      rows,
    );
    if (!campaign.can.move_phase) {
      section.append(table);
      return section;
    }
    const reason = reasonField(lang, true);
    const anchor = h("div", { hidden: true });
    const form = h(
      "form",
      { novalidate: true },
      errorSummary(),
      h("p", { class: "field-hint" }, t("scheduleHint")),
      table,
      reason.wrap,
      anchor,
      h("button", { type: "submit", class: "button" }, t("saveSchedule")),
    );
    const problemText = (p: Problem): string => {
      const phase = p.phase ? phaseName(p.phase) : "";
      if (p.field === "reason") return t("problemReason");
      return t(
        p.reason === "required"
          ? "problemRequired"
          : p.reason === "order"
            ? "problemOrder"
            : "problemInvalid",
        { phase },
      );
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearErrors(form);
      const edited: Row[] = PHASES.map((phase) => ({
        phase,
        start: inputs.get(phase)?.start.value ?? "",
        end: inputs.get(phase)?.end.value ?? "",
      }));
      const result = scheduleRequests(campaign.phases, edited, reason.input.value);
      if (!result.ok) {
        const errors: Record<string, string[]> = {};
        for (const p of result.problems) {
          const key = p.field === "reason" ? "reason" : `${p.field}-${p.phase ?? ""}`;
          (errors[key] ??= []).push(problemText(p));
        }
        showErrors(
          form,
          new ApiError(400, "invalid", problemText(result.problems[0] as Problem), errors),
          t("failed"),
        );
        return;
      }
      if (result.requests.length === 0) {
        say(status, t("nothingChanged"));
        return;
      }
      quietly(
        (async () => {
          const yes = await confirmIn(anchor, lang, t("confirmSchedule", { count: result.requests.length }));
          if (!yes) {
            say(status, t("cancelled"));
            return;
          }
          let changed = 0;
          await submitting(form, async () => {
            for (const r of result.requests) {
              try {
                await request("PUT", `campaigns/${campaign.slug}/phases/${r.phase}/`, {
                  schema: CampaignOutput,
                  body: r.body,
                  signal: context.signal,
                });
                changed += 1;
              } catch (error) {
                const message = t("stoppedAt", {
                  phase: phaseName(r.phase),
                  reason: errorText(error, t("failed")),
                });
                if (error instanceof ApiError) {
                  const errors: Record<string, string[]> = {};
                  for (const [name, reasons] of Object.entries(error.errors)) {
                    const key = name === "start" || name === "end" ? `${name}-${r.phase}` : name;
                    errors[key] = reasons;
                  }
                  showErrors(form, new ApiError(error.status, error.code, message, errors), t("failed"));
                } else showErrors(form, error, message);
                if (changed) say(status, t("scheduleSaved", { count: changed }));
                return;
              }
            }
            done(t("scheduleSaved", { count: changed }), campaign.slug);
          });
        })(),
        (error) => {
          showErrors(form, error, t("failed"));
        },
      );
    });
    section.append(form);
    return section;
  }

  function settingsCard(campaign: Campaign): HTMLElement {
    const reason = reasonField(lang, false);
    const form = h(
      "form",
      { novalidate: true },
      errorSummary(),
      field({
        label: t("name"),
        name: "name",
        value: campaign.name,
        required: true,
        attrs: { maxlength: 120 },
      }),
      textArea({ label: t("description"), name: "description", value: campaign.description ?? "", rows: 3 }),
      selectField({
        label: t("votingRule"),
        name: "voting_rule",
        choices: VotingRuleEnum.options.map((r) => [r, t(`voting.${r}` as CampaignsKey)]),
        value: campaign.voting_rule,
        attrs: { disabled: campaign.frozen },
      }),
      reason.wrap,
      h("button", { type: "submit", class: "button" }, t("saveSettings")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearErrors(form);
      const data = new FormData(form);
      const text = (name: string) => {
        const v = data.get(name);
        return typeof v === "string" ? v.trim() : "";
      };
      const changes: Record<string, string> = {};
      if (text("name") !== campaign.name) changes.name = text("name");
      if (text("description") !== (campaign.description ?? "").trim())
        changes.description = text("description");
      const rule = text("voting_rule");
      if (rule && rule !== campaign.voting_rule) changes.voting_rule = rule;
      if (Object.keys(changes).length === 0) {
        say(status, t("nothingChanged"));
        return;
      }
      if (text("reason")) changes.reason = text("reason");
      quietly(
        submitting(form, () =>
          request("PATCH", `campaigns/${campaign.slug}/`, {
            schema: CampaignOutput,
            body: changes,
            signal: context.signal,
          }),
        ).then(() => {
          done(t("settingsSaved"), campaign.slug);
        }),
        (error) => {
          showErrors(form, error, t("failed"));
        },
      );
    });
    return h(
      "section",
      { class: "kit-card", "aria-labelledby": "campaign-settings" },
      h("h3", { id: "campaign-settings" }, t("settingsTitle")),
      form,
    );
  }

  function envelopesCard(campaign: Campaign, envelopes: Envelope[]): HTMLElement {
    const section = h(
      "section",
      { class: "kit-card", "aria-labelledby": "campaign-envelopes" },
      h("h3", { id: "campaign-envelopes" }, t("envelopesTitle")),
    );
    if (envelopes.length === 0) {
      section.append(h("p", {}, t("noEnvelopes")));
      return section;
    }
    const total = envelopes.reduce((s, e) => s + e.amount, 0);
    section.append(
      dataTable(
        t("envelopesCaption", { total: formatMoney(lang, total) }),
        [
          { label: t("colArea") },
          { label: t("colAmount"), numeric: true },
          { label: t("colReserved"), numeric: true },
          { label: t("colShare"), numeric: true },
        ],
        envelopes.map((e) => [
          e.area.name,
          formatMoney(lang, e.amount),
          formatMoney(lang, e.reserved_amount ?? 0),
          formatPercent(lang, e.reserved_share),
        ]),
      ),
    );
    if (campaign.frozen) return section;
    const reason = reasonField(lang, false);
    const first = envelopes[0];
    const form = h(
      "form",
      { novalidate: true },
      errorSummary(),
      selectField({
        label: t("envelopeArea"),
        name: "area",
        choices: envelopes.map((e) => [e.area.code, e.area.name]),
      }),
      field({
        label: t("amount"),
        name: "amount",
        value: String(first?.amount ?? ""),
        attrs: { inputmode: "numeric" },
      }),
      field({
        label: t("reserved"),
        name: "reserved_amount",
        value: String(first?.reserved_amount ?? 0),
        attrs: { inputmode: "numeric" },
      }),
      reason.wrap,
      h("button", { type: "submit", class: "button" }, t("saveEnvelope")),
    );
    const areaSelect = form.querySelector<HTMLSelectElement>('select[name="area"]');
    areaSelect?.addEventListener("change", () => {
      const e = envelopes.find((x) => x.area.code === areaSelect.value);
      const amount = form.querySelector<HTMLInputElement>('input[name="amount"]');
      const reserved = form.querySelector<HTMLInputElement>('input[name="reserved_amount"]');
      if (e && amount && reserved) {
        amount.value = String(e.amount);
        reserved.value = String(e.reserved_amount ?? 0);
      }
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearErrors(form);
      const data = new FormData(form);
      const number = (name: string): number | null => {
        const v = formText(data, name).replace(/[\s\u202f\u00a0€]/g, "");
        return /^\d+$/.test(v) ? Number(v) : null;
      };
      const amount = number("amount");
      const reserved = number("reserved_amount");
      const bad: Record<string, string[]> = {};
      if (amount === null || amount < 1) bad.amount = [t("badAmount")];
      if (reserved === null) bad.reserved_amount = [t("badAmount")];
      if (amount === null || reserved === null || amount < 1) {
        showErrors(form, new ApiError(400, "invalid", t("badAmount"), bad), t("failed"));
        return;
      }
      const code = formText(data, "area");
      const text = formText(data, "reason").trim();
      quietly(
        submitting(form, () =>
          request("PUT", `campaigns/${campaign.slug}/envelopes/${code}/`, {
            schema: EnvelopeOutput,
            body: { amount, reserved_amount: reserved, ...(text ? { reason: text } : {}) },
            signal: context.signal,
          }),
        ).then((saved) => {
          done(
            t("envelopeSaved", { area: saved.area.name, amount: formatMoney(lang, saved.amount) }),
            campaign.slug,
          );
        }),
        (error) => {
          showErrors(form, error, t("failed"));
        },
      );
    });
    section.append(form);
    return section;
  }
}

const page: Page = { mount };

export default page;
