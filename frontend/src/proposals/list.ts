/**
 * The list of proposals beside the map: the same proposals, each a button. Selecting one here
 * selects it on the map, and the other way round. The count above it is announced politely.
 */
import type { MapCluster, MapItem, Theme } from "../api";
import type { Translator } from "../i18n";
import { localTranslator } from "../i18n/local";
import type { ProposalsData, Remote } from "../state/data";
import type { ListSort } from "../state/ui";
import { h, scrollWithin, setText } from "../ui/dom";
import { placeName, themeLabel } from "./describe";
import { supportFilterMessages } from "./supports.messages";

/** The list in the chosen order: the API's, or the most supported first (ties keep the API's). */
export function sortItems(items: readonly MapItem[], sort: ListSort): MapItem[] {
  if (sort !== "supports") return [...items];
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (b.item.supports ?? 0) - (a.item.supports ?? 0) || a.index - b.index)
    .map(({ item }) => item);
}

/** How many items the list adds at a time. */
export const LIST_STEP = 200;

export interface ListView {
  items: Remote<ProposalsData>;
  themes: readonly Theme[];
  colorOf: (item: MapItem) => string;
  selected: number | null;
  /** The order of the list (the API's by default). */
  sort?: ListSort;
  tr: Translator;
}

export interface ListHandlers {
  onSelect(id: number): void;
  onRetry(): void;
  /** A cluster of the list was chosen: zoom onto its extent [west, south, east, north]. */
  onZoomTo?(bbox: [number, number, number, number]): void;
}

export class ProposalList {
  private readonly status: HTMLElement;
  private readonly note: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly buttons = new Map<number, HTMLButtonElement>();
  private drawn: {
    items: Remote<ProposalsData>;
    colorOf: unknown;
    themes: unknown;
    lang: string;
    sort: ListSort;
  } | null = null;
  private selected: number | null = null;
  private view: {
    items: MapItem[];
    themes: readonly Theme[];
    colorOf: (item: MapItem) => string;
    tr: Translator;
  } | null = null;
  private shown = 0;
  private readonly more: HTMLButtonElement;

  constructor(
    root: HTMLElement,
    private readonly scroller: HTMLElement,
    private readonly handlers: ListHandlers,
  ) {
    this.status = h("p", {
      class: "list-count",
      id: "proposal-count",
      role: "status",
      "aria-live": "polite",
    });
    this.note = h("div", { class: "list-note" });
    this.list = h("ul", { class: "proposal-list", id: "proposal-list", tabindex: "-1" });
    this.list.addEventListener("click", (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>("button[data-proposal-id]");
      if (button) this.handlers.onSelect(Number(button.dataset.proposalId));
    });
    this.list.addEventListener("keydown", (event) => {
      this.moveFocus(event);
    });
    this.more = h("button", { type: "button", class: "button button-quiet list-more", id: "list-more" });
    this.more.addEventListener("click", () => {
      const first = this.shown;
      this.showMore(LIST_STEP);
      this.list.querySelectorAll<HTMLButtonElement>("button[data-proposal-id]")[first]?.focus();
    });
    root.append(this.status, this.note, this.list);
  }

  draw(view: ListView): void {
    const d = this.drawn;
    if (
      d?.items !== view.items ||
      d.colorOf !== view.colorOf ||
      d.themes !== view.themes ||
      d.lang !== view.tr.lang ||
      d.sort !== (view.sort ?? "deposit")
    ) {
      this.rebuild(view);
      this.drawn = {
        items: view.items,
        colorOf: view.colorOf,
        themes: view.themes,
        lang: view.tr.lang,
        sort: view.sort ?? "deposit",
      };
      this.selected = null;
    }
    if (view.selected !== this.selected) this.select(view.selected);
  }

  private rebuild({ items, themes, colorOf, tr, sort = "deposit" }: ListView): void {
    this.buttons.clear();
    this.note.replaceChildren();
    this.more.remove();
    this.view = null;
    if (items.status !== "ready") {
      this.list.replaceChildren();
      this.list.setAttribute("aria-busy", String(items.status === "loading"));
      if (items.status === "error") {
        setText(this.status, tr.t("list.error"));
        const retry = h("button", { type: "button", class: "button" }, tr.t("list.retry"));
        retry.addEventListener("click", () => {
          this.handlers.onRetry();
        });
        this.note.append(retry);
      } else {
        setText(this.status, tr.t("list.loading"));
      }
      return;
    }
    this.list.setAttribute("aria-busy", "false");
    const { items: proposals, count, truncated, view } = items.data;
    if (view) {
      setText(this.status, tr.plural("list.inView", count));
      this.note.append(
        h("p", {}, tr.t(view.mode === "tiles" && view.clusters.length ? "list.zoomIn" : "list.lean")),
      );
    } else {
      setText(this.status, tr.plural("list.count", proposals.length));
    }
    if (truncated) {
      this.note.append(
        h("p", {}, tr.t("list.truncated", { total: tr.number(count), count: tr.number(proposals.length) })),
      );
    }
    if (proposals.length === 0) this.note.append(h("p", {}, tr.t("list.empty")));
    this.list.replaceChildren();
    if (view?.mode === "tiles") this.list.append(...this.clusterItems(view.clusters, tr));
    this.shown = 0;
    this.view = { items: sortItems(proposals, sort), themes, colorOf, tr };
    this.showMore(LIST_STEP);
  }

