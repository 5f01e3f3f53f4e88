/**
 * `/petitions/nouvelle`: a signed-in resident files a petition: its title, text, the authority it
 * is addressed to (the Council of Paris or an arrondissement's town hall), its theme and,
 * optionally, a place: an address typed with suggestions (the proposal form's address search) or a
 * click on the map, and removed with a button. It goes to moderation; success opens its page,
 * where its author sees it "en modération". The API's refusals are said next to their field.
 *
 * The address search is a form of its own, so the place's fieldset sits between the petition's
 * form and its submit button, which names the form (`form="petition-file-form"`).
 */
import {
  api,
  ApiError,
  isAbort,
  type District,
  type GeocodeResult,
  type LatLng,
  type Theme,
} from "../../api";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { formatNumber, localTranslator } from "../../i18n/local";
import { geocodeSearch } from "../../search/geocodeSearch";
import { initialDataState, searchChosen, type DataState } from "../../state/data";
import { h, loadFailed, setText } from "../../ui/dom";
import { errorSummary, field, selectField, showErrors, submitting, textArea } from "../../ui/forms";
import { PlaceMap } from "../proposal/placeMap";
import { petitionsApi, type PetitionsApi } from "../../petitions/api";
import { petitionMessages } from "../../petitions/messages";
import { AREA_CODES, filingBody } from "../../petitions/model";
import type { PetitionProcess as Process } from "../../petitions/schemas";
import { areaName } from "../../petitions/view";
import "../proposal/proposal.css";
import "../../petitions/petitions.css";

export const deps: { api: Pick<PetitionsApi, "processes" | "file"> } = { api: petitionsApi };

/** The API's errors on `authority_kind` and `area_code` are said under the form's one authority
 * field, and those on `address` under the map. */
export function onForm(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  const moved: Record<string, string> = {
    authority_kind: "authority",
    area_code: "authority",
    address: "location",
  };
  const errors: Record<string, string[]> = {};
  for (const [name, reasons] of Object.entries(error.errors)) {
    const target = moved[name] ?? name;
    errors[target] = [...(errors[target] ?? []), ...reasons];
  }
  const copy = new ApiError(error.status, error.code, error.message, errors);
  copy.params = error.params;
  return copy;
}

