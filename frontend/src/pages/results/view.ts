/**
 * The list side of the results: one section per area with its envelope, reserved share and
 * turnout (bars with their text), its winners and the projects not selected, each with its votes,
 * points or grade profile and its cost. Bars are drawn for the eye and hidden from screen readers:
 * the same figures are always written out.
 */
import type { Lang } from "../../i18n";
import { formatDateTime, formatMoney, formatNumber, type LocalT } from "../../i18n/local";
import { pathTo } from "../../app/router";
import { h } from "../../ui/dom";
import type { ResultsKey } from "./messages";
import {
  envelopeUse,
  figureKind,
  gradeProfile,
  pointsText,
  reservedUse,
  shareText,
  splitProjects,
  turnout,
  type AreaResult,
  type FigureKind,
  type MoneyUse,
  type ProjectFigures,
} from "./model";

export interface ViewContext {
  t: LocalT<ResultsKey>;
  lang: Lang;
  slug: string;
  canDownloadBallots: boolean;
  /** The area's name in the page's language. */
  areaName: (area: { code: string; name: string }) => string;
}

export function itemId(area: string, project: number): string {
  return `resultat-${area}-${project}`;
}

function bar(width: number, className: string): HTMLElement {
  const fill = h("span", { class: `result-bar-fill ${className}` });
  fill.style.width = `${width}%`;
  return h("span", { class: "result-bar", "aria-hidden": "true" }, fill);
}

function moneyFact(label: string, use: MoneyUse, text: string, className: string): HTMLElement {
  return h(
    "div",
    { class: "result-fact" },
    h("dt", {}, label),
    h("dd", {}, h("span", { class: "result-fact-text" }, text), bar(use.width, className)),
  );
}

function facts(result: AreaResult, v: ViewContext): HTMLElement {
  const { t, lang } = v;
  const envelope = envelopeUse(lang, result);
  const reserved = reservedUse(lang, result);
  const people = turnout(lang, result);
  return h(
    "dl",
    { class: "result-facts" },
    moneyFact(t("envelope"), envelope, t("envelopeText", { ...envelope }), "is-envelope"),
    reserved ? moneyFact(t("reserved"), reserved, t("reservedText", { ...reserved }), "is-reserved") : null,
    h(
      "div",
      { class: "result-fact" },
      h("dt", {}, t("turnout")),
      h(
        "dd",
        {},
        people.hasVoters
          ? t("turnoutText", {
              voters: people.voters,
              online: people.online,
              paper: people.paper,
              counted: people.counted,
            })
          : t("turnoutBallots", { counted: people.counted }),
        people.hasNotCounted ? h("br") : null,
        people.hasNotCounted ? t("turnoutNotCounted", { count: people.notCounted }) : null,
      ),
    ),
  );
}

/** The grade profile: a stacked bar (for the eye) and each grade's share and count as text. */
function profile(project: ProjectFigures, v: ViewContext): HTMLElement | null {
  const segments = gradeProfile(project);
  if (!segments) return null;
  const { t, lang } = v;
  const stacked = h("span", { class: "grade-bar", "aria-hidden": "true" });
  for (const s of segments) {
    if (s.width <= 0) continue;
    const part = h("span", { class: `grade-segment grade-${s.grade}` });
    part.style.width = `${s.width}%`;
    stacked.append(part);
  }
  return h(
    "div",
    { class: "grade-profile" },
    project.majority_grade
      ? h(
          "p",
          { class: "grade-majority" },
          t("majorityGrade", { grade: t(`grade.${project.majority_grade}`) }),
        )
      : null,
    stacked,
    h(
      "ul",
      { class: "grade-lines", "aria-label": t("profileLabel") },
      ...segments.map((s) =>
        h(
          "li",
          {},
          h("span", { class: `grade-key grade-${s.grade}`, "aria-hidden": "true" }),
          t("gradeLine", {
            grade: t(`grade.${s.grade}`),
            share: shareText(lang, s.share),
            count: formatNumber(lang, s.count),
          }),
        ),
      ),
    ),
  );
}

function figure(project: ProjectFigures, kind: FigureKind, v: ViewContext): HTMLElement | null {
  const { t, lang } = v;
  if (kind === "grades") return profile(project, v);
  if (kind === "points" && project.points !== undefined) {
    const key = project.points === 1 ? "pointsOne" : "points";
    return h(
      "p",
      { class: "result-figure" },
      t(key, { count: pointsText(lang, project.points) }),
      " · ",
      t(project.votes === 1 ? "votesOne" : "votes", { count: formatNumber(lang, project.votes) }),
    );
  }
  return h(
    "p",
    { class: "result-figure" },
    t(project.votes === 1 ? "votesOne" : "votes", { count: formatNumber(lang, project.votes) }),
  );
}

function projectItem(
  area: string,
  project: ProjectFigures,
  kind: FigureKind,
  v: ViewContext,
  winner = false,
): HTMLElement {
  const { t, lang } = v;
  return h(
    "li",
    { class: "result-project", id: itemId(area, project.project), tabindex: "-1" },
    h("p", { class: "result-project-title" }, project.title),
    winner
      ? h(
          "p",
          { class: "result-project-follow" },
          h(
            "a",
            { href: pathTo("delivery", { id: project.project }) },
            t("followDelivery", { title: project.title }),
          ),
        )
      : null,
    h(
      "p",
      { class: "result-project-meta" },
      h("span", {}, t("rank", { rank: project.rank })),
      h("span", {}, t("cost", { cost: formatMoney(lang, project.cost) })),
      project.priority ? h("span", { class: "priority-badge" }, t("priority")) : null,
    ),
    figure(project, kind, v),
  );
}

/** One area's section of the list. */
export function areaSection(result: AreaResult, v: ViewContext): HTMLElement {
  const { t, lang } = v;
  const code = result.area.code;
  const headingId = `zone-${code}`;
  const kind = figureKind(result);
  const { winners, others } = splitProjects(result);
  const section = h(
    "section",
    { class: "result-area", "aria-labelledby": headingId, "data-area": code },
    h("h3", { id: headingId }, v.areaName(result.area)),
    facts(result, v),
    h("h4", {}, t("winnersHeading", { count: winners.length })),
    winners.length
      ? h(
          "ol",
          { class: "result-list is-winners", "data-area": code },
          ...winners.map((p) => projectItem(code, p, kind, v, true)),
        )
      : h("p", {}, t("noWinner")),
  );
  if (others.length) {
    section.append(
      h(
        "details",
        { class: "result-others", open: others.length <= 12 },
        h("summary", {}, t("othersHeading", { count: others.length })),
        h("ol", { class: "result-list is-others" }, ...others.map((p) => projectItem(code, p, kind, v))),
      ),
    );
  }
  section.append(
    h(
      "p",
      { class: "result-area-foot" },
      h(
        "span",
        { class: "result-computed" },
        t("computedAt", { date: formatDateTime(lang, result.computed_at) }),
      ),
    ),
  );
  return section;
}
