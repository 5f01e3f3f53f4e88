/**
 * The API's refusals in words: one sentence per error code (the schema's `ErrorCode`, listed in
 * the back end's `core/error_codes.py`) in French and in English, with the code's parameters
 * (`{max_length}`, `{wait}`…) put in. The edge of the API (`ApiError.fromBody`) words every
 * refusal with it in the page's language, so no screen shows the server's English on a French
 * page; a code not in the table gets a generic sentence. `errorMessages.test.ts` checks that every
 * code of the schema has both wordings.
 */
import { interpolate, type Lang } from "../i18n";
import type { ErrorCode } from "./generated/zod";

/** The front end's own codes: no answer, or not the expected one. */
export type LocalCode = "network_error" | "http_error" | "invalid_response";

/** Every code of the schema has its sentence: the compiler says which one is missing. */
type Words = Record<ErrorCode | LocalCode, string>;

const fr: Words = {
  // the answer as a whole
  invalid: "Certains champs sont à corriger.",
  bad_request: "La demande a été refusée : elle est mal formée.",
  parse_error: "La demande n'a pas pu être lue. Réessayez.",
  authentication_failed: "Votre identification a été refusée : reconnectez-vous.",
  csrf_failed: "La page a expiré : rechargez-la puis réessayez.",
  not_authenticated: "Connectez-vous d'abord.",
  permission_denied: "Vous n'avez pas le droit de faire cela.",
  not_found: "Introuvable : cette page ou cet élément n'existe pas (ou plus).",
  method_not_allowed: "Cette action n'est pas possible ici.",
  not_acceptable: "Le serveur ne peut pas répondre dans ce format.",
  unsupported_media_type: "Ce type de contenu n'est pas accepté.",
  throttled: "Trop de demandes : réessayez dans {wait} secondes.",
  request_too_large: "L'envoi est trop volumineux.",
  service_unavailable: "Le service est momentanément indisponible : réessayez dans un instant.",
  server_error: "Le serveur a rencontré une erreur. Réessayez plus tard.",
  uri_too_long: "L'adresse demandée est trop longue.",
  bad_gateway: "Le service est injoignable : réessayez dans un instant.",
  gateway_timeout: "Le service a mis trop de temps à répondre : réessayez dans un instant.",
  // the front end's own: no answer, or not the expected one
  network_error: "Le serveur ne répond pas. Vérifiez votre connexion et réessayez.",
  http_error: "Le serveur a répondu par une erreur. Réessayez plus tard.",
  invalid_response: "La réponse du serveur est inattendue. Réessayez plus tard.",
  // a field's value
  required: "Ce champ est obligatoire.",
  null: "Ce champ est obligatoire.",
  blank: "Ce champ ne peut pas être vide.",
  empty: "Ce champ ne peut pas être vide.",
  max_length: "{max_length} caractères au plus.",
  min_length: "{min_length} caractères au moins.",
  max_value: "La valeur doit être inférieure ou égale à {max_value}.",
  min_value: "La valeur doit être supérieure ou égale à {min_value}.",
  max_digits: "{max_digits} chiffres au plus.",
  max_decimal_places: "{max_decimal_places} décimales au plus.",
  max_whole_digits: "{max_whole_digits} chiffres au plus avant la virgule.",
  max_string_length: "Le texte est trop long.",
  invalid_choice: "Ce choix n'est pas valide.",
  not_a_list: "Une liste est attendue.",
  not_a_dict: "Un ensemble de valeurs est attendu.",
  does_not_exist: "L'élément choisi n'existe pas.",
  incorrect_type: "La référence n'est pas du bon type.",
  incorrect_match: "Le lien ne correspond pas.",
  no_match: "Le lien ne mène nulle part.",
  unique: "Cette valeur est déjà prise.",
  date: "Une date et une heure sont attendues.",
  datetime: "Une date est attendue, sans heure.",
  make_aware: "Cette heure n'existe pas dans le fuseau de Paris.",
  overflow: "La valeur est hors limites.",
  invalid_image: "Ce fichier n'est pas une image valide.",
  invalid_unicode: "Lettres, chiffres, tirets et tirets bas uniquement.",
  no_name: "Le fichier n'a pas de nom.",
  bad_slug: "Lettres, chiffres, tirets et tirets bas uniquement.",
  latitude: "La latitude est hors limites.",
  longitude: "La longitude est hors limites.",
  too_many: "Trop d'éléments.",
  markup: "Texte simple uniquement : pas de balises HTML ni de script.",
  password_blank: "Le mot de passe ne peut pas être fait que d'espaces.",
  password_too_short: "Le mot de passe doit compter au moins {min_length} caractères.",
  password_too_common: "Ce mot de passe est trop courant.",
  password_entirely_numeric: "Le mot de passe ne peut pas être fait que de chiffres.",
  password_too_similar: "Le mot de passe ressemble trop à votre nom ou à votre adresse e-mail.",
  weak_password: "Ce mot de passe est trop faible.",
  unknown: "Valeur inconnue.",
  // places
  outside_city: "Ce lieu est en dehors de Paris.",
  address_not_found: "Cette adresse n'a pas pu être placée dans Paris.",
  geocoder_error: "Le service d'adresses a rencontré une erreur. Réessayez.",
  geocoder_unavailable: "Le service d'adresses est indisponible. Réessayez plus tard.",
  // phases, states, permissions
  phase_closed: "La phase actuelle de la campagne ne le permet pas.",
  submissions_closed: "Cette campagne n'accepte pas de propositions en ce moment.",
  ballot_frozen: "Le vote est ouvert : les projets, leurs coûts et la règle de vote sont figés.",
  invalid_transition: "Ce changement n'est pas possible dans l'état actuel.",
  limit_reached: "Vous avez atteint la limite permise.",
  email_not_verified: "Confirmez d'abord votre adresse e-mail : suivez le lien du message reçu.",
  campaign_inconsistent: "Les réglages de la campagne ne sont pas cohérents.",
  vote_cannot_go_back: "Une campagne dont le vote est clos ne revient pas au vote.",
  slug_taken: "Ce nom court est déjà pris.",
  no_current_campaign: "Aucune campagne en cours.",
  // accounts
  invalid_credentials: "Adresse e-mail ou mot de passe incorrect.",
  invalid_token: "Ce lien n'est pas valide.",
  token_expired: "Ce lien a expiré : demandez-en un nouveau.",
  already_verified: "Cette adresse e-mail est déjà confirmée.",
  email_taken: "Cette adresse e-mail a déjà un compte.",
  same_email: "C'est déjà l'adresse de votre compte.",
  wrong_password: "Le mot de passe actuel est incorrect.",
  // proposals, comments, support
  already_reported: "Vous l'avez déjà signalé.",
  own_proposal: "Pas sur votre propre proposition.",
  already_supported: "Vous la soutenez déjà.",
  // petitions
  already_signed: "Vous avez déjà signé cette pétition.",
  not_signed: "Vous n'avez pas signé cette pétition.",
  petition_not_open: "Cette pétition n'est pas ouverte à la signature.",
  filing_closed: "Ce dispositif ne reçoit pas de nouvelles pétitions pour le moment.",
  not_resident: "Seules les personnes qui habitent Paris peuvent signer.",
  under_min_age: "Il faut avoir au moins {min_age} ans pour signer.",
  not_supported: "Vous ne la soutenez pas.",
  target_closed: "Les commentaires et soutiens sont fermés ici.",
  comment_gone: "Ce commentaire a été retiré.",
  edit_window_closed: "Le délai pour modifier est passé.",
  not_the_author: "Seul l'auteur ou l'autrice peut le faire.",
  own_comment: "Pas sur votre propre commentaire.",
  reply_too_deep: "On ne peut pas répondre à une réponse.",
  invalid_photo: "Cette photo n'est pas acceptée.",
  duplicate_project: "Le même projet apparaît deux fois.",
  merge_into_itself: "Une proposition ne peut pas être fusionnée avec elle-même.",
  outside_area: "Un lieu est en dehors du secteur du projet.",
  // voting
  vote_refused: "Le vote est refusé.",
  already_voted: "Vous avez déjà voté pour ce scrutin.",
  already_voted_on_paper: "Vous avez déjà voté sur papier pour ce scrutin.",
  voted_elsewhere: "Vous avez déjà voté dans un autre arrondissement.",
  other_area_chosen: "Vous avez choisi un autre arrondissement pour voter.",
  not_eligible: "Vous n'êtes pas sur la liste des votants de ce scrutin.",
  too_young: "Vous n'avez pas l'âge minimum de cette campagne.",
  not_in_campaign: "Ce secteur n'a pas de scrutin dans cette campagne.",
  declaration_missing: "Déclarez d'abord où vous habitez (Mon compte).",
  not_voted: "Aucun bulletin à remplacer.",
  ballot_invalid: "Le bulletin ne respecte pas la règle de vote.",
  empty_ballot: "Le bulletin est vide.",
  too_many_entries: "Trop de projets choisis.",
  too_many_points: "Trop de points attribués.",
  too_many_projects: "Trop de projets.",
  invalid_points: "Les points doivent être des nombres entiers positifs.",
  unknown_project: "Un projet n'est pas sur ce bulletin.",
  unknown_grade: "Cette mention n'existe pas.",
  wrong_area: "Un projet appartient à un autre scrutin.",
  wrong_method: "Ce n'est pas la façon de voter de ce scrutin.",
  over_envelope: "Les projets choisis coûtent plus que l'enveloppe.",
  under_minimum_share: "Les projets choisis n'utilisent pas la part minimale de l'enveloppe.",
  receipt_invalid: "Ce n'est pas un code de reçu valide.",
  identity_taken: "Cette personne est déjà inscrite.",
  identity_in_dispute: "L'inscription de cette personne est contestée.",
  conflict_decided: "Ce conflit est déjà tranché.",
  count_started: "Le dépouillement a commencé.",
  count_refused: "Le dépouillement ne peut pas commencer.",
  paper_file_invalid: "Le fichier des bulletins papier n'est pas valide.",
  // results
  no_envelope: "Ce secteur n'a pas d'enveloppe.",
  import_refused: "Ce fichier ne peut pas être importé.",
};

