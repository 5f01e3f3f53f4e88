/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// The built files are served at / by Django (backend/core/frontend.py) or any static server.
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // No source maps in the build: the shipped code is what runs (core/frontend.py refuses .map).
    sourcemap: false,
    // dist/.vite/manifest.json: which chunks each page loads (the bundle report reads it).
    manifest: true,
  },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: "http://127.0.0.1:8000", changeOrigin: false },
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
