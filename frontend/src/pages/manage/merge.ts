/**
 * The merge tool (`/gestion/fusion`, `/gestion/fusion/<proposal id>`): pick an accepted proposal,
 * see its possible duplicates on a small map and in a list, then make a ballot project of them,
 * add them to an existing project, or merge the duplicates into the proposal — each after a
 * confirmation, with the outcome said.
 */
import { z } from "zod";
import { ApiError } from "../../api/client";
import {
  DuplicateOutput,
  ProjectOutput,
  ProposalOfficialOutput,
  ProposalOutput,
} from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { formatMoney, formatPercent, localTranslator } from "../../i18n/local";
import { h } from "../../ui/dom";
import {
  clearErrors,
  errorSummary,
  field,
  showErrors,
  submitting,
  textArea,
  selectField,
} from "../../ui/forms";
import { drawMergeMap, type MapPoint } from "./merge.map";
import { mergeMessages } from "./merge.messages";
import {
  addBody,
  blocker,
  mergeCalls,
  projectBody,
  ranked,
  summedCost,
  toggle,
  type Blocker,
  type MergeSubject,
} from "./merge.selection";
import {
  allPages,
  confirmIn,
  dataTable,
  errorText,
  formText,
  pickerSection,
  quietly,
  say,
  statusLine,
} from "./sectionKit";

type Proposal = z.output<typeof ProposalOutput>;
type Duplicate = z.output<typeof DuplicateOutput>;
type Project = z.output<typeof ProjectOutput>;

