/**
 * "Recompter / Recount": per area, what anyone needs to recount the published result — the
 * anonymous ballot file, the rule and its parameters, the inputs hash, and the exact commands
 * (pabutools, and this project's pb_import + pb_tally), each with a copy button.
 */
import type { Lang } from "../../i18n";
import { defineMessages, formatMoney, localTranslator, type LocalT } from "../../i18n/local";
import { h } from "../../ui/dom";
import type { AreaResult } from "./model";

export const recountMessages = defineMessages({
  fr: {
    heading: "Recompter",
    intro:
      "Chacun peut recompter ce résultat : téléchargez le fichier anonyme des bulletins et lancez l'une des commandes ci-dessous ; elle affiche les projets lauréats.",
    ballotFile: "Fichier des bulletins (format pabulib)",
    ballotFileHidden: "Le fichier des bulletins sera disponible à la publication des résultats.",
    rule: "Règle",
    parameters: "Enveloppe {budget}, dont {reserved} réservés aux quartiers prioritaires ; vote {voteType}",
    parametersNoReserve: "Enveloppe {budget} ; vote {voteType}",
    satisfaction: "satisfaction {name}",
    inputsHash: "Empreinte des données comptées (SHA-256)",
    withPabutools: "Avec pabutools (implémentation de référence)",
    withPbTally: "Avec Belvédère (pb_import puis pb_tally)",
    copy: "Copier la commande",
    copyLabel: "Copier la commande : {what}",
    copied: "Commande copiée.",
    copyFailed: "La copie a échoué : sélectionnez la commande et copiez-la.",
  },
  en: {
    heading: "Recount",
    intro:
      "Anyone can recount this result: download the anonymous ballot file and run one of the commands below; it prints the winning projects.",
    ballotFile: "Ballot file (pabulib format)",
    ballotFileHidden: "The ballot file will be available when the results are published.",
    rule: "Rule",
    parameters:
      "Envelope {budget}, of which {reserved} reserved for priority neighbourhoods; {voteType} ballots",
    parametersNoReserve: "Envelope {budget}; {voteType} ballots",
    satisfaction: "satisfaction {name}",
    inputsHash: "Fingerprint of the counted data (SHA-256)",
    withPabutools: "With pabutools (the reference implementation)",
    withPbTally: "With Belvédère (pb_import then pb_tally)",
    copy: "Copy the command",
    copyLabel: "Copy the command: {what}",
    copied: "Command copied.",
    copyFailed: "Copying failed: select the command and copy it.",
  },
});

type RecountKey = keyof (typeof recountMessages)["fr"];
type T = LocalT<RecountKey>;

function command(t: T, what: string, text: string, id: string): HTMLElement {
  const status = h("span", { class: "recount-status", role: "status" });
  const button = h("button", { type: "button", "aria-label": t("copyLabel", { what }) }, t("copy"));
  button.addEventListener("click", () => {
    // Without a secure context there is no clipboard: the access throws, and the text says so.
    void (async () => {
      try {
        await navigator.clipboard.writeText(text);
        status.textContent = t("copied");
      } catch {
        status.textContent = t("copyFailed");
      }
    })();
  });
  return h(
    "figure",
    { class: "recount-command", "aria-labelledby": id },
    h("h5", { id }, what),
    h("pre", { tabindex: "0" }, h("code", {}, text)),
    button,
    status,
  );
}

/** The "Recompter / Recount" section of one area's result. */
export function recountSection(result: AreaResult, lang: Lang, canDownload: boolean): HTMLElement {
  const t = localTranslator(recountMessages, lang);
  const r = result.recount;
  const code = result.area.code;
  const headingId = `recompter-${code}`;
  const p = r.parameters;
  const money = (value: number) => formatMoney(lang, value);
  const parameters = p.reserved_amount
    ? t("parameters", { budget: money(p.budget), reserved: money(p.reserved_amount), voteType: p.vote_type })
    : t("parametersNoReserve", { budget: money(p.budget), voteType: p.vote_type });
  const ruleText = [r.rule, p.satisfaction ? t("satisfaction", { name: p.satisfaction }) : ""]
    .filter(Boolean)
    .join(", ");
  const section = h(
    "section",
    { class: "result-recount", "aria-labelledby": headingId },
    h("h4", { id: headingId }, t("heading")),
    h("p", {}, t("intro")),
    h(
      "dl",
      {},
      h("dt", {}, t("ballotFile")),
      h(
        "dd",
        {},
        canDownload
          ? h("a", { href: r.ballot_file, download: r.file_name }, r.file_name)
          : t("ballotFileHidden"),
      ),
      h("dt", {}, t("rule")),
      h("dd", {}, h("code", {}, ruleText), " — ", parameters),
      h("dt", {}, t("inputsHash")),
      h("dd", {}, h("code", { class: "recount-hash" }, r.inputs_hash)),
    ),
  );
  if (r.pabutools) {
    section.append(command(t, t("withPabutools"), r.pabutools, `${headingId}-pabutools`));
  }
  section.append(h("p", { class: "recount-note" }, r.pabutools_note));
  section.append(command(t, t("withPbTally"), r.pb_tally, `${headingId}-pb-tally`));
  return section;
}
