/** Placeholder until the section is built. */
import type { Page } from "../../app/page";
import { h } from "../../ui/dom";

const page: Page = {
  mount(root) {
    root.append(h("h1", {}, "merge"));
    return undefined;
  },
};

export default page;
