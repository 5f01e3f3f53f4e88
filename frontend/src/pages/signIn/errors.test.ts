import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { explain, waitSeconds } from "./errors";

describe("explain", () => {
  it("says wrong credentials next to the password, in the page's language", () => {
    const error = new ApiError(400, "invalid_credentials", "Wrong email address or password.", {
      password: ["Wrong email address or password."],
    });
    const fr = explain(error, "fr") as ApiError;
    expect(fr.errors).toEqual({ password: ["Adresse e-mail ou mot de passe incorrect."] });
    expect((explain(error, "en") as ApiError).errors.password).toEqual(["Wrong email address or password."]);
  });

  it("says throttling clearly, with the wait in minutes when the server gives it", () => {
    const error = new ApiError(429, "throttled", "Request was throttled. Expected available in 125 seconds.");
    const said = explain(error, "fr") as ApiError;
    expect(said.status).toBe(429);
    expect(said.message).toContain("3 minute");
    expect(said.errors).toEqual({});
    const vague = explain(new ApiError(429, "throttled", "Slow down."), "en") as ApiError;
    expect(vague.message).toMatch(/^Too many attempts/);
  });

  it("names a network failure and leaves other errors alone", () => {
    expect((explain(new ApiError(0, "network_error", "x"), "fr") as ApiError).message).toMatch(/serveur/);
    const other = new ApiError(400, "invalid", "Bad", { display_name: ["Too long."] });
    expect(explain(other, "fr")).toBe(other);
    const plain = new Error("boom");
    expect(explain(plain, "fr")).toBe(plain);
  });
});

describe("waitSeconds", () => {
  it("reads the seconds of DRF's message", () => {
    expect(waitSeconds("Request was throttled. Expected available in 59 seconds.")).toBe(59);
    expect(waitSeconds("Expected available in 1 second.")).toBe(1);
    expect(waitSeconds("Slow down.")).toBeNull();
  });
});
