/** Strings shared by the officials' sections (pickers, tables, confirmations). */
import { defineMessages } from "../../i18n/local";

export const kitMessages = defineMessages({
  fr: {
    campaign: "Campagne",
    area: "Zone de vote",
    noCampaign: "Aucune campagne pour l'instant.",
    confirm: "Confirmer",
    cancel: "Annuler",
    confirmTitle: "Confirmation",
    reasonRequired: "Motif (obligatoire, conservé dans le journal)",
    reasonOptional: "Motif (facultatif, conservé dans le journal)",
    loading: "Chargement…",
    loadFailed: "Les données n'ont pas pu être chargées. Réessayez.",
    failed: "L'action n'a pas abouti. Vérifiez votre connexion et réessayez.",
  },
  en: {
    campaign: "Campaign",
    area: "Voting area",
    noCampaign: "No campaign yet.",
    confirm: "Confirm",
    cancel: "Cancel",
    confirmTitle: "Confirmation",
    reasonRequired: "Reason (required, kept in the audit log)",
    reasonOptional: "Reason (optional, kept in the audit log)",
    loading: "Loading…",
    loadFailed: "The data could not be loaded. Try again.",
    failed: "The action did not go through. Check your connection and try again.",
  },
});
