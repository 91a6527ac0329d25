// The bundled fonts (fonts.css) against what the UI shows: every character of every string in
// every language has a bundled face, every weight styles.css asks for is bundled, and each face's
// file exists in its npm package (so Vite copies it into dist).

import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { DICTIONARIES, LANGUAGES, LANGUAGE_NAMES } from "./i18n";

const read = (name: string) => readFileSync(new URL(name, import.meta.url), "utf8");
const fontsCss = read("./fonts.css");
const stylesCss = read("./styles.css");

interface Face {
  family: string;
  weight: number;
  url: string;
  ranges: Array<[number, number]>;
}

function parseRanges(text: string): Array<[number, number]> {
  return text.split(",").map((part) => {
    const m = /U\+([0-9A-F]+)(?:-([0-9A-F]+))?/i.exec(part.trim());
    if (!m?.[1]) throw new Error(`bad unicode-range part: ${part}`);
    const lo = parseInt(m[1], 16);
    return [lo, m[2] ? parseInt(m[2], 16) : lo];
  });
}

const faces: Face[] = [...fontsCss.matchAll(/@font-face\s*{([^}]*)}/g)].map((block) => {
  const body = block[1] ?? "";
  const prop = (name: string) => new RegExp(`${name}:\\s*([^;]+);`).exec(body)?.[1]?.trim() ?? "";
  return {
    family: prop("font-family").replace(/"/g, ""),
    weight: Number(prop("font-weight")),
    url: /url\("([^"]+)"\)/.exec(prop("src"))?.[1] ?? "",
    ranges: parseRanges(prop("unicode-range")),
  };
});

const FAMILIES = ["Noto Sans", "Noto Sans Bengali", "Noto Sans Devanagari"];
const covers = (face: Face, cp: number) => face.ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

describe("bundled fonts", () => {
  it("declares a Latin, a Bengali and a Devanagari family", () => {
    expect([...new Set(faces.map((f) => f.family))].sort()).toEqual(FAMILIES);
  });

  it("bundles every weight styles.css uses (and the default 400, and 700 for headings)", () => {
    const used = new Set([400, 700, ...[...stylesCss.matchAll(/font-weight:\s*(\d+)/g)].map((m) => Number(m[1]))]);
    for (const family of FAMILIES) {
      const have = faces.filter((f) => f.family === family).map((f) => f.weight);
      for (const weight of used) expect(have, `${family} ${weight}`).toContain(weight);
    }
    expect(stylesCss, "only numeric weights, so this test sees them all").not.toMatch(/font-weight:\s*(bold|bolder|lighter)/);
  });

  it("takes each face from a woff2 file that its package ships", () => {
    const require = createRequire(import.meta.url);
    for (const face of faces) {
      expect(face.url, face.family).toMatch(/^@fontsource\/[a-z-]+\/files\/[a-z0-9-]+\.woff2$/);
      const file = require.resolve(face.url);
      expect(statSync(file).size, face.url).toBeGreaterThan(1000);
    }
  });

  it("can draw every character of every string in every language", () => {
    const texts = [...LANGUAGES.flatMap((lang) => Object.values(DICTIONARIES[lang])), ...Object.values(LANGUAGE_NAMES)];
    const missing = new Set<string>();
    for (const text of texts) {
      for (const ch of text) {
        const cp = ch.codePointAt(0) ?? 0;
        if (!faces.some((f) => covers(f, cp))) missing.add(`U+${cp.toString(16).toUpperCase().padStart(4, "0")} ${ch}`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it("draws Bengali and Hindi letters with their own script's face", () => {
    const bengali = faces.filter((f) => f.family === "Noto Sans Bengali");
    const devanagari = faces.filter((f) => f.family === "Noto Sans Devanagari");
    for (const ch of Object.values(DICTIONARIES.bn).join("")) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp >= 0x0980 && cp <= 0x09ff) expect(bengali.every((f) => covers(f, cp)), ch).toBe(true);
    }
    for (const ch of Object.values(DICTIONARIES.hi).join("")) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp >= 0x0900 && cp <= 0x097f) expect(devanagari.every((f) => covers(f, cp)), ch).toBe(true);
    }
  });

  it("is what the page's font stack asks for first", () => {
    const root = /:root\s*{[^}]*font-family:\s*([^;]+);/.exec(stylesCss)?.[1] ?? "";
    expect(root.split(",").slice(0, 3).map((f) => f.trim().replace(/"/g, ""))).toEqual(FAMILIES);
  });
});
