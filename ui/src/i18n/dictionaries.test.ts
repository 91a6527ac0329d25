// The three dictionaries against each other: same ids (the compiler checks too), same
// placeholders, really translated (not English left behind), each in its own script, and
// nothing in a language that the bundled fonts cannot draw (fonts.test.ts).

import { describe, expect, it } from "vitest";
import { DICTIONARIES, LANGUAGES, type Language, type MessageId } from ".";

const ids = Object.keys(DICTIONARIES.en) as MessageId[];
const translated = LANGUAGES.filter((l): l is Exclude<Language, "en"> => l !== "en");

/** Strings that are the same in every language: the brand and a key name. */
const SAME_IN_EVERY_LANGUAGE = new Set<MessageId>(["app.name", "nav.shortcut"]);

/**
 * Latin words a Bengali or Hindi string may keep: the brand, key names as printed on the keyboard,
 * and protocol and product names a tester reads in the specs.
 */
const LATIN_WORDS = new Set(["Kendra", "Desk", "Alt", "L", "Home", "End", "API", "HTTP", "PDF", "DCI", "ADSS", "CSP", "Tauri"]);

// The daṇḍa (। ॥, U+0964–0965) sits in the Devanagari block but ends sentences in both scripts.
const BENGALI = /[\u0980-\u09FF]/;
const DEVANAGARI = /[\u0900-\u0963\u0966-\u097F]/;
const OWN_SCRIPT: Record<Exclude<Language, "en">, RegExp> = { bn: BENGALI, hi: DEVANAGARI };
const OTHER_SCRIPT: Record<Exclude<Language, "en">, RegExp> = { bn: DEVANAGARI, hi: BENGALI };

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "").sort();
}

describe.each(LANGUAGES)("the %s dictionary", (lang) => {
  const dict = DICTIONARIES[lang];

  it("has exactly the English ids", () => {
    expect(Object.keys(dict).sort()).toEqual([...ids].sort());
  });

  it("has a non-empty, trimmed string for every id", () => {
    for (const id of ids) {
      expect(dict[id].trim(), id).not.toBe("");
      expect(dict[id], id).toBe(dict[id].trim());
    }
  });

  it("keeps every placeholder of the English string, and adds none", () => {
    for (const id of ids) expect(placeholders(dict[id]), id).toEqual(placeholders(DICTIONARIES.en[id]));
  });

  it("has balanced braces (no half-typed placeholder)", () => {
    for (const id of ids) {
      const stripped = dict[id].replace(/\{\w+\}/g, "");
      expect(stripped, id).not.toMatch(/[{}]/);
    }
  });
});

describe.each(translated)("the %s translation", (lang) => {
  const dict = DICTIONARIES[lang];

  it("differs from English except for the brand and key names", () => {
    const same = ids.filter((id) => dict[id] === DICTIONARIES.en[id]);
    expect(same.sort()).toEqual([...SAME_IN_EVERY_LANGUAGE].sort());
  });

  it("is written in its own script", () => {
    for (const id of ids) {
      if (SAME_IN_EVERY_LANGUAGE.has(id)) continue;
      expect(dict[id], id).toMatch(OWN_SCRIPT[lang]);
      expect(dict[id], id).not.toMatch(OTHER_SCRIPT[lang]);
    }
  });

  it("leaves no English words behind but brand, key and protocol names", () => {
    for (const id of ids) {
      const words = dict[id].replace(/\{\w+\}/g, "").match(/[A-Za-z]+/g) ?? [];
      for (const word of words) expect(LATIN_WORDS.has(word), `${id}: "${word}"`).toBe(true);
    }
  });

  it("keeps the English string's Latin names (brand, keys, protocols)", () => {
    for (const id of ids) {
      const names = (DICTIONARIES.en[id].match(/[A-Za-z]+/g) ?? []).filter((w) => LATIN_WORDS.has(w) && w !== "L");
      for (const name of names) {
        if (name === "Kendra" && !DICTIONARIES.en[id].includes("Kendra Desk")) continue; // "Kendra will retry": said plainly
        expect(dict[id], `${id}: ${name}`).toContain(name);
      }
    }
  });
});
