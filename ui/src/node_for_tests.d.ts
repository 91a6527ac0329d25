// The few Node.js functions the unit tests use to read files (fonts.test.ts). Declared here rather
// than installing @types/node, which would make every Node API type-check in app code too, and the
// app runs in a web view where none of them exist.

declare module "node:fs" {
  export function readFileSync(path: URL | string, encoding: "utf8"): string;
  export function statSync(path: URL | string): { size: number };
}

declare module "node:module" {
  export function createRequire(from: URL | string): { resolve(id: string): string };
}
