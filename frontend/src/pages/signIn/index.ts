/**
 * `/connexion`: email and password, then back to the page that asked (`?next=`, a path of this
 * site only) or to the map. Wrong credentials are said next to the password, throttling in words.
 */
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { localTranslator } from "../../i18n/local";
import "../account/account.css";
import { h } from "../../ui/dom";
import { field } from "../../ui/forms";
import { accountForm, accountPage, onAccountSubmit } from "./accountForm";
import { formText, missing } from "./errors";
import { signInMessages } from "./messages";
import { withNext } from "./next";

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(signInMessages, context.lang);
  const opened = accountPage(root, context, t);
  if (!opened) return undefined;
  const { wrap, next } = opened;

  const form = accountForm(
    wrap,
    {
      intro: t("intro"),
      submit: t("submit"),
      other: t("noAccount"),
      otherLink: t("register"),
      otherHref: withNext(pathTo("register"), next),
    },
    field({ label: t("email"), name: "email", type: "email", autocomplete: "email", required: true }),
    field({
      label: t("password"),
      name: "password",
      type: "password",
      autocomplete: "current-password",
      required: true,
    }),
  );

  // Before the button, so it is found where the password is typed (and reached by Tab from it).
  form.insertBefore(
    h("p", { class: "forgot-link" }, h("a", { href: pathTo("forgotPassword") }, t("forgot"))),
    form.querySelector("button[type=submit]"),
  );

  onAccountSubmit(form, context, {
    failed: t("failed"),
    check: () => missing(form, { email: t("emailMissing"), password: t("passwordMissing") }),
    send: (data) => context.session.signIn(formText(data, "email").trim(), formText(data, "password")),
    done() {
      context.announce(t("signedIn"));
      context.navigate(next, { replace: true });
    },
  });
  return undefined;
}

const page: Page = { mount };

export default page;
