#!/usr/bin/env node
/**
 * What each page costs to load, gzipped, from the build's manifest (dist/.vite/manifest.json):
 * the entry with everything it imports statically, plus the page's own chunk and its imports.
 * The residents' pages are checked against the budget (150 KB gzipped); the officials' sections
 * are loaded only by them and reported apart. `node scripts/bundle-report.mjs [dist] [--json]`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 150;
const args = process.argv.slice(2);
const dist = args.find((a) => !a.startsWith("--")) ?? "dist";
const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8"));

const gz = new Map();
function gzSize(file) {
  if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length);
  return gz.get(file);
}

/** Every file (JS and CSS) a manifest key loads, its static imports included. */
function closure(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(key)) return seen;
  seen.add(key);
  for (const imported of chunk.imports ?? []) closure(imported, seen);
  return seen;
}
function files(keys) {
  const out = new Set();
  for (const key of keys) {
    const chunk = manifest[key];
    out.add(chunk.file);
    for (const css of chunk.css ?? []) out.add(css);
  }
  return out;
}

const entry = closure("index.html");
const pages = Object.keys(manifest).filter((k) => /^src\/pages\/.+\.ts$/.test(k));
const rows = [];
for (const page of pages.sort()) {
  const keys = closure(page, new Set(entry));
  const all = files(keys);
  const kb = [...all].reduce((sum, f) => sum + gzSize(f), 0) / 1024;
  const official = page.startsWith("src/pages/manage/");
  rows.push({
    page: page.replace(/^src\/pages\//, "").replace(/\/index\.ts$/, ""),
    kb,
    official,
    files: all.size,
  });
}
const entryKb = [...files(entry)].reduce((sum, f) => sum + gzSize(f), 0) / 1024;
const resident = rows.filter((r) => !r.official);
const worst = resident.reduce((a, b) => (b.kb > a.kb ? b : a));
const map = rows.find((r) => r.page === "map");

if (args.includes("--json")) {
  console.log(JSON.stringify({ entryKb, budgetKb: BUDGET_KB, pages: rows }, null, 2));
} else {
  console.log(`Shell (every page): ${entryKb.toFixed(1)} KB gzipped`);
  console.log("Page                          KB gz  (shell + page, first load)");
  for (const r of rows)
    console.log(`${(r.official ? "[officials] " : "") + r.page}`.padEnd(30) + r.kb.toFixed(1).padStart(6));
  console.log(
    `Residents' first load: map ${map ? map.kb.toFixed(1) : "?"} KB, heaviest ${worst.page} ${worst.kb.toFixed(1)} KB ` +
      `— budget ${BUDGET_KB} KB (ratio ${(worst.kb / BUDGET_KB).toFixed(2)})`,
  );
}
process.exit(worst.kb > BUDGET_KB ? 1 : 0);
