/** The section list's strings; each section keeps its own in `<section>.messages.ts`. */
import { defineMessages } from "../../i18n/local";

export const manageMessages = defineMessages({
  fr: {
    "index.title": "Gestion",
    "index.notFound": "Cette section n'existe pas ou ne vous est pas ouverte.",
    "index.back": "Retour à la gestion",
    "index.loadFailed": "Cette section n'a pas pu être chargée. Réessayez.",
    "moderation.title": "Modération",
    "moderation.summary": "Propositions signalées : masquer ou rétablir, avec un motif.",
    "review.title": "Étude des propositions",
    "review.summary": "La file de vos arrondissements : étudier, accepter avec un coût, refuser, répondre.",
    "merge.title": "Fusion des doublons",
    "merge.summary": "Regrouper des propositions proches en un projet.",
    "projects.title": "Projets soumis au vote",
    "projects.summary": "Les projets des bulletins, leur coût et les quartiers populaires.",
    "paper.title": "Bulletins papier",
    "paper.summary": "Saisir les bulletins papier un par un ou importer un fichier CSV.",
    "deliveries.title": "Suivi des projets lauréats",
    "deliveries.summary": "Avancement, budget dépensé, services et étapes en photos des projets lauréats.",
    "conflicts.title": "Identités en litige",
    "conflicts.summary":
      "Deux déclarations sous un même nom et une même date de naissance : comparer et trancher.",
    "petitions.title": "Pétitions",
    "petitions.summary":
      "Pétitions à modérer, signatures retenues à vérifier, alertes d'afflux et réponses à donner, les plus en retard d'abord.",
    "audit.title": "Journal",
    "audit.summary": "Qui a fait quoi, quand et pourquoi.",
    "campaigns.title": "Campagnes",
    "campaigns.summary": "Calendrier et changements de phase, avec un motif.",
    "roles.title": "Rôles",
    "roles.summary": "Agents, administrateurs et leurs arrondissements.",
  },
  en: {
    "index.title": "Manage",
    "index.notFound": "This section does not exist or is not open to you.",
    "index.back": "Back to managing",
    "index.loadFailed": "This section could not be loaded. Try again.",
    "moderation.title": "Moderation",
    "moderation.summary": "Reported proposals: hide or restore, with a reason.",
    "review.title": "Reviewing proposals",
    "review.summary": "Your areas' queue: review, accept with a cost, reject, answer.",
    "merge.title": "Merging duplicates",
    "merge.summary": "Group close proposals into one project.",
    "projects.title": "Projects on the ballot",
    "projects.summary": "The ballots' projects, their cost and priority neighbourhoods.",
    "paper.title": "Paper ballots",
    "paper.summary": "Enter paper ballots one by one or upload a CSV file.",
    "deliveries.title": "Following winning projects",
    "deliveries.summary":
      "Progress, budget spent, services and milestones in photos of the winning projects.",
    "conflicts.title": "Disputed identities",
    "conflicts.summary": "Two claims of one name and birth date: compare them and decide.",
    "petitions.title": "Petitions",
    "petitions.summary":
      "Petitions to moderate, held signatures to check, burst alerts and answers to give, the most overdue first.",
    "audit.title": "Audit log",
    "audit.summary": "Who did what, when and why.",
    "campaigns.title": "Campaigns",
    "campaigns.summary": "Schedule and phase changes, with a reason.",
    "roles.title": "Roles",
    "roles.summary": "Officials, administrators and their areas.",
  },
});

export type ManageKey = keyof typeof manageMessages.fr;
