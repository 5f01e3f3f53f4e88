/** Pure helpers of the identity conflicts section: both sides of a conflict, row by row. */
import type { ConflictSideOutput } from "../../api/generated/zod";
import { formatDate, formatDateTime, type LocalT } from "../../i18n/local";
import type { Lang } from "../../i18n";
import type { ConflictsKey } from "./conflicts.messages";

export const DECISIONS = ["first_is_genuine", "second_is_genuine", "different_people"] as const;
export type Decision = (typeof DECISIONS)[number];

/** What a side shows in one row: plain text, never markup. */
function cells(t: LocalT<ConflictsKey>, lang: Lang, side: ConflictSideOutput): string[] {
  const source =
    side.source === "paper" || side.source === "online" ? t(`source.${side.source}`) : side.source;
  const ballots = side.ballots.length
    ? side.ballots.map((b) => `${b.area.name} (${t(`channel.${b.channel}`)})`).join(", ")
    : t("noBallot");
  return [
    side.full_name,
    formatDate(lang, `${side.birth_date}T12:00:00`),
    side.address || t("dash"),
    source,
    side.account?.display_name ?? t("noAccount"),
    formatDateTime(lang, side.entered_at),
    side.declared_at ? formatDateTime(lang, side.declared_at) : t("dash"),
    side.heart_area?.name ?? t("dash"),
    ballots,
  ];
}

const ASPECTS: ConflictsKey[] = [
  "fullName",
  "birthDate",
  "address",
  "source",
  "account",
  "enteredAt",
  "declaredAt",
  "heartArea",
  "ballots",
];

/** The comparison table's rows: the aspect, then the first and the second side. */
export function sideRows(
  t: LocalT<ConflictsKey>,
  lang: Lang,
  first: ConflictSideOutput,
  second: ConflictSideOutput,
): [string, string, string][] {
  const a = cells(t, lang, first);
  const b = cells(t, lang, second);
  return ASPECTS.map((aspect, i) => [t(aspect), a[i] ?? "", b[i] ?? ""]);
}
