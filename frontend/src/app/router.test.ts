import { describe, expect, it } from "vitest";
import { allowed, match, pathTo } from "./router";

describe("router", () => {
  it("matches each page by its path, with its params decoded", () => {
    expect(match("/").route.name).toBe("map");
    expect(match("/propositions/12")).toMatchObject({ route: { name: "proposal" }, params: { id: "12" } });
    expect(match("/propositions/12/").params).toEqual({ id: "12" });
    expect(match("/voter/demo-paris-vote").params).toEqual({ campaign: "demo-paris-vote" });
    expect(match("/gestion/etude/5")).toMatchObject({
      route: { name: "manageItem" },
      params: { section: "etude", id: "5" },
    });
    expect(match("/petitions/nouvelle").route.name).toBe("petitionNew");
    expect(match("/petitions/miennes").route.name).toBe("myPetitions");
    expect(match("/petitions/8")).toMatchObject({ route: { name: "petition" }, params: { id: "8" } });
    expect(match("/r%C3%A9sultats").route.name).toBe("notFound");
    expect(match("/propositions/%E0%A4%A").route.name).toBe("notFound");
    expect(match("/nothing/here").route.name).toBe("notFound");
  });

  it("builds paths from names and params, encoded", () => {
    expect(pathTo("proposal", { id: 12 })).toBe("/propositions/12");
    expect(pathTo("voteCampaign", { campaign: "a b" })).toBe("/voter/a%20b");
    expect(() => pathTo("proposal")).toThrow(/missing id/);
    expect(() => pathTo("nope")).toThrow();
  });

  it("lets each role open only its pages", () => {
    expect(allowed("everyone", null)).toBe(true);
    expect(allowed("signedIn", null)).toBe(false);
    expect(allowed("signedIn", "resident")).toBe(true);
    expect(allowed("official", "resident")).toBe(false);
    expect(allowed("official", "official")).toBe(true);
    expect(allowed("official", "administrator")).toBe(true);
    expect(allowed("administrator", "official")).toBe(false);
  });
});
