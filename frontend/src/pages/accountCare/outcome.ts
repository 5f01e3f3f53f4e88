/**
 * What the account-care pages decide, kept pure so it is tested without a browser: how an answer
 * to a mailed link is said, the download's file name, the fields a form leaves empty.
 */
import { ApiError } from "../../api/client";

export type LinkOutcome = "ok" | "invalid" | "expired" | "taken" | "failed";

/** How to say the answer to a mailed link's token (null: accepted). */
export function linkOutcome(error: unknown): LinkOutcome {
  if (error === null) return "ok";
  if (error instanceof ApiError) {
    if (error.code === "token_expired") return "expired";
    if (error.code === "email_taken") return "taken";
    // A refusal of the token itself (not of another field, e.g. a weak password).
    if (error.status === 400 && (error.code === "invalid_token" || "token" in error.errors)) {
      return "invalid";
    }
  }
  return "failed";
}

/** Whether a refusal of the reset form is about the link (say it in place of the form) rather
 * than about the password (say it next to the field). */
export function refusesTheLink(error: unknown): boolean {
  const outcome = linkOutcome(error);
  return outcome === "invalid" || outcome === "expired";
}

/** The name the downloaded file gets: the day in the person's time zone. */
export function dataFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return `belvedere-mes-donnees-${day}.json`;
}

/** The download's text: the API's JSON as it came, indented for people who open it. */
export function dataFileText(payload: unknown): string {
  return `${JSON.stringify(payload, null, 2)}\n`;
}
