/**
 * `/mot-de-passe-oublie`: an email address, then the same sentence whatever the address (the API
 * answers alike for addresses with and without an account); the link is mailed.
 */
import { request } from "../../api/request";
import { AcceptedOutput } from "../../api/generated/zod";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { localTranslator } from "../../i18n/local";
import "../account/account.css";
import { h } from "../../ui/dom";
import { errorSummary, field } from "../../ui/forms";
import { onAccountSubmit } from "../signIn/accountForm";
import { formText, missing } from "../signIn/errors";
import { careMessages } from "./messages";

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(careMessages, context.lang);
  context.setTitle(t("forgotTitle"));
  const said = h("div", { role: "status", "aria-live": "polite", id: "forgot-outcome" });
  const email = field({
    label: t("email"),
    name: "email",
    type: "email",
    autocomplete: "email",
    required: true,
    value: context.query.get("email") ?? "",
  });
  const form = h(
    "form",
    { class: "account-form", novalidate: true, id: "forgot-form" },
    errorSummary(),
    email,
    h("button", { type: "submit", class: "button" }, t("forgotSubmit")),
  );
  root.append(
    h(
      "div",
      { class: "narrow account-page" },
      h("h1", {}, t("forgotTitle")),
      h("p", {}, t("forgotIntro")),
      form,
      said,
      h("p", { class: "account-switch" }, h("a", { href: pathTo("signIn") }, t("backToSignIn"))),
    ),
  );
  onAccountSubmit(form, context, {
    failed: t("forgotFailed"),
    check: () => missing(form, { email: t("emailMissing") }),
    send: (data) =>
      request("POST", "auth/password-reset/", {
        schema: AcceptedOutput,
        body: { email: formText(data, "email").trim() },
        signal: context.signal,
      }),
    done() {
      const address = (form.elements.namedItem("email") as HTMLInputElement).value.trim();
      const text = t("forgotSent", { email: address });
      said.replaceChildren(h("p", { class: "notice" }, text));
      context.announce(text);
    },
  });
  return undefined;
}

const page: Page = { mount };

export default page;
