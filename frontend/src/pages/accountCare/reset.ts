/**
 * `/reinitialiser-mot-de-passe?token=…`: the page the mailed link opens. It asks the API whether
 * the link may still be used, then for the new password; a link used, replaced or expired is said
 * in place of the form, with a way to ask for a new one. The token leaves the address bar.
 */
import { isAbort } from "../../api/client";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { localTranslator } from "../../i18n/local";
import "../account/account.css";
import { h } from "../../ui/dom";
import { errorSummary, field, showErrors, submitting } from "../../ui/forms";
import { explain, formText, missing } from "../signIn/errors";
import { careMessages } from "./messages";
import { linkOutcome, refusesTheLink } from "./outcome";

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(careMessages, context.lang);
  context.setTitle(t("resetTitle"));
  const token = context.query.get("token")?.trim() ?? "";
  if (token) context.replaceQuery(new URLSearchParams());
  const body = h("div", { id: "reset-body" });
  root.append(h("div", { class: "narrow account-page" }, h("h1", {}, t("resetTitle")), body));

  function say(text: string, ...after: HTMLElement[]): void {
    body.replaceChildren(h("p", { class: "notice", role: "status" }, text), ...after);
  }

  function newLink(): HTMLElement {
    return h(
      "p",
      { class: "account-actions" },
      h("a", { href: pathTo("forgotPassword"), class: "button" }, t("askNewLink")),
    );
  }

  function refused(error: unknown): void {
    const outcome = linkOutcome(error);
    if (outcome === "expired") say(t("linkExpired"), newLink());
    else if (outcome === "invalid") say(t("linkInvalid"), newLink());
    else {
      const retry = h("button", { type: "button", class: "button" }, t("retry"));
      retry.addEventListener("click", () => void check());
      say(t("linkFailed"), retry);
    }
  }

  function drawForm(): void {
    const form = h(
      "form",
      { class: "account-form", novalidate: true, id: "reset-form" },
      errorSummary(),
      field({
        label: t("newPassword"),
        name: "password",
        type: "password",
        autocomplete: "new-password",
        required: true,
        hint: t("newPasswordHint"),
        attrs: { minlength: 8, maxlength: 128 },
      }),
      h("button", { type: "submit", class: "button" }, t("resetSubmit")),
    );
    body.replaceChildren(h("p", {}, t("resetIntro")), form);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const empty = missing(form, { password: t("newPasswordMissing") });
      if (empty) {
        showErrors(form, empty, t("resetFailed"));
        return;
      }
      const password = formText(new FormData(form), "password");
      void submitting(form, async () => {
        try {
          await request("POST", "auth/password-reset/confirm/", {
            body: { token, password },
            signal: context.signal,
          });
        } catch (error) {
          if (isAbort(error)) return;
          if (refusesTheLink(error)) refused(error);
          else showErrors(form, explain(error, context.lang), t("resetFailed"));
          return;
        }
        const signIn = h("a", { href: pathTo("signIn"), class: "button" }, t("signIn"));
        say(t("resetDone"), h("p", { class: "account-actions" }, signIn));
        context.announce(t("resetDone"));
      });
    });
  }

  async function check(): Promise<void> {
    say(t("resetChecking"));
    try {
      await request("GET", "auth/password-reset/confirm/", { query: { token }, signal: context.signal });
    } catch (error) {
      if (!isAbort(error)) refused(error);
      return;
    }
    drawForm();
  }

  if (!token) say(t("linkMissing"), newLink());
  else void check();
  return undefined;
}

const page: Page = { mount };

export default page;
