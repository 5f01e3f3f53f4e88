/**
 * "Send the verification email again": a button and a polite status line saying what happened
 * (sent, already confirmed, too many requests, failure). Used after registering, on the
 * verification page and on "my account".
 */
import { ApiError, isAbort } from "../../api/client";
import { request } from "../../api/request";
import type { Lang } from "../../i18n";
import { defineMessages, localTranslator } from "../../i18n/local";
import { h, setText } from "../../ui/dom";

export const resendMessages = defineMessages({
  fr: {
    resend: "Renvoyer l'e-mail de vérification",
    sending: "Envoi en cours…",
    sent: "Un nouvel e-mail de vérification vous a été envoyé.",
    already: "Votre adresse e-mail est déjà confirmée.",
    throttled: "Trop de demandes : attendez un moment avant de redemander un e-mail.",
    signIn: "Connectez-vous pour recevoir un nouveau lien.",
    failed: "L'e-mail n'a pas pu être renvoyé. Réessayez.",
  },
  en: {
    resend: "Send the verification email again",
    sending: "Sending…",
    sent: "A new verification email has been sent to you.",
    already: "Your email address is already confirmed.",
    throttled: "Too many requests: wait a while before asking for another email.",
    signIn: "Sign in to get a new link.",
    failed: "The email could not be sent again. Try again.",
  },
});

export type ResendKey = keyof (typeof resendMessages)["fr"];

/** What to say for the answer to a resend request (null: it was sent). */
export function resendOutcome(error: unknown): ResendKey {
  if (error === null) return "sent";
  if (error instanceof ApiError) {
    if (error.status === 409 && error.code === "already_verified") return "already";
    if (error.status === 429) return "throttled";
    if (error.status === 401 || error.status === 403) return "signIn";
  }
  return "failed";
}

export interface ResendOptions {
  lang: Lang;
  signal: AbortSignal;
  /** Called when the server says the address is confirmed (to refresh the session). */
  onVerified?: () => void;
}

export function resendBlock(options: ResendOptions): HTMLElement {
  const t = localTranslator(resendMessages, options.lang);
  const button = h(
    "button",
    { type: "button", class: "button button-quiet", id: "resend-verification" },
    t("resend"),
  );
  const said = h("p", { class: "resend-status", role: "status", "aria-live": "polite" });
  button.addEventListener("click", () => {
    button.disabled = true;
    setText(said, t("sending"));
    void request("POST", "auth/verify-email/resend/", { signal: options.signal })
      .then(
        () => null,
        (error: unknown) => error,
      )
      .then((error) => {
        if (isAbort(error)) return;
        const outcome = resendOutcome(error);
        setText(said, t(outcome));
        // Asking again makes sense after a failure or a wait, not once the mail left.
        button.disabled = outcome === "sent" || outcome === "already";
        if (outcome === "already") options.onVerified?.();
      });
  });
  return h("div", { class: "resend" }, button, said);
}
