/** The receipt check screen's words, French first. */
import { defineMessages } from "../../i18n/local";

export const receiptMessages = defineMessages({
  fr: {
    title: "Vérifier mon reçu",
    intro:
      "Avec le code de reçu affiché quand vous avez voté, vérifiez que votre bulletin est compté et ce qu'il contient. Personne ne peut savoir qui l'a déposé.",
    code: "Code de reçu",
    codeHint: "Tel qu'il vous a été donné, par exemple ABCD-EFGH-JKLM-NPQR.",
    check: "Vérifier",
    checking: "Vérification…",
    required: "Saisissez votre code de reçu.",
    notFound:
      "Aucun bulletin n'a ce code : vérifiez-le. Un bulletin remplacé n'a plus de code valable ; seul le code du nouveau bulletin l'est.",
    failed: "La vérification n'a pas pu être faite. Réessayez dans un instant.",
    answerHeading: "Votre bulletin",
    counted: "✓ Ce bulletin est compté.",
    sealed: "✓ Ce bulletin est dans l'urne.",
    sealedWhy:
      "Il y reste scellé jusqu'au dépouillement, au début de la phase des résultats ; personne ne peut le lire d'ici là.",
    notCounted: "✗ Ce bulletin n'est pas compté.",
    notCountedWhy:
      "Un bulletin n'est pas compté quand la déclaration de la personne qui l'a déposé a été refusée avant le dépouillement ; son contenu a alors été détruit.",
    ballot: "Bulletin : {area}",
    ballotCity: "Tout Paris",
    castOn: "Déposé le {date}",
    campaign: "Campagne : {campaign}",
    contents: "Ce qu'il contient",
    empty: "Aucun choix.",
    points: "{points} points",
    chosen: "choisi — {cost}",
    grade_adore: "J'adore",
    grade_aime_bien: "J'aime bien",
    grade_pourquoi_pas: "Pourquoi pas ?",
    grade_pas_convaincu: "Je ne suis pas convaincu·e",
    voteLink: "Aller au vote",
    announceFound: "Bulletin trouvé.",
  },
  en: {
    title: "Check my receipt",
    intro:
      "With the receipt code shown when you voted, check that your ballot is counted and what it holds. Nobody can tell who cast it.",
    code: "Receipt code",
    codeHint: "As it was given to you, for example ABCD-EFGH-JKLM-NPQR.",
    check: "Check",
    checking: "Checking…",
    required: "Enter your receipt code.",
    notFound:
      "No ballot has this code: check it. A replaced ballot's code no longer works; only the new ballot's code does.",
    failed: "The check could not be made. Try again in a moment.",
    answerHeading: "Your ballot",
    counted: "✓ This ballot is counted.",
    sealed: "✓ This ballot is in the ballot box.",
    sealedWhy:
      "It stays sealed there until counting starts, with the results phase; nobody can read it until then.",
    notCounted: "✗ This ballot is not counted.",
    notCountedWhy:
      "A ballot is not counted when the declaration of the person who cast it was refused before counting started; its content was then destroyed.",
    ballot: "Ballot: {area}",
    ballotCity: "All Paris",
    castOn: "Cast on {date}",
    campaign: "Campaign: {campaign}",
    contents: "What it holds",
    empty: "No choice.",
    points: "{points} points",
    chosen: "chosen — {cost}",
    grade_adore: "I love it",
    grade_aime_bien: "I like it",
    grade_pourquoi_pas: "Why not?",
    grade_pas_convaincu: "I'm not convinced",
    voteLink: "Go to the vote",
    announceFound: "Ballot found.",
  },
});

export type ReceiptKey = keyof typeof receiptMessages.fr;
