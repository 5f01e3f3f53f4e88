/**
 * A proposal's or a ballot project's discussion: the comments, oldest first, each with its
 * replies (one level), the official answers marked, and what the API's `can` maps allow the
 * reader: comment, reply, edit (15 minutes), delete their own, report with a reason. Every form
 * has a label, every refusal is said in words (role="alert"), every change is announced.
 */
import { ApiError, isAbort } from "../api";
import type { Lang } from "../i18n";
import { formatDateTime, localTranslator } from "../i18n/local";
import { h, loadFailed, setText } from "../ui/dom";
import { conversationsApi, type Comment, type ConversationsApi, type TargetKind, type Thread } from "./api";
import { conversationMessages, type ConversationKey } from "./messages";
import { countComments, minutesLeftToEdit, refusalKey, replaceComment, shownText } from "./model";
import "./conversations.css";

export const REPORT_REASONS = ["spam", "offensive", "off_topic", "duplicate", "other"] as const;

export interface ThreadOptions {
  kind: TargetKind;
  id: number;
  lang: Lang;
  signedIn: boolean;
  signInHref: string;
  announce(text: string): void;
  signal?: AbortSignal;
  api?: ConversationsApi;
  now?: () => Date;
}

type Reply = Comment["replies"][number];
type Any = Comment | Reply;

