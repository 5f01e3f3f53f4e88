/**
 * `/petitions/<id>`: one petition: its status in words, the threshold bar with its text, the
 * council's answer, the moderation's public reason when it was declared inadmissible, its text,
 * the names of the signers who chose to show theirs, the counted signatures by arrondissement (a
 * small map and its table), a follow button, and what the API's `can` allows the reader now:
 * sign (with the eligibility declaration), withdraw a signature, turn it into a budget proposal,
 * or (officials) handle it in the queue.
 */
import { api, ApiError, isAbort, type Campaign, type District, type Theme } from "../../api";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { formatDate, formatNumber, localTranslator } from "../../i18n/local";
import { followButton } from "../../notifications/followButton";
import { h, loadFailed, setText } from "../../ui/dom";
import { errorSummary, selectField, showErrors, submitting } from "../../ui/forms";
import { petitionsApi, type PetitionsApi } from "../../petitions/api";
import { countsSection } from "../../petitions/counts";
import { petitionMessages, type PetitionKey } from "../../petitions/messages";
import { signing } from "../../petitions/model";
import type { Petition, PetitionProcess as Process, Signature } from "../../petitions/schemas";
import { signForm } from "../../petitions/signForm";
import { areaName, authorityWords, statusBadge, themeWords, thresholdBar } from "../../petitions/view";
import { proposalMessages } from "../proposal/messages";
import { authorWords } from "../proposal/view";
import "../../petitions/petitions.css";

/** The API the page uses: the real one, or a test's. */
export const deps: {
  api: Pick<PetitionsApi, "get" | "sign" | "withdraw" | "signers" | "processes" | "convert">;
} = {
  api: petitionsApi,
};

