/**
 * `/inscription`: display name, email and password. Registering signs in; the page then says a
 * verification email was sent, with a button to send it again, and goes on to `?next=`.
 */
import { ApiError } from "../../api/client";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { localTranslator } from "../../i18n/local";
import "../account/account.css";
import { h } from "../../ui/dom";
import { errorSummary, field, showErrors, submitting } from "../../ui/forms";
import { explain, formText, missing } from "../signIn/errors";
import { safeNext, withNext } from "../signIn/next";
import { resendBlock } from "../verifyEmail/resend";
import { registerMessages } from "./messages";

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(registerMessages, context.lang);
  const next = safeNext(context.query.get("next"), window.location.origin);
  context.setTitle(t("title"));
  const heading = h("h1", {}, t("title"));
  const wrap = h("div", { class: "narrow account-page" }, heading);
  root.append(wrap);
  const user = context.session.user();
  if (user) {
    wrap.append(
      h("p", {}, t("already", { name: user.display_name || user.email })),
      h("a", { href: next, class: "button" }, t("continue")),
    );
    return undefined;
  }

  const form = h(
    "form",
    { class: "account-form", novalidate: true },
    errorSummary(),
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
    h("button", { type: "submit", class: "button" }, t("submit")),
  );
  wrap.append(
    h("p", {}, t("intro")),
    form,
    h(
      "p",
      { class: "account-switch" },
      `${t("haveAccount")} `,
      h("a", { href: withNext(pathTo("signIn"), next) }, t("signIn")),
    ),
  );

  function done(email: string): void {
    heading.textContent = t("doneTitle");
    context.setTitle(t("doneTitle"));
    const said = h("p", { id: "registered" }, t("done", { email }));
    wrap.replaceChildren(
      heading,
      h("div", { class: "notice", role: "status" }, said),
      h("p", {}, t("notReceived")),
      resendBlock({
        lang: context.lang,
        signal: context.signal,
        onVerified: () => void context.session.refresh(),
      }),
      h(
        "p",
        { class: "account-actions" },
        h("a", { href: next, class: "button" }, t("continue")),
        " ",
        h("a", { href: pathTo("account"), class: "button button-quiet" }, t("account")),
      ),
    );
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const password = formText(data, "password");
    const empty =
      missing(form, { email: t("emailMissing"), password: t("passwordMissing") }) ??
      (password.length < 8
        ? new ApiError(400, "invalid", t("passwordShort"), { password: [t("passwordShort")] })
        : null);
    if (empty) {
      showErrors(form, empty, t("failed"));
      return;
    }
    const email = formText(data, "email").trim();
    void submitting(form, async () => {
      try {
        const user = await context.session.register(email, password, formText(data, "display_name").trim());
        if (!context.signal.aborted) done(user.email);
      } catch (error) {
        if (context.signal.aborted) return;
        showErrors(form, explain(error, context.lang), t("failed"));
      }
    });
  });
  return undefined;
}

const page: Page = { mount };

export default page;
