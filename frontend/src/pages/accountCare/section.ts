/**
 * The account page's care of the account: change the password (other devices are signed out),
 * change the email address (a link to the new one), download my data, delete my account (the
 * password and a ticked box confirm it). Each form says the API's refusals next to its fields.
 */
import { ApiError, isAbort } from "../../api/client";
import { EmailChangeOutput } from "../../api/generated/zod";
import { request } from "../../api/request";
import type { PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { localTranslator, type LocalT } from "../../i18n/local";
import { h } from "../../ui/dom";
import { errorSummary, field, showErrors, submitting } from "../../ui/forms";
import { explain, formText, missing } from "../signIn/errors";
import { careMessages, type CareKey } from "./messages";
import "./care.css";
import { dataFileName, dataFileText } from "./outcome";

type T = LocalT<CareKey>;

interface FormSpec {
  id: string;
  fields: HTMLElement[];
  submit: string;
  danger?: boolean;
  failed: string;
  required: Record<string, string>;
  send(data: FormData): Promise<string | null>;
}

/** A form with its summary, fields, button and a status line saying what was done. */
function careForm(context: PageContext, spec: FormSpec): HTMLElement {
  const done = h("p", { class: "care-done", role: "status", "aria-live": "polite", id: `${spec.id}-done` });
  const form = h(
    "form",
    { class: "account-form", novalidate: true, id: spec.id },
    errorSummary(),
    ...spec.fields,
    h("button", { type: "submit", class: spec.danger ? "button button-danger" : "button" }, spec.submit),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    done.textContent = "";
    const empty = missing(form, spec.required);
    if (empty) {
      showErrors(form, empty, spec.failed);
      return;
    }
    const data = new FormData(form);
    void submitting(form, async () => {
      let said: string | null;
      try {
        said = await spec.send(data);
      } catch (error) {
        if (!isAbort(error)) showErrors(form, explain(error, context.lang), spec.failed);
        return;
      }
      if (said === null) return;
      form.reset();
      done.textContent = said;
      context.announce(said);
    });
  });
  return h("div", {}, form, done);
}

function password(label: string, name: string, autocomplete: string, hint?: string): HTMLElement {
  return field({
    label,
    name,
    type: "password",
    autocomplete,
    required: true,
    ...(hint ? { hint } : {}),
    attrs: { maxlength: 128 },
  });
}

/** A checkbox with its label after it, and a place for its error (named like the API's field). */
function checkbox(name: string, label: string): HTMLElement {
  const id = `care-${name}`;
  return h(
    "div",
    { class: "field field-check" },
    h("input", { type: "checkbox", id, name, value: "yes", required: true }),
    h("label", { for: id }, label),
    h("p", { class: "field-error", id: `${id}-error`, hidden: true }),
  );
}

function section(id: string, title: string, ...children: (Node | string)[]): HTMLElement {
  return h(
    "section",
    { class: "account-section care-section", "aria-labelledby": id },
    h("h2", { id }, title),
    ...children,
  );
}

function passwordForm(context: PageContext, t: T): HTMLElement {
  return careForm(context, {
    id: "password-form",
    fields: [
      password(t("currentPassword"), "current_password", "current-password"),
      password(t("newPassword"), "new_password", "new-password", t("newPasswordHint")),
    ],
    submit: t("passwordSubmit"),
    failed: t("passwordFailed"),
    required: { current_password: t("currentPasswordMissing"), new_password: t("newPasswordMissing") },
    async send(data) {
      await request("POST", "me/password/", {
        body: {
          current_password: formText(data, "current_password"),
          new_password: formText(data, "new_password"),
        },
        signal: context.signal,
      });
      return t("passwordChanged");
    },
  });
}

function emailForm(context: PageContext, t: T): HTMLElement {
  return careForm(context, {
    id: "email-form",
    fields: [
      field({
        label: t("newEmail"),
        name: "new_email",
        type: "email",
        autocomplete: "email",
        required: true,
      }),
      password(t("passwordForEmail"), "password", "current-password"),
    ],
    submit: t("emailSubmit"),
    failed: t("emailFailed"),
    required: { new_email: t("newEmailMissing"), password: t("passwordForEmailMissing") },
    async send(data) {
      const answer = await request("POST", "me/email/", {
        schema: EmailChangeOutput,
        body: { new_email: formText(data, "new_email").trim(), password: formText(data, "password") },
        signal: context.signal,
      });
      return t("emailSent", { email: answer.new_email });
    },
  });
}

/** Saves `text` as a file named `name` (an object URL on a temporary link). */
function saveFile(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

function dataBlock(context: PageContext, t: T): HTMLElement {
  const said = h("p", { class: "care-done", role: "status", "aria-live": "polite", id: "data-done" });
  const button = h("button", { type: "button", class: "button", id: "data-download" }, t("dataSubmit"));
  button.addEventListener("click", () => {
    button.disabled = true;
    said.textContent = "";
    // The file is the API's answer as it came (every section, including those of apps the
    // generated schema may not list yet): no schema on purpose.
    request("GET", "me/data/", { signal: context.signal })
      .then((payload) => {
        const name = dataFileName(new Date());
        saveFile(name, dataFileText(payload));
        said.textContent = t("dataDone", { file: name });
        context.announce(said.textContent);
      })
      .catch((error: unknown) => {
        if (isAbort(error)) return;
        const explained = explain(error, context.lang);
        said.textContent =
          explained instanceof ApiError && explained.status === 429 ? explained.message : t("dataFailed");
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return h("div", {}, h("p", {}, t("dataIntro")), button, said);
}

function deleteForm(context: PageContext, t: T): HTMLElement {
  return careForm(context, {
    id: "delete-form",
    danger: true,
    fields: [
      checkbox("confirm", t("deleteConfirm")),
      password(t("passwordForDelete"), "password", "current-password"),
    ],
    submit: t("deleteSubmit"),
    failed: t("deleteFailed"),
    required: { password: t("passwordForEmailMissing") },
    async send(data) {
      if (data.get("confirm") !== "yes") {
        throw new ApiError(400, "invalid", t("deleteConfirmMissing"), {
          confirm: [t("deleteConfirmMissing")],
        });
      }
      await request("POST", "me/delete/", {
        body: { password: formText(data, "password"), confirm: true },
        signal: context.signal,
      });
      context.announce(t("deleted"));
      await context.session.refresh().catch(() => null);
      context.navigate(`${pathTo("privacy")}?compte=supprime`, { replace: true });
      return null;
    },
  });
}

/** The sections, in the order they are read: password and email, my data, deleting. */
export function accountCare(context: PageContext): HTMLElement[] {
  const t = localTranslator(careMessages, context.lang);
  return [
    section(
      "care-security",
      t("securityTitle"),
      h("h3", {}, t("passwordTitle")),
      passwordForm(context, t),
      h("h3", {}, t("emailTitle")),
      h("p", {}, t("emailIntro")),
      emailForm(context, t),
    ),
    section(
      "care-data",
      t("dataTitle"),
      dataBlock(context, t),
      h("p", {}, h("a", { href: pathTo("privacy") }, t("privacyLink"))),
    ),
    section("care-delete", t("deleteTitle"), h("p", {}, t("deleteIntro")), deleteForm(context, t)),
  ];
}
