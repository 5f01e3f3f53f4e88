/** Pure helpers of the conversation screens (tested without a DOM). */

/** Minutes (rounded up) left to edit a comment at `now`, 0 when the window has closed. */
export function minutesLeftToEdit(editableUntil: string, now: Date): number {
  const left = Date.parse(editableUntil) - now.getTime();
  return left > 0 ? Math.ceil(left / 60_000) : 0;
}

/** How many comments and replies a thread holds (what the heading counts). */
export function countComments(comments: readonly { replies: readonly unknown[] }[]): number {
  return comments.reduce((n, c) => n + 1 + c.replies.length, 0);
}

/** The thread's comments with one replaced (by id, at either level), the rest untouched. */
export function replaceComment<C extends { id: number; replies: R[] }, R extends { id: number }>(
  comments: C[],
  updated: R,
): C[] {
  return comments.map((c) => {
    if (c.id === updated.id) return { ...c, ...updated, replies: c.replies };
    if (c.replies.some((r) => r.id === updated.id)) {
      return { ...c, replies: c.replies.map((r) => (r.id === updated.id ? updated : r)) };
    }
    return c;
  });
}

/** What a comment's text area shows: the words, or why there are none. */
export type Shown = { kind: "text"; text: string } | { kind: "deleted" } | { kind: "hidden"; reason: string };

export function shownText(c: {
  text: string;
  deleted: boolean;
  is_hidden: boolean;
  hidden_reason: string;
}): Shown {
  if (c.deleted) return { kind: "deleted" };
  if (c.is_hidden && !c.text) return { kind: "hidden", reason: c.hidden_reason };
  return { kind: "text", text: c.text };
}

/** The kind of sentence a refused comment gets from the API's code. */
export function refusalKey(
  code: string,
): "emailNotVerified" | "phaseClosed" | "tooDeep" | "editClosed" | "throttled" | "gone" | null {
  switch (code) {
    case "email_not_verified":
      return "emailNotVerified";
    case "phase_closed":
      return "phaseClosed";
    case "reply_too_deep":
      return "tooDeep";
    case "edit_window_closed":
      return "editClosed";
    case "throttled":
      return "throttled";
    case "comment_gone":
    case "target_closed":
      return "gone";
    default:
      return null;
  }
}
