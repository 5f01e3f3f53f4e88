/**
 * What the sign-in and register pages share: the page and its heading (or, for someone already
 * signed in, who they are and a link to go on to `?next=`), the form with its error summary, its
 * fields and its button, then a link to the other page, and the sending of the form with the
 * API's refusals said next to their fields.
 */
import type { ApiError } from "../../api/client";
import type { PageContext } from "../../app/page";
import type { LocalT } from "../../i18n/local";
import { h } from "../../ui/dom";
import { errorSummary, showErrors, submitting } from "../../ui/forms";
import { explain } from "./errors";
import { safeNext } from "./next";

export interface AccountPage {
  wrap: HTMLElement;
  heading: HTMLElement;
  /** Where to go on afterwards: `?next=` when it is a path of this site. */
  next: string;
}

/** The page with its title, or null when someone is already signed in (the page then says so). */
export function accountPage(
  root: HTMLElement,
  context: PageContext,
  t: LocalT<"title" | "already" | "continue">,
): AccountPage | null {
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
    return null;
  }
  return { wrap, heading, next };
}

export interface AccountFormTexts {
  intro: string;
  submit: string;
  /** The question before the link to the other page ("No account yet?"). */
  other: string;
  otherLink: string;
  otherHref: string;
}

/** The introduction, the form (error summary, `fields`, button) and the link to the other page. */
export function accountForm(
  wrap: HTMLElement,
  texts: AccountFormTexts,
  ...fields: HTMLElement[]
): HTMLFormElement {
  const form = h(
    "form",
    { class: "account-form", novalidate: true },
    errorSummary(),
    ...fields,
    h("button", { type: "submit", class: "button" }, texts.submit),
  );
  wrap.append(
    h("p", {}, texts.intro),
    form,
    h(
      "p",
      { class: "account-switch" },
      `${texts.other} `,
      h("a", { href: texts.otherHref }, texts.otherLink),
    ),
  );
  return form;
}

export interface AccountSubmit {
  /** What the form says when it is refused ("Signing in did not work."). */
  failed: string;
  /** The fields' problems found before asking the server, or null. */
  check(data: FormData): ApiError | null;
  /** Asks the server; a refusal is said in the form (unless the page was left meanwhile). */
  send(data: FormData): Promise<unknown>;
  /** After `send` succeeded. */
  done?(): void;
}

export function onAccountSubmit(form: HTMLFormElement, context: PageContext, submit: AccountSubmit): void {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const problems = submit.check(data);
    if (problems) {
      showErrors(form, problems, submit.failed);
      return;
    }
    void submitting(form, async () => {
      try {
        await submit.send(data);
      } catch (error) {
        if (context.signal.aborted) return;
        showErrors(form, explain(error, context.lang), submit.failed);
        return;
      }
      submit.done?.();
    });
  });
}
