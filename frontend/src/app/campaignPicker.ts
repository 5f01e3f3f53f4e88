/** The campaign in the header: a selector when there are several, its name when there is one. */
import type { Campaign } from "../api";
import type { Translator } from "../i18n";
import type { Remote } from "../state/data";
import { h } from "../ui/dom";

export class CampaignPicker {
  private drawn: { campaigns: Remote<Campaign[]>; selected: string | null; lang: string } | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly onChange: (slug: string) => void,
  ) {}

  draw(campaigns: Remote<Campaign[]>, selected: string | null, tr: Translator): void {
    const d = this.drawn;
    if (d?.campaigns === campaigns && d.selected === selected && d.lang === tr.lang) return;
    this.drawn = { campaigns, selected, lang: tr.lang };
    if (campaigns.status !== "ready") {
      this.root.replaceChildren();
      return;
    }
    const list = campaigns.data;
    if (list.length === 0) {
      this.root.replaceChildren(h("p", { class: "campaign-none" }, tr.t("campaign.none")));
      return;
    }
    if (list.length === 1) {
      const only = list[0] as Campaign;
      this.root.replaceChildren(
        h(
          "p",
          { class: "campaign-name" },
          h("span", {}, only.name),
          h("span", { class: "campaign-phase" }, tr.phase(only.current_phase)),
        ),
      );
      return;
    }
    const select = h(
      "select",
      { id: "campaign", name: "campaign" },
      ...list.map((c) => h("option", { value: c.slug }, `${c.name} (${tr.phase(c.current_phase)})`)),
    );
    select.value = selected ?? "";
    select.addEventListener("change", () => {
      this.onChange(select.value);
    });
    this.root.replaceChildren(
      h("label", { for: "campaign", class: "campaign-label" }, tr.t("campaign.label")),
      select,
    );
  }
}
