/**
 * Voting. `/voter` lists the campaigns open for voting (one: straight to it); `/voter/<campaign>`
 * says the rule in one sentence and shows the person's two ballots (Tout Paris and their
 * arrondissement de cœur) with, for each, why they may not vote when they may not. A ballot is
 * filled in (ballot.ts), checked on a summary, sent, and answered with the receipt code, shown
 * once. With the receipt, a ballot can be replaced until voting closes.
 */
import type { z } from "zod";
import { ApiError, isAbort } from "../../api/client";
import { wordsFor } from "../../api/errorMessages";
import {
  BallotCastOutput,
  BallotProjectOutput,
  CampaignOutput,
  DistrictFeatureList,
  PaginatedCampaignOutputList,
  PaginatedProjectOutputList,
  VotingSettingsOutput,
  VotingStatusOutput,
  type AreaVotingOutput,
} from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { formatMoney, formatNumber, localTranslator } from "../../i18n/local";
import { h } from "../../ui/dom";
import { clearErrors, errorSummary, field, showErrors, submitting } from "../../ui/forms";
import { createEditor, type Editor, type EditorProject } from "./ballot";
import { errorText, gradeName, ruleSentence } from "./text";
import { voteMessages, type VoteKey } from "./messages";
import { EMPTY_CHOICES, requestBody, summarize, type Choices, type Method } from "./rules";
import "./vote.css";

type Status = z.output<typeof VotingStatusOutput>;
type Settings = z.output<typeof VotingSettingsOutput>;
type Campaign = z.output<typeof CampaignOutput>;
type AreaEntry = z.output<typeof AreaVotingOutput>;
type Districts = z.output<typeof DistrictFeatureList>["features"];

interface BallotState {
  entry: AreaEntry;
  replacing: boolean;
  step: "edit" | "summary" | "receipt";
  projects: EditorProject[];
  choices: Choices;
  receipt: string | null;
}

const page: Page = {
  mount(root, ctx) {
    const slug = ctx.params.campaign;
    if (!slug) {
      void listCampaigns(root, ctx);
      return undefined;
    }
    return mountCampaign(root, ctx, slug);
  },
};

export default page;

async function listCampaigns(root: HTMLElement, ctx: PageContext): Promise<void> {
  let vt = localTranslator(voteMessages, ctx.lang);
  ctx.setTitle(vt("title"));
  const box = h("div", { class: "narrow vote-page" }, h("h1", {}, vt("title")), h("p", {}, vt("loading")));
  root.replaceChildren(box);
  let campaigns: Campaign[];
  try {
    const answer = await request("GET", "campaigns/", {
      schema: PaginatedCampaignOutputList,
      // The city's campaigns whose vote is open now, as the server's schedule says.
      query: { stage: "open", origin: "city", page_size: 100 },
      signal: ctx.signal,
    });
    campaigns = answer.results;
  } catch (error) {
    if (isAbort(error)) return;
    box.replaceChildren(h("h1", {}, vt("title")), h("p", { role: "alert" }, vt("loadFailed")));
    return;
  }
  const only = campaigns[0];
  if (campaigns.length === 1 && only) {
    ctx.navigate(pathTo("voteCampaign", { campaign: only.slug }), { replace: true });
    return;
  }
  const draw = () => {
    ctx.setTitle(vt("title"));
    box.replaceChildren(
      h("h1", {}, vt("title")),
      campaigns.length === 0
        ? h(
            "div",
            {},
            h("p", {}, vt("noCampaign")),
            h("p", {}, h("a", { href: pathTo("results") }, vt("resultsLink"))),
          )
        : h(
            "div",
            {},
            h("p", {}, vt("pickCampaign")),
            h(
              "ul",
              { class: "vote-campaigns" },
              ...campaigns.map((c) =>
                h("li", {}, h("a", { href: pathTo("voteCampaign", { campaign: c.slug }) }, c.name)),
              ),
            ),
          ),
    );
  };
  draw();
  ctx.onLang((lang) => {
    vt = localTranslator(voteMessages, lang);
    draw();
  });
}

