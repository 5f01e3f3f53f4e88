import { describe, expect, it } from "vitest";
import { moderationFromUrl, moderationToApi, moderationToUrl, reasonsInOrder } from "./moderation.query";

describe("moderation filters", () => {
  it("round-trips through the URL and leaves defaults out", () => {
    const filters = { show: "hidden" as const, reason: "spam" as const, page: 2 };
    expect(moderationToUrl(filters).toString()).toBe("show=hidden&reason=spam&page=2");
    expect(moderationFromUrl(moderationToUrl(filters))).toEqual(filters);
    expect(moderationToUrl({ show: "all", reason: null, page: 1 }).toString()).toBe("");
  });

  it("ignores unknown values", () => {
    expect(moderationFromUrl(new URLSearchParams("show=secret&reason=rude&page=0"))).toEqual({
      show: "all",
      reason: null,
      page: 1,
    });
  });

  it("asks the API for hidden or visible ones only when chosen", () => {
    expect(moderationToApi({ show: "all", reason: null, page: 1 })).toMatchObject({
      hidden: null,
      reason: null,
    });
    expect(moderationToApi({ show: "hidden", reason: null, page: 1 }).hidden).toBe(true);
    expect(moderationToApi({ show: "visible", reason: "other", page: 3 })).toMatchObject({
      hidden: false,
      reason: "other",
      page: 3,
    });
  });
});

describe("report reasons", () => {
  it("puts the most frequent first, then the reasons' own order", () => {
    expect(reasonsInOrder({ other: 1, spam: 1, offensive: 3, duplicate: 0 })).toEqual([
      ["offensive", 3],
      ["spam", 1],
      ["other", 1],
    ]);
  });
});
