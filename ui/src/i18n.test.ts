import { afterEach, describe, expect, it } from "vitest";
import {
  DICTIONARIES,
  LANGUAGES,
  completeLanguages,
  currentLanguage,
  missingIds,
  setLanguage,
  t,
  translate,
  type MessageId,
} from "./i18n";
import { SCREENS, screenAudience, screenSummary, screenTitle } from "./screens";
import { ERROR_CODES } from "./ipc_error";

afterEach(() => setLanguage("en"));

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
      const sentences = t(screenSummary(id)).split(/(?<=[.!?])\s+/);
      expect(sentences.length, id).toBeGreaterThanOrEqual(1);
      expect(sentences.length, id).toBeLessThanOrEqual(2);
    }
  });

  it("has distinct screen titles", () => {
    const titles = SCREENS.map((id) => t(screenTitle(id)));
    expect(new Set(titles).size).toBe(SCREENS.length);
  });

  it("has a message for every error code", () => {
    for (const code of ERROR_CODES) {
      const id = `error.${code}` as MessageId;
      expect(DICTIONARIES.en[id], code).toBeTruthy();
    }
  });

  it("declares dictionaries for English, Bengali and Hindi", () => {
    expect(LANGUAGES).toEqual(["en", "bn", "hi"]);
    for (const lang of LANGUAGES) expect(DICTIONARIES[lang]).toBeTypeOf("object");
  });

  it("offers only complete languages (no picker until bn and hi are done)", () => {
    expect(missingIds("en")).toEqual([]);
    expect(completeLanguages()).toContain("en");
    for (const lang of completeLanguages()) expect(missingIds(lang)).toEqual([]);
  });
});

describe("lookup", () => {
  it("renders English by default", () => {
    expect(currentLanguage()).toBe("en");
    expect(t("app.name")).toBe("Kendra Desk");
  });

  it("falls back to English for a string a language lacks", () => {
    expect(DICTIONARIES.bn["screen.counter.title"]).toBeUndefined();
    expect(translate("bn", "screen.counter.title")).toBe("Counter");
    setLanguage("hi");
    expect(t("screen.outbox.title")).toBe("Outbox");
  });

  it("uses a language's own string when present", () => {
    const saved = DICTIONARIES.bn["app.name"];
    DICTIONARIES.bn["app.name"] = "কেন্দ্র ডেস্ক";
    try {
      expect(translate("bn", "app.name")).toBe("কেন্দ্র ডেস্ক");
      expect(translate("en", "app.name")).toBe("Kendra Desk");
    } finally {
      if (saved === undefined) delete DICTIONARIES.bn["app.name"];
      else DICTIONARIES.bn["app.name"] = saved;
    }
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