function mountCampaign(root: HTMLElement, ctx: PageContext, slug: string): () => void {
  let lang = ctx.lang;
  let vt = localTranslator(voteMessages, lang);
  let campaign: Campaign | null = null;
  let status: Status | null = null;
  let settings: Settings | null = null;
  let districts: Districts | null = null;
  let ballot: BallotState | null = null;
  let editor: Editor | null = null;
  let failed: "missing" | "error" | null = null;
  const box = h("div", { class: "vote-page" });
  root.replaceChildren(box);

  async function load(): Promise<void> {
    try {
      const [c, s, st] = await Promise.all([
        request("GET", `campaigns/${encodeURIComponent(slug)}/`, {
          schema: CampaignOutput,
          signal: ctx.signal,
        }),
        request("GET", `campaigns/${encodeURIComponent(slug)}/voting/`, {
          schema: VotingStatusOutput,
          signal: ctx.signal,
        }),
        request("GET", `campaigns/${encodeURIComponent(slug)}/voting/settings/`, {
          schema: VotingSettingsOutput,
          signal: ctx.signal,
        }),
      ]);
      campaign = c;
      status = s;
      settings = st;
      failed = null;
    } catch (error) {
      if (isAbort(error)) return;
      failed = error instanceof ApiError && error.status === 404 ? "missing" : "error";
    }
  }

  async function refreshStatus(): Promise<void> {
    try {
      status = await request("GET", `campaigns/${encodeURIComponent(slug)}/voting/`, {
        schema: VotingStatusOutput,
        signal: ctx.signal,
      });
    } catch {
      // The overview keeps what it knew; the next visit reloads it.
    }
  }

  function method(entry: AreaEntry): Method {
    return {
      rule: status?.voting_rule ?? "majority_judgment",
      approvalMax: settings?.approval_max ?? null,
      cumulativePoints: settings?.cumulative_points ?? 10,
      knapsackMinShare: settings?.knapsack_min_share ?? 0,
      envelope: entry.envelope,
    };
  }

  function areaName(entry: AreaEntry): string {
    return entry.area.kind === "city" ? vt("cityBallot") : entry.area.name;
  }

  // --- drawing ----------------------------------------------------------------------------------

  function draw(): void {
    editor?.remove();
    editor = null;
    if (failed || !campaign || !status || !settings) {
      ctx.setTitle(vt("title"));
      box.replaceChildren(
        h(
          "div",
          { class: "narrow" },
          h("h1", {}, vt("title")),
          h(
            "p",
            { role: failed ? "alert" : "status" },
            failed === "missing" ? vt("campaignNotFound") : failed ? vt("loadFailed") : vt("loading"),
          ),
        ),
      );
      return;
    }
    ctx.setTitle(`${vt("title")} — ${campaign.name}`);
    const heading = h("h1", { id: "vote-title" }, `${vt("title")} — ${campaign.name}`);
    const rule = h(
      "div",
      { class: "vote-rule" },
      h("p", { id: "vote-rule" }, ruleSentence(vt, lang, status, settings)),
      h("p", {}, vt("ruleTwoBallots")),
      status.minimum_age
        ? h("p", {}, vt("minimumAge", { age: formatNumber(lang, status.minimum_age) }))
        : null,
    );
    if (ballot === null) {
      box.replaceChildren(h("div", { class: "narrow vote-overview" }, heading, rule, overview(status)));
      return;
    }
    if (ballot.step === "edit") {
      const state = ballot;
      editor = createEditor({
        lang,
        vt,
        method: method(state.entry),
        areaName: areaName(state.entry),
        projects: state.projects,
        districts: districts ?? [],
        choices: state.choices,
        onChange(choices) {
          state.choices = choices;
        },
        onReview() {
          state.step = "summary";
          draw();
          focusHeading();
        },
        onCancel() {
          ballot = null;
          draw();
          focusHeading();
        },
      });
      box.replaceChildren(h("div", { class: "vote-wide" }, heading, rule, editor.element));
      editor.attach();
      return;
    }
    if (ballot.step === "summary") {
      box.replaceChildren(h("div", { class: "narrow" }, heading, rule, summaryView(ballot)));
      return;
    }
    box.replaceChildren(h("div", { class: "narrow" }, heading, receiptView(ballot)));
  }

  function focusHeading(): void {
    const target = box.querySelector<HTMLElement>("h2[tabindex]") ?? box.querySelector<HTMLElement>("h1");
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
    }
  }

  function overview(st: Status): HTMLElement {
    const city = st.areas.find((a) => a.area.kind === "city");
    const heart = st.declaration?.heart_area?.code;
    const district =
      st.areas.find((a) => a.area.kind === "arrondissements" && a.area.code === heart) ??
      st.areas.find((a) => a.area.kind === "arrondissements" && (a.can.vote || a.voted !== null)) ??
      null;
    const firstDistrict = st.areas.find((a) => a.area.kind === "arrondissements") ?? null;
    return h(
      "div",
      { class: "vote-ballots" },
      city ? ballotCard(city, vt("cityBallotTitle")) : null,
      district
        ? ballotCard(district, vt("districtBallotTitle", { area: district.area.name }))
        : firstDistrict
          ? ballotCard(firstDistrict, vt("districtBallotNone"), true)
          : null,
    );
  }

  function ballotCard(entry: AreaEntry, title: string, generic = false): HTMLElement {
    const id = `ballot-${entry.area.code}`;
    const card = h(
      "section",
      { class: "vote-card", "aria-labelledby": `${id}-title`, id, "data-area": entry.area.code },
      h("h2", { id: `${id}-title` }, title),
    );
    if (!generic && entry.envelope !== null) {
      card.append(
        h(
          "p",
          { class: "vote-muted" },
          vt("envelope", { amount: formatMoney(lang, entry.envelope) }),
          entry.reserved_amount
            ? ` (${vt("reserved", { amount: formatMoney(lang, entry.reserved_amount) })})`
            : "",
        ),
      );
    }
    if (entry.voted === "online") card.append(h("p", { class: "vote-done" }, `✓ ${vt("votedOnline")}`));
    if (entry.voted === "paper") card.append(h("p", { class: "vote-done" }, `✓ ${vt("votedPaper")}`));
    if (entry.can.vote) {
      const button = h("button", { type: "button", class: "button vote-open" }, vt("voteHere"));
      button.addEventListener("click", () => {
        void openBallot(entry, false, button);
      });
      card.append(h("p", {}, button));
      return card;
    }
    const reason = entry.can.reason;
    if (reason && !(reason === "already_voted" && entry.can.replace)) card.append(reasonBlock(entry));
    if (entry.can.replace) {
      const button = h(
        "button",
        { type: "button", class: "button button-quiet vote-open" },
        vt("replaceHere"),
      );
      button.addEventListener("click", () => {
        void openBallot(entry, true, button);
      });
      card.append(h("p", { class: "field-hint" }, vt("reason_already_voted")), h("p", {}, button));
    }
    return card;
  }

  function reasonBlock(entry: AreaEntry): HTMLElement {
    const reason = entry.can.reason ?? "other";
    const block = h("div", { class: "vote-reason", "data-reason": reason });
    const here = `${window.location.pathname}${window.location.search}`;
    let text: string;
    switch (reason) {
      case "too_young":
        text = vt("reason_too_young", { age: formatNumber(lang, status?.minimum_age ?? 0) });
        break;
      case "other_area_chosen": {
        const heart = status?.declaration?.heart_area;
        text = heart
          ? vt("reason_other_area_chosen", { area: heart.name })
          : vt("reason_other_area_chosen_none");
        break;
      }
      default:
        text =
          `reason_${reason}` in voteMessages.fr
            ? vt(`reason_${reason}` as VoteKey)
            : (wordsFor(reason, {}, lang) ?? vt("reason_other"));
    }
    block.append(h("p", {}, text));
    if (reason === "not_eligible" && status?.declaration?.review_reason)
      block.append(h("p", {}, vt("refusedBecause", { reason: status.declaration.review_reason })));
    if (reason === "not_authenticated") {
      block.append(
        h(
          "p",
          { class: "vote-links" },
          h(
            "a",
            { href: `${pathTo("signIn")}?next=${encodeURIComponent(here)}`, class: "vote-signin" },
            vt("signInLink"),
          ),
          h("a", { href: `${pathTo("register")}?next=${encodeURIComponent(here)}` }, vt("registerLink")),
        ),
      );
    }
    if (
      reason === "declaration_missing" ||
      (reason === "other_area_chosen" && !status?.declaration?.heart_area)
    )
      block.append(h("p", {}, h("a", { href: pathTo("account"), class: "vote-declare" }, vt("declareLink"))));
    if (reason === "email_not_verified")
      block.append(h("p", {}, h("a", { href: pathTo("account") }, vt("verifyLink"))));
    return block;
  }

  async function openBallot(entry: AreaEntry, replacing: boolean, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    try {
      const code = encodeURIComponent(entry.area.code);
      const [onBallot, located, outlines] = await Promise.all([
        request("GET", `campaigns/${encodeURIComponent(slug)}/areas/${code}/ballot/`, {
          schema: BallotProjectOutput.array(),
          signal: ctx.signal,
        }),
        request("GET", "projects/", {
          schema: PaginatedProjectOutputList,
          query: { campaign: slug, area: entry.area.code, page_size: 1000 },
          signal: ctx.signal,
        }).catch(() => null),
        districts
          ? Promise.resolve(districts)
          : request("GET", "districts/", {
              schema: DistrictFeatureList,
              query: { level: "arrondissement" },
              signal: ctx.signal,
            })
              .then((d) => d.features)
              .catch(() => [] as Districts),
      ]);
      districts = outlines;
      const places = new Map<number, [number, number][]>();
      for (const p of located?.results ?? [])
        places.set(
          p.id,
          (p.locations?.coordinates ?? []).map(([lng, lat]) => [lng, lat] as [number, number]),
        );
      ballot = {
        entry,
        replacing,
        step: "edit",
        projects: onBallot.map((p) => ({
          id: p.id,
          title: p.title,
          cost: p.cost,
          priority: p.priority,
          points: places.get(p.id) ?? [],
        })),
        choices: EMPTY_CHOICES,
        receipt: null,
      };
      draw();
      focusHeading();
    } catch (error) {
      if (isAbort(error)) return;
      button.disabled = false;
      button.removeAttribute("aria-busy");
      ctx.announce(errorText(vt, error));
      button.after(h("p", { role: "alert", class: "field-error" }, errorText(vt, error)));
    }
  }

  function summaryView(state: BallotState): HTMLElement {
    const m = method(state.entry);
    const summary = summarize(m, state.projects, state.choices);
    const lines = summary.lines.map((line) => {
      let detail = "";
      if (line.grade) detail = gradeName(vt, line.grade);
      else if (line.points !== undefined) detail = `${formatNumber(lang, line.points)} pts`;
      else detail = formatMoney(lang, line.project.cost);
      return h(
        "li",
        { class: line.ungraded ? "vote-summary-line is-ungraded" : "vote-summary-line" },
        h("span", { class: "vote-summary-title" }, line.project.title),
        h(
          "span",
          { class: `vote-summary-detail${line.grade ? ` vote-grade-tag-${line.grade}` : ""}` },
          detail,
        ),
      );
    });
    const form = h("form", { class: "vote-confirm", novalidate: true });
    const receiptField = state.replacing
      ? field({
          label: vt("receiptField"),
          name: "receipt",
          hint: vt("receiptFieldHint"),
          required: true,
          autocomplete: "off",
          attrs: { spellcheck: "false", autocapitalize: "characters" },
        })
      : null;
    const confirm = h(
      "button",
      { type: "submit", class: "button", id: "vote-confirm" },
      state.replacing ? vt("confirmReplace") : vt("confirm"),
    );
    const edit = h("button", { type: "button", class: "button button-quiet" }, vt("edit"));
    edit.addEventListener("click", () => {
      state.step = "edit";
      draw();
      focusHeading();
    });
    form.append(errorSummary(), receiptField ?? "", h("div", { class: "vote-buttons" }, confirm, edit));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void send(state, form);
    });
    return h(
      "section",
      { class: "vote-summary", "aria-labelledby": "vote-summary-title" },
      h(
        "h2",
        { id: "vote-summary-title", tabindex: -1 },
        vt("summaryHeading", { area: areaName(state.entry) }),
      ),
      h("p", {}, vt("summaryIntro")),
      lines.length ? h("ul", { class: "vote-summary-list" }, ...lines) : h("p", {}, vt("summaryEmpty")),
      m.rule === "majority_judgment" && summary.ungraded
        ? h(
            "p",
            { class: "vote-note" },
            vt("summaryUngraded", { count: formatNumber(lang, summary.ungraded) }),
          )
        : null,
      m.rule === "approval" || m.rule === "knapsack"
        ? h("p", {}, vt("summaryTotal", { total: formatMoney(lang, summary.total) }))
        : null,
      m.rule === "cumulative"
        ? h(
            "p",
            {},
            vt("summaryPoints", {
              points: formatNumber(lang, summary.points),
              total: formatNumber(lang, m.cumulativePoints),
            }),
          )
        : null,
      form,
    );
  }

  async function send(state: BallotState, form: HTMLFormElement): Promise<void> {
    clearErrors(form);
    const m = method(state.entry);
    const body = requestBody(m, state.entry.area.code, state.projects, state.choices);
    const receiptInput = form.querySelector<HTMLInputElement>('input[name="receipt"]');
    const receipt = receiptInput?.value.trim() ?? "";
    if (state.replacing && !receipt) {
      showErrors(
        form,
        new ApiError(400, "required", "", { receipt: [vt("receiptFieldHint")] }),
        vt("error_generic"),
      );
      return;
    }
    ctx.announce(vt("sending"));
    try {
      const answer = await submitting(form, () =>
        request(
          "POST",
          `campaigns/${encodeURIComponent(slug)}/ballots/${state.replacing ? "replace/" : ""}`,
          {
            schema: BallotCastOutput,
            body: state.replacing ? { ...body, receipt } : body,
            signal: ctx.signal,
          },
        ),
      );
      state.receipt = answer.receipt;
      state.step = "receipt";
      draw();
      focusHeading();
      ctx.announce(vt("announceVoted"));
      void refreshStatus();
    } catch (error) {
      if (isAbort(error)) return;
      const text = errorText(vt, error, status?.minimum_age ?? 0);
      const onReceipt =
        error instanceof ApiError && (error.code === "receipt_invalid" || "receipt" in error.errors);
      showErrors(
        form,
        new ApiError(
          error instanceof ApiError ? error.status : 0,
          error instanceof ApiError ? error.code : "network_error",
          text,
          onReceipt && receiptInput ? { receipt: [text] } : {},
        ),
        text,
      );
    }
  }

  function receiptView(state: BallotState): HTMLElement {
    const code = state.receipt ?? "";
    const copyStatus = h("p", { class: "vote-copy-status", role: "status" });
    const copy = h("button", { type: "button", class: "button", id: "receipt-copy" }, vt("copy"));
    copy.addEventListener("click", () => {
      const done = () => {
        copyStatus.textContent = vt("copied");
      };
      const fail = () => {
        copyStatus.textContent = vt("copyFailed");
        const range = document.createRange();
        const target = document.getElementById("receipt-code");
        if (target) {
          range.selectNodeContents(target);
          window.getSelection()?.removeAllRanges();
          window.getSelection()?.addRange(range);
        }
      };
      // navigator.clipboard is missing outside secure contexts.
      if ("clipboard" in navigator) navigator.clipboard.writeText(code).then(done, fail);
      else fail();
    });
    const back = h("button", { type: "button", class: "button button-quiet" }, vt("backToBallots"));
    back.addEventListener("click", () => {
      ballot = null;
      draw();
      focusHeading();
    });
    return h(
      "section",
      { class: "vote-receipt", "aria-labelledby": "vote-receipt-title" },
      h(
        "h2",
        { id: "vote-receipt-title", tabindex: -1 },
        state.replacing ? vt("replacedHeading") : vt("receiptHeading"),
      ),
      h("p", {}, areaName(state.entry)),
      h("p", { id: "receipt-intro" }, vt("receiptIntro")),
      h("p", { class: "receipt-code", id: "receipt-code", "aria-describedby": "receipt-intro" }, code),
      h("div", { class: "vote-buttons" }, copy),
      copyStatus,
      h("p", { class: "vote-note" }, vt("receiptOnce")),
      h("p", {}, h("a", { href: pathTo("receipt"), id: "receipt-check-link" }, vt("receiptCheck"))),
      h("p", {}, back),
    );
  }

  ctx.onLang((next) => {
    lang = next;
    vt = localTranslator(voteMessages, lang);
    draw();
  });

  draw();
  void load().then(() => {
    draw();
  });

  return () => {
    editor?.remove();
    editor = null;
  };
}
