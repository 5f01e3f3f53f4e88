import { defineMessages } from "../../i18n/local";

export const unsubscribeMessages = defineMessages({
  fr: {
    title: "Se désabonner des courriels",
    loading: "Vérification du lien…",
    question: "Ne plus recevoir de courriels de notification à l'adresse {email} ?",
    already: "L'adresse {email} ne reçoit déjà plus de courriels de notification.",
    keep: "Les notifications restent visibles dans l'application, sous la cloche.",
    confirm: "Me désabonner",
    done: "C'est fait : plus aucun courriel de notification ne sera envoyé à {email}.",
    invalid:
      "Ce lien de désabonnement n'est pas valide. Vérifiez qu'il est complet, ou choisissez vos courriels depuis votre compte.",
    failed: "Le désabonnement n'a pas abouti. Réessayez.",
    account: "Choisir mes courriels dans mon compte",
  },
  en: {
    title: "Unsubscribe from emails",
    loading: "Checking the link…",
    question: "Stop notification emails to {email}?",
    already: "{email} no longer gets notification emails.",
    keep: "Notifications stay visible in the application, under the bell.",
    confirm: "Unsubscribe",
    done: "Done: no more notification emails will be sent to {email}.",
    invalid:
      "This unsubscribe link is not valid. Check that it is complete, or choose your emails from your account.",
    failed: "Unsubscribing did not work. Try again.",
    account: "Choose my emails in my account",
  },
});
