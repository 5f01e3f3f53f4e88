/**
 * The address box wired to the geocoder: suggestions while typing (debounced), a search at once on
 * submit, and the search part of the data state kept through `change`, which is given each step
 * from one state to the next. `onChoose` runs once a picked suggestion is recorded.
 */
import type { Api, GeocodeResult } from "../api";
import {
  failed,
  ready,
  searchChosen,
  searchCleared,
  searchFinished,
  searchStarted,
  type DataState,
} from "../state/data";
import { AddressSearch, MIN_QUERY_LENGTH } from "./addressSearch";
import { createSuggester } from "./suggest";

export function geocodeSearch(
  slot: HTMLElement,
  api: Pick<Api, "geocode">,
  change: (step: (state: DataState) => DataState) => void,
  onChoose: (result: GeocodeResult) => void,
): AddressSearch {
  const suggester = createSuggester({
    fetch: (query, signal) => api.geocode(query, 5, signal).then((answer) => answer.results),
    onStart(query) {
      change((d) => searchStarted(d, query));
    },
    onAnswer(query, results) {
      change((d) => searchFinished(d, query, ready(results)));
    },
    onError(query, error) {
      console.error(error);
      change((d) => searchFinished(d, query, failed(String(error))));
    },
    onClear() {
      change(searchCleared);
    },
    minLength: MIN_QUERY_LENGTH,
  });
  return new AddressSearch(slot, {
    onInput(text) {
      suggester.input(text);
    },
    onSearch(query) {
      suggester.submit(query);
    },
    onChoose(result) {
      suggester.cancel();
      change((d) => searchChosen(d, result));
      onChoose(result);
    },
  });
}
