/**
 * `/inscription`: display name, email and password. Registering does not sign in and the answer
 * is the same whether the address already has an account or not: the page says a mail was sent
 * (the verification link, or for an existing account a reminder) and leads to signing in.
 */
import { ApiError } from "../../api/client";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { localTranslator } from "../../i18n/local";
import "../account/account.css";
import { h } from "../../ui/dom";
import { field } from "../../ui/forms";
import { accountForm, accountPage, onAccountSubmit } from "../signIn/accountForm";
import { formText, missing } from "../signIn/errors";
import { withNext } from "../signIn/next";
import { registerMessages } from "./messages";

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(registerMessages, context.lang);
  const opened = accountPage(root, context, t);
  if (!opened) return undefined;
  const { wrap, heading, next } = opened;

  const form = accountForm(
    wrap,
    {
      intro: t("intro"),
      submit: t("submit"),
      other: t("haveAccount"),
      otherLink: t("signIn"),
      otherHref: withNext(pathTo("signIn"), next),
    },
    field({
      label: t("displayName"),
      name: "display_name",
      autocomplete: "nickname",
      hint: t("displayNameHint"),
      attrs: { maxlength: 80 },
    }),
    field({ label: t("email"), name: "email", type: "email", autocomplete: "email", required: true }),
    field({
      label: t("password"),
      name: "password",
      type: "password",
      autocomplete: "new-password",
      required: true,
      hint: t("passwordHint"),
      attrs: { minlength: 8, maxlength: 128 },
    }),
  );

  function done(email: string): void {
    heading.textContent = t("doneTitle");
    context.setTitle(t("doneTitle"));
    const said = h("p", { id: "registered" }, t("done", { email }));
    wrap.replaceChildren(
      heading,
      h("div", { class: "notice", role: "status" }, said),
      h("p", {}, t("notReceived")),
      h(
        "p",
        { class: "account-actions" },
        h("a", { href: withNext(pathTo("signIn"), next), class: "button" }, t("signIn")),
      ),
    );
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  onAccountSubmit(form, context, {
    failed: t("failed"),
    check: (data) =>
      missing(form, { email: t("emailMissing"), password: t("passwordMissing") }) ??
      (formText(data, "password").length < 8
        ? new ApiError(400, "invalid", t("passwordShort"), { password: [t("passwordShort")] })
        : null),
    async send(data) {
      const email = formText(data, "email").trim();
      const password = formText(data, "password");
      await context.session.register(email, password, formText(data, "display_name").trim());
      if (!context.signal.aborted) done(email);
    },
  });
  return undefined;
}

const page: Page = { mount };

export default page;
