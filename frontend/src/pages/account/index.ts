/**
 * `/compte` ("my account"): who you are (name, email and whether it is confirmed, with a way to
 * get the link again, role), and for each campaign in its voting phase your voter declaration:
 * birth date, home address with suggestions, arrondissement de cœur (by default the one of the
 * home), its status as the town hall set it (pending, checked, refused with the reason), and
 * whether you may vote now and if not why (`can.vote` of `campaigns/{slug}/voting/`).
 */
import { isAbort } from "../../api/client";
import { wordsFor } from "../../api/errorMessages";
import {
  CampaignOutput,
  DeclarationOutput,
  PaginatedCampaignOutputList,
  VotingStatusOutput,
} from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import type { User } from "../../app/session";
import { formatDate, localTranslator } from "../../i18n/local";
import { preferencesSection } from "../../notifications/preferences";
import { h, setText } from "../../ui/dom";
import { errorSummary, field, selectField, showErrors, submitting } from "../../ui/forms";
import { formText, missing } from "../signIn/errors";
import { resendBlock } from "../verifyEmail/resend";
import { accountCare } from "../accountCare/section";
import { addressField } from "./addressField";
import {
  birthDateBounds,
  declarationBody,
  declarationLock,
  heartAreas,
  voteReason,
  votingCampaigns,
} from "./declaration";
import { accountMessages } from "./messages";
import "./account.css";
import type { z } from "zod";

type Campaign = z.output<typeof CampaignOutput>;
type Status = z.output<typeof VotingStatusOutput>;

