/**
 * Follow / unfollow a proposal, a project or a petition: a toggle button (aria-pressed) with how many people
 * follow; for someone not signed in, a link to the sign-in page that comes back here.
 */
import type { Lang } from "../i18n";
import { localTranslator } from "../i18n/local";
import { h, setText } from "../ui/dom";
import { notificationsApi, type FollowKind } from "./api";
import { notificationMessages } from "./messages";
import "./notifications.css";

export interface FollowOptions {
  kind: FollowKind;
  id: number;
  title: string;
  lang: Lang;
  signedIn: boolean;
  signInHref: string;
  announce(text: string): void;
  signal?: AbortSignal;
  api?: Pick<typeof notificationsApi, "followState" | "follow">;
}

export function followButton(options: FollowOptions): HTMLElement {
  const t = localTranslator(notificationMessages, options.lang);
  const api = options.api ?? notificationsApi;
  const count = h("span", { class: "follow-count" });
  const label =
    options.kind === "proposal"
      ? t("followProposal")
      : options.kind === "petition"
        ? t("followPetition")
        : t("followProject");
  const wrap = h("div", { class: "follow", "data-kind": options.kind });
  if (!options.signedIn) {
    wrap.append(
      h("a", { href: options.signInHref, class: "button button-quiet" }, t("signInToFollow")),
      count,
    );
  }
  const button = h("button", {
    type: "button",
    class: "button follow-button",
    "aria-pressed": "false",
    title: t("followHelp"),
  });
  if (options.signedIn) wrap.append(button, count);

  function draw(state: { following: boolean; followers: number }): void {
    button.setAttribute("aria-pressed", state.following ? "true" : "false");
    // The visible text is the start of the accessible name (WCAG 2.5.3).
    setText(button, state.following ? t("following") : t("follow"));
    button.setAttribute("aria-label", `${state.following ? t("following") : t("follow")} — ${label}`);
    const n = state.followers;
    setText(count, n === 0 ? t("followersNone") : n === 1 ? t("followersOne") : t("followers", { count: n }));
  }

  draw({ following: false, followers: 0 });
  button.disabled = true;
  api
    .followState(options.kind, options.id, options.signal)
    .then((state) => {
      draw(state);
      button.disabled = false;
    })
    .catch(() => {
      button.disabled = false;
    });

  button.addEventListener("click", () => {
    const on = button.getAttribute("aria-pressed") !== "true";
    button.disabled = true;
    api
      .follow(options.kind, options.id, on)
      .then((state) => {
        draw(state);
        options.announce(t(state.following ? "followed" : "unfollowed", { title: options.title }));
      })
      .catch(() => {
        options.announce(t("followFailed"));
      })
      .finally(() => {
        button.disabled = false;
        button.focus();
      });
  });
  return wrap;
}
