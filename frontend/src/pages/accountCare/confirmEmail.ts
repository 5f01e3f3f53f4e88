/**
 * `/confirmer-adresse?token=…`: the link mailed to a new address. It posts the token and says the
 * outcome (done, the address taken meanwhile, a link used or expired); the session follows.
 */
import { isAbort } from "../../api/client";
import { UserOutput } from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { localTranslator } from "../../i18n/local";
import "../account/account.css";
import { h } from "../../ui/dom";
import { careMessages } from "./messages";
import { linkOutcome } from "./outcome";

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(careMessages, context.lang);
  context.setTitle(t("confirmTitle"));
  const token = context.query.get("token")?.trim() ?? "";
  if (token) context.replaceQuery(new URLSearchParams());
  const said = h("div", { role: "status", "aria-live": "polite", id: "confirm-outcome" });
  const account = h(
    "p",
    { class: "account-actions" },
    h("a", { href: pathTo("account"), class: "button" }, t("account")),
  );
  root.append(h("div", { class: "narrow account-page" }, h("h1", {}, t("confirmTitle")), said, account));
  const say = (text: string) => {
    said.replaceChildren(h("p", { class: "notice" }, text));
  };

  async function confirm(): Promise<void> {
    say(t("confirmChecking"));
    try {
      const user = await request("POST", "auth/email-change/confirm/", {
        schema: UserOutput,
        body: { token },
        signal: context.signal,
      });
      say(t("confirmDone", { email: user.email }));
      context.announce(t("confirmDone", { email: user.email }));
      await context.session.refresh().catch(() => null);
    } catch (error) {
      if (isAbort(error)) return;
      const outcome = linkOutcome(error);
      if (outcome === "expired") say(t("confirmExpired"));
      else if (outcome === "taken") say(t("confirmTaken"));
      else if (outcome === "invalid") say(t("confirmInvalid"));
      else {
        say(t("linkFailed"));
        const retry = h("button", { type: "button", class: "button" }, t("retry"));
        retry.addEventListener("click", () => void confirm());
        said.append(retry);
      }
    }
  }

  if (!token) say(t("linkMissing"));
  else void confirm();
  return undefined;
}

const page: Page = { mount };

export default page;
