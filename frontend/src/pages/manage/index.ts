/**
 * The officials' and administrators' screens, one chunk loaded only for them (the router refuses
 * the page to others). `/gestion` lists the sections this person may open; `/gestion/<section>`
 * and `/gestion/<section>/<id>` load the section's own module on demand.
 */
import type { Page, PageContext } from "../../app/page";
import { allowed, type Access } from "../../app/router";
import { localTranslator } from "../../i18n/local";
import { h } from "../../ui/dom";
import { manageMessages, type ManageKey } from "./messages";

export interface Section {
  /** The path segment: `/gestion/<slug>`. */
  slug: string;
  title: ManageKey;
  summary: ManageKey;
  access: Access;
  load: () => Promise<{ default: Page }>;
}

export const SECTIONS: Section[] = [
  {
    slug: "moderation",
    title: "moderation.title",
    summary: "moderation.summary",
    access: "official",
    load: () => import("./moderation"),
  },
  {
    slug: "etude",
    title: "review.title",
    summary: "review.summary",
    access: "official",
    load: () => import("./review"),
  },
  {
    slug: "fusion",
    title: "merge.title",
    summary: "merge.summary",
    access: "official",
    load: () => import("./merge"),
  },
  {
    slug: "projets",
    title: "projects.title",
    summary: "projects.summary",
    access: "official",
    load: () => import("./projects"),
  },
  {
    slug: "papier",
    title: "paper.title",
    summary: "paper.summary",
    access: "official",
    load: () => import("./paper"),
  },
  {
    slug: "realisations",
    title: "deliveries.title",
    summary: "deliveries.summary",
    access: "official",
    load: () => import("./deliveries"),
  },
  {
    slug: "identites",
    title: "conflicts.title",
    summary: "conflicts.summary",
    access: "official",
    load: () => import("./conflicts"),
  },
  {
    slug: "petitions",
    title: "petitions.title",
    summary: "petitions.summary",
    access: "official",
    load: () => import("./petitions"),
  },
  {
    slug: "journal",
    title: "audit.title",
    summary: "audit.summary",
    access: "official",
    load: () => import("./audit"),
  },
  {
    slug: "campagnes",
    title: "campaigns.title",
    summary: "campaigns.summary",
    access: "administrator",
    load: () => import("./campaigns"),
  },
  {
    slug: "roles",
    title: "roles.title",
    summary: "roles.summary",
    access: "administrator",
    load: () => import("./roles"),
  },
];

function index(root: HTMLElement, context: PageContext): void {
  const t = localTranslator(manageMessages, context.lang);
  const role = context.session.user()?.role ?? null;
  context.setTitle(t("index.title"));
  root.append(
    h(
      "div",
      { class: "narrow" },
      h("h1", {}, t("index.title")),
      h(
        "ul",
        { class: "manage-sections" },
        ...SECTIONS.filter((s) => allowed(s.access, role)).map((s) =>
          h("li", {}, h("a", { href: `/gestion/${s.slug}` }, t(s.title)), h("p", {}, t(s.summary))),
        ),
      ),
    ),
  );
}

const page: Page = {
  mount(root, context) {
    const slug = context.params.section;
    if (!slug) {
      index(root, context);
      return undefined;
    }
    const t = localTranslator(manageMessages, context.lang);
    const section = SECTIONS.find((s) => s.slug === slug);
    const role = context.session.user()?.role ?? null;
    if (!section || !allowed(section.access, role)) {
      context.setTitle(t("index.notFound"));
      root.append(
        h(
          "div",
          { class: "narrow" },
          h("h1", {}, t("index.notFound")),
          h("a", { href: "/gestion" }, t("index.back")),
        ),
      );
      return undefined;
    }
    let unmount: (() => void) | undefined;
    let left = false;
    section.load().then(
      (module) => {
        if (left) return;
        unmount = module.default.mount(root, context);
      },
      (error: unknown) => {
        console.error(error);
        root.append(h("p", { role: "alert" }, t("index.loadFailed")));
      },
    );
    return () => {
      left = true;
      unmount?.();
    };
  },
};

export default page;
