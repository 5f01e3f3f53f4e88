/**
 * One ballot being filled in: the tally (counter, budget bar or points left), the projects as a
 * list (a radio group of grades, a choose button or points steppers each) and on a small map.
 * Choices go through the pure rules (rules.ts); a refused choice says why and changes nothing.
 */
import type { Lang } from "../../i18n";
import { formatMoney, formatNumber, formatPercent, type LocalT } from "../../i18n/local";
import { gradeName, notReadyText, refusalText } from "./text";
import { h, setText } from "../../ui/dom";
import type { VoteKey } from "./messages";
import {
  GRADES,
  canAdd,
  notReady,
  pointsLeft,
  remainingBudget,
  setGrade,
  setPoints,
  spent,
  toggle,
  type BallotProject,
  type Choices,
  type Method,
  type Refusal,
} from "./rules";
import { createVoteMap, type MapProject, type VoteMap } from "./voteMap";
import type { z } from "zod";
import type { DistrictFeature } from "../../api/generated/zod";

export interface EditorProject extends BallotProject {
  priority: boolean;
  /** [lng, lat] places, empty when the project is not on the map. */
  points: [number, number][];
}

export interface EditorOptions {
  lang: Lang;
  vt: LocalT<VoteKey>;
  method: Method;
  areaName: string;
  projects: EditorProject[];
  districts: z.output<typeof DistrictFeature>[];
  choices: Choices;
  onChange(choices: Choices): void;
  onReview(): void;
  onCancel(): void;
}

export interface Editor {
  element: HTMLElement;
  /** Call once the element is in the document (Leaflet needs the map's size). */
  attach(): void;
  remove(): void;
}