  /** A large campaign's clusters in view, biggest first: each zooms the map onto its proposals. */
  private clusterItems(clusters: MapCluster[], tr: Translator): HTMLLIElement[] {
    return [...clusters]
      .sort((a, b) => b.count - a.count)
      .map((cluster) => {
        const button = h(
          "button",
          { type: "button", class: "proposal-item proposal-cluster-item", "data-count": cluster.count },
          h(
            "span",
            { class: "proposal-item-body" },
            h(
              "span",
              { class: "proposal-item-title" },
              tr.t("list.cluster", { count: tr.number(cluster.count) }),
            ),
            h("span", { class: "proposal-item-meta" }, tr.t("list.clusterAction")),
          ),
        );
        button.addEventListener("click", () => {
          this.handlers.onZoomTo?.(cluster.bbox);
        });
        return h("li", {}, button);
      });
  }

  /** Adds the next `step` items (a city-wide campaign has thousands: the list grows on demand). */
  private showMore(step: number): void {
    const view = this.view;
    if (!view) return;
    const next = Math.min(view.items.length, this.shown + step);
    const fragment = document.createDocumentFragment();
    for (const proposal of view.items.slice(this.shown, next)) {
      fragment.append(this.item(proposal, view.themes, view.colorOf, view.tr));
    }
    this.list.append(fragment);
    this.shown = next;
    this.more.remove();
    if (this.shown < view.items.length) {
      this.more.textContent = view.tr.t("list.more", {
        count: view.tr.number(Math.min(LIST_STEP, view.items.length - this.shown)),
        left: view.tr.number(view.items.length - this.shown),
      });
      this.list.after(this.more);
    }
  }

  private item(
    proposal: MapItem,
    themes: readonly Theme[],
    colorOf: (item: MapItem) => string,
    tr: Translator,
  ): HTMLLIElement {
    const place = placeName(proposal, tr);
    const button = h(
      "button",
      { type: "button", class: "proposal-item", "data-proposal-id": proposal.id },
      h("span", {
        class: "swatch",
        style: `background-color: ${colorOf(proposal)}`,
        "aria-hidden": "true",
      }),
      h(
        "span",
        { class: "proposal-item-body" },
        h("span", { class: "proposal-item-title" }, proposal.title),
        h(
          "span",
          { class: "proposal-item-meta" },
          [
            themeLabel(proposal, themes, tr),
            place,
            proposal.kind === "project" && proposal.cost !== null
              ? tr.money(proposal.cost)
              : tr.status(proposal.status),
            typeof proposal.supports === "number" && proposal.supports > 0
              ? localTranslator(supportFilterMessages, tr.lang)("supports", {
                  count: tr.number(proposal.supports),
                })
              : null,
          ]
            .filter(Boolean)
            .join(" · "),
        ),
      ),
    );
    this.buttons.set(proposal.id, button);
    return h("li", {}, button);
  }

  private select(id: number | null): void {
    const previous = this.selected === null ? undefined : this.buttons.get(this.selected);
    previous?.removeAttribute("aria-current");
    previous?.classList.remove("is-selected");
    this.selected = id;
    if (id !== null && !this.buttons.has(id) && this.view) {
      const index = this.view.items.findIndex((p) => p.id === id);
      if (index >= this.shown) this.showMore(index + 1 - this.shown);
    }
    const button = id === null ? undefined : this.buttons.get(id);
    if (!button) return;
    button.setAttribute("aria-current", "true");
    button.classList.add("is-selected");
    scrollWithin(this.scroller, button);
  }

  /** Arrow keys, Home and End move between items, as in a menu, on top of Tab. */
  private moveFocus(event: KeyboardEvent): void {
    const keys = ["ArrowDown", "ArrowUp", "Home", "End"];
    if (!keys.includes(event.key)) return;
    const buttons = [...this.list.querySelectorAll<HTMLButtonElement>("button.proposal-item")];
    if (buttons.length === 0) return;
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next =
      event.key === "Home"
        ? 0
        : event.key === "End"
          ? buttons.length - 1
          : Math.min(buttons.length - 1, Math.max(0, index + (event.key === "ArrowDown" ? 1 : -1)));
    event.preventDefault();
    buttons[next]?.focus();
  }
}
