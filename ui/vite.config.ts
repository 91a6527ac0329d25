import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Types generated from Rust by ts-rs live in the repository's top-level bindings/ folder.
const bindings = fileURLToPath(new URL("../bindings", import.meta.url));

export default defineConfig({
  // Relative asset URLs: the app is served from tauri://localhost in the packaged build.
  base: "./",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  resolve: { alias: { "@bindings": bindings } },
  clearScreen: false,
  server: { port: 5173, strictPort: true, fs: { allow: [".", bindings] } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // No inline <script>/<style> and no data: URLs, so the strict CSP needs no exceptions.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
