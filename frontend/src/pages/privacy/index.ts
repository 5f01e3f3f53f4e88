/**
 * `/confidentialite`: what the site keeps about people, for how long, what downloading and
 * deleting do. The durations come from the API (`privacy/`: the settings the server applies), so
 * the page says what the site does. `?compte=supprime` opens it after an account was deleted.
 */
import { isAbort } from "../../api/client";
import { PrivacyFactsOutput } from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { localTranslator } from "../../i18n/local";
import "../account/account.css";
import { h } from "../../ui/dom";
import { privacyMessages } from "./messages";

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(privacyMessages, context.lang);
  context.setTitle(t("title"));
  const duration = h("p", { id: "privacy-duration" }, t("durationUnknown"));
  const links = h("p", { id: "privacy-links" }, t("links", { minutes: 60 }));
  // The petitions' period is the server's too: said once it has answered.
  const petitions = h("li", { id: "privacy-petitions" }, t("keptPetitionsUnknown"));
  const list = (...items: (string | HTMLElement)[]) =>
    h("ul", {}, ...items.map((item) => (typeof item === "string" ? h("li", {}, item) : item)));
  const deleted = context.query.get("compte") === "supprime";
  root.append(
    h(
      "article",
      { class: "narrow account-page privacy-page" },
      h("h1", {}, t("title")),
      deleted ? h("p", { class: "notice", role: "status" }, t("deleted")) : null,
      h("p", {}, t("intro")),
      h("h2", {}, t("keptTitle")),
      list(t("keptAccount"), t("keptProposals"), t("keptReports"), t("keptVoting"), petitions),
      h("h2", {}, t("secretTitle")),
      h("p", {}, t("secret")),
      h("h2", {}, t("durationTitle")),
      duration,
      h("h2", {}, t("rightsTitle")),
      h("p", {}, t("download"), " ", h("a", { href: pathTo("account") }, t("account"))),
      h("h3", {}, t("deleteTitle")),
      list(
        t("deleteAccount"),
        t("deleteProposals"),
        t("deleteReports"),
        t("deletePetitions"),
        t("deleteVoting"),
      ),
      h("h2", {}, t("linksTitle")),
      links,
      h("p", {}, t("contact")),
    ),
  );
  request("GET", "privacy/", { schema: PrivacyFactsOutput, signal: context.signal }).then(
    (facts) => {
      duration.textContent = t("duration", { months: facts.retention_months });
      petitions.textContent = t("keptPetitions", { months: facts.retention_months });
      links.textContent = t("links", { minutes: facts.password_reset_minutes });
    },
    (error: unknown) => {
      if (!isAbort(error)) console.error(error);
    },
  );
  return undefined;
}

const page: Page = { mount };

export default page;