function mount(root: HTMLElement, context: PageContext): () => void {
  const t = localTranslator(petitionMessages, context.lang);
  const proposalT = localTranslator(proposalMessages, context.lang);
  const { lang } = context;
  const id = context.params.id ?? "";
  const heading = h("h1", {}, t("number", { id }));
  const status = h("p", { class: "page-status", role: "status" }, t("loadingOne"));
  const body = h("div", { class: "petition-body" });
  root.append(h("article", { class: "petition-page narrow" }, heading, status, body));
  context.setTitle(t("number", { id }));

  let petition: Petition | null = null;
  let themes: Theme[] = [];
  let processes: Process[] = [];
  let removeCounts: (() => void) | null = null;
  const districts: Promise<District[]> = api.districts("arrondissement", context.signal);
  districts.catch(() => undefined);
  const signInHref = () => `${pathTo("signIn")}?next=${encodeURIComponent(window.location.pathname)}`;

  function notFound(): void {
    context.setTitle(t("notFoundTitle"));
    setText(heading, t("notFoundTitle"));
    status.remove();
    body.replaceChildren(
      h("p", {}, t("notFoundText")),
      h("a", { href: pathTo("petitions") }, t("backToList")),
    );
  }

  if (!/^\d+$/.test(id)) {
    notFound();
    return () => undefined;
  }

  async function load(): Promise<void> {
    try {
      const [found, themeList, processList] = await Promise.all([
        deps.api.get(id, context.signal),
        api.themes(context.signal).catch(() => [] as Theme[]),
        deps.api.processes(context.signal).catch(() => [] as Process[]),
      ]);
      petition = found;
      themes = themeList;
      processes = processList;
      status.remove();
      render();
    } catch (error) {
      if (isAbort(error)) return;
      if (error instanceof ApiError && error.status === 404) {
        notFound();
        return;
      }
      console.error(error);
      loadFailed(status, t("loadOneFailed"), t("retry"), () => void load());
    }
  }

  /** Reads the petition again (after signing or withdrawing) and draws it. */
  async function reload(): Promise<void> {
    try {
      petition = await deps.api.get(id, context.signal);
      render();
    } catch (error) {
      if (!isAbort(error)) console.error(error);
    }
  }

  function render(): void {
    const p = petition;
    if (!p) return;
    context.setTitle(p.title);
    setText(heading, p.title);
    const facts = h("dl", { class: "petition-facts" });
    const fact = (term: PetitionKey, ...value: (Node | string)[]) => {
      facts.append(h("dt", {}, t(term)), h("dd", {}, ...value));
    };
    fact("status", h("span", { id: "petition-status" }, statusBadge(t, p.status)));
    fact("authority", authorityWords(t, p.authority, context.t));
    fact("theme", themeWords(themes, p.theme, lang));
    if (p.address) fact("placeFact", h("span", { id: "petition-address" }, p.address));
    fact("filed", formatDate(lang, p.created_at));
    // As on proposals: the display name, or « a former participant » once the account is gone.
    const by = authorWords(p.author, proposalT("formerParticipant"));
    if (by) fact("author", by);
    if (signing(p.status) && p.signing_ends_at) fact("signingEnds", formatDate(lang, p.signing_ends_at));
    if ((p.status === "threshold_reached" || p.status === "awaiting_answer") && p.answer_due_at)
      fact("answerDue", formatDate(lang, p.answer_due_at));

    const parts: (Node | null)[] = [h("p", { class: "petition-number" }, t("number", { id: p.id }))];
    if (p.status !== "pending" && p.status !== "inadmissible") {
      parts.push(
        thresholdBar(t, lang, p.signature_count, p.threshold, { id: "petition-threshold" }),
        followButton({
          kind: "petition",
          id: p.id,
          title: p.title,
          lang,
          signedIn: context.session.user() !== null,
          signInHref: signInHref(),
          announce: (text) => {
            context.announce(text);
          },
          signal: context.signal,
        }),
      );
    }
    parts.push(facts);
    if (p.status === "pending") parts.push(h("p", { class: "petition-notice" }, t("pendingNotice")));
    parts.push(h("div", { class: "petition-text", id: "petition-text" }, p.text));
    if (p.moderation?.decision === "inadmissible") parts.push(inadmissible(p));
    if (p.answer) parts.push(answer(p.answer));
    if (p.proposal !== null)
      parts.push(
        h(
          "p",
          {},
          h("a", { href: pathTo("proposal", { id: p.proposal }) }, t("proposalLink", { id: p.proposal })),
        ),
      );
    if (p.held_count)
      parts.push(
        h("p", { class: "petition-notice", id: "petition-held" }, t("held", { count: p.held_count })),
      );
    if (p.can.moderate || p.can.answer)
      parts.push(h("p", {}, h("a", { href: "/gestion/petitions", id: "petition-manage" }, t("manageLink"))));
    parts.push(signSection(p));
    if (p.can.convert) parts.push(convertSection(p));
    if (p.status !== "pending" && p.status !== "inadmissible") {
      removeCounts?.();
      const counts = countsSection({ lang, tr: context.t, counts: p.counts_by_area, districts });
      removeCounts = counts.remove;
      parts.push(counts.element, signersSection(p));
    }
    body.replaceChildren(...parts.filter((part): part is Node => part !== null));
  }

  function inadmissible(p: Petition): HTMLElement {
    const m = p.moderation;
    const reason = m?.reason_code ? t(`reason.${m.reason_code}` as PetitionKey) : "";
    return h(
      "section",
      { class: "petition-notice", "aria-labelledby": "petition-inadmissible", id: "petition-moderation" },
      h("h2", { id: "petition-inadmissible" }, t("inadmissible")),
      reason ? h("p", {}, h("strong", {}, reason)) : null,
      m?.reason_text ? h("p", {}, m.reason_text) : null,
    );
  }

  function answer(a: NonNullable<Petition["answer"]>): HTMLElement {
    return h(
      "section",
      { class: "petition-answer", "aria-labelledby": "petition-answer-title", id: "petition-answer" },
      h("h2", { id: "petition-answer-title" }, t("answerTitle")),
      h("p", {}, a.text),
      h(
        "p",
        { class: "field-hint" },
        a.by_name
          ? t("answeredBy", { date: formatDate(lang, a.answered_at), name: a.by_name })
          : t("answeredOn", { date: formatDate(lang, a.answered_at) }),
      ),
    );
  }

  // --- signing -----------------------------------------------------------------------------------

  function signSection(p: Petition): HTMLElement {
    const section = h("section", { class: "petition-sign", id: "petition-sign" });
    const user = context.session.user();
    if (!signing(p.status)) {
      if (p.status !== "pending" && p.status !== "inadmissible") section.append(h("p", {}, t("notSigning")));
      if (p.signed_by_me) section.append(h("p", { id: "petition-signed" }, t("youSigned")));
      return section;
    }
    if (!user) {
      section.append(h("p", {}, `${t("signInToSign")} `, h("a", { href: signInHref() }, t("signIn"))));
      return section;
    }
    if (p.signed_by_me) {
      section.append(h("p", { id: "petition-signed", class: "petition-signed" }, t("youSigned")));
      if (p.can.withdraw) section.append(withdrawButton(p));
      return section;
    }
    if (!user.email_verified) {
      section.append(h("p", { class: "petition-notice" }, t("verifyEmail")));
      return section;
    }
    if (!p.can.sign) return section;
    const process = processes.find((item) => item.slug === p.process);
    section.append(
      signForm({
        lang,
        minAge: process?.min_age ?? 0,
        areaName: (code) => areaName(code, context.t),
        sign: (b) => deps.api.sign(p.id, b),
        done: (signature: Signature) => {
          const said = signature.counted
            ? t("signed")
            : t("signedHeld", {
                reason: t(`heldReason.${signature.held_reason ?? "new_account"}` as PetitionKey),
              });
          context.announce(said);
          void reload().then(() => {
            const line = document.getElementById("petition-signed");
            if (line) {
              if (!signature.counted) line.textContent = said;
              line.setAttribute("tabindex", "-1");
              line.focus();
            }
          });
        },
      }),
    );
    return section;
  }

  function withdrawButton(p: Petition): HTMLElement {
    const slot = h("div", { class: "petition-actions" });
    const button = h(
      "button",
      { type: "button", class: "button button-quiet", id: "petition-withdraw" },
      t("withdraw"),
    );
    slot.append(button);
    button.addEventListener("click", () => {
      const said = h("p", { role: "alert", class: "field-error", hidden: true });
      const yes = h(
        "button",
        { type: "button", class: "button", id: "petition-withdraw-yes" },
        t("withdrawYes"),
      );
      const no = h("button", { type: "button", class: "button button-quiet" }, t("withdrawNo"));
      const question = h("p", { id: "petition-withdraw-question", tabindex: -1 }, t("withdrawConfirm"));
      slot.replaceChildren(
        h(
          "div",
          { role: "group", "aria-labelledby": "petition-withdraw-question" },
          question,
          h("div", { class: "form-buttons" }, no, yes),
          said,
        ),
      );
      question.focus();
      no.addEventListener("click", () => {
        slot.replaceChildren(button);
        button.focus();
      });
      yes.addEventListener("click", () => {
        yes.disabled = true;
        deps.api.withdraw(p.id).then(
          () => {
            context.announce(t("withdrawn"));
            void reload().then(() => {
              heading.setAttribute("tabindex", "-1");
              heading.focus();
            });
          },
          (error: unknown) => {
            if (isAbort(error)) return;
            yes.disabled = false;
            said.textContent =
              error instanceof ApiError && error.status > 0 ? error.message : t("withdrawFailed");
            said.hidden = false;
          },
        );
      });
    });
    return slot;
  }

  // --- the names shown ---------------------------------------------------------------------------

  function signersSection(p: Petition): HTMLElement {
    const list = h("ul", { class: "petition-signers", id: "petition-signers" });
    const line = h("p", { id: "petition-signers-count" });
    const more = h(
      "button",
      { type: "button", class: "button button-quiet", hidden: true },
      t("signersMore"),
    );
    const section = h(
      "section",
      { "aria-labelledby": "petition-signers-title" },
      h("h2", { id: "petition-signers-title" }, t("signersTitle")),
      line,
      list,
      more,
    );
    let page = 1;
    let shown = 0;
    const next = (): void => {
      deps.api.signers(p.id, page, context.signal).then(
        (answer) => {
          shown += answer.results.length;
          list.append(...answer.results.map((s) => h("li", {}, s.name)));
          setText(
            line,
            shown === 0
              ? t("signersNone")
              : t("signersCount", {
                  shown: formatNumber(lang, answer.count),
                  total: formatNumber(lang, answer.total_counted),
                }),
          );
          more.hidden = !answer.next;
          page += 1;
        },
        (error: unknown) => {
          if (!isAbort(error)) console.error(error);
        },
      );
    };
    more.addEventListener("click", next);
    next();
    return section;
  }

  // --- into a budget proposal --------------------------------------------------------------------

  function convertSection(p: Petition): HTMLElement {
    const section = h(
      "section",
      { "aria-labelledby": "petition-convert-title", id: "petition-convert" },
      h("h2", { id: "petition-convert-title" }, t("convertTitle")),
      h("p", {}, t("convertIntro")),
    );
    api.campaigns({ phase: "submission", origin: "city" }, context.signal).then(
      (campaigns: Campaign[]) => {
        if (!campaigns.length) {
          section.append(h("p", {}, t("noCampaignOpen")));
          return;
        }
        const form = h(
          "form",
          { class: "petition-form", novalidate: true },
          errorSummary(),
          selectField({
            label: t("campaign"),
            name: "campaign",
            choices: campaigns.map((c): [string, string] => [c.slug, c.name]),
          }),
          h(
            "div",
            { class: "form-buttons" },
            h("button", { type: "submit", class: "button" }, t("convertButton")),
          ),
        );
        form.addEventListener("submit", (event) => {
          event.preventDefault();
          const campaign = form.querySelector<HTMLSelectElement>('[name="campaign"]')?.value ?? "";
          submitting(form, () => deps.api.convert(p.id, campaign)).then(
            (made) => {
              context.announce(t("converted", { id: made.proposal }));
              void reload();
            },
            (error: unknown) => {
              if (!isAbort(error)) showErrors(form, error, t("convertFailed"));
            },
          );
        });
        section.append(form);
      },
      () => undefined,
    );
    return section;
  }

  void load();
  return () => {
    removeCounts?.();
  };
}

const page: Page = { mount };
export default page;
