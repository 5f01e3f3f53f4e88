import { defineMessages } from "../../i18n/local";

export const signInMessages = defineMessages({
  fr: {
    title: "Se connecter",
    intro: "Connectez-vous pour proposer des projets, voter et suivre vos propositions.",
    email: "Adresse e-mail",
    password: "Mot de passe",
    submit: "Se connecter",
    failed: "La connexion n'a pas abouti. Réessayez.",
    noAccount: "Pas encore de compte ?",
    register: "Créer un compte",
    signedIn: "Vous êtes connecté·e.",
    already: "Vous êtes déjà connecté·e en tant que {name}.",
    continue: "Continuer",
    emailMissing: "Saisissez votre adresse e-mail.",
    passwordMissing: "Saisissez votre mot de passe.",
  },
  en: {
    title: "Sign in",
    intro: "Sign in to propose projects, vote and follow your proposals.",
    email: "Email address",
    password: "Password",
    submit: "Sign in",
    failed: "Signing in did not work. Try again.",
    noAccount: "No account yet?",
    register: "Create an account",
    signedIn: "You are signed in.",
    already: "You are already signed in as {name}.",
    continue: "Continue",
    emailMissing: "Enter your email address.",
    passwordMissing: "Enter your password.",
  },
});
