/** Any path that is not a page: says so, with a way back to the map. */
import type { Page } from "../../app/page";
import { defineMessages, localTranslator } from "../../i18n/local";
import { h } from "../../ui/dom";

const messages = defineMessages({
  fr: {
    title: "Page introuvable",
    text: "Cette adresse ne correspond à aucune page.",
    back: "Retour à la carte",
  },
  en: { title: "Page not found", text: "This address matches no page.", back: "Back to the map" },
});

const page: Page = {
  mount(root, context) {
    const t = localTranslator(messages, context.lang);
    context.setTitle(t("title"));
    root.append(
      h(
        "div",
        { class: "narrow" },
        h("h1", {}, t("title")),
        h("p", {}, t("text")),
        h("a", { href: "/" }, t("back")),
      ),
    );
    return undefined;
  },
};

export default page;
