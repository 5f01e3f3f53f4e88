/**
 * `/petitions/miennes`: the petitions the signed-in person filed (`mine=true`: those under
 * moderation and inadmissible ones too) and those they signed (`petitions/my-signatures/`, with whether each signature is counted, held or rejected), each with its status,
 * threshold and a link to its page (where a signature can be withdrawn while it is open).
 */
import { api, isAbort, type Theme } from "../../api";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { formatDate, localTranslator } from "../../i18n/local";
import { h, setText } from "../../ui/dom";
import { petitionsApi, type PetitionsApi } from "../../petitions/api";
import { petitionMessages, type PetitionKey } from "../../petitions/messages";
import type { MySignature, PetitionSummary } from "../../petitions/schemas";
import { petitionCard, statusBadge } from "../../petitions/view";
import "../../petitions/petitions.css";

export const deps: { api: Pick<PetitionsApi, "list" | "mySignatures"> } = { api: petitionsApi };

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(petitionMessages, context.lang);
  const { lang } = context;
  context.setTitle(t("mineTitle"));
  const wrap = h(
    "div",
    { class: "narrow petitions-mine" },
    h("h1", {}, t("mineTitle")),
    h("p", {}, t("mineIntro")),
    h("p", {}, h("a", { href: pathTo("petitionNew") }, t("fileLink"))),
  );
  root.append(wrap);
  let themes: Theme[] = [];

  /** A section with its heading, a count line, a list and a "more" button; `fetch` reads a page. */
  function section<I>(
    id: string,
    title: PetitionKey,
    none: PetitionKey,
    fetch: (page: number) => Promise<{ count: number; next?: string | null; results: I[] }>,
    item: (i: I) => HTMLElement,
  ): void {
    const status = h("p", { role: "status" }, t("loading"));
    const list = h("ol", { class: "petition-mine-list", id: `${id}-list` });
    const more = h("button", { type: "button", class: "button button-quiet", hidden: true }, t("more"));
    wrap.append(
      h(
        "section",
        { "aria-labelledby": `${id}-title`, id },
        h("h2", { id: `${id}-title` }, t(title)),
        status,
        list,
        more,
      ),
    );
    let page = 1;
    const load = (): void => {
      fetch(page).then(
        (answer) => {
          const first = list.children.length;
          list.append(...answer.results.map(item));
          setText(
            status,
            answer.count === 0
              ? t(none)
              : answer.count === 1
                ? t("countOne")
                : t("count", { count: answer.count }),
          );
          more.hidden = !answer.next;
          if (page > 1) list.children[first]?.querySelector("a")?.focus();
          page += 1;
        },
        (error: unknown) => {
          if (isAbort(error)) return;
          console.error(error);
          setText(status, t("loadFailed"));
        },
      );
    };
    more.addEventListener("click", load);
    load();
  }

  const card = (p: PetitionSummary) =>
    petitionCard(p, { t, lang, themes, href: pathTo("petition", { id: p.id }) });

  function signature(s: MySignature): HTMLElement {
    const mine =
      s.status === "held"
        ? t("sigHeld", { reason: t(`heldReason.${s.held_reason ?? "new_account"}` as PetitionKey) })
        : t(s.status === "counted" ? "sigCounted" : "sigRejected");
    return h(
      "li",
      { class: "petition-item", "data-petition": s.petition },
      h(
        "h3",
        { class: "petition-item-title" },
        h("a", { href: pathTo("petition", { id: s.petition }) }, s.petition_title),
      ),
      h(
        "p",
        { class: "petition-item-meta" },
        h("span", { class: "visually-hidden" }, t("statusPrefix")),
        statusBadge(t, s.petition_status),
        h("span", {}, t("signedOn", { date: formatDate(lang, s.created_at), area: s.area.name })),
      ),
      h("p", { class: "petition-item-dates" }, `${mine} · ${t(s.show_name ? "nameShown" : "nameHidden")}`),
    );
  }

  api
    .themes(context.signal)
    .then(
      (found) => {
        themes = found;
      },
      () => undefined,
    )
    .finally(() => {
      if (context.signal.aborted) return;
      section(
        "petitions-filed",
        "myPetitions",
        "noneFiled",
        (page) => deps.api.list({ mine: "true", order: "-created_at", page }, context.signal),
        card,
      );
      section(
        "petitions-signed",
        "mySignatures",
        "noneSigned",
        (page) => deps.api.mySignatures(page, context.signal),
        signature,
      );
    });
  return undefined;
}

const page: Page = { mount };
export default page;
