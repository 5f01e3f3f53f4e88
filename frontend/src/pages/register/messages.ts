import { defineMessages } from "../../i18n/local";

export const registerMessages = defineMessages({
  fr: {
    title: "Créer un compte",
    intro:
      "Un compte suffit pour proposer des projets et voter : habitant·e de Paris, quels que soient votre âge et votre nationalité.",
    displayName: "Nom affiché (facultatif)",
    displayNameHint: "Il apparaît à côté de vos propositions. Laissez vide pour rester anonyme.",
    email: "Adresse e-mail",
    password: "Mot de passe",
    passwordHint:
      "8 caractères au moins ; une phrase de quelques mots est facile à retenir et difficile à deviner.",
    submit: "Créer mon compte",
    failed: "Le compte n'a pas pu être créé. Réessayez.",
    emailMissing: "Saisissez votre adresse e-mail.",
    passwordMissing: "Choisissez un mot de passe.",
    passwordShort: "Le mot de passe doit compter au moins 8 caractères.",
    haveAccount: "Vous avez déjà un compte ?",
    signIn: "Se connecter",
    doneTitle: "Consultez vos e-mails",
    done: "Un e-mail a été envoyé à {email} : ouvrez le lien qu'il contient pour confirmer votre adresse, puis connectez-vous. Si cette adresse a déjà un compte, l'e-mail vous le rappelle.",
    notReceived:
      "Rien reçu ? Regardez dans les indésirables, ou inscrivez-vous à nouveau dans quelques minutes : le lien vous sera renvoyé.",
    continue: "Continuer",
    already: "Vous êtes déjà connecté·e en tant que {name}.",
  },
  en: {
    title: "Create an account",
    intro:
      "One account is all you need to propose projects and vote: anyone living in Paris, whatever their age or nationality.",
    displayName: "Display name (optional)",
    displayNameHint: "It is shown next to your proposals. Leave it empty to stay anonymous.",
    email: "Email address",
    password: "Password",
    passwordHint: "At least 8 characters; a sentence of a few words is easy to remember and hard to guess.",
    submit: "Create my account",
    failed: "The account could not be created. Try again.",
    emailMissing: "Enter your email address.",
    passwordMissing: "Choose a password.",
    passwordShort: "The password must have at least 8 characters.",
    haveAccount: "Already have an account?",
    signIn: "Sign in",
    doneTitle: "Check your email",
    done: "An email was sent to {email}: open the link it contains to confirm your address, then sign in. If this address already has an account, the email reminds you of it.",
    notReceived:
      "Nothing received? Look in your spam folder, or register again in a few minutes: the link will be sent again.",
    continue: "Continue",
    already: "You are already signed in as {name}.",
  },
});
