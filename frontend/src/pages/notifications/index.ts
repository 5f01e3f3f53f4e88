/**
 * `/notifications`: my notifications (unread first, or newest first), each with what happened, the
 * public words that came with it, a link to what it is about and a button to mark it read; "mark
 * all as read"; pages of 20. The header's bell is told when the count changes.
 */
import { isAbort } from "../../api/client";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { formatDate, localTranslator } from "../../i18n/local";
import { notificationsApi } from "../../notifications/api";
import { NOTIFICATIONS_CHANGED } from "../../notifications/bell";
import { notificationMessages, type NotificationKey } from "../../notifications/messages";
import { linkFor, markRead, type Notification } from "../../notifications/model";
import { h, setText } from "../../ui/dom";
import { notificationsPageMessages } from "./messages";
import "./notifications.css";

type Order = "unread" | "newest";

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(notificationsPageMessages, context.lang);
  const ev = localTranslator(notificationMessages, context.lang);
  context.setTitle(t("title"));
  let order: Order = context.query.get("ordre") === "recentes" ? "newest" : "unread";
  let items: Notification[] = [];
  let total = 0;
  let unread = 0;
  let page = 1;
  let hasMore = false;

  const status = h(
    "p",
    { class: "notifications-count", role: "status", "aria-live": "polite" },
    t("loading"),
  );
  const select = h(
    "select",
    { id: "notifications-order" },
    h("option", { value: "unread" }, t("orderUnread")),
    h("option", { value: "newest" }, t("orderNewest")),
  );
  select.value = order;
  const markAll = h(
    "button",
    { type: "button", class: "button button-quiet", id: "mark-all-read" },
    t("markAll"),
  );
  const list = h("ol", { class: "notifications", "aria-labelledby": "notifications-title" });
  const more = h("button", { type: "button", class: "button button-quiet", hidden: true }, t("more"));
  root.append(
    h(
      "div",
      { class: "narrow notifications-page" },
      h("h1", { id: "notifications-title" }, t("title")),
      h("p", {}, t("intro")),
      h(
        "div",
        { class: "notifications-tools" },
        h("label", { for: "notifications-order" }, t("order")),
        select,
        markAll,
      ),
      status,
      list,
      more,
      h("p", {}, h("a", { href: `${pathTo("account")}#notification-preferences` }, t("preferences"))),
    ),
  );

  function changed(): void {
    window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
  }

  function item(n: Notification): HTMLElement {
    const href = linkFor(n);
    const title = href ? h("a", { href }, n.title) : h("span", {}, n.title);
    const children: (Node | string)[] = [
      h(
        "p",
        { class: "notification-event" },
        h("span", { class: "notification-state" }, n.read ? t("read") : t("unread")),
        " · ",
        ev(n.event as NotificationKey),
        " · ",
        h("time", { datetime: n.created_at }, formatDate(context.lang, n.created_at)),
      ),
      h("h2", { class: "notification-title" }, title),
    ];
    if (n.reason) children.push(h("p", { class: "notification-reason" }, n.reason));
    if (!n.read) {
      const button = h(
        "button",
        {
          type: "button",
          class: "button button-quiet",
          "aria-label": t("markReadLabel", { title: n.title }),
        },
        t("markRead"),
      );
      button.addEventListener("click", () => {
        button.disabled = true;
        notificationsApi
          .read(n.id)
          .then(() => {
            items = markRead(items, [n.id], new Date().toISOString());
            unread = Math.max(0, unread - 1);
            draw();
            context.announce(t("marked"));
            changed();
            list.querySelector<HTMLElement>(`[data-id="${n.id}"]`)?.focus();
          })
          .catch(() => {
            button.disabled = false;
            context.announce(t("markFailed"));
          });
      });
      children.push(button);
    }
    return h(
      "li",
      { class: `notification${n.read ? "" : " notification-unread"}`, "data-id": n.id, tabindex: -1 },
      h("article", {}, ...children),
    );
  }

  function countText(): string {
    const all = total === 1 ? t("totalOne") : t("total", { count: total });
    const fresh =
      unread === 0 ? t("unreadNone") : unread === 1 ? t("unreadOne") : t("unreadMany", { count: unread });
    return t("count", { total: all, unread: fresh });
  }

  function draw(): void {
    list.replaceChildren(...items.map(item));
    setText(status, total === 0 ? t("none") : countText());
    markAll.hidden = unread === 0;
    more.hidden = !hasMore;
  }

  async function load(reset: boolean): Promise<void> {
    if (reset) {
      page = 1;
      items = [];
    }
    try {
      const [body, count] = await Promise.all([
        notificationsApi.list({ order, page }, context.signal),
        notificationsApi.unread(context.signal),
      ]);
      items = [...items, ...body.results];
      total = body.count;
      unread = count;
      hasMore = Boolean(body.next);
      draw();
    } catch (error) {
      if (isAbort(error)) return;
      setText(status, t("loadFailed"));
    }
  }

  select.addEventListener("change", () => {
    order = select.value === "newest" ? "newest" : "unread";
    const query = new URLSearchParams(context.query);
    if (order === "newest") query.set("ordre", "recentes");
    else query.delete("ordre");
    context.replaceQuery(query);
    void load(true);
  });
  markAll.addEventListener("click", () => {
    markAll.disabled = true;
    notificationsApi
      .readAll()
      .then(() => {
        items = markRead(items, "all", new Date().toISOString());
        unread = 0;
        draw();
        context.announce(t("markedAll"));
        changed();
        status.focus();
      })
      .catch(() => {
        context.announce(t("markFailed"));
      })
      .finally(() => {
        markAll.disabled = false;
      });
  });
  more.addEventListener("click", () => {
    page += 1;
    void load(false);
  });
  status.tabIndex = -1;
  void load(true);
  return undefined;
}

const page: Page = { mount };
export default page;
