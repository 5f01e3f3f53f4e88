/**
 * The eslint rule of eslint.config.js that forbids HTML strings passed to Leaflet: run on a
 * fixture, it names every offending line and none of the DOM-node ones.
 */
import { ESLint } from "eslint";
import { fileURLToPath } from "node:url";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

const FRONTEND = fileURLToPath(new URL("../..", import.meta.url));

const FIXTURE = `import L from "leaflet";

declare const marker: L.Marker;
declare const title: string;
const node = document.createElement("span");
node.textContent = title;

marker.bindTooltip("<b>" + title + "</b>");
marker.bindTooltip(\`<b>\${title}</b>\`);
marker.bindPopup("<img src=x onerror=alert(1)>");
L.popup().setContent(\`<p>\${title}</p>\`);
marker.setTooltipContent("x");
L.divIcon({ className: "x", html: \`<span>\${title}</span>\` });
L.divIcon({ html: "<span>1</span>" });
L.tooltip({ content: "<em>x</em>" });
marker.bindTooltip(node);
marker.bindPopup(() => node);
L.divIcon({ className: "x", html: node });
`;

describe("the no-HTML-strings-to-Leaflet rule", () => {
  it("fires on each string, template or concatenation given to Leaflet as content", async () => {
    // The project's config; the fixture is not in tsconfig, so without the type-aware rules.
    const eslint = new ESLint({
      cwd: FRONTEND,
      overrideConfig: [{ files: ["src/lint/fixture.ts"], ...tseslint.configs.disableTypeChecked }],
    });
    const [result] = await eslint.lintText(FIXTURE, { filePath: `${FRONTEND}src/lint/fixture.ts` });
    const lines = (result?.messages ?? [])
      .filter((m) => m.ruleId === "no-restricted-syntax")
      .map((m) => m.line);
    expect(lines).toEqual([8, 9, 10, 11, 12, 13, 14, 15]); // not 16-18: DOM nodes
    expect(result?.messages.find((m) => m.ruleId === "no-restricted-syntax")?.message).toContain(
      "textContent",
    );
  }, 60_000);
});
