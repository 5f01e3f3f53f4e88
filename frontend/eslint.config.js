// @ts-check
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

// Leaflet renders a string given as content as HTML: tooltips, popups and div icons take DOM
// nodes (text set with textContent) instead. These selectors refuse a string literal, a template
// literal or a concatenation where Leaflet takes content (src/lint/leafletContent.test.ts).
const HTML_STRING = "/^(Literal|TemplateLiteral|BinaryExpression|TaggedTemplateExpression)$/";
const LEAFLET_CONTENT = "/^(bindTooltip|bindPopup|setContent|setTooltipContent|setPopupContent)$/";
const NO_HTML_STRINGS_TO_LEAFLET = [
  {
    selector: `CallExpression[callee.property.name=${LEAFLET_CONTENT}][arguments.0.type=${HTML_STRING}]`,
    message: "Leaflet renders this string as HTML: pass a DOM node with its text set by textContent.",
  },
  {
    selector: `CallExpression[callee.property.name=/^(divIcon|popup|tooltip)$/] Property[key.name=/^(html|content)$/][value.type=${HTML_STRING}]`,
    message: "Leaflet renders this string as HTML: pass a DOM node with its text set by textContent.",
  },
];

export default tseslint.config(
  // Generated from the OpenAPI schema (npm run gen:api): type-checked by tsc, not linted.
  { ignores: ["dist/", "node_modules/", "coverage/", "src/api/generated/"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", ...NO_HTML_STRINGS_TO_LEAFLET],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ["scripts/**"],
    languageOptions: { globals: { ...globals.node } },
  },
);
