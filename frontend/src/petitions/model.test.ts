import { describe, expect, it } from "vitest";
import { detail, page, PROCESS, QUEUE, summary } from "./fixtures";
import {
  AREA_CODES,
  activeFilters,
  ageOn,
  answerOrder,
  apiQuery,
  areaOfArrondissement,
  daysUntil,
  filingBody,
  filtersFromUrl,
  filtersToUrl,
  NO_FILTERS,
  signatureBody,
  thresholdShare,
} from "./model";
import {
  PaginatedPetitionItemList,
  PetitionDetail,
  PetitionStatusEnum,
  Process,
  QueueOutput,
} from "./schemas";

describe("the filters in the address", () => {
  it("reads French words and gives them back", () => {
    const query = new URLSearchParams(
      "statut=seuil-atteint&autorite=paris-05&theme=sport&q=arbres&tri=signatures",
    );
    const filters = filtersFromUrl(query);
    expect(filters).toEqual({
      status: "threshold_reached",
      authority: "paris-05",
      theme: "sport",
      q: "arbres",
      order: "-signature_count",
      page: 1,
    });
    expect(filtersToUrl(filters).toString()).toBe(query.toString());
    expect(apiQuery(filters)).toEqual({
      status: "threshold_reached",
      authority: "paris-05",
      theme: "sport",
      q: "arbres",
      order: "-signature_count",
    });
    expect(activeFilters(filters)).toBe(4);
  });

  it("names the city as « ville » and ignores what it does not know", () => {
    expect(filtersFromUrl(new URLSearchParams("autorite=ville")).authority).toBe("city");
    expect(filtersToUrl({ ...NO_FILTERS, authority: "city" }).toString()).toBe("autorite=ville");
    const odd = filtersFromUrl(new URLSearchParams("statut=open&autorite=paris-99&theme=<b>&tri=x&page=-2"));
    expect(odd).toEqual(NO_FILTERS);
    expect(filtersToUrl(NO_FILTERS).toString()).toBe("");
    expect(apiQuery(NO_FILTERS)).toEqual({ order: "-created_at" });
  });
});

describe("areas", () => {
  it("puts the 1st–4th in Paris Centre and lists the 17 areas in the city's order", () => {
    expect(areaOfArrondissement(3)).toBe("paris-centre");
    expect(areaOfArrondissement(5)).toBe("paris-05");
    expect(areaOfArrondissement(20)).toBe("paris-20");
    expect(areaOfArrondissement(21)).toBeNull();
    expect(AREA_CODES).toHaveLength(17);
    expect(AREA_CODES[0]).toBe("paris-centre");
    expect(AREA_CODES[16]).toBe("paris-20");
  });
});

describe("the threshold and the deadlines", () => {
  it("gives the share reached, capped at 1", () => {
    expect(thresholdShare(250, 1000)).toBe(0.25);
    expect(thresholdShare(1200, 1000)).toBe(1);
    expect(thresholdShare(0, 0)).toBe(1);
  });

  it("counts Paris calendar days to the deadline, negative once overdue", () => {
    const now = new Date("2026-05-10T23:30:00+02:00");
    expect(daysUntil("2026-05-10T00:30:00+02:00", now)).toBe(0);
    expect(daysUntil("2026-05-11T00:10:00+02:00", now)).toBe(1);
    expect(daysUntil("2026-05-07T12:00:00+02:00", now)).toBe(-3);
  });

  it("puts the most overdue petitions to answer first, those without a deadline last", () => {
    const order = answerOrder([...QUEUE.agenda, summary(9, { answer_due_at: null })]).map((p) => p.id);
    expect(order).toEqual([5, 4, 9]);
  });
});

describe("what the forms send", () => {
  it("computes an age on a day, birthdays included", () => {
    const today = new Date(2026, 4, 10);
    expect(ageOn("2010-05-10", today)).toBe(16);
    expect(ageOn("2010-05-11", today)).toBe(15);
    expect(ageOn("2010-02-30", today)).toBeNull();
    expect(ageOn("10/05/2010", today)).toBeNull();
  });

  it("sends the declaration as the API reads it, and nothing before the person declares they live in Paris", () => {
    expect(
      signatureBody({ resident: false, birth_date: "1990-01-02", area_code: "paris-05", show_name: true }),
    ).toBeNull();
    expect(
      signatureBody({ resident: true, birth_date: " 1990-01-02 ", area_code: "paris-05", show_name: false }),
    ).toEqual({
      show_name: false,
      resident: true,
      birth_date: "1990-01-02",
      area_code: "paris-05",
    });
  });

  it("sends the authority as a kind and an area, and the place as GeoJSON [lng, lat]", () => {
    const base = {
      process: "petitions-paris",
      title: " Des arbres ",
      text: " Plantons. ",
      theme: "environnement",
    };
    expect(filingBody({ ...base, authority: "city", place: null })).toEqual({
      process: "petitions-paris",
      title: "Des arbres",
      text: "Plantons.",
      authority_kind: "city",
      theme: "environnement",
    });
    expect(filingBody({ ...base, authority: "paris-05", place: [48.84, 2.35] })).toMatchObject({
      authority_kind: "area",
      area_code: "paris-05",
      location: { type: "Point", coordinates: [2.35, 48.84] },
    });
    // The address chosen in the search goes with its point; without a point, no address.
    expect(
      filingBody({ ...base, authority: "city", place: [48.84, 2.35], address: " 12 Rue Mouffetard " }),
    ).toMatchObject({ address: "12 Rue Mouffetard" });
    expect(filingBody({ ...base, authority: "city", place: [48.84, 2.35], address: "" })).not.toHaveProperty(
      "address",
    );
    expect(
      filingBody({ ...base, authority: "city", place: null, address: "12 Rue Mouffetard" }),
    ).not.toHaveProperty("address");
  });
});

describe("the fixtures follow the contract's shapes", () => {
  it("parse with the edge's validators", () => {
    expect(Process.parse(PROCESS)).toEqual(PROCESS);
    expect(PetitionDetail.parse(detail(1))).toEqual(detail(1));
    expect(PaginatedPetitionItemList.parse(page([summary(1)])).results).toHaveLength(1);
    expect(QueueOutput.parse(QUEUE).held_signatures[0]?.held_reason).toBe("new_account");
    expect(() => PetitionStatusEnum.parse("draft")).toThrow();
  });
});