export function commentThread(options: ThreadOptions): HTMLElement {
  const t = localTranslator(conversationMessages, options.lang);
  const api = options.api ?? conversationsApi;
  const now = options.now ?? (() => new Date());
  const count = h("p", { class: "comment-count", id: "comment-count" });
  const heading = h("h2", { id: "comments-title" }, t("title"));
  const status = h("p", { class: "page-status", role: "status" }, t("loading"));
  const list = h("ol", { class: "comment-list", id: "comment-list" });
  const composer = h("div", { class: "comment-composer" });
  const section = h(
    "section",
    { class: "comments", id: "comments", "aria-labelledby": "comments-title" },
    heading,
    count,
    status,
    list,
    composer,
  );
  let thread: Thread | null = null;

  const load = async (): Promise<void> => {
    setText(status, t("loading"));
    status.hidden = false;
    try {
      const first = thread === null;
      thread = await api.thread(options.kind, options.id, options.signal);
      draw();
      if (first) reveal();
    } catch (error) {
      if (isAbort(error)) return;
      console.error(error);
      loadFailed(status, t("loadFailed"), t("retry"), () => void load());
    }
  };

  function said(error: unknown): string {
    if (error instanceof ApiError) {
      const key = refusalKey(error.code);
      if (key) return t(key);
      const reasons = Object.values(error.errors).flat();
      if (reasons.length) return reasons.join(" ");
      if (error.status > 0) return error.message;
    }
    return t("failed");
  }

  function name(c: Any): string {
    if (c.deleted) return t("anonymous");
    return c.author?.display_name || t(c.author ? "anonymous" : "formerParticipant");
  }

  function draw(focusId: number | null = null): void {
    if (!thread) return;
    const n = countComments(thread.comments);
    setText(count, t("count", { count: n }));
    status.hidden = n > 0;
    setText(status, n ? "" : t("empty"));
    list.replaceChildren(...thread.comments.map((c) => item(c, false)));
    composer.replaceChildren(newComment());
    if (focusId !== null) document.getElementById(`comment-${focusId}`)?.focus();
  }

  /** A link to one comment (`#comment-12`, e.g. shared) or to the discussion (`#comments`, a
   * notification's): the thread came after the page, so the browser's own jump found nothing. */
  function reveal(): void {
    const hash = window.location.hash;
    if (hash !== "#comments" && !/^#comment-\d+$/.test(hash)) return;
    const target = hash === "#comments" ? heading : document.getElementById(hash.slice(1));
    if (!target || !section.contains(target)) return;
    target.setAttribute("tabindex", target.getAttribute("tabindex") ?? "-1");
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  }

  function updated(c: Reply, announce: ConversationKey): void {
    if (!thread) return;
    thread = { ...thread, comments: replaceComment(thread.comments, c) };
    draw(c.id);
    options.announce(t(announce));
  }

  function item(c: Any, isReply: boolean): HTMLElement {
    const shown = shownText(c);
    const by = h("strong", { class: "comment-author" }, name(c));
    const header = h(
      "p",
      { class: "comment-meta", id: `comment-${c.id}-meta` },
      by,
      c.official
        ? h("span", { class: "badge badge-official", title: t("officialHelp") }, t("official"))
        : null,
      " ",
      h("time", { datetime: c.created_at }, t("at", { date: formatDateTime(options.lang, c.created_at) })),
      c.edited_at && !c.deleted ? h("span", { class: "comment-edited" }, ` · ${t("edited")}`) : null,
    );
    const text =
      shown.kind === "text"
        ? h("p", { class: "comment-text" }, shown.text)
        : h(
            "p",
            { class: "comment-text comment-gone" },
            shown.kind === "deleted" ? t("deleted") : t("hidden", { reason: shown.reason }),
          );
    const hiddenNote =
      shown.kind === "text" && c.is_hidden
        ? h("p", { class: "notice" }, t("hiddenOwn", { reason: c.hidden_reason }))
        : null;
    const panel = h("div", { class: "comment-panel", id: `comment-${c.id}-panel` });
    const buttons = h("div", { class: "comment-actions" });
    const article = h(
      "article",
      {
        class: `comment${c.official ? " comment-official" : ""}`,
        id: `comment-${c.id}`,
        tabindex: "-1",
        "aria-labelledby": header.id,
      },
      header,
      hiddenNote,
      text,
      buttons,
      panel,
    );
    const toggles: HTMLButtonElement[] = [];
    const toggle = (label: string, id: string, make: (done: () => void) => HTMLElement) => {
      const button = h(
        "button",
        {
          type: "button",
          class: "button button-quiet button-small",
          id,
          "aria-expanded": "false",
          "aria-controls": panel.id,
        },
        label,
      );
      const done = () => {
        button.setAttribute("aria-expanded", "false");
        panel.replaceChildren();
        button.focus();
      };
      button.addEventListener("click", () => {
        const opened = button.getAttribute("aria-expanded") === "true";
        for (const b of toggles) b.setAttribute("aria-expanded", "false");
        panel.replaceChildren();
        if (opened) return;
        button.setAttribute("aria-expanded", "true");
        const content = make(done);
        panel.append(content);
        content.querySelector<HTMLElement>("textarea, select, button")?.focus();
      });
      toggles.push(button);
      buttons.append(button);
    };
    if (c.can.reply) {
      toggle(t("reply"), `comment-${c.id}-reply`, (done) =>
        textForm({
          label: t("yourReply"),
          submit: t("reply"),
          done,
          send: (words) => api.post(options.kind, options.id, words, c.id),
          then: (reply) => {
            if (!thread) return;
            thread = {
              ...thread,
              comments: thread.comments.map((top) =>
                top.id === c.id ? { ...top, replies: [...top.replies, reply] } : top,
              ),
            };
            draw(reply.id);
            options.announce(t("replied"));
          },
        }),
      );
    }
    const left = minutesLeftToEdit(c.editable_until, now());
    if (c.can.edit && left > 0) {
      toggle(t("editLeft", { minutes: left }), `comment-${c.id}-edit`, (done) =>
        textForm({
          label: t("newComment"),
          submit: t("save"),
          value: c.text,
          done,
          send: (words) => api.edit(c.id, words),
          then: (saved) => {
            updated(saved, "saved");
          },
        }),
      );
    }
    if (c.can.delete) {
      toggle(t("delete"), `comment-${c.id}-delete`, (done) => confirmDelete(c, done));
    }
    if (c.can.report) {
      toggle(t("report"), `comment-${c.id}-report`, (done) => reportForm(c, done, buttons));
    }
    if (!buttons.childElementCount) buttons.remove();
    const li = h("li", { class: isReply ? "comment-item comment-reply" : "comment-item" }, article);
    if (!isReply && "replies" in c && c.replies.length) {
      li.append(
        h(
          "ol",
          { class: "comment-replies", "aria-label": t("repliesLabel", { name: name(c) }) },
          ...c.replies.map((r) => item(r, true)),
        ),
      );
    }
    return li;
  }

  function textForm(o: {
    label: string;
    submit: string;
    value?: string;
    done?: () => void;
    send: (text: string) => Promise<Reply>;
    then: (c: Reply) => void;
  }): HTMLElement {
    const id = `comment-text-${Math.random().toString(36).slice(2, 9)}`;
    const area = h("textarea", {
      id,
      name: "text",
      rows: 3,
      maxlength: 2000,
      required: true,
      "aria-describedby": `${id}-hint`,
    });
    area.value = o.value ?? "";
    const error = h("p", { class: "field-error", role: "alert", id: `${id}-error`, hidden: true });
    const send = h("button", { type: "submit", class: "button" }, o.submit);
    const form = h(
      "form",
      { class: "comment-form", novalidate: true },
      h("label", { for: id }, o.label),
      h("p", { class: "field-hint", id: `${id}-hint` }, t("newCommentHint")),
      area,
      error,
      h(
        "div",
        { class: "form-buttons" },
        send,
        o.done
          ? h("button", { type: "button", class: "button button-quiet", "data-cancel": "" }, t("cancel"))
          : null,
      ),
    );
    form.querySelector("[data-cancel]")?.addEventListener("click", () => o.done?.());
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const words = area.value.trim();
      send.disabled = true;
      error.hidden = true;
      area.removeAttribute("aria-invalid");
      o.send(words).then(
        (c) => {
          o.then(c);
        },
        (failure: unknown) => {
          send.disabled = false;
          error.textContent = said(failure);
          error.hidden = false;
          area.setAttribute("aria-invalid", "true");
          area.setAttribute("aria-describedby", `${id}-hint ${id}-error`);
          area.focus();
        },
      );
    });
    return form;
  }

  function newComment(): HTMLElement {
    if (thread?.can.comment) {
      return textForm({
        label: t("newComment"),
        submit: t("publish"),
        send: (words) => api.post(options.kind, options.id, words),
        then: (c) => {
          if (!thread) return;
          thread = { ...thread, comments: [...thread.comments, { ...c, replies: [] }] };
          draw(c.id);
          options.announce(t("posted"));
        },
      });
    }
    if (!options.signedIn) {
      return h("p", {}, `${t("signInToComment")} `, h("a", { href: options.signInHref }, t("signIn")));
    }
    return h("p", { class: "field-hint" }, t("closed"));
  }

  function confirmDelete(c: Any, done: () => void): HTMLElement {
    const error = h("p", { class: "field-error", role: "alert", hidden: true });
    const yes = h("button", { type: "button", class: "button" }, t("deleteYes"));
    const no = h("button", { type: "button", class: "button button-quiet" }, t("cancel"));
    no.addEventListener("click", done);
    yes.addEventListener("click", () => {
      yes.disabled = true;
      api.remove(c.id).then(
        (gone) => {
          updated(gone, "removed");
        },
        (failure: unknown) => {
          yes.disabled = false;
          error.textContent = said(failure);
          error.hidden = false;
        },
      );
    });
    return h(
      "div",
      { class: "comment-form", role: "group", "aria-label": t("delete") },
      h("p", {}, t("deleteConfirm")),
      h("div", { class: "form-buttons" }, yes, no),
      error,
    );
  }

  function reportForm(c: Any, done: () => void, buttons: HTMLElement): HTMLElement {
    const id = `report-${c.id}`;
    const reason = h(
      "select",
      { id: `${id}-reason`, name: "reason", required: true },
      h("option", { value: "" }, t("chooseReason")),
      ...REPORT_REASONS.map((r) => h("option", { value: r }, t(`reason.${r}`))),
    );
    const text = h("textarea", { id: `${id}-text`, name: "text", rows: 2, maxlength: 1000 });
    const error = h("p", { class: "field-error", role: "alert", hidden: true });
    const send = h("button", { type: "submit", class: "button" }, t("send"));
    const cancel = h("button", { type: "button", class: "button button-quiet" }, t("cancel"));
    cancel.addEventListener("click", done);
    const form = h(
      "form",
      { class: "comment-form", novalidate: true, "aria-label": t("reportTitle") },
      h("label", { for: reason.id }, t("reason")),
      reason,
      h("label", { for: text.id }, t("reportText")),
      text,
      error,
      h("div", { class: "form-buttons" }, send, cancel),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!reason.value) {
        error.textContent = t("chooseReason");
        error.hidden = false;
        reason.focus();
        return;
      }
      send.disabled = true;
      api.report(c.id, reason.value, text.value.trim()).then(
        () => {
          const thanks = h("p", { class: "notice", role: "status" }, t("reported"));
          form.replaceWith(thanks);
          buttons.querySelector(`#comment-${c.id}-report`)?.remove();
          options.announce(t("reported"));
        },
        (failure: unknown) => {
          send.disabled = false;
          error.textContent = said(failure);
          error.hidden = false;
        },
      );
    });
    return form;
  }

  void load();
  return section;
}
