/** Placeholder until the screen is built: the router needs every page module to exist. */
import type { Page } from "../../app/page";
import { h } from "../../ui/dom";

const page: Page = {
  mount(root) {
    root.append(h("h1", {}, "myProposals"));
    return undefined;
  },
};

export default page;