function mount(root: HTMLElement, context: PageContext): () => void {
  const t = localTranslator(mergeMessages, context.lang);
  const lang = context.lang;
  context.setTitle(t("title"));
  const page = h("div", { class: "kit-page" });
  root.append(page);
  const cleanups: (() => void)[] = [];
  const id = Number(context.params.id);
  if (context.params.id && Number.isInteger(id) && id > 0) detail(id);
  else chooser();
  return () => {
    for (const c of cleanups) c();
  };

  // --- the list of accepted proposals --------------------------------------------------------
  function chooser(): void {
    const status = statusLine();
    const list = h("div", {});
    page.replaceChildren(h("h1", {}, t("title")), h("p", {}, t("intro")), status);
    pickerSection({
      page,
      context,
      status,
      failed: t("failed"),
      withArea: false,
      onPick: (campaign) => {
        list.replaceChildren(h("p", {}, "…"));
        quietly(
          allPages(
            "review/queue/",
            ProposalOfficialOutput,
            { campaign: campaign.slug, status: "accepted" },
            context.signal,
          ).then((items) => {
            list.replaceChildren(acceptedTable(items));
          }),
          (error) => {
            list.replaceChildren();
            say(status, errorText(error, t("failed")), "error");
          },
        );
      },
      after: [list],
    });
  }

  function acceptedTable(items: z.output<typeof ProposalOfficialOutput>[]): HTMLElement {
    if (items.length === 0) return h("p", {}, t("noAccepted"));
    return dataTable(
      t("acceptedCaption", { count: items.length }),
      [
        { label: t("colTitle") },
        { label: t("colArea") },
        { label: t("colCost"), numeric: true },
        { label: t("colProject") },
      ],
      items.map((p) => [
        h("a", { href: `/gestion/fusion/${p.id}` }, p.title),
        p.area?.name ?? "—",
        p.estimated_cost === null ? "—" : formatMoney(lang, p.estimated_cost),
        p.project === null ? t("noProject") : t("projectN", { id: p.project }),
      ]),
    );
  }

  // --- one proposal and its duplicates -------------------------------------------------------
  function detail(proposalId: number): void {
    const status = statusLine();
    page.replaceChildren(
      h("p", {}, h("a", { href: "/gestion/fusion" }, t("back"))),
      h("h1", {}, t("title")),
      status,
    );
    quietly(load(proposalId), (error) => {
      console.error(error);
      say(status, errorText(error, t("loadFailed")), "error");
    });

    async function load(pid: number): Promise<void> {
      const signal = context.signal;
      const [proposal, duplicates] = await Promise.all([
        request("GET", `proposals/${pid}/`, { schema: ProposalOutput, signal }),
        request("GET", `proposals/${pid}/duplicates/`, { schema: z.array(DuplicateOutput), signal }).catch(
          (error: unknown) => {
            if (error instanceof ApiError && error.status === 403) return [] as Duplicate[];
            throw error;
          },
        ),
      ]);
      const order = ranked(duplicates);
      const [details, projects] = await Promise.all([
        Promise.all(
          order.map((d) =>
            request("GET", `proposals/${d.id}/`, { schema: ProposalOutput, signal }).catch(() => null),
          ),
        ),
        proposal.area
          ? allPages(
              "projects/",
              ProjectOutput,
              { campaign: proposal.campaign, area: proposal.area.code },
              signal,
            )
          : Promise.resolve([] as Project[]),
      ]);
      const known = new Map<number, Proposal>();
      for (const d of details) if (d) known.set(d.id, d);
      show(proposal, order, known, projects, status);
    }
  }

  function show(
    proposal: Proposal,
    order: Duplicate[],
    known: Map<number, Proposal>,
    projects: Project[],
    status: HTMLElement,
  ): void {
    for (const c of cleanups.splice(0)) c();
    const subject: MergeSubject = {
      id: proposal.id,
      status: proposal.status,
      area: proposal.area?.code ?? null,
      project: proposal.project,
      estimatedCost: proposal.estimated_cost,
    };
    const candidates = order.map((d) => ({ ...d, project: known.get(d.id)?.project ?? null }));
    const ids = order.map((d) => d.id);
    let selection: number[] = [];
    context.setTitle(`${proposal.title} — ${t("title")}`);

    const heading = h("h2", {}, proposal.title);
    const facts = h(
      "p",
      { class: "kit-meta" },
      t("subjectFacts", {
        id: proposal.id,
        status: context.t.status(proposal.status),
        area: proposal.area?.name ?? "—",
      }),
      " · ",
      proposal.estimated_cost === null
        ? t("noCost")
        : t("costLine", { cost: formatMoney(lang, proposal.estimated_cost) }),
    );
    const notes: HTMLElement[] = [];
    if (proposal.project !== null) {
      const projects = `/gestion/projets?campagne=${encodeURIComponent(proposal.campaign)}&zone=${encodeURIComponent(proposal.area?.code ?? "")}`;
      notes.push(
        h(
          "p",
          {},
          t("inProject", { id: proposal.project }),
          " ",
          h("a", { href: projects }, t("openProjects")),
        ),
      );
    }
    const mergeable = proposal.status === "accepted";
    if (!mergeable && proposal.status !== "merged")
      notes.push(
        h("p", { class: "form-errors" }, t("notMergeable", { status: context.t.status(proposal.status) })),
      );

    // Map and list.
    const mapBox = h("div", { class: "kit-map" });
    const points: MapPoint[] = [];
    const coords = proposal.location?.coordinates;
    if (coords)
      points.push({
        label: t("subjectMarker"),
        lng: coords[0] ?? 0,
        lat: coords[1] ?? 0,
        main: true,
        title: proposal.title,
      });
    order.forEach((d, i) => {
      const c = known.get(d.id)?.location?.coordinates;
      if (c)
        points.push({ label: String(i + 1), lng: c[0] ?? 0, lat: c[1] ?? 0, main: false, title: d.title });
    });
    const counter = h("p", { class: "kit-meta", "aria-live": "polite" }, t("selected", { count: 0 }));
    const checks: HTMLInputElement[] = [];
    const why = (b: Blocker, d: Duplicate): string =>
      b === "not_accepted"
        ? t("whyNotAccepted", { status: context.t.status(d.status) })
        : b === "other_area"
          ? t("whyOtherArea")
          : t("whyInProject");
    const list = h(
      "ul",
      { class: "kit-dup-list" },
      ...candidates.map((d, i) => {
        const b = mergeable ? blocker(d, subject) : "not_accepted";
        const cid = `dup-${d.id}`;
        const meta = [
          context.t.status(d.status),
          known.get(d.id)?.area?.name ?? d.area ?? "—",
          d.distance_m === null ? t("noDistance") : t("distance", { metres: Math.round(d.distance_m) }),
          t("similarity", { share: formatPercent(lang, d.similarity) }),
        ].join(" · ");
        const box = h("input", {
          type: "checkbox",
          id: cid,
          name: "duplicate",
          value: d.id,
          disabled: b !== null,
        });
        box.addEventListener("change", () => {
          selection = toggle(selection, d.id, ids);
          counter.textContent = t("selected", { count: selection.length });
        });
        checks.push(box);
        return h(
          "li",
          {},
          h(
            "div",
            { class: "kit-check" },
            box,
            h(
              "label",
              { for: cid },
              h("span", { class: "kit-dup-num", "aria-hidden": "true" }, String(i + 1)),
              d.title,
              h("span", { class: "kit-meta", style: "display:block" }, meta, b ? ` · ${why(b, d)}` : ""),
            ),
          ),
          h("a", { href: `/propositions/${d.id}`, class: "kit-meta" }, t("openProposal", { id: d.id })),
        );
      }),
    );
    const listBox = h(
      "fieldset",
      { class: "kit-fieldset" },
      h("legend", {}, t("duplicatesLegend", { count: order.length })),
      order.length ? list : h("p", {}, t("noDuplicates")),
      counter,
    );
    const mapRegion = h(
      "div",
      { role: "region", "aria-label": t("mapLabel") },
      mapBox,
      h("p", { class: "kit-meta" }, t("mapHint")),
    );

    const selectedCosts = (): (number | null)[] => [
      proposal.estimated_cost,
      ...selection.map((sid) => known.get(sid)?.estimated_cost ?? null),
    ];

    // The three ways of merging.
    const actions = h("div", { class: "kit-grid" });
    if (mergeable) actions.append(createCard(), addCard(), mergeCard());

    page.replaceChildren(
      h("p", {}, h("a", { href: "/gestion/fusion" }, t("back"))),
      h("h1", {}, t("title")),
      status,
      heading,
      facts,
      ...notes,
      h("div", { class: "kit-grid" }, mapRegion, listBox),
      actions,
    );
    cleanups.push(drawMergeMap(mapBox, points, context.signal));

    function reload(message: string): void {
      say(status, message);
      context.announce(message);
      quietly(reloadDetail(), (error) => {
        say(status, errorText(error, t("loadFailed")), "error");
      });
    }

    async function reloadDetail(): Promise<void> {
      const signal = context.signal;
      const fresh = await request("GET", `proposals/${proposal.id}/`, { schema: ProposalOutput, signal });
      const dups = ranked(
        await request("GET", `proposals/${proposal.id}/duplicates/`, {
          schema: z.array(DuplicateOutput),
          signal,
        }),
      );
      const details = await Promise.all(
        dups.map((d) =>
          request("GET", `proposals/${d.id}/`, { schema: ProposalOutput, signal }).catch(() => null),
        ),
      );
      const map = new Map<number, Proposal>();
      for (const d of details) if (d) map.set(d.id, d);
      const prj = fresh.area
        ? await allPages(
            "projects/",
            ProjectOutput,
            { campaign: fresh.campaign, area: fresh.area.code },
            signal,
          )
        : [];
      const message = status.textContent;
      show(fresh, dups, map, prj, status);
      say(status, message);
    }

    function fail(form: HTMLElement, error: unknown): void {
      showErrors(form, error, t("failed"));
    }

    function createCard(): HTMLElement {
      const summary = errorSummary();
      const sum = summedCost(selectedCosts());
      const costHint = () => {
        const s = summedCost(selectedCosts());
        return s === null ? t("costHintNone") : t("costHint", { sum: formatMoney(lang, s) });
      };
      const form = h(
        "form",
        { novalidate: true },
        summary,
        field({ label: t("fieldTitle"), name: "title", value: proposal.title, attrs: { maxlength: 150 } }),
        textArea({ label: t("fieldDescription"), name: "description", value: proposal.description, rows: 4 }),
        field({
          label: t("fieldCost"),
          name: "cost",
          attrs: { inputmode: "numeric" },
          hint: sum === null ? t("costHintNone") : t("costHint", { sum: formatMoney(lang, sum) }),
        }),
        h("div", { class: "kit-confirm-anchor", hidden: true }),
        h("button", { type: "submit", class: "button" }, t("createButton")),
      );
      for (const box of checks) {
        box.addEventListener("change", () => {
          const hint = form.querySelector(".field-hint");
          if (hint) hint.textContent = costHint();
        });
      }
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        clearErrors(form);
        const data = new FormData(form);
        const result = projectBody(subject, selection, {
          title: formText(data, "title"),
          description: formText(data, "description"),
          cost: formText(data, "cost"),
        });
        if (!result.ok) {
          const reason = result.reason === "cost" ? t("badCost") : t("required");
          fail(form, new ApiError(400, "invalid", reason, { [result.field]: [reason] }));
          return;
        }
        const anchor = form.querySelector<HTMLElement>(".kit-confirm-anchor");
        if (!anchor) return;
        quietly(
          (async () => {
            const yes = await confirmIn(
              anchor,
              lang,
              t("confirmCreate", { count: result.body.proposals.length }),
            );
            if (!yes) {
              say(status, t("cancelled"));
              return;
            }
            const project = await submitting(form, () =>
              request("POST", "projects/", {
                schema: ProjectOutput,
                body: result.body,
                signal: context.signal,
              }),
            );
            reload(
              t("created", { id: project.id, title: project.title, count: project.source_proposals.length }),
            );
          })(),
          (error) => {
            fail(form, error);
          },
        );
      });
      return h(
        "section",
        { class: "kit-card", "aria-labelledby": "merge-create" },
        h("h3", { id: "merge-create" }, t("createTitle")),
        h("p", {}, t("createHint")),
        form,
      );
    }

    function addCard(): HTMLElement {
      const open = projects.filter((p) => p.can.add_proposals);
      const section = h(
        "section",
        { class: "kit-card", "aria-labelledby": "merge-add" },
        h("h3", { id: "merge-add" }, t("addTitle")),
        h("p", {}, t("addHint")),
      );
      if (open.length === 0) {
        section.append(h("p", {}, t("noProjects")));
        return section;
      }
      const summary = errorSummary();
      const form = h(
        "form",
        { novalidate: true },
        summary,
        selectField({
          label: t("fieldProject"),
          name: "project",
          choices: open.map((p) => [String(p.id), `n° ${p.id} — ${p.title} (${formatMoney(lang, p.cost)})`]),
          value: proposal.project !== null ? String(proposal.project) : undefined,
        }),
        h("div", { class: "kit-confirm-anchor", hidden: true }),
        h("button", { type: "submit", class: "button" }, t("addButton")),
      );
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        clearErrors(form);
        const pid = Number(new FormData(form).get("project"));
        const target = open.find((p) => p.id === pid);
        if (!target) return;
        const result = addBody(subject, pid, selection);
        if (!result.ok) {
          fail(form, new ApiError(400, "invalid", t("chooseFirst")));
          return;
        }
        const anchor = form.querySelector<HTMLElement>(".kit-confirm-anchor");
        if (!anchor) return;
        quietly(
          (async () => {
            const yes = await confirmIn(
              anchor,
              lang,
              t("confirmAdd", { count: result.body.proposals.length, title: target.title }),
            );
            if (!yes) {
              say(status, t("cancelled"));
              return;
            }
            const project = await submitting(form, () =>
              request("POST", `projects/${pid}/proposals/`, {
                schema: ProjectOutput,
                body: result.body,
                signal: context.signal,
              }),
            );
            reload(t("added", { count: result.body.proposals.length, id: project.id, title: project.title }));
          })(),
          (error) => {
            fail(form, error);
          },
        );
      });
      section.append(form);
      return section;
    }

    function mergeCard(): HTMLElement {
      const summary = errorSummary();
      const form = h(
        "form",
        { novalidate: true },
        summary,
        h("div", { class: "kit-confirm-anchor", hidden: true }),
        h("button", { type: "submit", class: "button" }, t("mergeButton")),
      );
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        clearErrors(form);
        const calls = mergeCalls(subject, selection);
        if (calls.length === 0) {
          fail(form, new ApiError(400, "invalid", t("chooseFirst")));
          return;
        }
        const anchor = form.querySelector<HTMLElement>(".kit-confirm-anchor");
        if (!anchor) return;
        quietly(
          (async () => {
            const yes = await confirmIn(
              anchor,
              lang,
              t("confirmMerge", { count: calls.length, title: proposal.title }),
            );
            if (!yes) {
              say(status, t("cancelled"));
              return;
            }
            let done = 0;
            await submitting(form, async () => {
              for (const call of calls) {
                try {
                  await request("POST", `proposals/${call.id}/merge/`, {
                    schema: ProposalOfficialOutput,
                    body: call.body,
                    signal: context.signal,
                  });
                  done += 1;
                } catch (error) {
                  if (done === 0) throw error;
                  reload(t("mergedPartly", { done, id: call.id, reason: errorText(error, t("failed")) }));
                  return;
                }
              }
              reload(t("merged", { count: done, id: proposal.id }));
            });
          })(),
          (error) => {
            fail(form, error);
          },
        );
      });
      return h(
        "section",
        { class: "kit-card", "aria-labelledby": "merge-into" },
        h("h3", { id: "merge-into" }, t("mergeTitle")),
        h("p", {}, t("mergeHint")),
        form,
      );
    }
  }
}

const page: Page = { mount };

export default page;
