// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeServer, settle, testContext } from "../signIn/testContext";
import page from "./index";
import { privacyMessages } from "./messages";

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe("the privacy page", () => {
  it("states the server's retention and link durations, and what deletion does", async () => {
    fakeServer({
      "GET privacy/": { status: 200, body: { retention_months: 18, password_reset_minutes: 60 } },
    });
    const root = document.createElement("main");
    document.body.append(root);
    page.mount(root, testContext());
    await settle();
    expect(root.querySelector("#privacy-duration")?.textContent).toMatch(/jusqu'à 18 mois après la clôture/);
    expect(root.querySelector("#privacy-links")?.textContent).toMatch(/valable 60 minutes/);
    // Petition signatures: the same period, and what deleting does to them.
    expect(root.querySelector("#privacy-petitions")?.textContent).toMatch(/effacés 18 mois après la clôture/);
    expect(root.textContent).toContain("celles des pétitions closes restent comptées");
    const text = root.textContent;
    expect(text).toContain("une ancienne participante ou un ancien participant");
    expect(text).toContain("Les bulletins, anonymes, ne sont pas touchés.");
    expect(root.querySelector(".notice")).toBeNull();
  });

  it("says the account was deleted when it comes from the deletion, in English too", async () => {
    fakeServer({ "GET privacy/": { status: 500, body: null } });
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const root = document.createElement("main");
    document.body.append(root);
    page.mount(root, testContext("compte=supprime", "en"));
    await settle();
    expect(root.querySelector(".notice")?.textContent).toBe(privacyMessages.en.deleted);
    // Without the server's figures, the page still says what happens, without a number.
    expect(root.querySelector("#privacy-duration")?.textContent).toBe(privacyMessages.en.durationUnknown);
    expect(root.querySelector("#privacy-petitions")?.textContent).toBe(
      privacyMessages.en.keptPetitionsUnknown,
    );
  });
});
