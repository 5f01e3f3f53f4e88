// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { ApiError } from "./client";
import { answerWords, ERROR_WORDS, GENERIC, reasonWords, wordsFor } from "./errorMessages";
import openapi from "./openapi.json";

const schema = openapi as unknown as {
  components: { schemas: { ErrorCode: { enum: string[]; description: string } } };
};
const CODES = schema.components.schemas.ErrorCode.enum;

describe("the words of the API's refusals", () => {
  it("has French and English words for every code the schema lists, with the same parameters", () => {
    expect(CODES.length).toBeGreaterThan(100);
    const missing = CODES.filter((code) => !ERROR_WORDS.fr[code] || !ERROR_WORDS.en[code]);
    expect(missing).toEqual([]);
    for (const code of CODES) {
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(ERROR_WORDS.fr[code] as string), code).toEqual(names(ERROR_WORDS.en[code] as string));
      // Every placeholder is one of the code's parameters as the schema states them.
      const stated = new RegExp(`\`${code}\`(?: \\(([^)]*)\\))?\\.`).exec(
        schema.components.schemas.ErrorCode.description,
      );
      const params = stated?.[1]?.split(", ") ?? [];
      for (const name of names(ERROR_WORDS.fr[code] as string)) expect(params, code).toContain(name);
    }
  });

  it("puts the parameters in, numbers in the page's way", () => {
    expect(wordsFor("max_length", { max_length: 1500 }, "fr")).toBe("1\u202f500 caractères au plus.");
    expect(wordsFor("max_length", { max_length: 1500 }, "en")).toBe("At most 1,500 characters.");
    expect(wordsFor("throttled", { wait: 42 }, "fr")).toBe("Trop de demandes : réessayez dans 42 secondes.");
    // A parameter missing: no half sentence.
    expect(wordsFor("throttled", {}, "fr")).toBeNull();
    expect(wordsFor("no_such_code", {}, "fr")).toBeNull();
  });

  it("says an unknown code generically, never the server's English on a French page", () => {
    expect(answerWords("brand_new_refusal", {}, "fr")).toBe(GENERIC.fr.answer);
    expect(answerWords("brand_new_refusal", {}, "en")).toBe(GENERIC.en.answer);
    expect(reasonWords("brand_new_refusal", {}, "fr", "Some English.")).toBe(GENERIC.fr.field);
    expect(reasonWords("invalid", {}, "fr", "Expected a finite number of metres.")).toBe(GENERIC.fr.field);
    // On an English page a reason only said generically keeps the server's sentence.
    expect(reasonWords("invalid", {}, "en", "Expected a finite number of metres.")).toBe(
      "Expected a finite number of metres.",
    );
  });
});

describe("a refusal from the API", () => {
  const body = {
    status: 400,
    code: "invalid",
    message: "Invalid input: description, title.",
    params: {},
    errors: { title: ["Ensure this field has no more than 150 characters."], description: ["Odd."] },
    details: {
      title: [{ code: "max_length", params: { max_length: 150 } }],
      description: [{ code: "something_new", params: {} }],
    },
  };

  it("is said in the page's language from its codes, the server's words kept aside", () => {
    const fr = ApiError.fromBody(400, body, "fr");
    expect(fr.message).toBe("Certains champs sont à corriger.");
    expect(fr.errors).toEqual({ title: ["150 caractères au plus."], description: [GENERIC.fr.field] });
    expect(fr.serverMessage).toBe("Invalid input: description, title.");
    expect(fr.details.title?.[0]?.params).toEqual({ max_length: 150 });
    const en = ApiError.fromBody(400, body, "en");
    expect(en.errors.title).toEqual(["At most 150 characters."]);
  });

  it("takes its only reason as its sentence, and its parameters from the answer", () => {
    const one = ApiError.fromBody(
      400,
      {
        status: 400,
        code: "invalid",
        message: "The phase voting appears twice.",
        errors: { non_field: ["The phase voting appears twice."] },
        details: { non_field: [{ code: "required", params: {} }] },
      },
      "fr",
    );
    expect(one.message).toBe("Ce champ est obligatoire.");
    const throttled = ApiError.fromBody(
      429,
      { status: 429, code: "throttled", message: "Request was throttled.", params: { wait: 30 }, errors: {} },
      "fr",
    );
    expect(throttled.message).toBe("Trop de demandes : réessayez dans 30 secondes.");
    expect(throttled.params).toEqual({ wait: 30 });
    // An answer without details (an older server, nginx): each reason said by the answer's code.
    const old = ApiError.fromBody(
      404,
      { status: 404, code: "not_found", message: "Not found.", errors: {} },
      "en",
    );
    expect(old.message).toBe(ERROR_WORDS.en.not_found);
  });

  it("follows the page's language when none is given", () => {
    document.documentElement.lang = "en";
    expect(
      ApiError.fromBody(403, { status: 403, code: "permission_denied", message: "x", errors: {} }).message,
    ).toBe("You are not allowed to do this.");
    document.documentElement.lang = "fr";
    expect(ApiError.local(0, "network_error", "The server cannot be reached.").message).toBe(
      "Le serveur ne répond pas. Vérifiez votre connexion et réessayez.",
    );
  });
});
