/**
 * `/verifier-email?token=…`: the page the mailed link opens. It posts the token to
 * `auth/verify-email/` and says the outcome: confirmed, a link not valid or expired (with a way
 * to get a new one), or a failure to retry. The token leaves the address bar once used.
 */
import { ApiError, isAbort } from "../../api/client";
import { UserOutput } from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { localTranslator } from "../../i18n/local";
import "../account/account.css";
import { h } from "../../ui/dom";
import { verifyMessages, type VerifyKey } from "./messages";
import { resendBlock } from "./resend";

/** What to say for the answer to the token (null: confirmed). */
export function verifyOutcome(error: unknown): VerifyKey {
  if (error === null) return "verified";
  if (error instanceof ApiError && error.status === 400) {
    return error.code === "token_expired" ? "expired" : "invalid";
  }
  return "failed";
}

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(verifyMessages, context.lang);
  context.setTitle(t("title"));
  const token = context.query.get("token")?.trim() ?? "";
  const said = h("div", { class: "notice", role: "status", "aria-live": "polite", id: "verify-outcome" });
  const after = h("div", { class: "verify-after" });
  const heading = h("h1", {}, t("title"));
  root.append(h("div", { class: "narrow account-page" }, heading, said, after));

  function links(): HTMLElement {
    return h(
      "p",
      { class: "account-actions" },
      h("a", { href: pathTo("account"), class: "button" }, t("account")),
      " ",
      h("a", { href: "/", class: "button button-quiet" }, t("map")),
    );
  }

  function newLink(): HTMLElement {
    const user = context.session.user();
    if (user && !user.email_verified) {
      return resendBlock({
        lang: context.lang,
        signal: context.signal,
        onVerified: () => void context.session.refresh(),
      });
    }
    if (user) return links();
    // Not signed in: an account never confirmed cannot sign in yet; registering again with the
    // same address mails its link again (and an account in use is reminded to sign in).
    const next = `${pathTo("signIn")}?next=${encodeURIComponent(pathTo("account"))}`;
    return h(
      "p",
      { class: "account-actions" },
      h("a", { href: pathTo("register"), class: "button" }, t("registerForNew")),
      " ",
      h("a", { href: next, class: "button button-quiet" }, t("signInForNew")),
    );
  }

  function verify(): void {
    said.replaceChildren(h("p", {}, t("checking")));
    after.replaceChildren();
    request("POST", "auth/verify-email/", {
      schema: UserOutput,
      body: { token },
      signal: context.signal,
    }).then(
      (user) => {
        // Done: the page no longer asks to confirm.
        heading.textContent = t("titleDone");
        context.setTitle(t("titleDone"));
        said.replaceChildren(h("p", {}, t("verified", { email: user.email })));
        after.replaceChildren(links());
        // The link is used: it need not stay in the address bar (or the history).
        context.replaceQuery(new URLSearchParams());
        const signedIn = context.session.user();
        if (signedIn && signedIn.id === user.id) void context.session.refresh().catch(() => null);
      },
      (error: unknown) => {
        if (isAbort(error)) return;
        const outcome = verifyOutcome(error);
        said.replaceChildren(h("p", {}, t(outcome)));
        if (outcome === "failed") {
          const retry = h("button", { type: "button", class: "button" }, t("retry"));
          retry.addEventListener("click", verify);
          after.replaceChildren(retry);
        } else after.replaceChildren(newLink());
      },
    );
  }

  if (token) verify();
  else {
    said.replaceChildren(h("p", {}, t("noToken")));
    after.replaceChildren(newLink());
  }
  return undefined;
}

const page: Page = { mount };

export default page;
