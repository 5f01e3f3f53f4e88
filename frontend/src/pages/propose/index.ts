/**
 * `/proposer`: a signed-in resident places a project (an address typed with suggestions, or a
 * click on the map and a pin to drag, reverse geocoded), sees its arrondissement and quartier,
 * then writes its title, description and theme and sends it. The API's refusals are said next
 * to the field they concern, or in words when they are about the person (address not confirmed,
 * daily limit). Success opens the new proposal's page.
 */
import {
  api,
  ApiError,
  isAbort,
  type Campaign,
  type District,
  type GeocodeResult,
  type Theme,
} from "../../api";
import { ProposalOutput, ReverseAnswer, VotingStatusOutput } from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { pathTo } from "../../app/router";
import { formatDate, localTranslator } from "../../i18n/local";
import { geocodeSearch } from "../../search/geocodeSearch";
import { initialDataState, searchChosen, type DataState } from "../../state/data";
import { h, loadFailed, setText } from "../../ui/dom";
import * as forms from "../../ui/forms";
import { arrondissementLabel } from "../proposal/place";
import { PlaceMap } from "../proposal/placeMap";
import "../proposal/proposal.css";
import {
  arrondissementScope,
  openCampaigns,
  proposalBody,
  refusal,
  sortErrors,
  type Draft,
  type Place,
} from "./body";
import { proposeMessages } from "./messages";

/** What was typed, kept when the page is mounted again (a change of language) and until sent;
 * only for the person who typed it (someone else may sign in on the same screen). */
let kept: (Draft & { query: string; user: number | null }) | null = null;

function value(form: HTMLElement, name: string): string {
  return (
    form.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(`[name="${name}"]`)
      ?.value ?? ""
  );
}

