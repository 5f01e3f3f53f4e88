import { defineMessages } from "../i18n/local";

/** The words of the supports filter and of the list's order (beside the map). */
export const supportFilterMessages = defineMessages({
  fr: {
    minSupports: "Soutiens",
    anySupports: "Peu importe",
    atLeast: "Au moins {count}",
    sort: "Ordre de la liste",
    "sort.deposit": "Ordre de dépôt",
    "sort.supports": "Les plus soutenues d'abord",
    supports: "{count} soutien(s)",
  },
  en: {
    minSupports: "Supports",
    anySupports: "Any number",
    atLeast: "At least {count}",
    sort: "List order",
    "sort.deposit": "As deposited",
    "sort.supports": "Most supported first",
    supports: "{count} support(s)",
  },
});
