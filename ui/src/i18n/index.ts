// Every user-visible string of the UI, in English, Bengali and Hindi, and the lookup that renders
// them in the language chosen at run time.
//
// One file per language (en.ts is the reference; bn.ts and hi.ts are `Dictionary`, so a missing
// key fails the type check). Adding a screen: add its ids to en.ts, then to bn.ts and hi.ts.
// Components read strings with `t(id, params)` during render and re-render on a change of
// language through `useLanguage()` (use_language.ts).

import type { KeyPress } from "../screens";
import { bn } from "./bn";
import { currentLanguage, setCurrentLanguage } from "./current";
import { en, type Dictionary as CoreDictionary, type MessageId as CoreMessageId } from "./en";
import { hi } from "./hi";
import { SCREEN_STRINGS, type ScreenMessageId } from "./screen_strings";
import { DEFAULT_LANGUAGE, isLanguage, nextLanguage, type Language } from "./languages";

/** Every message id of the UI: the shell's (en.ts) and every screen area's. */
export type MessageId = CoreMessageId | ScreenMessageId;
/** A complete dictionary: one string for every message id. */
export type Dictionary = Record<MessageId, string>;
export { DEFAULT_LANGUAGE, LANGUAGES, LANGUAGE_NAMES, LOCALES, isLanguage, nextLanguage } from "./languages";
export type { Language } from "./languages";
export { currentLanguage, onLanguageChange } from "./current";
export { TIME_ZONE, formatDate, formatDateTime, formatNumber, formatTime, formatWhen } from "./format";
export type { DateStyle, When } from "./format";

function merged(lang: Language, core: CoreDictionary): Dictionary {
  return Object.assign({}, core, ...SCREEN_STRINGS.map((area) => area[lang])) as Dictionary;
}

export const DICTIONARIES: Readonly<Record<Language, Dictionary>> = {
  en: merged("en", en),
  bn: merged("bn", bn),
  hi: merged("hi", hi),
};

export type Params = Record<string, string>;

/** Renders message `id` in `lang`; `{name}` placeholders come from `params`, unknown ones stay visible. */
export function translate(lang: Language, id: MessageId, params?: Params): string {
  const template = DICTIONARIES[lang][id];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** Renders message `id` in the current language. */
export function t(id: MessageId, params?: Params): string {
  return translate(currentLanguage(), id, params);
}

/** Where the choice of language is kept between runs. */
export const LANGUAGE_STORAGE_KEY = "kendra-desk.language";

/** The part of the Web Storage API used here (so tests can pass a fake). */
export interface LanguageStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function browserStorage(): LanguageStorage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null; // storage disabled: the choice lasts for this run only
  }
}

/** The saved language, or the default when nothing (or nonsense) is saved. */
export function savedLanguage(storage: LanguageStorage | null = browserStorage()): Language {
  try {
    const value = storage?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

function applyToDocument(lang: Language): void {
  if (typeof document !== "undefined") document.documentElement.lang = lang;
}

/**
 * Shows the UI in `lang` from now on: every subscribed component re-renders at once, `<html lang>`
 * follows (fonts and screen readers go by it), and the choice is saved for the next run.
 */
export function setLanguage(lang: Language, storage: LanguageStorage | null = browserStorage()): void {
  applyToDocument(lang);
  setCurrentLanguage(lang);
  try {
    storage?.setItem(LANGUAGE_STORAGE_KEY, lang);
  } catch {
    // full or disabled storage: the choice still holds for this run
  }
}

/** At start-up, before the first render: the saved language, without saving it again. */
export function initLanguage(storage: LanguageStorage | null = browserStorage()): Language {
  const lang = savedLanguage(storage);
  applyToDocument(lang);
  setCurrentLanguage(lang);
  return lang;
}

/** Alt+L (by physical key, so it works whatever the keyboard layout types) switches language. */
export function isLanguageShortcut(press: KeyPress): boolean {
  if (!press.altKey || press.ctrlKey || press.metaKey || press.shiftKey) return false;
  if (press.code) return press.code === "KeyL";
  return press.key === "l" || press.key === "L";
}

/** Switches to the next language (Alt+L) and returns it. */
export function cycleLanguage(storage: LanguageStorage | null = browserStorage()): Language {
  const next = nextLanguage(currentLanguage());
  setLanguage(next, storage);
  return next;
}
