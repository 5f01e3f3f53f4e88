/**
 * Forms that say what is wrong where it is wrong. `showErrors(form, error)` puts each of the API's
 * field errors (`errors: {field: [reasons]}`) under the control named like the field (its `name`),
 * marks it `aria-invalid` and ties the message with `aria-describedby`; errors for fields the form
 * does not show, and the message itself, go to the form's summary (a `role="alert"` region). The
 * first invalid control gets the focus.
 */
import { ApiError } from "../api/client";
import { h } from "./dom";

export interface FieldOptions {
  label: string;
  name: string;
  type?: string;
  value?: string;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  attrs?: Record<string, string | number | boolean>;
}

let counter = 0;
function uid(name: string): string {
  counter += 1;
  return `f-${name}-${counter}`;
}

/** A labelled input with a place for its hint and its error. */
export function field(options: FieldOptions): HTMLElement {
  const id = uid(options.name);
  const input = h("input", {
    id,
    name: options.name,
    type: options.type ?? "text",
    required: options.required ?? false,
    autocomplete: options.autocomplete ?? null,
    ...(options.attrs ?? {}),
  });
  if (options.value !== undefined) input.value = options.value;
  return wrapControl(id, options.label, input, options.hint);
}

/** A labelled textarea. */
export function textArea(options: FieldOptions & { rows?: number }): HTMLElement {
  const id = uid(options.name);
  const area = h("textarea", {
    id,
    name: options.name,
    rows: options.rows ?? 5,
    required: options.required ?? false,
    ...(options.attrs ?? {}),
  });
  if (options.value !== undefined) area.value = options.value;
  return wrapControl(id, options.label, area, options.hint);
}

/** A labelled select from `[value, text]` pairs. */
export function selectField(options: FieldOptions & { choices: [string, string][] }): HTMLElement {
  const id = uid(options.name);
  const select = h(
    "select",
    { id, name: options.name, required: options.required ?? false, ...(options.attrs ?? {}) },
    ...options.choices.map(([value, text]) => h("option", { value }, text)),
  );
  if (options.value !== undefined) select.value = options.value;
  return wrapControl(id, options.label, select, options.hint);
}

export function wrapControl(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  const hintId = `${id}-hint`;
  if (hint) control.setAttribute("aria-describedby", hintId);
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    hint ? h("p", { class: "field-hint", id: hintId }, hint) : null,
    control,
    h("p", { class: "field-error", id: `${id}-error`, hidden: true }),
  );
}

/** The form's error summary region (create once, put at the top of the form). */
export function errorSummary(): HTMLElement {
  return h("div", { class: "form-errors", role: "alert", tabindex: -1, hidden: true });
}

export function clearErrors(form: HTMLElement): void {
  for (const control of form.querySelectorAll<HTMLElement>("[aria-invalid]")) {
    control.removeAttribute("aria-invalid");
    const describedBy = (control.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .filter((id) => id && !id.endsWith("-error"));
    if (describedBy.length) control.setAttribute("aria-describedby", describedBy.join(" "));
    else control.removeAttribute("aria-describedby");
  }
  for (const p of form.querySelectorAll<HTMLElement>(".field-error")) {
    p.textContent = "";
    p.hidden = true;
  }
  const summary = form.querySelector<HTMLElement>(".form-errors");
  if (summary) {
    summary.replaceChildren();
    summary.hidden = true;
  }
}

/**
 * Shows an error from a request: field errors next to their controls, the rest in the summary.
 * `fallback` is the sentence for errors that are not the API's (network, unexpected answer).
 * Returns the fields it could not place.
 */
export function showErrors(form: HTMLElement, error: unknown, fallback: string): string[] {
  clearErrors(form);
  const summary = form.querySelector<HTMLElement>(".form-errors");
  const unplaced: string[] = [];
  let first: HTMLElement | null = null;
  if (error instanceof ApiError && error.status > 0 && error.code !== "invalid_response") {
    for (const [name, reasons] of Object.entries(error.errors)) {
      const control = form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
      if (!control) {
        unplaced.push(name === "non_field" ? reasons.join(" ") : `${name}: ${reasons.join(" ")}`);
        continue;
      }
      const message = form.querySelector<HTMLElement>(`#${CSS.escape(control.id)}-error`);
      if (message) {
        message.textContent = reasons.join(" ");
        message.hidden = false;
        const ids = (control.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
        control.setAttribute("aria-describedby", [...ids, message.id].join(" "));
      }
      control.setAttribute("aria-invalid", "true");
      first ??= control;
    }
    if (summary && (unplaced.length || Object.keys(error.errors).length === 0 || !first)) {
      summary.append(h("p", {}, error.message), ...unplaced.map((text) => h("p", {}, text)));
      summary.hidden = false;
    }
  } else if (summary) {
    summary.append(h("p", {}, fallback));
    summary.hidden = false;
  }
  if (first) first.focus();
  else summary?.focus();
  return unplaced;
}

/** Disables a form's submit button while `work` runs (no double submissions). */
export async function submitting<T>(form: HTMLFormElement, work: () => Promise<T>): Promise<T> {
  const buttons = [...form.querySelectorAll<HTMLButtonElement>("button[type=submit]")];
  for (const b of buttons) b.disabled = true;
  form.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    for (const b of buttons) b.disabled = false;
    form.removeAttribute("aria-busy");
  }
}