function mount(root: HTMLElement, context: PageContext): () => void {
  const t = localTranslator(accountMessages, context.lang);
  const lang = context.lang;
  context.setTitle(t("title"));
  const you = h("section", { class: "account-section", "aria-labelledby": "account-you" });
  const declarations = h(
    "section",
    { class: "account-section", "aria-labelledby": "account-declarations" },
    h("h2", { id: "account-declarations" }, t("declarations")),
    h("p", {}, t("declarationsIntro")),
  );
  const campaignsSlot = h("div", { class: "declarations" });
  declarations.append(campaignsSlot);
  root.append(
    h(
      "div",
      { class: "narrow account-page" },
      h("h1", {}, t("title")),
      you,
      preferencesSection(lang, { signal: context.signal }),
      declarations,
      ...accountCare(context),
    ),
  );

  // --- who you are -----------------------------------------------------------------------------
  function row(term: string, ...value: (Node | string)[]): HTMLElement[] {
    return [h("dt", {}, term), h("dd", {}, ...value)];
  }

  function roleText(user: User): string {
    if (user.role === "administrator") return t("role.administrator");
    if (user.role === "official") {
      return user.areas.length
        ? t("role.official", { areas: user.areas.join(", ") })
        : t("role.officialNoArea");
    }
    return t("role.resident");
  }

  function drawYou(user: User | null): void {
    if (!user) return;
    const verified = user.email_verified
      ? h("span", { class: "account-flag account-flag-ok" }, `✓ ${t("verified")}`)
      : h(
          "div",
          {},
          h(
            "p",
            { class: "account-flag account-flag-todo", id: "email-not-verified" },
            `! ${t("notVerified")}`,
          ),
          resendBlock({
            lang,
            signal: context.signal,
            onVerified: () => void context.session.refresh().catch(() => null),
          }),
        );
    you.replaceChildren(
      h("h2", { id: "account-you" }, t("you")),
      h(
        "dl",
        { class: "account-facts" },
        ...row(t("name"), user.display_name || t("noName")),
        ...row(t("email"), h("span", { class: "account-email" }, user.email), verified),
        ...row(t("role"), roleText(user)),
        ...row(t("joined"), formatDate(lang, user.date_joined)),
      ),
      h("p", {}, h("a", { href: pathTo("myProposals") }, t("myProposals"))),
    );
  }
  drawYou(context.session.user());
  const unsubscribe = context.session.store.subscribe((state, previous) => {
    if (state.user !== previous.user) drawYou(state.user);
  });

  // --- the declarations ------------------------------------------------------------------------
  const fetchStatus = (slug: string) =>
    request("GET", `campaigns/${encodeURIComponent(slug)}/voting/`, {
      schema: VotingStatusOutput,
      signal: context.signal,
    });

  async function load(): Promise<void> {
    campaignsSlot.replaceChildren(h("p", { role: "status" }, t("loading")));
    let campaigns: Campaign[];
    try {
      const page = await request("GET", "campaigns/", {
        schema: PaginatedCampaignOutputList,
        query: { stage: "open", origin: "city", page_size: 100 },
        signal: context.signal,
      });
      campaigns = votingCampaigns(page.results);
    } catch (error) {
      if (isAbort(error)) return;
      console.error(error);
      failed(campaignsSlot, t("loadFailed"), () => void load());
      return;
    }
    if (campaigns.length === 0) {
      campaignsSlot.replaceChildren(h("p", { class: "notice" }, t("noVoting")));
      return;
    }
    campaignsSlot.replaceChildren();
    for (const campaign of campaigns) {
      const block = h("section", { class: "declaration", "aria-labelledby": `declaration-${campaign.slug}` });
      campaignsSlot.append(block);
      void loadCampaign(block, campaign);
    }
  }

  async function loadCampaign(block: HTMLElement, campaign: Campaign, said?: string): Promise<void> {
    const heading = h("h3", { id: `declaration-${campaign.slug}` }, campaign.name);
    block.replaceChildren(heading, h("p", { role: "status" }, t("loading")));
    try {
      const status = await fetchStatus(campaign.slug);
      drawCampaign(block, heading, campaign, status, said);
    } catch (error) {
      if (isAbort(error)) return;
      console.error(error);
      block.replaceChildren(heading);
      failed(block, t("campaignLoadFailed"), () => void loadCampaign(block, campaign), true);
    }
  }

  function failed(slot: HTMLElement, text: string, retry: () => void, keep = false): void {
    const button = h("button", { type: "button", class: "button" }, t("retry"));
    button.addEventListener("click", retry);
    const children = [h("p", { role: "alert" }, text), button];
    if (keep) slot.append(...children);
    else slot.replaceChildren(...children);
  }

  function voteLine(campaign: Campaign, status: Status): HTMLElement {
    const can = status.can;
    if (can.vote) {
      return h(
        "p",
        { class: "vote-line vote-line-ok" },
        `✓ ${t("canVote")} `,
        h("a", { href: pathTo("voteCampaign", { campaign: campaign.slug }) }, t("goVote")),
      );
    }
    const known = voteReason(can.reason);
    const reason = known ? t(`reason.${known}`) : (wordsFor(can.reason ?? "", {}, lang) ?? "");
    return h("p", { class: "vote-line vote-line-no" }, t("cannotVote", { reason }));
  }

  function drawCampaign(
    block: HTMLElement,
    heading: HTMLElement,
    campaign: Campaign,
    status: Status,
    said?: string,
  ): void {
    const declaration = status.declaration;
    const lock = declarationLock(status);
    const stateKey = declaration ? (`status.${declaration.status ?? "pending"}` as const) : "status.none";
    const facts = h(
      "dl",
      { class: "account-facts" },
      ...row(
        t("status"),
        h(
          "strong",
          { class: `declaration-status declaration-${declaration?.status ?? "none"}` },
          t(stateKey),
        ),
      ),
    );
    if (declaration?.status === "refused" && declaration.review_reason) {
      facts.append(...row("", t("refusedReason", { reason: declaration.review_reason })));
    }
    if (declaration) {
      facts.append(
        ...row(t("birthDate"), formatDate(lang, `${declaration.birth_date}T12:00:00`)),
        ...row(t("homeAddress"), declaration.address_label || declaration.address),
        ...row(t("homeArrondissement"), declaration.home_arrondissement),
        ...row(t("heartArea"), declaration.heart_area?.name ?? "—"),
      );
    }
    const savedLine = h("p", { class: "declaration-saved", role: "status" }, said ?? "");
    block.replaceChildren(heading, voteLine(campaign, status), facts, savedLine);
    if (lock === "refused") block.append(h("p", { class: "notice" }, t("refusedLocked")));
    else if (lock === "voted") block.append(h("p", { class: "notice" }, t("votedLocked")));
    else block.append(declarationForm(block, campaign, status));
  }

  function declarationForm(block: HTMLElement, campaign: Campaign, status: Status): HTMLFormElement {
    const declaration = status.declaration;
    const slug = campaign.slug;
    const bounds = birthDateBounds(new Date());
    const areas = heartAreas(campaign.areas);
    const defaultOption = (name: string | null) =>
      name ? t("heartDefaultNamed", { name }) : t("heartDefault");
    const heart = selectField({
      label: t("heartArea"),
      name: "heart_area",
      hint: t("heartHint"),
      value: declaration?.heart_area?.code ?? "",
      choices: [
        ["", defaultOption(declaration?.home_arrondissement ?? null)],
        ...areas.map((a): [string, string] => [a.code, a.name]),
      ],
    });
    const homeLine = h("p", { class: "field-hint home-line", role: "status", "aria-live": "polite" });
    const address = addressField({
      name: "address",
      value: declaration?.address ?? "",
      signal: context.signal,
      texts: {
        label: t("address"),
        hint: t("addressHint"),
        listLabel: t("addressList"),
        searching: t("searching"),
        none: t("noAddress"),
        failed: t("addressFailed"),
        count: (count) => t("suggestions", { count }),
      },
      onPick(result) {
        const option = heart.querySelector<HTMLOptionElement>('option[value=""]');
        const name = result?.arrondissement.name ?? null;
        if (option) option.textContent = defaultOption(name ?? declaration?.home_arrondissement ?? null);
        setText(homeLine, name ? t("homeIn", { name }) : "");
      },
    });
    address.element.append(homeLine);
    const form = h(
      "form",
      { class: "account-form declaration-form", novalidate: true, "data-campaign": slug },
      errorSummary(),
      field({
        label: t("fullName"),
        name: "full_name",
        autocomplete: "name",
        required: true,
        hint: t("fullNameHint"),
        value: declaration?.full_name ?? "",
        attrs: { maxlength: 150 },
      }),
      field({
        label: t("birthDate"),
        name: "birth_date",
        type: "date",
        autocomplete: "bday",
        required: true,
        hint: t("birthDateHint"),
        value: declaration?.birth_date ?? "",
        attrs: { min: bounds.min, max: bounds.max },
      }),
      address.element,
      heart,
      h("button", { type: "submit", class: "button" }, t("save")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const empty = missing(form, {
        full_name: t("fullNameMissing"),
        birth_date: t("birthMissing"),
        address: t("addressMissing"),
      });
      if (empty) {
        showErrors(form, empty, t("saveFailed"));
        return;
      }
      const data = new FormData(form);
      const body = declarationBody({
        full_name: formText(data, "full_name"),
        birth_date: formText(data, "birth_date"),
        address: formText(data, "address"),
        heart_area: formText(data, "heart_area"),
      });
      address.suggester.cancel();
      void submitting(form, async () => {
        try {
          await request("PUT", `campaigns/${encodeURIComponent(slug)}/declaration/`, {
            schema: DeclarationOutput,
            body,
            signal: context.signal,
          });
        } catch (error) {
          if (!isAbort(error)) showErrors(form, error, t("saveFailed"));
          return;
        }
        context.announce(t("saved"));
        await loadCampaign(block, campaign, t("saved"));
      });
    });
    return form;
  }

  void load();
  return unsubscribe;
}

const page: Page = { mount };

export default page;
