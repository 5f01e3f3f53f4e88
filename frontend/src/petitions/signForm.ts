/**
 * The signature form: the eligibility declaration (I live in Paris, my date of birth, my
 * arrondissement) and whether my name is shown. What the person forgot is said next to the field
 * before anything is sent; the API's refusals (already signed, under the minimum age, not open)
 * are said in the form's summary in the page's language.
 */
import { birthDateBounds } from "../pages/account/declaration";
import type { Lang } from "../i18n";
import { localTranslator } from "../i18n/local";
import { h } from "../ui/dom";
import { errorSummary, selectField, showErrors, submitting } from "../ui/forms";
import { ApiError } from "../api/client";
import { petitionMessages, type PetitionKey } from "./messages";
import { AREA_CODES, signatureBody, type SignBody, type SignForm } from "./model";
import type { Signature } from "./schemas";

let ids = 0;

/** A checkbox with its label, hint and error place (the error's id is `<id>-error`, as `showErrors` expects). */
export function checkField(name: string, label: string, hint?: string, checked = false): HTMLElement {
  ids += 1;
  const id = `check-${name}-${ids}`;
  const input = h("input", { type: "checkbox", id, name, checked });
  if (hint) input.setAttribute("aria-describedby", `${id}-hint`);
  return h(
    "div",
    { class: "check-field" },
    input,
    h(
      "div",
      {},
      h("label", { for: id }, label),
      hint ? h("p", { class: "field-hint", id: `${id}-hint` }, hint) : null,
      h("p", { class: "field-error", id: `${id}-error`, hidden: true }),
    ),
  );
}

/** What the person left out, as field errors (empty when the form can be sent). */
export function missing(form: SignForm, t: (key: PetitionKey) => string): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (!form.resident) errors.resident = [t("notResidentField")];
  if (!form.birth_date) errors.birth_date = [t("birthDateField")];
  if (!form.area_code) errors.area_code = [t("chooseAreaField")];
  return errors;
}

export interface SignFormOptions {
  lang: Lang;
  minAge: number;
  /** Each area code in words ("5e arrondissement"). */
  areaName: (code: string) => string;
  /** Sends the signature (the API call). */
  sign: (body: SignBody) => Promise<Signature>;
  done: (signature: Signature) => void;
  today?: Date;
}

export function signForm(options: SignFormOptions): HTMLFormElement {
  const t = localTranslator(petitionMessages, options.lang);
  const bounds = birthDateBounds(options.today ?? new Date());
  ids += 1;
  const birthId = `petition-birth-${ids}`;
  const birthHint =
    options.minAge > 0 ? t("birthDateHint", { min_age: options.minAge }) : t("birthDateHintNone");
  const birth = h("input", {
    type: "date",
    id: birthId,
    name: "birth_date",
    min: bounds.min,
    max: bounds.max,
    autocomplete: "bday",
    "aria-describedby": `${birthId}-hint`,
  });
  const submit = h(
    "button",
    { type: "submit", class: "button", id: "petition-sign-submit" },
    t("signButton"),
  );
  const form = h(
    "form",
    {
      class: "petition-form",
      id: "petition-sign-form",
      novalidate: true,
      "aria-labelledby": "petition-sign-title",
    },
    h("h2", { id: "petition-sign-title" }, t("signTitle")),
    h("p", {}, t("signIntro")),
    errorSummary(),
    h(
      "fieldset",
      {},
      h("legend", {}, t("declaration")),
      checkField("resident", t("resident")),
      h(
        "div",
        { class: "field" },
        h("label", { for: birthId }, t("birthDate")),
        h("p", { class: "field-hint", id: `${birthId}-hint` }, birthHint),
        birth,
        h("p", { class: "field-error", id: `${birthId}-error`, hidden: true }),
      ),
      selectField({
        label: t("area"),
        name: "area_code",
        choices: [
          ["", t("chooseArea")],
          ...AREA_CODES.map((c): [string, string] => [c, options.areaName(c)]),
        ],
        attrs: { autocomplete: "off" },
      }),
    ),
    checkField("show_name", t("showName"), t("showNameHint")),
    h("div", { class: "form-buttons" }, submit),
  );
  const read = (): SignForm => ({
    resident: form.querySelector<HTMLInputElement>('[name="resident"]')?.checked ?? false,
    birth_date: birth.value,
    area_code: form.querySelector<HTMLSelectElement>('[name="area_code"]')?.value ?? "",
    show_name: form.querySelector<HTMLInputElement>('[name="show_name"]')?.checked ?? false,
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = read();
    const errors = missing(values, t);
    const body = signatureBody(values);
    if (Object.keys(errors).length || !body) {
      showErrors(form, new ApiError(400, "invalid", t("signFailed"), errors), t("signFailed"));
      return;
    }
    submitting(form, () => options.sign(body)).then(options.done, (error: unknown) => {
      if (error instanceof DOMException && error.name === "AbortError") return;
      showErrors(form, error, t("signFailed"));
    });
  });
  return form;
}