const en: Words = {
  invalid: "Some fields need correcting.",
  bad_request: "The request was refused: it is malformed.",
  parse_error: "The request could not be read. Please try again.",
  authentication_failed: "Your sign-in was refused: sign in again.",
  csrf_failed: "The page has expired: reload it and try again.",
  not_authenticated: "Sign in first.",
  permission_denied: "You are not allowed to do this.",
  not_found: "Not found: this page or item does not exist (any more).",
  method_not_allowed: "This action is not possible here.",
  not_acceptable: "The server cannot answer in this format.",
  unsupported_media_type: "This kind of content is not accepted.",
  throttled: "Too many requests: try again in {wait} seconds.",
  request_too_large: "What was sent is too large.",
  service_unavailable: "The service is briefly unavailable: try again in a moment.",
  server_error: "The server ran into an error. Please try again later.",
  uri_too_long: "The address asked for is too long.",
  bad_gateway: "The service cannot be reached: try again in a moment.",
  gateway_timeout: "The service took too long to answer: try again in a moment.",
  network_error: "The server does not answer. Check your connection and try again.",
  http_error: "The server answered with an error. Please try again later.",
  invalid_response: "The server's answer is unexpected. Please try again later.",
  required: "This field is required.",
  null: "This field is required.",
  blank: "This field may not be empty.",
  empty: "This field may not be empty.",
  max_length: "At most {max_length} characters.",
  min_length: "At least {min_length} characters.",
  max_value: "The value must be at most {max_value}.",
  min_value: "The value must be at least {min_value}.",
  max_digits: "At most {max_digits} digits.",
  max_decimal_places: "At most {max_decimal_places} decimal places.",
  max_whole_digits: "At most {max_whole_digits} digits before the decimal point.",
  max_string_length: "The text is too long.",
  invalid_choice: "This is not a valid choice.",
  not_a_list: "A list is expected.",
  not_a_dict: "A set of values is expected.",
  does_not_exist: "The item chosen does not exist.",
  incorrect_type: "The reference has the wrong type.",
  incorrect_match: "The link does not match.",
  no_match: "The link leads nowhere.",
  unique: "This value is already taken.",
  date: "A date and time are expected.",
  datetime: "A date is expected, without a time.",
  make_aware: "This time does not exist in the Paris time zone.",
  overflow: "The value is out of range.",
  invalid_image: "This file is not a valid image.",
  invalid_unicode: "Letters, digits, hyphens and underscores only.",
  no_name: "The file has no name.",
  bad_slug: "Letters, digits, hyphens and underscores only.",
  latitude: "The latitude is out of range.",
  longitude: "The longitude is out of range.",
  too_many: "Too many items.",
  markup: "Plain text only: no HTML tags or scripts.",
  password_blank: "The password may not be only spaces.",
  password_too_short: "The password must have at least {min_length} characters.",
  password_too_common: "This password is too common.",
  password_entirely_numeric: "The password may not be only digits.",
  password_too_similar: "The password is too close to your name or email address.",
  weak_password: "This password is too weak.",
  unknown: "Unknown value.",
  outside_city: "This place is outside Paris.",
  address_not_found: "This address could not be placed in Paris.",
  geocoder_error: "The address service ran into an error. Please try again.",
  geocoder_unavailable: "The address service is unavailable. Please try later.",
  phase_closed: "The campaign's current phase does not allow this.",
  submissions_closed: "This campaign is not taking proposals at the moment.",
  ballot_frozen: "Voting has opened: the projects, their costs and the voting rule are frozen.",
  invalid_transition: "This change is not possible in the current state.",
  limit_reached: "You have reached the limit allowed.",
  email_not_verified: "Confirm your email address first: follow the link in the message you received.",
  campaign_inconsistent: "The campaign's settings do not hold together.",
  vote_cannot_go_back: "A campaign whose vote has closed does not go back to voting.",
  slug_taken: "This short name is already taken.",
  no_current_campaign: "No campaign is under way.",
  invalid_credentials: "Wrong email address or password.",
  invalid_token: "This link is not valid.",
  token_expired: "This link has expired: ask for a new one.",
  already_verified: "This email address is already confirmed.",
  email_taken: "This email address already has an account.",
  same_email: "This is already your account's address.",
  wrong_password: "The current password is wrong.",
  already_reported: "You have already reported it.",
  own_proposal: "Not on your own proposal.",
  already_supported: "You already support it.",
  already_signed: "You have already signed this petition.",
  not_signed: "You have not signed this petition.",
  petition_not_open: "This petition is not open for signing.",
  filing_closed: "This process does not take new petitions at the moment.",
  not_resident: "Only people who live in Paris can sign.",
  under_min_age: "You must be at least {min_age} to sign.",
  not_supported: "You do not support it.",
  target_closed: "Comments and support are closed here.",
  comment_gone: "This comment was removed.",
  edit_window_closed: "The time to edit has passed.",
  not_the_author: "Only its author can do this.",
  own_comment: "Not on your own comment.",
  reply_too_deep: "A reply cannot be replied to.",
  invalid_photo: "This photo is not accepted.",
  duplicate_project: "The same project appears twice.",
  merge_into_itself: "A proposal cannot be merged into itself.",
  outside_area: "A place is outside the project's area.",
  vote_refused: "The vote is refused.",
  already_voted: "You have already voted in this ballot.",
  already_voted_on_paper: "You have already voted on paper in this ballot.",
  voted_elsewhere: "You have already voted in another arrondissement.",
  other_area_chosen: "You chose another arrondissement to vote in.",
  not_eligible: "You are not on the voter roll of this ballot.",
  too_young: "You are under this campaign's minimum age.",
  not_in_campaign: "This area has no ballot in this campaign.",
  declaration_missing: "First declare where you live (My account).",
  not_voted: "No ballot to replace.",
  ballot_invalid: "The ballot does not follow the voting rule.",
  empty_ballot: "The ballot is empty.",
  too_many_entries: "Too many projects chosen.",
  too_many_points: "Too many points given.",
  too_many_projects: "Too many projects.",
  invalid_points: "Points must be whole numbers from zero.",
  unknown_project: "A project is not on this ballot.",
  unknown_grade: "This grade does not exist.",
  wrong_area: "A project belongs to another ballot.",
  wrong_method: "This is not how this ballot is voted.",
  over_envelope: "The projects chosen cost more than the envelope.",
  under_minimum_share: "The projects chosen do not use the envelope's minimum share.",
  receipt_invalid: "This is not a valid receipt code.",
  identity_taken: "This person is already registered.",
  identity_in_dispute: "This person's registration is disputed.",
  conflict_decided: "This conflict is already decided.",
  count_started: "Counting has started.",
  count_refused: "Counting cannot start.",
  paper_file_invalid: "The paper ballots' file is not valid.",
  no_envelope: "This area has no envelope.",
  import_refused: "This file cannot be imported.",
};

