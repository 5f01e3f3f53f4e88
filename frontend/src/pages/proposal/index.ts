/**
 * `/propositions/<id>`: one proposal with its status and the City's answer, its cost, its place on
 * a small map (arrondissement and quartier), the proposal or project it was merged into, and the
 * actions the API's `can` map allows the reader now: edit, withdraw, report with a reason.
 */
import { api, ApiError, isAbort, type District, type Theme } from "../../api";
import { ProjectOutput, ProposalOutput, ReportOutput } from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { formatDate, formatMoney, localTranslator } from "../../i18n/local";
import { h, loadFailed, setText } from "../../ui/dom";
import { errorSummary, field, selectField, showErrors, submitting, textArea } from "../../ui/forms";
import type { z } from "zod";
import { proposalMessages, type ProposalKey } from "./messages";
import { placeLabel } from "./place";
import { PlaceMap } from "./placeMap";
import { followButton } from "../../notifications/followButton";
import { commentThread } from "../../conversations/thread";
import { supportButton } from "../../conversations/supportButton";
import "./proposal.css";
import { REPORT_REASONS, authorWords, reportBody, reportRefusal, statusWords } from "./view";

type Proposal = z.output<typeof ProposalOutput>;

function mount(root: HTMLElement, context: PageContext): () => void {
  const t = localTranslator(proposalMessages, context.lang);
  const id = context.params.id ?? "";
  const heading = h("h1", {}, t("number", { id }));
  const status = h("p", { class: "page-status", role: "status" }, t("loading"));
  const body = h("div", { class: "proposal-body" });
  const wrap = h("article", { class: "proposal-page narrow" }, heading, status, body);
  root.append(wrap);
  context.setTitle(t("number", { id }));

  const mapBox = h("div", { id: "proposal-map" });
  let placeMap: PlaceMap | null = null;
  let proposal: Proposal | null = null;
  let themes: Theme[] = [];
  let districts: District[] = [];
  let thread: HTMLElement | null = null;
  const signInHref = () => `${pathTo("signIn")}?next=${encodeURIComponent(window.location.pathname)}`;

  function notFound(): void {
    context.setTitle(t("notFoundTitle"));
    setText(heading, t("notFoundTitle"));
    status.remove();
    body.replaceChildren(h("p", {}, t("notFoundText")), h("a", { href: "/" }, t("backToMap")));
  }

  if (!/^\d+$/.test(id)) {
    notFound();
    return () => undefined;
  }

  const load = async (): Promise<void> => {
    setText(status, t("loading"));
    try {
      const [found, themeList, districtList] = await Promise.all([
        request("GET", `proposals/${id}/`, { schema: ProposalOutput, signal: context.signal }),
        api.themes(context.signal).catch(() => [] as Theme[]),
        api.districts("arrondissement", context.signal).catch(() => [] as District[]),
      ]);
      proposal = found;
      themes = themeList;
      districts = districtList;
      status.remove();
      render();
    } catch (error) {
      if (isAbort(error)) return;
      if (error instanceof ApiError && error.status === 404) {
        notFound();
        return;
      }
      console.error(error);
      loadFailed(status, t("loadFailed"), t("retry"), () => void load());
    }
  };

  function themeName(slug: string, fallback: string): string {
    const theme = themes.find((item) => item.slug === slug);
    return context.t.themeName(theme ?? { name: fallback });
  }

  function render(): void {
    const p = proposal;
    if (!p) return;
    context.setTitle(p.title);
    setText(heading, p.title);
    const facts = h("dl", { class: "proposal-facts" });
    const fact = (term: ProposalKey, ...value: (Node | string)[]) => {
      facts.append(h("dt", {}, t(term)), h("dd", {}, ...value));
    };
    fact(
      "status",
      h("span", { class: "status-word", id: "proposal-status" }, statusWords(p, context.t, t("hidden"))),
    );
    fact("theme", themeName(p.theme.slug, p.theme.name));
    if (p.estimated_cost !== null) fact("cost", formatMoney(context.lang, p.estimated_cost));
    const where = placeLabel(p.district, p.quartier, context.t);
    if (where) fact("place", h("span", { id: "proposal-place" }, where));
    if (p.address) fact("address", p.address);
    fact("scope", t(p.scope === "city" ? "scopeCity" : "scopeArrondissement"));
    fact("deposited", formatDate(context.lang, p.created_at));
    const by = authorWords(p.author, t("formerParticipant"));
    if (by) fact("author", h("span", { id: "proposal-author" }, by));

    const parts: (Node | null)[] = [
      h("p", { class: "proposal-number" }, t("number", { id: p.id })),
      follow("proposal", p.id, p.title),
      supportButton({
        proposal: p,
        lang: context.lang,
        signedIn: context.session.user() !== null,
        open: p.status === "submitted" && !p.is_hidden,
        signInHref: signInHref(),
        announce: (text) => {
          context.announce(text);
        },
      }),
      facts,
    ];
    if (p.is_hidden && p.hidden_reason) {
      parts.push(h("p", { class: "notice" }, t("hiddenReason", { reason: p.hidden_reason })));
    }
    parts.push(h("p", { class: "proposal-description" }, p.description));
    if (p.public_answer) {
      parts.push(
        h(
          "section",
          { class: "proposal-answer", "aria-labelledby": "answer-title" },
          h("h2", { id: "answer-title" }, t("answer")),
          h("p", { class: "proposal-description" }, p.public_answer),
        ),
      );
    }
    if (p.merged_into !== null) parts.push(mergedInto(p.merged_into));
    if (p.project !== null) parts.push(projectOf(p.project, p.id));

    if (p.location_status === "pending") parts.push(h("p", { class: "notice" }, t("notPlaced")));
    if (p.location_status === "failed") {
      parts.push(h("p", { class: "notice" }, t("placeFailed", { reason: p.location_error })));
    }
    if (p.location) parts.push(mapBox);
    parts.push(actions(p));
    thread ??= commentThread({
      kind: "proposal",
      id: p.id,
      lang: context.lang,
      signedIn: context.session.user() !== null,
      signInHref: signInHref(),
      announce: (text) => {
        context.announce(text);
      },
      signal: context.signal,
    });
    parts.push(thread);
    body.replaceChildren(...parts.filter((part): part is Node => part !== null));
    drawMap(p);
  }

  function drawMap(p: Proposal): void {
    if (!p.location) return;
    const [lng, lat] = p.location.coordinates as [number, number];
    placeMap ??= new PlaceMap(mapBox, {
      labels: { map: t("mapLabel"), pin: t("pin"), zoomIn: t("zoomIn"), zoomOut: t("zoomOut") },
    });
    placeMap.map.invalidateSize({ pan: false });
    placeMap.drawDistricts(districts, p.district?.code ?? null, context.t);
    const fitted = p.district ? placeMap.fitDistrict(p.district.code) : false;
    placeMap.place([lat, lng], { centre: !fitted });
  }

  function follow(kind: "proposal" | "project", id: number, title: string): HTMLElement {
    return followButton({
      kind,
      id,
      title,
      lang: context.lang,
      signedIn: context.session.user() !== null,
      signInHref: `${pathTo("signIn")}?next=${encodeURIComponent(window.location.pathname)}`,
      announce: (text) => {
        context.announce(text);
      },
      signal: context.signal,
    });
  }

  function mergedInto(target: number): HTMLElement {
    const link = h("a", { href: pathTo("proposal", { id: target }) }, t("mergedIntoNumber", { id: target }));
    request("GET", `proposals/${target}/`, { schema: ProposalOutput, signal: context.signal }).then(
      (other) => {
        link.textContent = `${t("mergedIntoNumber", { id: target })} : ${other.title}`;
      },
      () => undefined, // the number alone still leads there
    );
    return h("p", { class: "proposal-merged" }, `${t("mergedInto")} `, link);
  }

  function projectOf(projectId: number, own: number): HTMLElement {
    const title = h("strong", {}, `#${projectId}`);
    const sources = h("ul", { class: "project-sources", hidden: true });
    const box = h(
      "section",
      { class: "proposal-answer", "aria-labelledby": "project-title" },
      h("h2", { id: "project-title" }, t("project")),
      h("p", {}, title),
      sources,
    );
    request("GET", `projects/${projectId}/`, { schema: ProjectOutput, signal: context.signal }).then(
      (project) => {
        title.textContent = t("projectCost", {
          title: project.title,
          cost: formatMoney(context.lang, project.cost),
        });
        title.parentElement?.after(
          follow("project", project.id, project.title),
          h("p", {}, h("a", { href: pathTo("project", { id: project.id }) }, t("projectPage"))),
        );
        const others = project.source_proposals.filter((s) => s.id !== own);
        if (others.length) {
          sources.setAttribute("aria-label", t("projectSources"));
          sources.replaceChildren(
            ...others.map((s) => h("li", {}, h("a", { href: pathTo("proposal", { id: s.id }) }, s.title))),
          );
          sources.hidden = false;
        }
      },
      () => undefined,
    );
    return box;
  }

  // --- the actions ---------------------------------------------------------------------------------

  function actions(p: Proposal): HTMLElement {
    const section = h("section", { class: "proposal-act", "aria-labelledby": "actions-title" });
    const buttons = h("div", { class: "proposal-actions" });
    const panel = h("div", { class: "proposal-panel-slot" });
    const toggles: HTMLButtonElement[] = [];
    const open = (button: HTMLButtonElement, make: () => HTMLElement) => {
      const opened = button.getAttribute("aria-expanded") === "true";
      for (const b of toggles) b.setAttribute("aria-expanded", "false");
      if (opened) {
        panel.replaceChildren();
        return;
      }
      button.setAttribute("aria-expanded", "true");
      const content = make();
      panel.replaceChildren(content);
      content.querySelector<HTMLElement>("input, textarea, select, button")?.focus();
    };
    const close = (button: HTMLButtonElement) => {
      button.setAttribute("aria-expanded", "false");
      panel.replaceChildren();
      button.focus();
    };
    const toggle = (key: ProposalKey, make: (button: HTMLButtonElement) => HTMLElement, id: string) => {
      const button = h(
        "button",
        {
          type: "button",
          class: "button button-quiet",
          id,
          "aria-expanded": "false",
          "aria-controls": "proposal-panel",
        },
        t(key),
      );
      button.addEventListener("click", () => {
        open(button, () => make(button));
      });
      toggles.push(button);
      buttons.append(button);
    };
    if (p.can.edit)
      toggle(
        "edit",
        (b) =>
          editForm(p, () => {
            close(b);
          }),
        "proposal-edit",
      );
    if (p.can.withdraw)
      toggle(
        "withdraw",
        (b) =>
          withdrawConfirm(p, () => {
            close(b);
          }),
        "proposal-withdraw",
      );
    if (p.can.report)
      toggle(
        "report",
        (b) =>
          reportForm(p, b, () => {
            close(b);
          }),
        "proposal-report",
      );
    panel.id = "proposal-panel";
    if (!toggles.length) {
      if (!context.session.user() && p.status !== "withdrawn") {
        const next = encodeURIComponent(pathTo("proposal", { id: p.id }));
        section.append(
          h(
            "p",
            {},
            `${t("signInToAct")} `,
            h("a", { href: `${pathTo("signIn")}?next=${next}` }, t("signIn")),
          ),
        );
      }
      return section;
    }
    section.append(h("h2", { id: "actions-title", class: "visually-hidden" }, t("actions")), buttons, panel);
    return section;
  }

  function editForm(p: Proposal, done: () => void): HTMLElement {
    const summary = errorSummary();
    const save = h("button", { type: "submit", class: "button" }, t("save"));
    const cancel = h("button", { type: "button", class: "button button-quiet" }, t("cancel"));
    cancel.addEventListener("click", done);
    const form = h(
      "form",
      { class: "proposal-panel", novalidate: true, "aria-labelledby": "edit-title" },
      h("h2", { id: "edit-title" }, t("editTitle")),
      summary,
      field({ label: t("title"), name: "title", required: true, value: p.title, attrs: { maxlength: 150 } }),
      textArea({
        label: t("description"),
        name: "description",
        required: true,
        rows: 7,
        value: p.description,
        attrs: { maxlength: 5000 },
      }),
      selectField({
        label: t("theme"),
        name: "theme",
        required: true,
        choices: (themes.length ? themes : [{ slug: p.theme.slug, name: p.theme.name }]).map((theme) => [
          theme.slug,
          context.t.themeName(theme),
        ]),
        value: p.theme.slug,
      }),
      h("div", { class: "form-buttons" }, save, cancel),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const read = (name: string) =>
        form.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(`[name="${name}"]`)
          ?.value ?? "";
      const changes = {
        title: read("title").trim(),
        description: read("description").trim(),
        theme: read("theme"),
      };
      submitting(form, () =>
        request("PATCH", `proposals/${p.id}/`, {
          schema: ProposalOutput,
          body: changes,
          signal: context.signal,
        }),
      ).then(
        (updated) => {
          proposal = updated;
          render();
          context.announce(t("saved"));
          document.getElementById("proposal-edit")?.focus();
        },
        (error: unknown) => {
          if (isAbort(error)) return;
          showErrors(form, reworded(error, "checkFields"), t("saveFailed"));
        },
      );
    });
    return form;
  }

  function withdrawConfirm(p: Proposal, done: () => void): HTMLElement {
    const said = h("p", { role: "alert", class: "field-error", hidden: true });
    const yes = h("button", { type: "button", class: "button", id: "withdraw-yes" }, t("withdrawYes"));
    const no = h("button", { type: "button", class: "button button-quiet" }, t("withdrawNo"));
    no.addEventListener("click", done);
    yes.addEventListener("click", () => {
      yes.disabled = true;
      request("POST", `proposals/${p.id}/withdraw/`, { schema: ProposalOutput, signal: context.signal }).then(
        (updated) => {
          proposal = updated;
          render();
          context.announce(t("withdrawn"));
          heading.setAttribute("tabindex", "-1");
          heading.focus();
        },
        (error: unknown) => {
          if (isAbort(error)) return;
          yes.disabled = false;
          said.textContent =
            error instanceof ApiError && error.status > 0 ? error.message : t("withdrawFailed");
          said.hidden = false;
        },
      );
    });
    return h(
      "div",
      { class: "proposal-panel", role: "group", "aria-labelledby": "withdraw-question" },
      h("p", { id: "withdraw-question" }, t("withdrawConfirm")),
      h("div", { class: "form-buttons" }, no, yes),
      said,
    );
  }

  function reportForm(p: Proposal, button: HTMLButtonElement, done: () => void): HTMLElement {
    const summary = errorSummary();
    const send = h("button", { type: "submit", class: "button" }, t("send"));
    const cancel = h("button", { type: "button", class: "button button-quiet" }, t("cancel"));
    cancel.addEventListener("click", done);
    const form = h(
      "form",
      { class: "proposal-panel", novalidate: true, "aria-labelledby": "report-title" },
      h("h2", { id: "report-title" }, t("reportTitle")),
      h("p", { class: "field-hint" }, t("reportHelp")),
      summary,
      selectField({
        label: t("reason"),
        name: "reason",
        required: true,
        choices: [
          ["", t("chooseReason")],
          ...REPORT_REASONS.map((r): [string, string] => [r, t(`reason.${r}`)]),
        ],
      }),
      textArea({
        label: t("reportText"),
        name: "text",
        rows: 3,
        hint: t("reportTextHint"),
        attrs: { maxlength: 2000 },
      }),
      h("div", { class: "form-buttons" }, send, cancel),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const read = (name: string) =>
        form.querySelector<HTMLSelectElement | HTMLTextAreaElement>(`[name="${name}"]`)?.value ?? "";
      submitting(form, () =>
        request("POST", `proposals/${p.id}/report/`, {
          schema: ReportOutput,
          body: reportBody(read("reason"), read("text")),
          signal: context.signal,
        }),
      ).then(
        () => {
          const thanks = h("p", { class: "notice", role: "status", id: "report-done" }, t("reported"));
          form.replaceWith(thanks);
          button.remove();
          context.announce(t("reported"));
        },
        (error: unknown) => {
          if (isAbort(error)) return;
          const kind = error instanceof ApiError ? reportRefusal(error.status, error.code) : null;
          showErrors(form, kind ? reworded(error, kind) : reworded(error, "checkFields"), t("reportFailed"));
        },
      );
    });
    return form;
  }

  /** The API's error with the page's own sentence (field errors stay as the API gave them). */
  function reworded(error: unknown, key: ProposalKey): unknown {
    if (!(error instanceof ApiError) || error.status === 0 || error.code === "invalid_response") return error;
    const fieldErrors = Object.keys(error.errors).length > 0;
    const named = key !== "checkFields";
    if (!named && !fieldErrors) return error;
    return new ApiError(error.status, error.code, t(key), error.errors);
  }

  void load();
  return () => {
    placeMap?.remove();
  };
}

const page: Page = {
  mount(root, context) {
    return mount(root, context);
  },
};

export default page;
