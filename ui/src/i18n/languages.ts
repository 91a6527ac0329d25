// The languages of the UI and the facts about each that code (not translators) needs.

export const LANGUAGES = ["en", "bn", "hi"] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = "en";

/** Each language's own name, shown in the picker in its own script. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: "English",
  bn: "বাংলা",
  hi: "हिन्दी",
};

/**
 * The Intl locale per language. Digits stay Latin (`-u-nu-latn`) in every language: ticket and
 * application numbers, OTPs and mobile numbers are Latin everywhere (on the portal, on the
 * citizen's phone), so counts and dates on the same screen use the same digits. CLDR's default
 * for Bengali would be Bengali digits (০১২…).
 */
export const LOCALES: Record<Language, string> = {
  en: "en-IN-u-nu-latn",
  bn: "bn-IN-u-nu-latn",
  hi: "hi-IN-u-nu-latn",
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** The language after `lang` in picker order, wrapping round (what Alt+L switches to). */
export function nextLanguage(lang: Language): Language {
  const i = LANGUAGES.indexOf(lang);
  return LANGUAGES[(i + 1) % LANGUAGES.length] ?? DEFAULT_LANGUAGE;
}