export function createEditor(options: EditorOptions): Editor {
  const { lang, vt, method, projects } = options;
  let choices = options.choices;
  let map: VoteMap | null = null;

  const tally = h("p", { class: "vote-tally", id: "vote-tally", "aria-live": "polite" });
  const bar = h("div", { class: "vote-bar", "aria-hidden": "true" }, h("div", { class: "vote-bar-fill" }));
  const refusal = h("p", { class: "vote-refusal", role: "alert", id: "vote-refusal" });
  const list = h("ol", { class: "vote-list", "aria-label": vt("projectsList") });
  const mapBox = h("div", { class: "vote-map", id: "vote-map" });
  const problem = h("p", { class: "vote-problem", role: "alert", id: "vote-problem" });
  const review = h("button", { type: "button", class: "button", id: "vote-review" }, vt("review"));
  const cancel = h("button", { type: "button", class: "button button-quiet" }, vt("cancel"));
  const items = new Map<number, HTMLElement>();
  const onMap = projects.some((p) => p.points.length > 0);

  const element = h(
    "section",
    { class: "vote-editor", "aria-labelledby": "vote-editor-title" },
    h("h2", { id: "vote-editor-title", tabindex: -1 }, vt("ballotHeading", { area: options.areaName })),
    h("p", {}, vt("projectsCount", { count: formatNumber(lang, projects.length) })),
    method.rule === "majority_judgment" ? null : h("div", { class: "vote-tally-box" }, tally, bar),
    method.rule === "majority_judgment" ? h("div", { class: "vote-tally-box" }, tally) : null,
    refusal,
    h(
      "div",
      { class: onMap ? "vote-layout" : "vote-layout vote-layout-nomap" },
      onMap
        ? h("div", { class: "vote-map-box" }, mapBox, h("p", { class: "field-hint" }, vt("mapHint")))
        : null,
      projects.length ? list : h("p", {}, vt("noProjects")),
    ),
    h("div", { class: "vote-actions" }, problem, h("div", { class: "vote-buttons" }, review, cancel)),
  );

  function update(next: Choices): void {
    choices = next;
    options.onChange(choices);
    drawTally();
    drawItems();
    setText(problem, "");
  }

  function refuse(r: Refusal | null): void {
    setText(refusal, r ? refusalText(vt, lang, r) : "");
  }

  function doneIds(): Set<number> {
    if (method.rule === "majority_judgment") return new Set(Object.keys(choices.grades).map(Number));
    if (method.rule === "cumulative")
      return new Set(
        Object.entries(choices.points)
          .filter(([, n]) => n > 0)
          .map(([id]) => Number(id)),
      );
    return new Set(choices.selected);
  }

  function drawTally(): void {
    const fill = bar.firstElementChild as HTMLElement;
    if (method.rule === "majority_judgment") {
      const graded = projects.filter((p) => choices.grades[p.id] !== undefined).length;
      setText(
        tally,
        vt("ungradedNote", {
          graded: formatNumber(lang, graded),
          total: formatNumber(lang, projects.length),
        }),
      );
    } else if (method.rule === "approval") {
      const count = formatNumber(lang, choices.selected.length);
      setText(
        tally,
        method.approvalMax === null
          ? vt("basketNoMax", { count })
          : vt("basket", { count, max: formatNumber(lang, method.approvalMax) }),
      );
      const share = method.approvalMax ? choices.selected.length / method.approvalMax : 0;
      fill.style.width = `${Math.min(100, share * 100)}%`;
    } else if (method.rule === "knapsack") {
      const used = spent(projects, choices);
      const envelope = method.envelope ?? 0;
      const left = remainingBudget(method, projects, choices) ?? 0;
      setText(
        tally,
        `${vt("budget", {
          spent: formatMoney(lang, used),
          envelope: formatMoney(lang, envelope),
          left: formatMoney(lang, left),
        })} (${formatPercent(lang, envelope ? used / envelope : 0)})`,
      );
      fill.style.width = `${envelope ? Math.min(100, (used / envelope) * 100) : 0}%`;
    } else {
      const left = pointsLeft(method, choices);
      setText(
        tally,
        vt("pointsLeft", {
          left: formatNumber(lang, left),
          total: formatNumber(lang, method.cumulativePoints),
        }),
      );
      fill.style.width = `${((method.cumulativePoints - left) / method.cumulativePoints) * 100}%`;
    }
    map?.mark(doneIds());
  }

  /** Refreshes the items' state in place (pressed buttons, points, "would not fit" hints). */
  function drawItems(): void {
    for (const project of projects) {
      const item = items.get(project.id);
      if (!item) continue;
      if (method.rule === "approval" || method.rule === "knapsack") {
        const button = item.querySelector<HTMLButtonElement>(".vote-choose");
        const chosen = choices.selected.includes(project.id);
        if (button) {
          button.setAttribute("aria-pressed", String(chosen));
          setText(button, chosen ? `✓ ${vt("chosen")}` : vt("choose"));
        }
        item.classList.toggle("is-chosen", chosen);
        item.classList.toggle(
          "is-blocked",
          !chosen && canAdd(method, projects, choices, project.id) !== null,
        );
      } else if (method.rule === "cumulative") {
        const input = item.querySelector<HTMLInputElement>("input.vote-points");
        const n = choices.points[project.id] ?? 0;
        if (input && input !== document.activeElement) input.value = String(n);
        item.classList.toggle("is-chosen", n > 0);
      } else {
        const grade = choices.grades[project.id];
        for (const radio of item.querySelectorAll<HTMLInputElement>("input[type=radio]"))
          radio.checked = radio.value === grade;
        const clear = item.querySelector<HTMLButtonElement>(".vote-clear");
        if (clear) clear.hidden = grade === undefined;
        item.classList.toggle("is-chosen", grade !== undefined);
      }
    }
  }

  function meta(project: EditorProject): HTMLElement {
    return h(
      "p",
      { class: "vote-meta" },
      h("span", {}, vt("cost", { cost: formatMoney(lang, project.cost) })),
      project.priority ? h("span", { class: "vote-tag" }, vt("priority")) : null,
      project.points.length ? null : h("span", { class: "vote-muted" }, vt("notOnMap")),
      // The project's page (its description, discussion, follow) in a new tab: the ballot being
      // filled in stays as it is.
      h(
        "a",
        { href: `/projets/${project.id}`, target: "_blank", rel: "noopener" },
        vt("projectPage", { title: project.title }),
      ),
    );
  }

  function gradeItem(project: EditorProject): HTMLElement {
    const name = `grade-${project.id}`;
    const clear = h(
      "button",
      { type: "button", class: "link-button vote-clear", hidden: true },
      vt("clearGrade"),
    );
    clear.addEventListener("click", () => {
      refuse(null);
      update(setGrade(choices, project.id, null));
    });
    const fieldset = h(
      "fieldset",
      { class: "vote-grades" },
      h("legend", {}, h("span", { class: "vote-title" }, project.title)),
      meta(project),
      h(
        "div",
        { class: "vote-grade-row" },
        ...GRADES.map((grade) => {
          const id = `${name}-${grade}`;
          const input = h("input", { type: "radio", name, value: grade, id });
          input.addEventListener("change", () => {
            if (input.checked) update(setGrade(choices, project.id, grade));
          });
          return h(
            "div",
            { class: `vote-grade vote-grade-${grade}` },
            input,
            h("label", { for: id }, gradeName(vt, grade)),
          );
        }),
      ),
      clear,
    );
    return fieldset;
  }

  function chooseItem(project: EditorProject): HTMLElement {
    const button = h(
      "button",
      {
        type: "button",
        class: "button vote-choose",
        "aria-pressed": "false",
        "aria-label": vt("chooseLabel", { title: project.title }),
      },
      vt("choose"),
    );
    button.addEventListener("click", () => {
      const change = toggle(method, projects, choices, project.id);
      refuse(change.refusal);
      if (!change.refusal) update(change.choices);
    });
    return h(
      "div",
      { class: "vote-choice" },
      h("div", {}, h("h3", { class: "vote-title" }, project.title), meta(project)),
      button,
    );
  }

  function pointsItem(project: EditorProject): HTMLElement {
    const id = `points-${project.id}`;
    const input = h("input", {
      type: "number",
      id,
      class: "vote-points",
      min: 0,
      max: method.cumulativePoints,
      step: 1,
      inputmode: "numeric",
      value: "0",
    });
    const set = (n: number) => {
      const change = setPoints(method, choices, project.id, n);
      refuse(change.refusal);
      if (change.refusal) input.value = String(choices.points[project.id] ?? 0);
      else update(change.choices);
    };
    input.addEventListener("change", () => {
      set(Number(input.value));
    });
    const less = h(
      "button",
      {
        type: "button",
        class: "button button-quiet vote-step",
        "aria-label": vt("lessPoints", { title: project.title }),
      },
      "−",
    );
    const more = h(
      "button",
      {
        type: "button",
        class: "button button-quiet vote-step",
        "aria-label": vt("morePoints", { title: project.title }),
      },
      "+",
    );
    less.addEventListener("click", () => {
      set((choices.points[project.id] ?? 0) - 1);
    });
    more.addEventListener("click", () => {
      set((choices.points[project.id] ?? 0) + 1);
    });
    return h(
      "div",
      { class: "vote-choice" },
      h("div", {}, h("h3", { class: "vote-title" }, project.title), meta(project)),
      h(
        "div",
        { class: "vote-stepper" },
        h("label", { for: id, class: "visually-hidden" }, vt("pointsLabel", { title: project.title })),
        less,
        input,
        more,
      ),
    );
  }

  for (const project of projects) {
    const body =
      method.rule === "majority_judgment"
        ? gradeItem(project)
        : method.rule === "cumulative"
          ? pointsItem(project)
          : chooseItem(project);
    const item = h(
      "li",
      { class: "vote-project", id: `vote-project-${project.id}`, tabindex: -1, "data-project": project.id },
      body,
    );
    item.addEventListener("focusin", () => {
      select(project.id, false);
    });
    items.set(project.id, item);
    list.append(item);
  }

  let selected: number | null = null;
  function select(id: number, fromMap: boolean): void {
    if (selected !== null) items.get(selected)?.classList.remove("is-focused");
    selected = id;
    const item = items.get(id);
    item?.classList.add("is-focused");
    map?.focus(id);
    if (fromMap && item) {
      item.scrollIntoView({ block: "nearest", behavior: "smooth" });
      item.focus({ preventScroll: true });
    }
  }

  review.addEventListener("click", () => {
    const why = notReady(method, projects, choices);
    if (why) {
      setText(problem, notReadyText(vt, lang, method, why));
      return;
    }
    options.onReview();
  });
  cancel.addEventListener("click", () => {
    options.onCancel();
  });

  drawTally();
  drawItems();

  return {
    element,
    attach() {
      if (!onMap) return;
      map = createVoteMap(mapBox, vt("mapLabel"), (id) => {
        select(id, true);
      });
      const mapProjects: MapProject[] = projects.map((p) => ({ id: p.id, title: p.title, points: p.points }));
      map.draw(options.districts, mapProjects);
      map.mark(doneIds());
      if (selected !== null) map.focus(selected);
    },
    remove() {
      map?.remove();
      map = null;
    },
  };
}
