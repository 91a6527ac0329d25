// Choosing the language at run time: listeners, <html lang>, persistence, Alt+L.

import { afterEach, describe, expect, it, vi } from "vitest";
import {
  LANGUAGE_STORAGE_KEY,
  currentLanguage,
  cycleLanguage,
  initLanguage,
  isLanguageShortcut,
  nextLanguage,
  onLanguageChange,
  savedLanguage,
  setLanguage,
  t,
  type LanguageStorage,
} from ".";
import type { KeyPress } from "../screens";

class MemoryStorage implements LanguageStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

afterEach(() => {
  setLanguage("en", null);
  vi.unstubAllGlobals();
});

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
});

describe("switching language", () => {
  it("tells every listener once, and not after it unsubscribes", () => {
    const heard: string[] = [];
    const stop = onLanguageChange((lang) => heard.push(lang));
    setLanguage("bn", null);
    setLanguage("bn", null); // no change, no news
    setLanguage("hi", null);
    stop();
    setLanguage("en", null);
    expect(heard).toEqual(["bn", "hi"]);
  });

  it("saves the choice and reads it back on the next start", () => {
    const storage = new MemoryStorage();
    setLanguage("hi", storage);
    expect(storage.items.get(LANGUAGE_STORAGE_KEY)).toBe("hi");
    setLanguage("en", null);
    expect(initLanguage(storage)).toBe("hi");
    expect(currentLanguage()).toBe("hi");
    expect(t("language.heading")).toBe("भाषा");
  });

  it("starts in English when nothing, or nonsense, is saved, or storage fails", () => {
    expect(savedLanguage(null)).toBe("en");
    const storage = new MemoryStorage();
    expect(savedLanguage(storage)).toBe("en");
    storage.setItem(LANGUAGE_STORAGE_KEY, "fr");
    expect(savedLanguage(storage)).toBe("en");
    const broken: LanguageStorage = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(savedLanguage(broken)).toBe("en");
    expect(() => setLanguage("bn", broken)).not.toThrow();
    expect(currentLanguage()).toBe("bn");
  });

  it("uses the web view's localStorage by default", () => {
    const storage = new MemoryStorage();
    vi.stubGlobal("localStorage", storage);
    setLanguage("bn");
    expect(storage.items.get(LANGUAGE_STORAGE_KEY)).toBe("bn");
    expect(savedLanguage()).toBe("bn");
  });

  it("sets <html lang> to the language", () => {
    const documentElement = { lang: "en" };
    vi.stubGlobal("document", { documentElement });
    setLanguage("bn", null);
    expect(documentElement.lang).toBe("bn");
    initLanguage(null);
    expect(documentElement.lang).toBe("en");
  });
});

describe("Alt+L", () => {
  it("cycles English → বাংলা → हिन्दी → English", () => {
    expect(nextLanguage("en")).toBe("bn");
    expect(nextLanguage("bn")).toBe("hi");
    expect(nextLanguage("hi")).toBe("en");
    const storage = new MemoryStorage();
    expect(cycleLanguage(storage)).toBe("bn");
    expect(cycleLanguage(storage)).toBe("hi");
    expect(cycleLanguage(storage)).toBe("en");
    expect(storage.items.get(LANGUAGE_STORAGE_KEY)).toBe("en");
  });

  it("is recognised by the physical key, whatever the layout types", () => {
    expect(isLanguageShortcut(press("l", { altKey: true, code: "KeyL" }))).toBe(true);
    expect(isLanguageShortcut(press("ত", { altKey: true, code: "KeyL" }))).toBe(true); // Bengali layout
    expect(isLanguageShortcut(press("L", { altKey: true }))).toBe(true); // no code known
  });

  it("needs Alt alone", () => {
    expect(isLanguageShortcut(press("l", { code: "KeyL" }))).toBe(false);
    expect(isLanguageShortcut(press("l", { altKey: true, ctrlKey: true, code: "KeyL" }))).toBe(false);
    expect(isLanguageShortcut(press("L", { altKey: true, shiftKey: true, code: "KeyL" }))).toBe(false);
    expect(isLanguageShortcut(press("k", { altKey: true, code: "KeyK" }))).toBe(false);
    expect(isLanguageShortcut(press("l", { altKey: true, code: "KeyK" }))).toBe(false); // layout types l on another key
  });
});
