/**
 * Paper ballots (`/gestion/papier`): choose the campaign and the area, then enter the ballots
 * collected at polling stations one by one (with the voter's account email or their voter-roll
 * identity), or upload a CSV file whose line errors come back as a table.
 */
import { z } from "zod";
import { ApiError } from "../../api/client";
import {
  BallotCastOutput,
  BallotProjectOutput,
  PaperImportOutput,
  VotingSettingsOutput,
  type VotingRuleEnum,
} from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { formatMoney, formatNumber, localTranslator } from "../../i18n/local";
import { h } from "../../ui/dom";
import { clearErrors, errorSummary, field, showErrors, submitting, wrapControl } from "../../ui/forms";
import { isProjectColumn, lineErrors, paperBody } from "./paper.lines";
import { paperMessages, type PaperKey } from "./paper.messages";
import {
  dataTable,
  errorText,
  pickerSection,
  quietly,
  say,
  sectionPage,
  uid,
  type Campaign,
} from "./sectionKit";

type BallotProject = z.output<typeof BallotProjectOutput>;
type Settings = z.output<typeof VotingSettingsOutput>;

/** Best grade first, as on the paper ballot. */
const GRADES = ["adore", "aime_bien", "pourquoi_pas", "pas_convaincu"] as const;
const IDENTITY = ["email", "full_name", "birth_date", "address"];

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(paperMessages, context.lang);
  const lang = context.lang;
  const { page, status } = sectionPage(root, context, t);
  const body = h("div", {});
  let current: { campaign: Campaign; area: string } | null = null;

  pickerSection({
    page,
    context,
    status,
    failed: t("failed"),
    withArea: true,
    onPick: (campaign, area) => {
      if (!area) return;
      current = { campaign, area };
      say(status, "");
      load();
    },
    after: [body],
  });
  return undefined;

  function load(): void {
    const here = current;
    if (!here) return;
    body.replaceChildren(h("p", {}, "…"));
    const slug = here.campaign.slug;
    quietly(
      Promise.all([
        request("GET", `campaigns/${slug}/areas/${here.area}/ballot/`, {
          schema: z.array(BallotProjectOutput),
          signal: context.signal,
        }),
        request("GET", `campaigns/${slug}/voting/settings/`, {
          schema: VotingSettingsOutput,
          signal: context.signal,
        }),
      ]).then(([projects, settings]) => {
        if (current !== here) return;
        draw(here, projects, settings);
      }),
      (error) => {
        body.replaceChildren();
        say(status, errorText(error, t("failed")), "error");
      },
    );
  }

  function draw(
    here: { campaign: Campaign; area: string },
    projects: BallotProject[],
    settings: Settings,
  ): void {
    const rule: VotingRuleEnum = settings.voting_rule ?? here.campaign.voting_rule ?? "majority_judgment";
    const ruleLine = h("p", {}, t("rule", { rule: t(`rule.${rule}` as PaperKey) }));
    if (rule === "cumulative" && settings.cumulative_points)
      ruleLine.append(" ", t("pointsHint", { points: formatNumber(lang, settings.cumulative_points) }));
    if (rule === "approval" && settings.approval_max)
      ruleLine.append(" ", t("approvalHint", { count: settings.approval_max }));
    if (projects.length === 0) {
      body.replaceChildren(ruleLine, h("p", {}, t("noProjects")));
      return;
    }
    body.replaceChildren(
      ruleLine,
      h("div", { class: "kit-grid" }, oneByOne(here, projects, rule), upload(here, projects)),
    );
  }

  function choiceControl(project: BallotProject, rule: VotingRuleEnum): HTMLElement {
    const name = `choice-${project.id}`;
    const cost = formatMoney(lang, project.cost);
    if (rule === "majority_judgment") {
      const id = uid(name);
      const select = h(
        "select",
        { id, name },
        h("option", { value: "" }, t("ungraded")),
        ...GRADES.map((g) => h("option", { value: g }, t(`grade.${g}`))),
      );
      return wrapControl(id, t("grade", { title: project.title }), select, cost);
    }
    if (rule === "cumulative") {
      return field({
        label: t("points", { title: project.title }),
        name,
        type: "number",
        hint: cost,
        attrs: { min: 0, max: 10000, step: 1, inputmode: "numeric" },
      });
    }
    const id = uid(name);
    return h(
      "div",
      { class: "kit-check" },
      h("input", { type: "checkbox", id, name, value: "1" }),
      h("label", { for: id }, project.title, h("span", { class: "kit-meta" }, ` · ${cost}`)),
    );
  }

  function oneByOne(
    here: { campaign: Campaign; area: string },
    projects: BallotProject[],
    rule: VotingRuleEnum,
  ): HTMLElement {
    const receipt = h("div", {});
    const form = h(
      "form",
      { novalidate: true },
      errorSummary(),
      h(
        "fieldset",
        { class: "kit-fieldset" },
        h("legend", {}, t("voterLegend")),
        h("p", { class: "field-hint" }, t("voterHint")),
        field({ label: t("email"), name: "email", type: "email", autocomplete: "off" }),
        field({ label: t("fullName"), name: "full_name", autocomplete: "off", attrs: { maxlength: 150 } }),
        field({ label: t("birthDate"), name: "birth_date", type: "date" }),
        field({ label: t("address"), name: "address", autocomplete: "off", attrs: { maxlength: 200 } }),
      ),
      h(
        "fieldset",
        { class: "kit-fieldset" },
        h("legend", {}, t("choicesLegend")),
        ...projects.map((p) => choiceControl(p, rule)),
      ),
      h("button", { type: "submit", class: "button" }, t("enter")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearErrors(form);
      receipt.replaceChildren();
      const data = new FormData(form);
      const choices: Record<string, string> = {};
      for (const p of projects) {
        const value = data.get(`choice-${p.id}`);
        choices[String(p.id)] = typeof value === "string" ? value : "";
      }
      const text = (name: string) => {
        const v = data.get(name);
        return typeof v === "string" ? v : "";
      };
      const requestBody = paperBody(rule, {
        email: text("email"),
        fullName: text("full_name"),
        birthDate: text("birth_date"),
        address: text("address"),
        choices,
      });
      quietly(
        submitting(form, () =>
          request("POST", `campaigns/${here.campaign.slug}/areas/${here.area}/paper-ballots/`, {
            schema: BallotCastOutput,
            body: requestBody,
            signal: context.signal,
          }),
        ).then((answer) => {
          const message = t("entered", { receipt: answer.receipt });
          say(status, message);
          form.reset();
          const next = h("button", { type: "button", class: "button" }, t("next"));
          next.addEventListener("click", () => {
            receipt.replaceChildren();
            form.querySelector<HTMLInputElement>("input")?.focus();
          });
          receipt.replaceChildren(
            h(
              "div",
              { class: "kit-card" },
              h("p", {}, t("receiptLabel")),
              h("p", { class: "kit-code" }, answer.receipt),
              next,
            ),
          );
          next.focus();
        }),
        (error) => {
          showErrors(form, error, t("failed"));
        },
      );
    });
    return h(
      "section",
      { class: "kit-card", "aria-labelledby": "paper-one" },
      h("h2", { id: "paper-one" }, t("oneTitle")),
      form,
      receipt,
    );
  }

  function upload(here: { campaign: Campaign; area: string }, projects: BallotProject[]): HTMLElement {
    const result = h("div", {});
    const fileField = field({
      label: t("file"),
      name: "file",
      type: "file",
      attrs: { accept: ".csv,text/csv" },
    });
    const form = h(
      "form",
      { novalidate: true },
      errorSummary(),
      fileField,
      h("button", { type: "submit", class: "button" }, t("upload")),
    );
    const titles = new Map(projects.map((p) => [String(p.id), p.title]));
    const columnName = (column: string): string => {
      if (column === "") return "";
      if (isProjectColumn(column)) {
        const title = titles.get(column);
        return title
          ? `${t("projectColumn", { id: column })} — ${title}`
          : t("projectColumn", { id: column });
      }
      return IDENTITY.includes(column) ? `${column} (${t(`col.${column}` as PaperKey)})` : column;
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearErrors(form);
      result.replaceChildren();
      const input = form.querySelector<HTMLInputElement>('input[name="file"]');
      const file = input?.files?.[0];
      if (!file) {
        showErrors(form, new ApiError(400, "invalid", t("noFile"), { file: [t("noFile")] }), t("failed"));
        return;
      }
      const data = new FormData();
      data.append("file", file);
      quietly(
        submitting(form, () =>
          request("POST", `campaigns/${here.campaign.slug}/areas/${here.area}/paper-ballots/import/`, {
            schema: PaperImportOutput,
            body: data,
            signal: context.signal,
          }),
        ).then((answer) => {
          const message = t("imported", { count: answer.entered });
          say(status, message);
          form.reset();
        }),
        (error) => {
          if (error instanceof ApiError && error.code === "paper_file_invalid") {
            const rows = lineErrors(error.errors, IDENTITY);
            say(status, error.message, "error");
            result.replaceChildren(
              dataTable(
                t("errorsCaption", { count: rows.length }),
                [{ label: t("colLine"), numeric: true }, { label: t("colField") }, { label: t("colReason") }],
                rows.map((row) => [
                  row.line === null ? t("wholeFile") : String(row.line),
                  row.column === "" ? (row.line === null ? "—" : t("wholeLine")) : columnName(row.column),
                  row.reason,
                ]),
              ),
            );
            return;
          }
          showErrors(form, error, t("failed"));
        },
      );
    });
    return h(
      "section",
      { class: "kit-card", "aria-labelledby": "paper-file" },
      h("h2", { id: "paper-file" }, t("importTitle")),
      h("p", { class: "field-hint" }, t("importHint")),
      h("p", { class: "field-hint" }, t("columnsHint", { ids: projects.map((p) => p.id).join(", ") })),
      form,
      result,
    );
  }
}

const page: Page = { mount };

export default page;
