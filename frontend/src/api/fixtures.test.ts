/**
 * The API fixtures the front-end tests use are real answers: each one is validated against the
 * response that the OpenAPI schema (./openapi.json) declares for its endpoint, with the generated
 * validators, and must come out unchanged (no member the schema does not know).
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as validators from "./generated/zod";
import openapi from "./openapi.json";

interface SchemaRef {
  $ref?: string;
  type?: string;
  items?: SchemaRef;
}

type Operation = { responses: Record<string, { content?: Record<string, { schema: SchemaRef }> }> };
const paths = openapi.paths as unknown as Record<string, Record<string, Operation>>;
const components = validators as unknown as Record<string, z.ZodTypeAny>;

function component(ref: string): z.ZodTypeAny {
  const name = ref.replace("#/components/schemas/", "");
  const validator = components[name];
  if (!validator) throw new Error(`No generated validator for ${name}`);
  return validator;
}

/** The generated validator of what `GET path` answers with `status`, as the schema declares it. */
function responseValidator(path: string, status: string): z.ZodTypeAny {
  const schema = paths[path]?.["get"]?.responses[status]?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`The schema declares no JSON ${status} answer for GET ${path}`);
  if (schema.$ref) return component(schema.$ref);
  if (schema.type === "array" && schema.items?.$ref) return z.array(component(schema.items.$ref));
  throw new Error(`Unexpected response schema for GET ${path}`);
}

/** Each fixture file and the answer it stands for. */
const ANSWERS: Record<string, [path: string, status: string]> = {
  "campaigns.json": ["/api/v1/campaigns/", "200"],
  "districts.json": ["/api/v1/districts/", "200"],
  "error-400.json": ["/api/v1/proposals/", "400"],
  "geocode.json": ["/api/v1/geocode/", "200"],
  "map-proposals.json": ["/api/v1/map/proposals/", "200"],
  "proposals-page1.json": ["/api/v1/proposals/", "200"],
  "proposals-page2.json": ["/api/v1/proposals/", "200"],
  "themes.json": ["/api/v1/themes/", "200"],
};

const fixtures = import.meta.glob<unknown>("./fixtures/*.json", { eager: true, import: "default" });

describe("API fixtures", () => {
  it("are all mapped to an endpoint", () => {
    const names = Object.keys(fixtures).map((file) => file.replace("./fixtures/", ""));
    expect(names.sort()).toEqual(Object.keys(ANSWERS).sort());
  });

  for (const [file, body] of Object.entries(fixtures)) {
    const name = file.replace("./fixtures/", "");
    const [path, status] = ANSWERS[name] ?? ["", ""];
    it(`${name} is a valid ${status} answer of GET ${path}`, () => {
      const parsed = responseValidator(path, status).safeParse(body);
      expect(parsed.error?.issues ?? []).toEqual([]);
      // Unknown members are dropped by the validators: the fixture must not have any.
      expect(parsed.data).toEqual(body);
    });
  }

  it("a fixture that drifts from the schema is caught", () => {
    const campaigns = structuredClone(fixtures["./fixtures/campaigns.json"]) as {
      results: Record<string, unknown>[];
    };
    const validator = responseValidator("/api/v1/campaigns/", "200");
    (campaigns.results[0] as Record<string, unknown>)["current_phase"] = "holidays";
    expect(validator.safeParse(campaigns).success).toBe(false);
    const extra = structuredClone(fixtures["./fixtures/themes.json"]) as Record<string, unknown>[];
    (extra[0] as Record<string, unknown>)["colour"] = "green";
    expect(responseValidator("/api/v1/themes/", "200").parse(extra)).not.toEqual(extra);
  });
});
