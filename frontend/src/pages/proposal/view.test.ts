import { describe, expect, it } from "vitest";
import { ReportInputRequest } from "../../api/generated/zod";
import { createTranslator } from "../../i18n";
import { REPORT_REASONS, reportBody, reportRefusal, statusWords } from "./view";

describe("statusWords", () => {
  const fr = createTranslator("fr");
  const en = createTranslator("en");
  it("says the status in words, in each language", () => {
    expect(statusWords({ status: "in_review", is_hidden: false }, fr, "masquée")).toBe("À l'étude");
    expect(statusWords({ status: "accepted", is_hidden: false }, en, "hidden")).toBe("Accepted");
  });
  it("adds the hiding when moderation hid it", () => {
    expect(statusWords({ status: "submitted", is_hidden: true }, fr, "masquée par la modération")).toBe(
      "Déposée — masquée par la modération",
    );
  });
});

describe("reportBody", () => {
  it("sends the reason and the details, trimmed, as the API takes them", () => {
    const body = reportBody("other", "  Ce n'est pas un projet.  ");
    expect(body).toEqual({ reason: "other", text: "Ce n'est pas un projet." });
    expect(ReportInputRequest.safeParse(body).success).toBe(true);
  });
  it("leaves empty details out", () => {
    expect(reportBody("spam", "   ")).toEqual({ reason: "spam" });
  });
  it("knows every reason of the API", () => {
    expect(REPORT_REASONS).toEqual(["spam", "offensive", "off_topic", "duplicate", "other"]);
  });
});

describe("reportRefusal", () => {
  it("names the refusals said in words", () => {
    expect(reportRefusal(409, "already_reported")).toBe("alreadyReported");
    expect(reportRefusal(403, "email_not_verified")).toBe("emailNotVerified");
    expect(reportRefusal(429, "throttled")).toBe("tooMany");
    expect(reportRefusal(400, "invalid")).toBeNull();
  });
});

describe("who proposed it", () => {
  it("shows a display name, a former participant, or nothing", async () => {
    const { authorWords } = await import("./view");
    const former = "une ancienne participante ou un ancien participant";
    expect(authorWords({ display_name: "Léa", former_participant: false }, former)).toBe("Léa");
    expect(authorWords({ display_name: "", former_participant: true }, former)).toBe(former);
    expect(authorWords({ display_name: "  ", former_participant: false }, former)).toBeNull();
    expect(authorWords(null, former)).toBeNull();
  });
});
