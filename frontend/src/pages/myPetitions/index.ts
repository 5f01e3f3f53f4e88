/**
 * `/petitions/miennes`: the petitions the signed-in person filed (`mine=1`: those under
 * moderation and inadmissible ones too) and those they signed (`signed=1`), each with its status,
 * threshold and a link to its page (where a signature can be withdrawn while it is open).
 */
import { api, isAbort, type Theme } from "../../api";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { localTranslator } from "../../i18n/local";
import { h, setText } from "../../ui/dom";
import { petitionsApi, type PetitionsApi } from "../../petitions/api";
import { petitionMessages, type PetitionKey } from "../../petitions/messages";
import type { PetitionSummary } from "../../petitions/schemas";
import { petitionCard } from "../../petitions/view";
import "../../petitions/petitions.css";

export const deps: { api: Pick<PetitionsApi, "list"> } = { api: petitionsApi };

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

  function section(id: string, title: PetitionKey, none: PetitionKey, query: Record<string, string>): void {
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
    const card = (p: PetitionSummary) =>
      petitionCard(p, { t, lang, themes, href: pathTo("petition", { id: p.id }) });
    const load = (): void => {
      deps.api.list({ ...query, order: "-created_at", page }, context.signal).then(
        (answer) => {
          const first = list.children.length;
          list.append(...answer.results.map(card));
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
      section("petitions-filed", "myPetitions", "noneFiled", { mine: "1" });
      section("petitions-signed", "mySignatures", "noneSigned", { signed: "1" });
    });
  return undefined;
}

const page: Page = { mount };
export default page;
