/**
 * The API's refusals of the account forms in the page's language: wrong credentials, an address
 * already registered, too many attempts (429, with the wait the server gives). Other errors pass
 * through as they are (their field errors still go next to their fields).
 */
import { ApiError } from "../../api/client";
import type { Lang } from "../../i18n";
import { defineMessages, localTranslator } from "../../i18n/local";

export const errorMessages = defineMessages({
  fr: {
    invalidCredentials: "Adresse e-mail ou mot de passe incorrect.",
    throttled: "Trop de tentatives : pour votre sécurité, attendez un moment avant de réessayer.",
    throttledMinutes: "Trop de tentatives : pour votre sécurité, réessayez dans {minutes} minute(s) environ.",
    network: "Le serveur ne répond pas. Vérifiez votre connexion et réessayez.",
  },
  en: {
    invalidCredentials: "Wrong email address or password.",
    throttled: "Too many attempts: for your security, wait a while before trying again.",
    throttledMinutes: "Too many attempts: for your security, try again in about {minutes} minute(s).",
    network: "The server does not answer. Check your connection and try again.",
  },
});

/**
 * The fields left empty, as the API would say it (so they show the same way), or null: `required`
 * maps a control's name to what to say when it is empty.
 */
export function missing(form: HTMLFormElement, required: Record<string, string>): ApiError | null {
  const errors: Record<string, string[]> = {};
  for (const [name, text] of Object.entries(required)) {
    const control = form.elements.namedItem(name);
    const value = control && "value" in control ? control.value.trim() : "";
    if (!value) errors[name] = [text];
  }
  const first = Object.values(errors)[0];
  return first ? new ApiError(400, "invalid", first[0] as string, errors) : null;
}

/** A text field's value from a FormData ("" when absent). */
export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
}

/** Seconds to wait, read from a throttling message ("… available in 42 seconds."), or null. */
export function waitSeconds(message: string): number | null {
  const found = /(\d+)\s*seconds?/i.exec(message);
  return found ? Number(found[1]) : null;
}

export function isThrottled(error: unknown): boolean {
  return error instanceof ApiError && error.status === 429;
}

/** `error` with its message and field errors said in `lang` when they are known. */
export function explain(error: unknown, lang: Lang): unknown {
  const t = localTranslator(errorMessages, lang);
  if (!(error instanceof ApiError)) return error;
  if (error.status === 0) return new ApiError(0, error.code, t("network"));
  if (isThrottled(error)) {
    // The wait the server gives as a parameter (an older answer: read from its own sentence).
    const wait = error.params.wait;
    const seconds = typeof wait === "number" ? wait : waitSeconds(error.serverMessage || error.message);
    const text =
      seconds === null
        ? t("throttled")
        : t("throttledMinutes", { minutes: Math.max(1, Math.ceil(seconds / 60)) });
    return new ApiError(429, error.code, text);
  }
  if (error.code === "invalid_credentials") {
    const text = t("invalidCredentials");
    return new ApiError(error.status, error.code, text, { password: [text] });
  }
  return error;
}
