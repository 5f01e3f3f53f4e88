/**
 * `/mes-propositions`: the signed-in person's proposals (`proposals/?mine=true`, newest first, in
 * every state: hidden and withdrawn ones too), each with its status, the City's public answer and
 * a link to its page.
 */
import { isAbort } from "../../api/client";
import { PaginatedCampaignOutputList, PaginatedProposalFeatureList } from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { formatDate, formatMoney, formatNumber, locale, localTranslator } from "../../i18n/local";
import { h, setText } from "../../ui/dom";
import "../account/account.css";
import { myProposal, type MyProposal } from "./items";
import { myProposalsMessages } from "./messages";

export const PAGE_SIZE = 50;

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(myProposalsMessages, context.lang);
  const { lang } = context;
  context.setTitle(t("title"));
  const status = h("p", { class: "my-proposals-count", role: "status", "aria-live": "polite" }, t("loading"));
  const list = h("ol", { class: "my-proposals", "aria-labelledby": "my-proposals-title" });
  const more = h("button", { type: "button", class: "button button-quiet", hidden: true }, t("more"));
  const wrap = h(
    "div",
    { class: "narrow account-page" },
    h("h1", { id: "my-proposals-title" }, t("title")),
    h("p", {}, t("intro")),
    status,
    list,
    more,
  );
  root.append(wrap);
  const campaignNames = new Map<string, string>();
  let page = 1;
  let total = 0;
  let shown = 0;

  function item(p: MyProposal): HTMLElement {
    const href = pathTo("proposal", { id: p.id });
    const statusWord = context.t.status(p.status);
    const children: (Node | null)[] = [
      h("h2", { class: "my-proposal-title" }, h("a", { href }, p.title)),
      h(
        "p",
        { class: "proposal-meta" },
        h("span", { class: "visually-hidden" }, `${t("status")} : `),
        h("span", { class: "status-badge", "data-status": p.status }, statusWord),
        h("span", {}, t("deposited", { date: formatDate(lang, p.createdAt) })),
      ),
      h(
        "p",
        { class: "proposal-place" },
        `${campaignNames.get(p.campaign) ?? p.campaign} · ${p.place ?? t("noPlace")}`,
      ),
    ];
    if (p.hiddenReason !== null) {
      children.push(
        h(
          "p",
          { class: "notice" },
          p.hiddenReason ? t("hidden", { reason: p.hiddenReason }) : t("hiddenNoReason"),
        ),
      );
    }
    if (p.location === "pending") children.push(h("p", {}, t("locating")));
    if (p.location === "failed")
      children.push(h("p", { class: "notice" }, t("locationFailed", { reason: p.locationError })));
    if (p.cost !== null) children.push(h("p", {}, t("cost", { cost: formatMoney(lang, p.cost) })));
    if (p.mergedInto !== null) {
      children.push(
        h(
          "p",
          {},
          `${t("mergedInto")} `,
          h("a", { href: pathTo("proposal", { id: p.mergedInto }) }, t("mergedLink", { id: p.mergedInto })),
        ),
      );
    }
    if (p.project !== null) children.push(h("p", {}, t("project")));
    children.push(
      h(
        "div",
        { class: "my-proposal-answer" },
        h("h3", {}, t("answer")),
        h("p", { class: p.answer ? "" : "proposal-place" }, p.answer || t("noAnswer")),
      ),
    );
    return h("li", { class: "my-proposal", "data-id": p.id }, h("article", {}, ...children));
  }

  async function loadCampaigns(): Promise<void> {
    try {
      // Proposals are made in the city's own campaigns only (never in imported elections).
      const answer = await request("GET", "campaigns/", {
        schema: PaginatedCampaignOutputList,
        query: { origin: "city", page_size: 100 },
        signal: context.signal,
      });
      for (const c of answer.results) campaignNames.set(c.slug, c.name);
    } catch (error) {
      if (isAbort(error)) throw error;
      console.error(error); // the slugs are shown instead of the names
    }
  }

  async function loadPage(): Promise<void> {
    more.disabled = true;
    try {
      const answer = await request("GET", "proposals/", {
        schema: PaginatedProposalFeatureList,
        query: { mine: "true", page, page_size: PAGE_SIZE },
        signal: context.signal,
      });
      total = answer.count;
      shown += answer.features.length;
      list.append(...answer.features.map((f) => item(myProposal(f))));
      more.hidden = !answer.next;
      page += 1;
      if (total === 0) {
        setText(status, t("none"));
        status.after(h("p", {}, h("a", { href: pathTo("propose"), class: "button" }, t("propose"))));
      } else
        setText(
          status,
          shown < total
            ? t("shown", { shown: formatNumber(lang, shown), count: formatNumber(lang, total) })
            : t(new Intl.PluralRules(locale(lang)).select(total) === "one" ? "countOne" : "countOther", {
                count: formatNumber(lang, total),
              }),
        );
    } catch (error) {
      if (isAbort(error)) return;
      console.error(error);
      setText(status, t("loadFailed"));
      more.hidden = false;
      more.textContent = t("retry");
    } finally {
      more.disabled = false;
    }
  }

  more.addEventListener("click", () => {
    more.textContent = t("more");
    void loadPage();
  });
  void loadCampaigns()
    .then(loadPage)
    .catch(() => null);
  return undefined;
}

const page: Page = { mount };

export default page;