function mount(root: HTMLElement, context: PageContext): () => void {
  const t = localTranslator(proposeMessages, context.lang);
  if (kept && kept.user !== (context.session.user()?.id ?? null)) kept = null;
  context.setTitle(t("title"));
  const status = h("p", { class: "page-status", role: "status" }, t("loading"));
  const wrap = h("div", { class: "propose narrow" }, h("h1", {}, t("title")), h("p", {}, t("intro")), status);
  root.append(wrap);
  let placeMap: PlaceMap | null = null;
  let saveDraft: (() => void) | null = null;

  const load = async () => {
    setText(status, t("loading"));
    try {
      const [campaigns, themes, districts, quartiers] = await Promise.all([
        // Only the city's campaigns open for proposals, asked of the server (there may be hundreds).
        api.campaigns({ phase: "submission", origin: "city" }, context.signal),
        api.themes(context.signal),
        api.districts("arrondissement", context.signal),
        // Orientation only: the page works without them.
        api.districts("quartier", context.signal).catch(() => [] as District[]),
      ]);
      status.remove();
      build(campaigns, themes, districts, quartiers);
    } catch (error) {
      if (isAbort(error)) return;
      console.error(error);
      loadFailed(status, t("loadFailed"), t("retry"), () => void load());
    }
  };

  function build(campaigns: Campaign[], themes: Theme[], districts: District[], quartiers: District[]): void {
    const open = openCampaigns(campaigns);
    if (open.length === 0) {
      wrap.append(h("p", { class: "notice" }, t("noCampaign")), h("a", { href: "/" }, t("backToMap")));
      return;
    }
    const user = context.session.user();
    if (user && !user.email_verified) wrap.append(verifyNotice());
    const first = open[0] as Campaign;
    if (open.length === 1) {
      wrap.append(
        h(
          "p",
          { class: "campaign-line" },
          first.submission_end
            ? t("campaignOpen", { name: first.name, date: formatDate(context.lang, first.submission_end) })
            : t("campaignOpenNoEnd", { name: first.name }),
        ),
      );
    }

    // --- 1. the place ----------------------------------------------------------------------------
    let place: Place | null = kept?.place ?? null;
    let data: DataState = initialDataState();
    let asking = 0;
    const searchSlot = h("div", { class: "propose-search" });
    const placeError = h("p", { class: "field-error", id: "place-error", hidden: true });
    const placeLine = h("p", { class: "place-line", id: "place-chosen" });
    const districtLine = h("p", { class: "place-district", id: "place-district" });
    const placeSummary = h(
      "div",
      { class: "place-summary", role: "status", "aria-live": "polite", id: "place-summary" },
      placeLine,
      districtLine,
    );
    const mapBox = h("div", { id: "propose-map" });
    const step1Heading = h("h2", { id: "step-place" }, t("step1"));
    wrap.append(
      h(
        "section",
        { class: "propose-step", "aria-labelledby": "step-place" },
        step1Heading,
        h("p", { class: "field-hint", id: "place-help" }, t("step1Help")),
        searchSlot,
        placeError,
        placeSummary,
        mapBox,
      ),
    );

    const search = geocodeSearch(
      searchSlot,
      api,
      (step) => {
        update(step(data));
      },
      (result) => {
        chooseAddress(result);
        input.focus();
      },
    );
    const input = searchSlot.querySelector<HTMLInputElement>("#address-query") as HTMLInputElement;
    const label = searchSlot.querySelector<HTMLLabelElement>('label[for="address-query"]');
    input.setAttribute("aria-describedby", "place-help");
    input.autocomplete = "off";
    if (kept?.query) input.value = kept.query;

    function update(next: DataState): void {
      data = next;
      search.draw(data.search, context.t);
      // The box is the project's address here, not a search of the map.
      if (label) setText(label, t("addressLabel"));
    }
    update(data);

    placeMap = new PlaceMap(mapBox, {
      editable: true,
      onPick: (latLng) => void pickPoint(latLng),
      labels: { map: t("mapLabel"), pin: t("pin"), zoomIn: t("zoomIn"), zoomOut: t("zoomOut") },
    });
    const map = placeMap;
    map.drawQuartiers(quartiers);

    function drawPlace(options: { centre?: boolean } = {}): void {
      map.place(place?.latLng ?? null, options);
      map.drawDistricts(districts, place?.arrondissement?.code ?? null, context.t);
      if (!place) {
        setText(placeLine, t("noPlace"));
        setText(districtLine, "");
        return;
      }
      setText(
        placeLine,
        place.distance > 0
          ? t("placeNear", { label: place.label })
          : t("placeChosen", { label: place.label }),
      );
      setText(districtLine, placeWords(place));
      drawScope();
    }

    // The quartier is named as a quartier and the arrondissement as an arrondissement.
    function placeWords(where: Place): string {
      if (!where.arrondissement)
        return where.quartier
          ? t("placeQuartier", { quartier: where.quartier.name, arrondissement: "?" })
          : t("placeUnknown");
      const arrondissement = arrondissementLabel(where.arrondissement, context.t);
      return where.quartier
        ? t("placeQuartier", { quartier: where.quartier.name, arrondissement })
        : t("placeIn", { place: arrondissement });
    }

    // "Mon arrondissement" only when the place is in the person's declared home arrondissement.
    let home: string | null = null;
    let scopeOption: HTMLOptionElement | null = null; // once the form is built
    function drawScope(): void {
      const option = scopeOption;
      if (!option) return;
      const scope = arrondissementScope(place, home);
      const name = scope.kind === "noPlace" ? "" : arrondissementLabel(scope, context.t);
      setText(
        option,
        scope.kind === "noPlace"
          ? t("scopeNoPlace")
          : t(scope.kind === "mine" ? "scopeMine" : "scopePlace", { arrondissement: name }),
      );
    }
    if (user) {
      request("GET", `campaigns/${encodeURIComponent(first.slug)}/voting/`, {
        schema: VotingStatusOutput,
        signal: context.signal,
      }).then(
        (status) => {
          home = status.declaration?.home_arrondissement ?? null;
          drawScope();
        },
        () => undefined,
      );
    }

    function showPlaceError(reasons: string[]): void {
      placeError.textContent = reasons.join(" ");
      placeError.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", "place-help place-error");
    }
    function clearPlaceError(): void {
      placeError.textContent = "";
      placeError.hidden = true;
      input.removeAttribute("aria-invalid");
      input.setAttribute("aria-describedby", "place-help");
    }

    async function reverse(latLng: [number, number]) {
      return request("GET", "geocode/reverse/", {
        schema: ReverseAnswer,
        query: { lon: latLng[1], lat: latLng[0] },
        signal: context.signal,
      });
    }

    function chooseAddress(result: GeocodeResult): void {
      clearPlaceError();
      const mine = ++asking;
      place = {
        latLng: result.latLng,
        label: result.label,
        distance: 0,
        arrondissement: result.arrondissement,
        quartier: null,
      };
      drawPlace({ centre: true });
      // The geocoder names the arrondissement; the quartier comes from the point.
      reverse(result.latLng).then(
        (answer) => {
          if (mine !== asking || !place) return;
          place = { ...place, arrondissement: answer.arrondissement, quartier: answer.quartier };
          drawPlace();
        },
        (error: unknown) => {
          if (!isAbort(error)) console.error(error);
        },
      );
    }

    async function pickPoint(latLng: [number, number]): Promise<void> {
      clearPlaceError();
      const mine = ++asking;
      map.place(latLng);
      setText(placeLine, t("locating"));
      setText(districtLine, "");
      try {
        const answer = await reverse(latLng);
        if (mine !== asking) return;
        place = {
          latLng,
          label: answer.label,
          distance: Math.round(answer.distance_m),
          arrondissement: answer.arrondissement,
          quartier: answer.quartier,
        };
        input.value = answer.label;
        update(searchChosen(data, null));
        drawPlace();
      } catch (error) {
        if (isAbort(error) || mine !== asking) return;
        place = null;
        drawPlace();
        const outside = error instanceof ApiError && error.code === "outside_city";
        showPlaceError([outside ? t("outside") : t("reverseFailed")]);
      }
    }

    drawPlace({ centre: place !== null });

    // --- 2. the project --------------------------------------------------------------------------
    const summary = forms.errorSummary();
    const sortedThemes: [string, string][] = themes.map((theme) => [theme.slug, context.t.themeName(theme)]);
    const form = h(
      "form",
      { class: "propose-form", novalidate: true, "aria-labelledby": "step-project" },
      h("h2", { id: "step-project" }, t("step2")),
      summary,
      open.length > 1
        ? forms.selectField({
            label: t("campaign"),
            name: "campaign",
            required: true,
            choices: open.map((c) => [c.slug, c.name]),
            value: kept?.campaign ?? first.slug,
          })
        : null,
      forms.field({
        label: t("projectTitle"),
        name: "title",
        required: true,
        hint: t("titleHint"),
        value: kept?.title ?? "",
        attrs: { maxlength: 150, autocomplete: "off" },
      }),
      forms.textArea({
        label: t("description"),
        name: "description",
        required: true,
        rows: 7,
        hint: t("descriptionHint"),
        value: kept?.description ?? "",
        attrs: { maxlength: 5000 },
      }),
      forms.selectField({
        label: t("theme"),
        name: "theme",
        required: true,
        choices: [["", t("chooseTheme")], ...sortedThemes],
        value: kept?.theme ?? "",
      }),
      forms.selectField({
        label: t("scope"),
        name: "scope",
        hint: t("scopeHint"),
        choices: [
          ["arrondissement", t("scopeNoPlace")],
          ["city", t("scopeCity")],
        ],
        value: kept?.scope ?? "arrondissement",
      }),
      h("button", { type: "submit", class: "button" }, t("submit")),
    );
    wrap.append(form);
    scopeOption = form.querySelector<HTMLOptionElement>(
      'select[name="scope"] option[value="arrondissement"]',
    );
    drawScope();

    const draft = (): Draft & { query: string } => ({
      campaign: open.length > 1 ? value(form, "campaign") : first.slug,
      title: value(form, "title"),
      description: value(form, "description"),
      theme: value(form, "theme"),
      scope: value(form, "scope") === "city" ? "city" : "arrondissement",
      place,
      query: input.value,
    });
    saveDraft = () => {
      kept = { ...draft(), user: context.session.user()?.id ?? null };
    };

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void send();
    });

    async function send(): Promise<void> {
      forms.clearErrors(form);
      clearPlaceError();
      const current = draft();
      if (!current.place) {
        showPlaceError([t("placeRequired")]);
        input.focus();
        return;
      }
      const body = proposalBody({ ...current, place: current.place });
      context.announce(t("sending"));
      try {
        const created = await forms.submitting(form, () =>
          request("POST", "proposals/", { schema: ProposalOutput, body, signal: context.signal }),
        );
        kept = null;
        saveDraft = null;
        context.announce(t("sent"));
        context.navigate(pathTo("proposal", { id: created.id }));
      } catch (error) {
        if (isAbort(error)) return;
        explain(error);
      }
    }

    function explain(error: unknown): void {
      if (!(error instanceof ApiError) || error.status === 0 || error.code === "invalid_response") {
        forms.showErrors(form, error, t("failed"));
        return;
      }
      const kind = refusal(error.status, error.code);
      const sorted = sortErrors(error.errors);
      const hasFields = Object.keys(sorted.form).length > 0 || sorted.place.length > 0;
      const message = kind ? t(kind) : hasFields ? t("checkFields") : error.message;
      forms.showErrors(form, new ApiError(error.status, error.code, message, sorted.form), t("failed"));
      if (kind === "signedOut") {
        const next = encodeURIComponent(pathTo("propose"));
        summary.append(h("p", {}, h("a", { href: `${pathTo("signIn")}?next=${next}` }, t("signIn"))));
      }
      if (sorted.place.length) {
        showPlaceError(sorted.place);
        if (Object.keys(sorted.form).length === 0) input.focus();
      }
    }
  }

  function verifyNotice(): HTMLElement {
    const said = h("p", { role: "status" });
    const resend = h("button", { type: "button", class: "button button-quiet" }, t("resend"));
    resend.addEventListener("click", () => {
      resend.disabled = true;
      request("POST", "auth/verify-email/resend/", { signal: context.signal }).then(
        () => {
          setText(said, t("resent"));
        },
        (error: unknown) => {
          if (isAbort(error)) return;
          resend.disabled = false;
          setText(said, t("resendFailed"));
        },
      );
    });
    return h(
      "div",
      { class: "notice", id: "email-not-verified" },
      h("p", {}, t("emailNotVerified")),
      resend,
      said,
    );
  }

  void load();
  return () => {
    saveDraft?.();
    placeMap?.remove();
  };
}

const page: Page = {
  mount(root, context) {
    return mount(root, context);
  },
};

export default page;