function mount(root: HTMLElement, context: PageContext): () => void {
  const t = localTranslator(petitionMessages, context.lang);
  const { lang } = context;
  context.setTitle(t("fileTitle"));
  const status = h("p", { class: "page-status", role: "status" }, t("loading"));
  const wrap = h(
    "div",
    { class: "petition-file narrow" },
    h("h1", {}, t("fileTitle")),
    h("p", {}, t("fileIntro")),
    status,
  );
  root.append(wrap);
  let placeMap: PlaceMap | null = null;

  async function load(): Promise<void> {
    try {
      const [processes, themes, districts] = await Promise.all([
        deps.api.processes(context.signal),
        api.themes(context.signal),
        api.districts("arrondissement", context.signal).catch(() => [] as District[]),
      ]);
      status.remove();
      build(
        processes.filter((p) => p.filing_open),
        themes,
        districts,
      );
    } catch (error) {
      if (isAbort(error)) return;
      console.error(error);
      loadFailed(status, t("loadFailed"), t("retry"), () => void load());
    }
  }

  function build(processes: Process[], themes: Theme[], districts: District[]): void {
    const first = processes[0];
    if (!first) {
      wrap.append(
        h("p", { class: "petition-notice" }, t("filingClosed")),
        h("a", { href: pathTo("petitions") }, t("backToList")),
      );
      return;
    }
    if (context.session.user()?.email_verified === false)
      wrap.append(h("p", { class: "petition-notice", id: "petition-verify" }, t("verifyEmail")));
    const processLine = (p: Process) =>
      t("processLine", {
        name: p.name,
        threshold: formatNumber(lang, p.threshold),
        area_threshold: formatNumber(lang, p.area_threshold),
        days: p.signing_days,
      });
    let place: LatLng | null = null;
    let address = ""; // the label of the address chosen in the search, "" for a click on the map
    const placeLine = h(
      "p",
      { id: "petition-place-line", role: "status", "aria-live": "polite", tabindex: -1 },
      t("placeNone"),
    );
    const clear = h(
      "button",
      { type: "button", class: "button button-quiet", id: "petition-place-clear", hidden: true },
      t("placeClear"),
    );
    const mapBox = h("div", { id: "petition-place-map" });
    const submit = h(
      "button",
      { type: "submit", class: "button", id: "petition-file-submit", form: "petition-file-form" },
      t("fileButton"),
    );
    const searchSlot = h("div", { class: "petition-place-search" });
    const form = h(
      "form",
      {
        id: "petition-file-form",
        class: "petition-file-fields",
        novalidate: true,
        "aria-labelledby": "petition-form-title",
      },
      h("h2", { id: "petition-form-title", class: "visually-hidden" }, t("fileTitle")),
      errorSummary(),
      processes.length > 1
        ? selectField({
            label: t("processField"),
            name: "process",
            choices: processes.map((p): [string, string] => [p.slug, processLine(p)]),
          })
        : h("p", { class: "campaign-line", id: "petition-process" }, processLine(first)),
      field({
        label: t("title"),
        name: "title",
        required: true,
        hint: t("titleHint"),
        attrs: { maxlength: 150 },
      }),
      textArea({
        label: t("text"),
        name: "text",
        required: true,
        rows: 8,
        hint: t("textHint"),
        attrs: { maxlength: 5000 },
      }),
      selectField({
        label: t("authorityField"),
        name: "authority",
        required: true,
        hint: t("authorityHint"),
        choices: [
          ["city", t("authorityCity")],
          ...AREA_CODES.map((c): [string, string] => [c, areaName(c, context.t)]),
        ],
      }),
      selectField({
        label: t("themeField"),
        name: "theme",
        required: true,
        choices: [
          ["", t("chooseTheme")],
          ...themes.map((theme): [string, string] => [theme.slug, context.t.themeName(theme)]),
        ],
      }),
    );
    // The form, the place (with the address search's own form) and the submit button, in one box.
    const box = h(
      "div",
      { class: "petition-form" },
      form,
      h(
        "fieldset",
        { class: "petition-place" },
        h("legend", {}, t("placeTitle")),
        h("p", { class: "field-hint", id: "petition-place-hint" }, t("placeHint")),
        searchSlot,
        mapBox,
        h("div", { class: "petition-place-line" }, placeLine, clear),
        // The place's own error (outside the city…), under the map.
        h("input", { type: "hidden", name: "location", id: "petition-location", form: "petition-file-form" }),
        h("p", { class: "field-error", id: "petition-location-error", hidden: true }),
      ),
      h("div", { class: "form-buttons" }, submit),
    );
    wrap.append(box);

    // The address search of the proposal form: suggestions while typing, arrows and Enter.
    let data: DataState = initialDataState();
    const search = geocodeSearch(
      searchSlot,
      api,
      (step) => {
        update(step(data));
      },
      (result: GeocodeResult) => {
        place = result.latLng;
        address = result.label;
        drawPlace({ centre: true });
      },
    );
    const input = searchSlot.querySelector<HTMLInputElement>("#address-query") as HTMLInputElement;
    const searchLabel = searchSlot.querySelector<HTMLLabelElement>('label[for="address-query"]');
    input.required = false; // the place is optional: the search alone asks for 3 characters
    input.setAttribute("aria-describedby", "petition-place-hint");
    function update(next: DataState): void {
      data = next;
      search.draw(data.search, context.t);
      // The box is the petition's address here, not a search of the map.
      if (searchLabel) setText(searchLabel, t("placeAddress"));
    }
    update(data);

    function drawPlace(options: { centre?: boolean } = {}): void {
      placeMap?.place(place, options);
      if (place) {
        setText(
          placeLine,
          address
            ? t("placeAt", { label: address })
            : t("placeChosen", { lat: place[0].toFixed(5), lng: place[1].toFixed(5) }),
        );
        clear.hidden = false;
      } else {
        setText(placeLine, t("placeNone"));
        clear.hidden = true;
      }
    }
    placeMap = new PlaceMap(mapBox, {
      editable: true,
      onPick: (latLng) => {
        place = latLng;
        address = ""; // a point of the map, not the address typed
        input.value = "";
        update(searchChosen(data, null));
        drawPlace();
      },
      labels: { map: t("placeMapLabel"), pin: t("pin"), zoomIn: t("zoomIn"), zoomOut: t("zoomOut") },
    });
    placeMap.drawDistricts(districts, null, context.t);
    clear.addEventListener("click", () => {
      place = null;
      address = "";
      input.value = "";
      update(searchChosen(data, null));
      drawPlace();
      placeLine.focus();
    });

    const read = (name: string) =>
      form.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(`[name="${name}"]`)
        ?.value ?? "";
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const body = filingBody({
        process: read("process") || first.slug,
        title: read("title"),
        text: read("text"),
        authority: read("authority"),
        theme: read("theme"),
        place,
        address,
      });
      // The submit button is outside the form (after the place): disabled here while sending.
      submit.disabled = true;
      submitting(form, () => deps.api.file(body))
        .finally(() => {
          submit.disabled = false;
        })
        .then(
          (petition) => {
            context.announce(t("fileSent"));
            context.navigate(pathTo("petition", { id: petition.id }));
          },
          (error: unknown) => {
            if (isAbort(error)) return;
            showErrors(box, onForm(error), t("fileFailed"));
          },
        );
    });
  }

  void load();
  return () => {
    placeMap?.remove();
  };
}

const page: Page = { mount };
export default page;
