/**
 * The officials' queue of reported or hidden comments (`GET moderation/comments/`), beside the
 * proposals' queue: each comment with what it is about, its open reports by reason, and the
 * decision the queue's `can` allows (hide, or keep visible / show again, with a public reason).
 */
import type { z } from "zod";
import { PaginatedCommentQueueItemList } from "../../api/generated/zod";
import { request } from "../../api/request";
import { pathTo } from "../../app/router";
import type { Lang } from "../../i18n";
import { formatDateTime, localTranslator } from "../../i18n/local";
import { h, setText } from "../../ui/dom";
import { commentModerationMessages, type CommentModerationKey } from "./moderation.comments.messages";
import { errorMessage, isAbort } from "./sectionKit";

type Item = z.output<typeof PaginatedCommentQueueItemList>["results"][number];
const REASONS = ["spam", "offensive", "off_topic", "duplicate", "other"];

export interface CommentQueueOptions {
  lang: Lang;
  announce(text: string): void;
  signal?: AbortSignal;
}

export function commentQueueSection(options: CommentQueueOptions): HTMLElement {
  const t = localTranslator(commentModerationMessages, options.lang);
  const status = h("p", { class: "manage-status", role: "status", "aria-live": "polite" }, t("loading"));
  const list = h("ul", { class: "comment-queue", id: "comment-queue" });
  const section = h(
    "section",
    { class: "comment-moderation", "aria-labelledby": "comment-queue-title" },
    h("h2", { id: "comment-queue-title" }, t("title")),
    h("p", { class: "muted" }, t("intro")),
    status,
    list,
  );

  const reasonName = (r: string) => (REASONS.includes(r) ? t(`reason.${r}` as CommentModerationKey) : r);

  async function load(focus: string | null = null): Promise<void> {
    try {
      const page = await request("GET", "moderation/comments/", {
        schema: PaginatedCommentQueueItemList,
        query: { page_size: 50 },
        signal: options.signal,
      });
      setText(status, page.count ? t("count", { count: page.count }) : t("none"));
      list.replaceChildren(...page.results.map(item));
      if (focus) {
        status.setAttribute("tabindex", "-1");
        setText(status, `${focus} ${status.textContent}`);
        status.focus();
      }
    } catch (error) {
      if (!isAbort(error)) setText(status, errorMessage(error, t("loadFailed")));
    }
  }

  function item(c: Item): HTMLElement {
    const href =
      c.proposal !== null
        ? `${pathTo("proposal", { id: c.proposal })}#comment-${c.id}`
        : `${pathTo("project", { id: c.project ?? 0 })}#comment-${c.id}`;
    const reasons = Object.entries(c.reasons)
      .map(([r, n]) => `${reasonName(r)} (${n})`)
      .join(", ");
    const facts = h(
      "ul",
      { class: "comment-queue-facts" },
      c.open_reports ? h("li", {}, t("openReports", { count: c.open_reports, reasons })) : null,
      c.is_hidden ? h("li", {}, t("hidden", { reason: c.hidden_reason })) : null,
      h("li", {}, t("waiting", { date: formatDateTime(options.lang, c.waiting_since) })),
    );
    const id = `comment-decision-${c.id}`;
    const reason = h("textarea", {
      id,
      name: "reason",
      rows: 2,
      required: true,
      "aria-describedby": `${id}-hint`,
    });
    const error = h("p", { class: "field-error", role: "alert", hidden: true });
    const decide = (verb: "hide" | "restore") => {
      const button = h(
        "button",
        { type: "button", class: verb === "hide" ? "button" : "button button-quiet" },
        t(verb),
      );
      button.addEventListener("click", () => {
        button.disabled = true;
        request("POST", `comments/${c.id}/${verb}/`, { body: { reason: reason.value.trim() } }).then(
          () => {
            const said = t(verb === "hide" ? "hiddenDone" : "restoredDone");
            options.announce(said);
            void load(said);
          },
          (failure: unknown) => {
            button.disabled = false;
            error.textContent = errorMessage(failure, t("failed"));
            error.hidden = false;
            reason.focus();
          },
        );
      });
      return button;
    };
    const form =
      c.can.hide || c.can.restore
        ? h(
            "div",
            { class: "comment-form", role: "group", "aria-label": t("decision") },
            h("label", { for: id }, t("reason")),
            h("p", { class: "field-hint", id: `${id}-hint` }, t("hint")),
            reason,
            error,
            h(
              "div",
              { class: "button-row" },
              c.can.hide ? decide("hide") : null,
              c.can.restore ? decide("restore") : null,
            ),
          )
        : null;
    return h(
      "li",
      { class: "comment-queue-item", "data-comment": c.id },
      h(
        "article",
        { "aria-labelledby": `${id}-about` },
        h("h3", { id: `${id}-about` }, t("about", { title: c.about })),
        h("p", { class: "comment-meta" }, t("by", { name: c.author?.display_name || t("anonymous") })),
        h("blockquote", { class: "comment-text" }, c.text),
        facts,
        h("p", {}, h("a", { href }, t("open"))),
        form,
      ),
    );
  }

  void load();
  return section;
}
