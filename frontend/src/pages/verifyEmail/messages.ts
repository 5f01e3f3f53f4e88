import { defineMessages } from "../../i18n/local";

export const verifyMessages = defineMessages({
  fr: {
    title: "Confirmer votre adresse e-mail",
    titleDone: "Adresse e-mail confirmée",
    checking: "Vérification du lien…",
    verified: "Votre adresse e-mail {email} est confirmée. Vous pouvez proposer des projets et voter.",
    invalid:
      "Ce lien de vérification n'est pas valide : il a peut-être été coupé en le copiant. Ouvrez le lien complet de l'e-mail, ou demandez-en un nouveau.",
    expired: "Ce lien de vérification a expiré. Demandez-en un nouveau : il sera valable 3 jours.",
    noToken:
      "Ce lien ne contient pas de code de vérification. Ouvrez le lien complet de l'e-mail que vous avez reçu.",
    failed: "La vérification n'a pas pu aboutir. Vérifiez votre connexion et réessayez.",
    retry: "Réessayer",
    signInForNew: "Se connecter pour recevoir un nouveau lien",
    registerForNew: "Recevoir un nouveau lien (s'inscrire à nouveau avec la même adresse)",
    account: "Mon compte",
    map: "Voir la carte",
  },
  en: {
    title: "Confirm your email address",
    titleDone: "Email address confirmed",
    checking: "Checking the link…",
    verified: "Your email address {email} is confirmed. You can propose projects and vote.",
    invalid:
      "This verification link is not valid: it may have been cut when copied. Open the full link of the email, or ask for a new one.",
    expired: "This verification link has expired. Ask for a new one: it will be valid for 3 days.",
    noToken: "This link has no verification code. Open the full link of the email you received.",
    failed: "The verification did not go through. Check your connection and try again.",
    retry: "Try again",
    signInForNew: "Sign in to get a new link",
    registerForNew: "Get a new link (register again with the same address)",
    account: "My account",
    map: "See the map",
  },
});

export type VerifyKey = keyof (typeof verifyMessages)["fr"];
