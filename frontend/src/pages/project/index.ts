/**
 * `/projets/<id>`: one ballot project (what it is, its cost, its area, the proposals it comes
 * from) and its discussion: residents comment and reply while the phase allows, officials of
 * the area answer officially.
 */
import { ApiError, isAbort } from "../../api";
import { ProjectOutput } from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { commentThread } from "../../conversations/thread";
import { followButton } from "../../notifications/followButton";
import { formatMoney, localTranslator } from "../../i18n/local";
import { h, loadFailed, setText } from "../../ui/dom";
import { projectMessages } from "./messages";
import "../proposal/proposal.css";

function mount(root: HTMLElement, context: PageContext): () => void {
  const t = localTranslator(projectMessages, context.lang);
  const id = context.params.id ?? "";
  const heading = h("h1", {}, t("number", { id }));
  const status = h("p", { class: "page-status", role: "status" }, t("loading"));
  const body = h("div", { class: "proposal-body" });
  root.append(h("article", { class: "proposal-page narrow" }, heading, status, body));
  context.setTitle(t("number", { id }));

  const notFound = () => {
    setText(status, t("notFound"));
    body.replaceChildren(h("a", { href: "/" }, t("backToMap")));
  };
  if (!/^\d+$/.test(id)) {
    notFound();
    return () => undefined;
  }

  const load = async (): Promise<void> => {
    setText(status, t("loading"));
    try {
      const project = await request("GET", `projects/${id}/`, {
        schema: ProjectOutput,
        signal: context.signal,
      });
      status.remove();
      context.setTitle(project.title);
      setText(heading, project.title);
      const facts = h(
        "dl",
        { class: "proposal-facts" },
        h("dt", {}, t("cost")),
        h("dd", {}, formatMoney(context.lang, project.cost)),
        h("dt", {}, t("area")),
        h("dd", {}, project.area.name),
        project.theme ? h("dt", {}, t("theme")) : null,
        project.theme ? h("dd", {}, context.t.themeName(project.theme)) : null,
      );
      const sources = project.source_proposals.length
        ? h(
            "section",
            { "aria-labelledby": "project-sources" },
            h("h2", { id: "project-sources" }, t("sources")),
            h(
              "ul",
              {},
              ...project.source_proposals.map((s) =>
                h("li", {}, h("a", { href: pathTo("proposal", { id: s.id }) }, s.title)),
              ),
            ),
          )
        : null;
      body.replaceChildren(
        h("p", { class: "proposal-number" }, t("number", { id: project.id })),
        // Its followers hear of the vote, the results and, if it wins, its delivery.
        followButton({
          kind: "project",
          id: project.id,
          title: project.title,
          lang: context.lang,
          signedIn: context.session.user() !== null,
          signInHref: `${pathTo("signIn")}?next=${encodeURIComponent(window.location.pathname)}`,
          announce: (text) => {
            context.announce(text);
          },
          signal: context.signal,
        }),
        facts,
        h("p", { class: "proposal-description" }, project.description),
        ...(sources ? [sources] : []),
        commentThread({
          kind: "project",
          id: project.id,
          lang: context.lang,
          signedIn: context.session.user() !== null,
          signInHref: `${pathTo("signIn")}?next=${encodeURIComponent(window.location.pathname)}`,
          announce: (text) => {
            context.announce(text);
          },
          signal: context.signal,
        }),
      );
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

  void load();
  return () => undefined;
}

const page: Page = {
  mount(root, context) {
    return mount(root, context);
  },
};

export default page;
