import { defineMessages } from "../../i18n/local";

export const privacyMessages = defineMessages({
  fr: {
    title: "Confidentialité et données personnelles",
    deleted: "Votre compte a été supprimé. Voici ce que le site garde encore, et jusqu'à quand.",
    intro:
      "Belvédère est le site du budget participatif. Voici ce qu'il garde à votre sujet, pourquoi, pour combien de temps, et ce que vous pouvez en faire.",
    keptTitle: "Ce que le site garde",
    keptAccount:
      "Votre compte : adresse e-mail, nom affiché (facultatif), mot de passe (chiffré, illisible même pour nous), date d'inscription et de dernière connexion. Gardé tant que le compte existe.",
    keptProposals:
      "Vos propositions et les réponses de la Ville : elles sont publiques et restent l'histoire de la campagne, même si vous supprimez votre compte.",
    keptReports: "Vos signalements de propositions, vos notifications et abonnements.",
    keptVoting:
      "Pour voter : votre déclaration (nom, date de naissance, adresse, arrondissement de cœur) et votre participation (dans quelle campagne, quel bulletin, quel jour, en ligne ou sur papier). Elles servent à vérifier que chacun vote une seule fois.",
    keptPetitions:
      "Vos pétitions et vos signatures : pour signer, vous déclarez résider à Paris, votre date de naissance et votre arrondissement ; votre nom n'est affiché que si vous l'avez choisi. Le réseau d'où vient une signature n'est gardé que sous une empreinte qui ne permet pas de retrouver votre adresse, pour repérer les signatures en rafale. La date de naissance et ce réseau sont effacés {months} mois après la clôture ou la réponse de la pétition ; le nombre de signatures ne change pas.",
    keptPetitionsUnknown:
      "Vos pétitions et vos signatures : pour signer, vous déclarez résider à Paris, votre date de naissance et votre arrondissement ; votre nom n'est affiché que si vous l'avez choisi. La date de naissance est effacée quelque temps après la clôture ou la réponse de la pétition ; le nombre de signatures ne change pas.",
    secretTitle: "Votre vote est secret",
    secret:
      "Ce que vous avez choisi est enregistré à part, dans un bulletin anonyme, sans votre nom ni l'heure. Le site ne peut pas retrouver votre bulletin : il n'apparaît ni dans vos données téléchargées ni nulle part ailleurs, et il n'est jamais effacé avec votre compte, pour que le décompte reste juste et recomptable par tous.",
    durationTitle: "Pour combien de temps",
    duration:
      "Les déclarations et les participations d'une campagne sont gardées jusqu'à {months} mois après la clôture de la campagne, sauf si la campagne fixe sa propre durée. Ensuite, les déclarations sont effacées et les participations détachées de toute personne (seul le nombre de votants demeure). Une tâche automatique le fait chaque jour.",
    durationUnknown:
      "Les déclarations et les participations d'une campagne sont gardées pendant une durée fixée par la Ville après la clôture de la campagne, puis effacées ou détachées de toute personne.",
    linksTitle: "Mots de passe et liens envoyés par e-mail",
    links:
      "Un lien pour choisir un nouveau mot de passe est valable {minutes} minutes et une seule fois. Le site répond de la même façon qu'une adresse ait un compte ou non. Changer de mot de passe déconnecte vos autres appareils ; changer d'adresse se confirme depuis la nouvelle adresse, et l'ancienne est prévenue.",
    rightsTitle: "Vos droits",
    download:
      "Télécharger vos données : depuis « Mon compte », un fichier JSON avec tout ce que le site garde à votre sujet.",
    deleteTitle: "Supprimer votre compte : ce qui se passe",
    deleteAccount:
      "Votre adresse, votre nom et votre mot de passe sont effacés : plus personne ne peut se connecter à ce compte, et votre adresse peut servir à un nouveau compte.",
    deleteProposals:
      "Vos propositions restent publiées au nom d'« une ancienne participante ou un ancien participant ».",
    deleteReports: "Vos signalements restent, anonymes ; vos notifications et abonnements sont effacés.",
    deletePetitions:
      "Vos pétitions restent publiées, sans votre nom. Vos signatures de pétitions encore ouvertes sont retirées ; celles des pétitions closes restent comptées, sans votre nom ni votre date de naissance, pour que le décompte publié ne change pas.",
    deleteVoting:
      "Si vous avez voté, votre déclaration et votre participation sont gardées jusqu'à la fin de la durée ci-dessus (elles empêchent de voter deux fois), puis effacées ; si vous n'avez pas voté, votre déclaration est effacée tout de suite. Les bulletins, anonymes, ne sont pas touchés.",
    account: "Mon compte",
    contact: "Pour toute question, adressez-vous à la mairie.",
  },
  en: {
    title: "Privacy and personal data",
    deleted: "Your account has been deleted. Here is what the site still keeps, and until when.",
    intro:
      "Belvédère is the participatory budget's site. Here is what it keeps about you, why, for how long, and what you can do about it.",
    keptTitle: "What the site keeps",
    keptAccount:
      "Your account: email address, display name (optional), password (hashed: unreadable even to us), dates of joining and last sign-in. Kept while the account exists.",
    keptProposals:
      "Your proposals and the City's answers: they are public and remain the campaign's history, even if you delete your account.",
    keptReports: "Your reports of proposals, your notifications and follows.",
    keptVoting:
      "To vote: your declaration (name, birth date, address, arrondissement de cœur) and your participation (which campaign, which ballot, which day, online or on paper). They make sure everyone votes once.",
    keptPetitions:
      "Your petitions and signatures: to sign, you declare that you live in Paris, your birth date and your arrondissement; your name is shown only if you chose so. The network a signature came from is kept only as a keyed fingerprint that cannot lead back to your address, to spot bursts of signatures. The birth date and that network are erased {months} months after the petition is closed or answered; the number of signatures does not change.",
    keptPetitionsUnknown:
      "Your petitions and signatures: to sign, you declare that you live in Paris, your birth date and your arrondissement; your name is shown only if you chose so. The birth date is erased some time after the petition is closed or answered; the number of signatures does not change.",
    secretTitle: "Your vote is secret",
    secret:
      "What you chose is stored apart, in an anonymous ballot, with neither your name nor the time. The site cannot find your ballot: it is not in your downloaded data nor anywhere else, and it is never erased with your account, so the count stays right and anyone can recount it.",
    durationTitle: "For how long",
    duration:
      "A campaign's declarations and participations are kept until {months} months after the campaign closes, unless the campaign sets its own period. Then declarations are erased and participations detached from any person (only the number of voters remains). An automatic task does it every day.",
    durationUnknown:
      "A campaign's declarations and participations are kept for a period set by the City after the campaign closes, then erased or detached from any person.",
    linksTitle: "Passwords and links sent by email",
    links:
      "A link to choose a new password is valid for {minutes} minutes, once. The site answers the same whether an address has an account or not. Changing your password signs your other devices out; changing your address is confirmed from the new address, and the old one is told.",
    rightsTitle: "Your rights",
    download: "Download your data: from “My account”, a JSON file with everything the site keeps about you.",
    deleteTitle: "Deleting your account: what happens",
    deleteAccount:
      "Your address, name and password are erased: nobody can sign in to this account any more, and your address can be used for a new account.",
    deleteProposals: "Your proposals stay, shown as by “a former participant”.",
    deleteReports: "Your reports stay, anonymous; your notifications and follows are erased.",
    deletePetitions:
      "Your petitions stay published, without your name. Your signatures on petitions still open are withdrawn; those on closed petitions stay counted, without your name or birth date, so that the published count does not change.",
    deleteVoting:
      "If you voted, your declaration and participation are kept until the end of the period above (they prevent voting twice), then erased; if you did not vote, your declaration is erased at once. Ballots, which are anonymous, are not touched.",
    account: "My account",
    contact: "For any question, ask your town hall.",
  },
});
