/**
 * The vote's sentences built from data: the rule in one sentence, why a choice was refused, why
 * the ballot cannot be sent yet, a refusal from the API in the person's words. Pure (no DOM).
 */
import type { z } from "zod";
import { ApiError } from "../../api/client";
import type { VotingSettingsOutput, VotingStatusOutput } from "../../api/generated/zod";
import type { Lang } from "../../i18n";
import { formatMoney, formatNumber, formatPercent, type LocalT } from "../../i18n/local";
import { voteMessages, type VoteKey } from "./messages";
import type { Grade, Method, NotReady, Refusal } from "./rules";

type Status = Pick<z.output<typeof VotingStatusOutput>, "voting_rule">;
type Settings = Pick<
  z.output<typeof VotingSettingsOutput>,
  "approval_max" | "cumulative_points" | "knapsack_min_share"
>;

/** The rule of the campaign in one sentence (and the two-ballots sentence). */
export function ruleSentence(vt: LocalT<VoteKey>, lang: Lang, status: Status, settings: Settings): string {
  switch (status.voting_rule) {
    case "majority_judgment":
      return vt("ruleMajority");
    case "approval":
      return settings.approval_max
        ? vt("ruleApproval", { max: formatNumber(lang, settings.approval_max) })
        : vt("ruleApprovalNoMax");
    case "knapsack":
      return settings.knapsack_min_share
        ? vt("ruleKnapsackMin", { share: formatPercent(lang, settings.knapsack_min_share / 100) })
        : vt("ruleKnapsack");
    case "cumulative":
      return vt("ruleCumulative", { points: formatNumber(lang, settings.cumulative_points ?? 10) });
  }
}

/** A refusal from the API in the person's words (the API's own sentence when it is new to us). */
export function errorText(vt: LocalT<VoteKey>, error: unknown, minimumAge = 0): string {
  if (!(error instanceof ApiError)) return vt("error_generic");
  const known = `error_${error.code}` in voteMessages.fr ? (`error_${error.code}` as VoteKey) : null;
  if (known) return vt(known);
  const reason = `reason_${error.code}` in voteMessages.fr ? (`reason_${error.code}` as VoteKey) : null;
  if (reason && error.code !== "other_area_chosen") return vt(reason, { age: minimumAge });
  return error.status > 0 && error.message ? error.message : vt("error_generic");
}

export function refusalText(vt: LocalT<VoteKey>, lang: Lang, refusal: Refusal): string {
  switch (refusal.code) {
    case "too_many_projects":
      return vt("refused_too_many_projects", { max: formatNumber(lang, refusal.max) });
    case "over_envelope":
      return vt("refused_over_envelope", {
        cost: formatMoney(lang, refusal.cost),
        remaining: formatMoney(lang, Math.max(0, refusal.remaining)),
        envelope: formatMoney(lang, refusal.envelope),
      });
    case "not_enough_points":
      return vt("refused_not_enough_points", { left: formatNumber(lang, refusal.left) });
    case "no_envelope":
      return vt("refused_no_envelope");
    case "unknown_project":
      return vt("refused_unknown_project");
  }
}

export function notReadyText(vt: LocalT<VoteKey>, lang: Lang, method: Method, problem: NotReady): string {
  switch (problem.code) {
    case "empty_ballot":
      if (method.rule === "majority_judgment") return vt("notReady_empty_ballot_grades");
      if (method.rule === "cumulative") return vt("notReady_empty_points");
      return vt("notReady_empty_ballot");
    case "under_minimum_share":
      return vt("notReady_under_minimum_share", {
        total: formatMoney(lang, problem.total),
        minimum: formatMoney(lang, problem.minimum),
      });
    case "no_envelope":
      return vt("notReady_no_envelope");
  }
}

export function gradeName(vt: LocalT<VoteKey>, grade: Grade): string {
  return vt(`grade_${grade}`);
}
