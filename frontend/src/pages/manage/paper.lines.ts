/**
 * Paper ballots, pure: the CSV import's errors (`{"line 12.birth_date": [...], "line 15": [...],
 * "file": [...]}`) as table rows, and one ballot's form values as the API's request body.
 */
import type { PaperBallotInputRequest, VotingRuleEnum } from "../../api/generated/zod";

export interface LineError {
  /** The file's line number (the header is line 1); null for the whole file. */
  line: number | null;
  /** The column: an identity column, a project id, "" for the whole line. */
  column: string;
  reason: string;
}

const KEY = /^line (\d+)(?:\.(.+))?$/;

/** One row per reason, the whole file first, then by line and column as the file reads. */
export function lineErrors(
  errors: Record<string, string[]>,
  columnOrder: readonly string[] = [],
): LineError[] {
  const rows: LineError[] = [];
  for (const [key, reasons] of Object.entries(errors)) {
    const match = KEY.exec(key);
    for (const reason of reasons) {
      if (match) rows.push({ line: Number(match[1]), column: match[2] ?? "", reason });
      else rows.push({ line: null, column: key === "file" || key === "non_field_errors" ? "" : key, reason });
    }
  }
  const rank = (column: string): number => {
    if (column === "") return -1;
    const i = columnOrder.indexOf(column);
    return i === -1 ? columnOrder.length : i;
  };
  return rows.sort(
    (a, b) =>
      (a.line ?? 0) - (b.line ?? 0) ||
      rank(a.column) - rank(b.column) ||
      a.column.localeCompare(b.column, "fr", { numeric: true }),
  );
}

/** Whether an error column names a project of the ballot (a number) rather than an identity column. */
export function isProjectColumn(column: string): boolean {
  return /^\d+$/.test(column);
}

export interface PaperForm {
  email: string;
  fullName: string;
  birthDate: string;
  address: string;
  /** Per project id: a grade key, "1" for chosen, or a number of points; "" when left empty. */
  choices: Record<string, string>;
}

/** The body of `POST …/paper-ballots/` for the campaign's voting rule. */
export function paperBody(rule: VotingRuleEnum, form: PaperForm): PaperBallotInputRequest {
  const body: PaperBallotInputRequest = {};
  const email = form.email.trim();
  if (email) body.email = email;
  else {
    body.full_name = form.fullName.trim();
    body.birth_date = form.birthDate.trim() || null;
    body.address = form.address.trim();
  }
  const filled = Object.entries(form.choices).filter(([, v]) => v.trim() !== "");
  switch (rule) {
    case "majority_judgment":
      body.grades = Object.fromEntries(filled.map(([id, v]) => [id, v.trim()]));
      break;
    case "cumulative":
      body.points = Object.fromEntries(
        filled
          .map(([id, v]) => [id, Number(v.trim())] as const)
          .filter(([, n]) => Number.isFinite(n) && n > 0),
      );
      break;
    case "approval":
    case "knapsack":
      body.projects = filled.filter(([, v]) => v === "1").map(([id]) => Number(id));
      break;
  }
  return body;
}
