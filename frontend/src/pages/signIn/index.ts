/**
 * `/connexion`: email and password, then back to the page that asked (`?next=`, a path of this
 * site only) or to the map. Wrong credentials are said next to the password, throttling in words.
 */
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { localTranslator } from "../../i18n/local";
import "../account/account.css";
import { h } from "../../ui/dom";
import { errorSummary, field, showErrors, submitting } from "../../ui/forms";
import { explain, formText, missing } from "./errors";
import { signInMessages } from "./messages";
import { safeNext, withNext } from "./next";

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(signInMessages, context.lang);
  const next = safeNext(context.query.get("next"), window.location.origin);
  context.setTitle(t("title"));
  const wrap = h("div", { class: "narrow account-page" }, h("h1", {}, t("title")));
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
    field({ label: t("email"), name: "email", type: "email", autocomplete: "email", required: true }),
    field({
      label: t("password"),
      name: "password",
      type: "password",
      autocomplete: "current-password",
      required: true,
    }),
    h("button", { type: "submit", class: "button" }, t("submit")),
  );
  wrap.append(
    h("p", {}, t("intro")),
    form,
    h(
      "p",
      { class: "account-switch" },
      `${t("noAccount")} `,
      h("a", { href: withNext(pathTo("register"), next) }, t("register")),
    ),
  );

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const empty = missing(form, { email: t("emailMissing"), password: t("passwordMissing") });
    if (empty) {
      showErrors(form, empty, t("failed"));
      return;
    }
    const data = new FormData(form);
    const email = formText(data, "email").trim();
    const password = formText(data, "password");
    void submitting(form, async () => {
      try {
        await context.session.signIn(email, password);
      } catch (error) {
        if (context.signal.aborted) return;
        showErrors(form, explain(error, context.lang), t("failed"));
        return;
      }
      context.announce(t("signedIn"));
      context.navigate(next, { replace: true });
    });
  });
  return undefined;
}

const page: Page = { mount };

export default page;
