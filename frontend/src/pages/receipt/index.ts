/**
 * `/recu`: anyone with a receipt code checks the ballot it belongs to (POST, so the code stays out
 * of addresses and logs): whether it is counted and what it holds, never who cast it.
 */
import type { z } from "zod";
import { ApiError, isAbort } from "../../api/client";
import { BallotOutput } from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import type { Lang } from "../../i18n";
import { formatDate, formatMoney, formatNumber, localTranslator, type LocalT } from "../../i18n/local";
import { h } from "../../ui/dom";
import { clearErrors, errorSummary, field, showErrors, submitting } from "../../ui/forms";
import { receiptMessages, type ReceiptKey } from "./messages";
import "../vote/vote.css";

type Ballot = z.output<typeof BallotOutput>;

const GRADE_KEYS: Record<string, ReceiptKey> = {
  adore: "grade_adore",
  aime_bien: "grade_aime_bien",
  pourquoi_pas: "grade_pourquoi_pas",
  pas_convaincu: "grade_pas_convaincu",
};

/** What one choice of a ballot says, in words. */
export function choiceText(rt: LocalT<ReceiptKey>, lang: Lang, choice: Ballot["choices"][number]): string {
  if (choice.grade !== undefined) {
    const key = GRADE_KEYS[choice.grade];
    return key ? rt(key) : choice.grade;
  }
  if (choice.points !== undefined) return rt("points", { points: formatNumber(lang, choice.points) });
  return rt("chosen", { cost: formatMoney(lang, choice.cost) });
}

function answerView(rt: LocalT<ReceiptKey>, lang: Lang, ballot: Ballot): HTMLElement {
  const area = ballot.area.kind === "city" ? rt("ballotCity") : ballot.area.name;
  return h(
    "section",
    { class: "receipt-answer", "aria-labelledby": "receipt-answer-title", id: "receipt-answer" },
    h("h2", { id: "receipt-answer-title", tabindex: -1 }, rt("answerHeading")),
    h(
      "p",
      {
        class: ballot.status === "not_counted" ? "receipt-not-counted" : "receipt-counted",
        id: "receipt-counted",
      },
      ballot.status === "sealed"
        ? rt("sealed")
        : ballot.status === "counted"
          ? rt("counted")
          : rt("notCounted"),
    ),
    ballot.status === "sealed" ? h("p", {}, rt("sealedWhy")) : null,
    ballot.status === "not_counted" ? h("p", {}, rt("notCountedWhy")) : null,
    h("p", {}, rt("ballot", { area })),
    ballot.cast_on ? h("p", {}, rt("castOn", { date: formatDate(lang, ballot.cast_on) })) : null,
    h("p", { class: "vote-muted" }, rt("campaign", { campaign: ballot.campaign_name })),
    h("h3", {}, rt("contents")),
    ballot.choices.length
      ? h(
          "ul",
          { class: "vote-summary-list" },
          ...ballot.choices.map((choice) =>
            h(
              "li",
              { class: "vote-summary-line" },
              h("span", { class: "vote-summary-title" }, choice.title || `#${choice.project}`),
              h("span", { class: "vote-summary-detail" }, choiceText(rt, lang, choice)),
            ),
          ),
        )
      : h("p", {}, rt("empty")),
  );
}

const page: Page = {
  mount(root, ctx: PageContext) {
    let lang = ctx.lang;
    let rt = localTranslator(receiptMessages, lang);
    let found: Ballot | null = null;
    let typed = "";
    const box = h("div", { class: "narrow vote-page" });
    root.replaceChildren(box);

    function draw(): void {
      ctx.setTitle(rt("title"));
      const form = h("form", { class: "receipt-check-form", novalidate: true });
      const codeField = field({
        label: rt("code"),
        name: "receipt",
        hint: rt("codeHint"),
        required: true,
        autocomplete: "off",
        value: typed,
        attrs: { spellcheck: "false", autocapitalize: "characters", maxlength: 40 },
      });
      const input = codeField.querySelector("input") as HTMLInputElement;
      input.addEventListener("input", () => {
        typed = input.value;
      });
      form.append(
        errorSummary(),
        codeField,
        h("button", { type: "submit", class: "button", id: "receipt-check" }, rt("check")),
      );
      const answer = h("div", { id: "receipt-result" }, found ? answerView(rt, lang, found) : "");
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        void check(form, input, answer);
      });
      box.replaceChildren(
        h("h1", {}, rt("title")),
        h("p", {}, rt("intro")),
        form,
        answer,
        h("p", {}, h("a", { href: pathTo("vote") }, rt("voteLink"))),
      );
    }

    async function check(form: HTMLFormElement, input: HTMLInputElement, answer: HTMLElement): Promise<void> {
      clearErrors(form);
      const code = input.value.trim();
      if (!code) {
        showErrors(
          form,
          new ApiError(400, "required", rt("required"), { receipt: [rt("required")] }),
          rt("failed"),
        );
        return;
      }
      ctx.announce(rt("checking"));
      try {
        found = await submitting(form, () =>
          request("POST", "receipts/check/", {
            schema: BallotOutput,
            body: { receipt: code },
            signal: ctx.signal,
          }),
        );
        answer.replaceChildren(answerView(rt, lang, found));
        answer.querySelector<HTMLElement>("h2")?.focus();
        ctx.announce(rt("announceFound"));
      } catch (error) {
        if (isAbort(error)) return;
        found = null;
        answer.replaceChildren();
        const missing = error instanceof ApiError && (error.status === 404 || error.status === 400);
        const text = missing ? rt("notFound") : rt("failed");
        showErrors(form, new ApiError(400, "receipt", text, { receipt: [text] }), text);
      }
    }

    ctx.onLang((next) => {
      lang = next;
      rt = localTranslator(receiptMessages, lang);
      draw();
    });
    draw();
    return undefined;
  },
};

export default page;
