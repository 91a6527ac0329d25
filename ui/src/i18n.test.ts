import { afterEach, describe, expect, it } from "vitest";
import {
  DICTIONARIES,
  LANGUAGES,
  currentLanguage,
  setLanguage,
  t,
  translate,
  type MessageId,
} from "./i18n";
import { SCREENS, screenAudience, screenSummary, screenTitle } from "./screens";
import { ERROR_CODES } from "./ipc_error";

afterEach(() => setLanguage("en", null));

describe("dictionary", () => {
  it("has a non-empty English string for every id", () => {
    for (const [id, text] of Object.entries(DICTIONARIES.en)) {
      expect(text.trim(), id).not.toBe("");
    }
  });

  it("has a title, audience and one- or two-sentence summary for every screen", () => {
    for (const id of SCREENS) {
      expect(t(screenTitle(id))).toMatch(/^[A-Z]/);
      expect(t(screenAudience(id))).toMatch(/^For /);
    }
    for (const lang of LANGUAGES) {
      for (const id of SCREENS) {
        // "।" (daṇḍa) ends a sentence in Bengali and Hindi.
        const sentences = translate(lang, screenSummary(id)).split(/(?<=[.!?।])\s+/);
        expect(sentences.length, `${lang} ${id}`).toBeGreaterThanOrEqual(1);
        expect(sentences.length, `${lang} ${id}`).toBeLessThanOrEqual(2);
      }
    }
  });

  it("has distinct screen titles in every language", () => {
    for (const lang of LANGUAGES) {
      const titles = SCREENS.map((id) => translate(lang, screenTitle(id)));
      expect(new Set(titles).size, lang).toBe(SCREENS.length);
    }
  });

  it("has a message for every error code in every language", () => {
    for (const lang of LANGUAGES) {
      for (const code of ERROR_CODES) {
        const id = `error.${code}` as MessageId;
        expect(DICTIONARIES[lang][id], `${lang} ${code}`).toBeTruthy();
      }
    }
  });

  it("declares dictionaries for English, Bengali and Hindi", () => {
    expect(LANGUAGES).toEqual(["en", "bn", "hi"]);
    for (const lang of LANGUAGES) expect(DICTIONARIES[lang]).toBeTypeOf("object");
  });

});

describe("lookup", () => {
  it("renders English by default", () => {
    expect(currentLanguage()).toBe("en");
    expect(t("app.name")).toBe("Kendra Desk");
  });

  it("renders the current language after a switch", () => {
    setLanguage("bn", null);
    expect(t("screen.counter.title")).toBe("কাউন্টার");
    expect(translate("en", "screen.counter.title")).toBe("Counter");
    setLanguage("hi", null);
    expect(t("screen.outbox.title")).toBe("आउटबॉक्स");
  });

  it("fills placeholders the same way in every language", () => {
    setLanguage("bn", null);
    expect(t("sandbox.failed", { message: "X" })).toBe("অ্যাপের নিজস্ব স্যান্ডবক্স চালু হয়নি: X");
    expect(t("nav.shortcut", { key: "4" })).toBe("Alt+4");
  });

  it("fills {placeholders} and leaves unknown ones visible", () => {
    expect(t("nav.shortcut", { key: "3" })).toBe("Alt+3");
    expect(t("nav.shortcut", {})).toBe("Alt+{key}");
    expect(t("nav.shortcut")).toBe("Alt+{key}");
  });

  it("does not re-expand placeholders inside substituted values", () => {
    expect(t("nav.shortcut", { key: "{key}" })).toBe("Alt+{key}");
    expect(t("status.versions_failed", { message: "{message}" })).toBe("Version unavailable: {message}");
  });
});
