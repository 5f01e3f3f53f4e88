import { describe, expect, it } from "vitest";
import config from "../vite.config";

describe("the production build", () => {
  it("emits no source maps", () => {
    expect(config.build?.sourcemap).toBe(false);
  });
});
