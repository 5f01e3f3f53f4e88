/**
 * `/desabonnement?token=…`: the link in every notification mail. Works without signing in: says
 * which address the link is for, and unsubscribes it from notification mails on confirmation
 * (mail clients unsubscribe in one click through the `List-Unsubscribe` header instead).
 */
import { ApiError, isAbort } from "../../api/client";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { localTranslator } from "../../i18n/local";
import { notificationsApi } from "../../notifications/api";
import { h, setText } from "../../ui/dom";
import { unsubscribeMessages } from "./messages";

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(unsubscribeMessages, context.lang);
  context.setTitle(t("title"));
  const token = context.query.get("token") ?? "";
  const status = h("p", { role: "status", "aria-live": "polite", class: "unsubscribe-status" }, t("loading"));
  const confirm = h(
    "button",
    { type: "button", class: "button", id: "unsubscribe-confirm", hidden: true },
    t("confirm"),
  );
  const account = h("p", {}, h("a", { href: pathTo("account") }, t("account")));
  root.append(
    h(
      "div",
      { class: "narrow unsubscribe-page" },
      h("h1", {}, t("title")),
      status,
      confirm,
      h("p", {}, t("keep")),
      account,
    ),
  );

  function refused(error: unknown): void {
    if (isAbort(error)) return;
    const invalid = error instanceof ApiError && error.status === 400;
    status.setAttribute("role", "alert");
    setText(status, invalid ? t("invalid") : t("failed"));
    confirm.hidden = invalid;
  }

  notificationsApi
    .unsubscribeInfo(token, context.signal)
    .then((info) => {
      if (info.digest === "never") setText(status, t("already", { email: info.email }));
      else {
        setText(status, t("question", { email: info.email }));
        confirm.hidden = false;
      }
    })
    .catch(refused);

  confirm.addEventListener("click", () => {
    confirm.disabled = true;
    notificationsApi
      .unsubscribe(token)
      .then((info) => {
        confirm.hidden = true;
        status.setAttribute("role", "status");
        setText(status, t("done", { email: info.email }));
        status.tabIndex = -1;
        status.focus();
      })
      .catch(refused)
      .finally(() => {
        confirm.disabled = false;
      });
  });
  return undefined;
}

const page: Page = { mount };
export default page;
