/**
 * "Emails about what I follow" on the account page: at once, one digest a day, or never (the
 * notifications stay in the application). A radio group saved as soon as it changes.
 */
import type { Lang } from "../i18n";
import { defineMessages, localTranslator } from "../i18n/local";
import { h, setText } from "../ui/dom";
import { notificationsApi, type Digest } from "./api";
import "./notifications.css";

export const preferenceMessages = defineMessages({
  fr: {
    title: "Courriels de notification",
    intro: "Quand recevoir un courriel sur les propositions et projets que vous suivez :",
    immediate: "À chaque nouvelle",
    immediateHelp: "Un courriel par notification.",
    daily: "Un résumé par jour",
    dailyHelp: "Un seul courriel, le matin, avec les notifications de la veille.",
    never: "Jamais",
    neverHelp: "Aucun courriel ; les notifications restent visibles sous la cloche.",
    saved: "Préférence enregistrée.",
    failed: "La préférence n'a pas pu être enregistrée. Réessayez.",
    loadFailed: "La préférence n'a pas pu être chargée.",
  },
  en: {
    title: "Notification emails",
    intro: "When to get an email about the proposals and projects you follow:",
    immediate: "For each update",
    immediateHelp: "One email per notification.",
    daily: "One summary a day",
    dailyHelp: "A single email, in the morning, with the day before's notifications.",
    never: "Never",
    neverHelp: "No email; notifications stay visible under the bell.",
    saved: "Preference saved.",
    failed: "The preference could not be saved. Try again.",
    loadFailed: "The preference could not be loaded.",
  },
});

const CHOICES: Digest[] = ["immediate", "daily", "never"];

export function preferencesSection(
  lang: Lang,
  options: { signal?: AbortSignal; api?: Pick<typeof notificationsApi, "preference" | "setPreference"> } = {},
): HTMLElement {
  const t = localTranslator(preferenceMessages, lang);
  const api = options.api ?? notificationsApi;
  const status = h("p", { role: "status", "aria-live": "polite", class: "preference-status" });
  const radios = CHOICES.map((choice) => {
    const input = h("input", {
      type: "radio",
      name: "digest",
      value: choice,
      id: `digest-${choice}`,
      "aria-describedby": `digest-${choice}-help`,
      disabled: true,
    });
    return {
      input,
      row: h(
        "div",
        { class: "preference-choice" },
        input,
        h(
          "label",
          { for: `digest-${choice}` },
          t(choice),
          h("span", { class: "preference-help", id: `digest-${choice}-help` }, t(`${choice}Help`)),
        ),
      ),
    };
  });
  const fieldset = h(
    "fieldset",
    { class: "preferences" },
    h("legend", {}, t("intro")),
    ...radios.map((r) => r.row),
  );
  let current: Digest = "immediate";
  function select(value: Digest): void {
    current = value;
    for (const r of radios) {
      r.input.checked = r.input.value === value;
      r.input.disabled = false;
    }
  }
  api
    .preference(options.signal)
    .then((value) => {
      select(value);
    })
    .catch(() => {
      select(current);
      setText(status, t("loadFailed"));
    });
  fieldset.addEventListener("change", (event) => {
    const target = event.target as HTMLInputElement;
    const value = target.value as Digest;
    if (!CHOICES.includes(value)) return;
    api
      .setPreference(value)
      .then((saved) => {
        select(saved);
        setText(status, t("saved"));
      })
      .catch(() => {
        select(current);
        setText(status, t("failed"));
      });
  });
  return h(
    "section",
    {
      class: "account-section",
      id: "notification-preferences",
      "aria-labelledby": "notification-preferences-title",
    },
    h("h2", { id: "notification-preferences-title" }, t("title")),
    fieldset,
    status,
  );
}
