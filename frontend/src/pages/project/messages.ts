import { defineMessages } from "../../i18n/local";

export const projectMessages = defineMessages({
  fr: {
    title: "Projet",
    number: "Projet n° {id}",
    loading: "Chargement du projet…",
    loadFailed: "Le projet n'a pas pu être chargé.",
    retry: "Réessayer",
    notFound: "Ce projet est introuvable.",
    backToMap: "Retour à la carte",
    cost: "Coût estimé",
    area: "Secteur",
    theme: "Thème",
    sources: "Propositions à l'origine du projet",
  },
  en: {
    title: "Project",
    number: "Project no. {id}",
    loading: "Loading the project…",
    loadFailed: "The project could not be loaded.",
    retry: "Try again",
    notFound: "This project cannot be found.",
    backToMap: "Back to the map",
    cost: "Estimated cost",
    area: "Area",
    theme: "Theme",
    sources: "The proposals the project comes from",
  },
});
