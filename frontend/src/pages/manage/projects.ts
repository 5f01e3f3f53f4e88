/**
 * Ballot projects (`/gestion/projets`): the projects of a campaign's area with their cost, source
 * proposals and priority-neighbourhood flag; officials of the area flag them and edit them until
 * voting opens (as each project's `can` says).
 */
import { z } from "zod";
import { ApiError } from "../../api/client";
import { BallotProjectOutput, ProjectOutput } from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { formatMoney, localTranslator } from "../../i18n/local";
import { h } from "../../ui/dom";
import { clearErrors, errorSummary, field, showErrors, submitting, textArea } from "../../ui/forms";
import { projectPatch } from "./projects.edit";
import { projectsMessages } from "./projects.messages";
import {
  allPages,
  dataTable,
  editorCard,
  errorText,
  formText,
  pickerSection,
  quietly,
  reasonField,
  say,
  sectionPage,
  type Campaign,
} from "./sectionKit";

type Project = z.output<typeof ProjectOutput>;
type BallotProject = z.output<typeof BallotProjectOutput>;

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(projectsMessages, context.lang);
  const lang = context.lang;
  const { page, status } = sectionPage(root, context, t);
  const body = h("div", {});
  const editor = h("div", {});
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
      refresh();
    },
    after: [body, editor],
  });
  return undefined;

  function refresh(): void {
    const here = current;
    if (!here) return;
    editor.replaceChildren();
    body.replaceChildren(h("p", {}, "…"));
    quietly(
      Promise.all([
        allPages(
          "projects/",
          ProjectOutput,
          { campaign: here.campaign.slug, area: here.area },
          context.signal,
        ),
        request("GET", `campaigns/${here.campaign.slug}/areas/${here.area}/ballot/`, {
          schema: z.array(BallotProjectOutput),
          signal: context.signal,
        }).catch(() => [] as BallotProject[]),
      ]).then(([projects, ballot]) => {
        if (current !== here) return;
        draw(here, projects, new Map(ballot.map((b) => [b.id, b])));
      }),
      (error) => {
        body.replaceChildren();
        say(status, errorText(error, t("failed")), "error");
      },
    );
  }

  function draw(
    here: { campaign: Campaign; area: string },
    projects: Project[],
    ballot: Map<number, BallotProject>,
  ): void {
    const areaName = here.campaign.areas.find((a) => a.code === here.area)?.name ?? here.area;
    if (projects.length === 0) {
      body.replaceChildren(h("p", {}, t("none")));
      return;
    }
    const total = projects.reduce((sum, p) => sum + p.cost, 0);
    const rows = projects.map((project) => {
      const facts = ballot.get(project.id);
      const state = here.campaign.frozen ? t("frozen") : project.can.update ? t("editable") : t("readOnly");
      const priorityCell = h("div", {});
      if (project.can.update && !here.campaign.frozen) {
        const id = `priority-${project.id}`;
        const box = h("input", { type: "checkbox", id, checked: facts?.priority_flagged ?? false });
        box.addEventListener("change", () => {
          const wanted = box.checked;
          box.disabled = true;
          quietly(
            request("PUT", `projects/${project.id}/priority/`, {
              schema: BallotProjectOutput,
              body: { priority: wanted },
              signal: context.signal,
            })
              .then((answer) => {
                ballot.set(answer.id, answer);
                const text = t(answer.priority_flagged ? "priorityOn" : "priorityOff", {
                  title: project.title,
                });
                say(status, text);
                box.checked = answer.priority_flagged;
              })
              .finally(() => {
                box.disabled = false;
              }),
            (error) => {
              box.checked = !wanted;
              say(status, errorText(error, t("failed")), "error");
            },
          );
        });
        priorityCell.append(
          h(
            "div",
            { class: "kit-check" },
            box,
            h(
              "label",
              { for: id },
              t("colPriority"),
              h("span", { class: "visually-hidden" }, ` — ${project.title}`),
            ),
          ),
        );
      } else {
        priorityCell.append(facts?.priority_flagged ? `${t("yes")} (${t("flagged")})` : t("no"));
      }
      if (facts?.in_priority_zone) priorityCell.append(h("p", { class: "kit-meta" }, t("inZone")));
      const actions = h("div", {});
      if (project.can.update) {
        const button = h(
          "button",
          {
            type: "button",
            class: "button button-quiet",
            "aria-label": t("editLabel", { title: project.title }),
          },
          t("edit"),
        );
        button.addEventListener("click", () => {
          openEditor(project, button);
        });
        actions.append(button);
      }
      const sources = h(
        "ul",
        { class: "kit-dup-list" },
        ...project.source_proposals.map((s) =>
          h(
            "li",
            {},
            h("a", { href: `/propositions/${s.id}` }, s.title),
            h("span", { class: "kit-meta" }, ` · ${context.t.status(s.status)}`),
          ),
        ),
      );
      return [
        h(
          "span",
          {},
          project.title,
          h(
            "span",
            { class: "kit-meta", style: "display:block" },
            `n° ${project.id}${project.theme ? ` · ${project.theme.name}` : ""}`,
          ),
        ),
        formatMoney(lang, project.cost),
        project.source_proposals.length ? sources : t("proposalsN", { count: 0 }),
        state,
        priorityCell,
        actions,
      ];
    });
    body.replaceChildren(
      dataTable(
        t("caption", { area: areaName, count: projects.length, total: formatMoney(lang, total) }),
        [
          { label: t("colTitle") },
          { label: t("colCost"), numeric: true },
          { label: t("colSources") },
          { label: t("colStatus") },
          { label: t("colPriority") },
          { label: t("colActions"), hidden: true },
        ],
        rows,
      ),
    );
  }

  function openEditor(project: Project, opener: HTMLButtonElement): void {
    const headingId = `edit-${project.id}`;
    const reason = reasonField(lang, false);
    const form = h(
      "form",
      { novalidate: true },
      errorSummary(),
      field({
        label: t("fieldTitle"),
        name: "title",
        value: project.title,
        required: true,
        attrs: { maxlength: 150 },
      }),
      textArea({
        label: t("fieldDescription"),
        name: "description",
        value: project.description,
        rows: 5,
        required: true,
      }),
      field({
        label: t("fieldCost"),
        name: "cost",
        value: String(project.cost),
        required: true,
        attrs: { inputmode: "numeric" },
      }),
      reason.wrap,
      h("div", { class: "kit-actions" }, h("button", { type: "submit", class: "button" }, t("save"))),
    );
    editorCard({
      editor,
      headingId,
      title: t("editTitle", { id: project.id }),
      form,
      opener,
      closeLabel: t("close"),
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearErrors(form);
      const data = new FormData(form);
      const result = projectPatch(project, {
        title: formText(data, "title"),
        description: formText(data, "description"),
        cost: formText(data, "cost"),
        reason: formText(data, "reason"),
      });
      if (!result.ok) {
        showErrors(form, new ApiError(400, "invalid", t("badCost"), { cost: [t("badCost")] }), t("failed"));
        return;
      }
      if (!result.changed) {
        say(status, t("nothingChanged"));
        return;
      }
      quietly(
        submitting(form, () =>
          request("PATCH", `projects/${project.id}/`, {
            schema: ProjectOutput,
            body: result.body,
            signal: context.signal,
          }),
        ).then((saved) => {
          const text = t("saved", { id: saved.id, title: saved.title });
          say(status, text);
          context.announce(text);
          refresh();
        }),
        (error) => {
          showErrors(form, error, t("failed"));
        },
      );
    });
  }
}

const page: Page = { mount };

export default page;
