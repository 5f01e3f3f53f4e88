/**
 * « Je soutiens »: a toggle button (aria-pressed) with how many people support the proposal,
 * shown while the API's `can` map allows supporting or taking it back; the count alone
 * otherwise; for someone not signed in during submission, a link to the sign-in page.
 */
import type { Lang } from "../i18n";
import { localTranslator } from "../i18n/local";
import { h, setText } from "../ui/dom";
import { conversationsApi, type ConversationsApi } from "./api";
import { conversationMessages } from "./messages";
import "./conversations.css";

export interface SupportOptions {
  proposal: {
    id: number;
    title: string;
    supports: number;
    supported: boolean;
    can: { support: boolean; unsupport: boolean };
  };
  lang: Lang;
  signedIn: boolean;
  /** Whether supports are open at all (the campaign takes submissions): the sign-in link. */
  open: boolean;
  signInHref: string;
  announce(text: string): void;
  api?: Pick<ConversationsApi, "support">;
}

export function supportButton(options: SupportOptions): HTMLElement {
  const t = localTranslator(conversationMessages, options.lang);
  const api = options.api ?? conversationsApi;
  const { proposal } = options;
  const count = h("span", { class: "support-count", id: `support-count-${proposal.id}` });
  const wrap = h("div", { class: "support", "data-proposal": proposal.id });
  const actionable = proposal.can.support || proposal.can.unsupport;
  const button = h("button", {
    type: "button",
    class: "button support-button",
    id: "support-button",
    "aria-pressed": "false",
    "aria-describedby": count.id,
    title: t("supportHelp"),
  });

  function draw(state: { supports: number; supported: boolean }): void {
    button.setAttribute("aria-pressed", state.supported ? "true" : "false");
    setText(button, state.supported ? t("supported") : t("support"));
    setText(count, t("supports", { count: state.supports }));
  }

  if (actionable) wrap.append(button, count);
  else if (!options.signedIn && options.open) {
    wrap.append(
      h("a", { href: options.signInHref, class: "button button-quiet" }, t("signInToSupport")),
      count,
    );
  } else wrap.append(count);
  draw(proposal);

  button.addEventListener("click", () => {
    const on = button.getAttribute("aria-pressed") !== "true";
    button.disabled = true;
    api
      .support(proposal.id, on)
      .then((state) => {
        draw(state);
        options.announce(t(state.supported ? "supportDone" : "supportUndone", { title: proposal.title }));
      })
      .catch(() => {
        options.announce(t("supportFailed"));
      })
      .finally(() => {
        button.disabled = false;
        button.focus();
      });
  });
  return wrap;
}
