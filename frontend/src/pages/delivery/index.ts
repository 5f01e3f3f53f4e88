/**
 * `/realisations/<project>`: a winning project followed until delivered — its status, the budget
 * spent against the voted cost, the services in charge, the milestones with their photos — and,
 * for the officials who may, a link to edit it under `/gestion/realisations/<project>`.
 */
import { ApiError } from "../../api";
import { DeliveryOutput } from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { localTranslator } from "../../i18n/local";
import { followButton } from "../../notifications/followButton";
import { h, loadFailed, setText } from "../../ui/dom";
import { deliveryMessages } from "./messages";
import { deliveryBody } from "./view";
import "./delivery.css";

function mount(root: HTMLElement, context: PageContext): () => void {
  const t = localTranslator(deliveryMessages, context.lang);
  const id = context.params.id ?? "";
  const heading = h("h1", {}, t("mapTitle"));
  const status = h("p", { class: "page-status", role: "status" }, t("pageLoading"));
  const body = h("div", { class: "delivery-body" });
  const back = h("p", {}, h("a", { href: pathTo("deliveries") }, t("back")));
  root.append(h("article", { class: "delivery-page narrow" }, back, heading, status, body));
  context.setTitle(t("mapTitle"));

  const notFound = () => {
    setText(status, t("notFound"));
  };
  if (!/^\d+$/.test(id)) {
    notFound();
    return () => undefined;
  }

  const load = async (): Promise<void> => {
    setText(status, t("pageLoading"));
    try {
      const d = await request("GET", `deliveries/${id}/`, { schema: DeliveryOutput, signal: context.signal });
      setText(heading, d.title);
      context.setTitle(d.title);
      status.remove();
      const edit = d.can.edit
        ? h("p", {}, h("a", { href: `/gestion/realisations/${d.project}`, class: "button" }, t("edit")))
        : null;
      // Its followers are told of each milestone and status change (notifications).
      const follow = followButton({
        kind: "project",
        id: d.project,
        title: d.title,
        lang: context.lang,
        signedIn: context.session.user() !== null,
        signInHref: `${pathTo("signIn")}?next=${encodeURIComponent(window.location.pathname)}`,
        announce: (text) => {
          context.announce(text);
        },
        signal: context.signal,
      });
      body.replaceChildren(follow, ...deliveryBody(d, t, context.lang), ...(edit ? [edit] : []));
    } catch (error) {
      if (context.signal.aborted) return;
      if (error instanceof ApiError && error.status === 404) notFound();
      else loadFailed(status, t("loadFailed"), t("retry"), () => void load());
    }
  };
  void load();
  return () => undefined;
}

const page: Page = { mount };
export default page;