export const ERROR_WORDS: Record<Lang, Readonly<Record<string, string>>> = { fr, en };

/** A code not in the table: said generically, for the answer and for a field. */
export const GENERIC: Record<Lang, { answer: string; field: string; network: string }> = {
  fr: {
    answer: "La demande a été refusée.",
    field: "Cette valeur n'est pas acceptée.",
    network: "Le serveur ne répond pas. Vérifiez votre connexion et réessayez.",
  },
  en: {
    answer: "The request was refused.",
    field: "This value is not accepted.",
    network: "The server does not answer. Check your connection and try again.",
  },
};

export type ErrorParams = Record<string, unknown>;

function plain(params: ErrorParams, lang: Lang): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === "number")
      out[key] = new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB").format(value);
    else if (typeof value === "string") out[key] = value;
  }
  return out;
}

/** `code` with its `params` in `lang`, or null when the table does not have it (or a parameter
 * its sentence needs is missing). */
export function wordsFor(code: string, params: ErrorParams, lang: Lang): string | null {
  const template = Object.prototype.hasOwnProperty.call(ERROR_WORDS[lang], code)
    ? ERROR_WORDS[lang][code]
    : undefined;
  if (template === undefined) return null;
  const values = plain(params, lang);
  for (const found of template.matchAll(/\{(\w+)\}/g)) if (!((found[1] ?? "") in values)) return null;
  return interpolate(template, values);
}

/** The answer's sentence: its code's words, else a generic one. */
export function answerWords(code: string, params: ErrorParams, lang: Lang): string {
  return wordsFor(code, params, lang) ?? GENERIC[lang].answer;
}

/** A field's reason: its code's words, else (English page, a code said only generically) the
 * server's own English sentence, else a generic one. */
export function reasonWords(code: string, params: ErrorParams, lang: Lang, server: string): string {
  const words = code === "invalid" ? null : wordsFor(code, params, lang);
  if (words !== null) return words;
  if (lang === "en" && server) return server;
  return GENERIC[lang].field;
}

/** The page's language as the shell set it on <html> (French when unknown). */
export function pageLang(): Lang {
  const lang = typeof document === "undefined" ? "" : document.documentElement.lang;
  return lang === "en" ? "en" : "fr";
}
