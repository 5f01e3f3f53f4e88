/** The home page: the map of a campaign's proposals with its filters and list (see app/app.ts). */
import { api } from "../../api";
import { startApp } from "../../app/app";
import type { Page } from "../../app/page";

const page: Page = {
  mount(root, context) {
    startApp(root, api, {
      onLang: (listener) => {
        context.onLang(listener);
      },
      signal: context.signal,
    });
    return undefined;
  },
};

export default page;
