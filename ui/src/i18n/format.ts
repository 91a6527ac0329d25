// Dates, times and numbers in the UI's language, always on Indian Standard Time (the kendra's
// clock, whatever the PC's time zone is set to). Formatters are made once per language and kind:
// building an Intl formatter is slow on a weak PC.
//
// Identifiers (ticket, application numbers) are strings and must never come through here.

import { currentLanguage } from "./current";
import { LOCALES, type Language } from "./languages";

export const TIME_ZONE = "Asia/Kolkata";

/** A moment: a Date, an ISO 8601 string (as Rust sends them) or milliseconds since the epoch. */
export type When = Date | string | number;

const DATE_STYLES = {
  /** 26 Jan 2025 */
  date: { day: "numeric", month: "short", year: "numeric" },
  /** 10:00 am */
  time: { hour: "numeric", minute: "2-digit" },
  /** 10:00:05 am, for exchange logs */
  timeSeconds: { hour: "numeric", minute: "2-digit", second: "2-digit" },
  /** 26 Jan 2025, 10:00 am */
  dateTime: { day: "numeric", month: "short", year: "numeric", hour: "numeric", minute: "2-digit" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

export type DateStyle = keyof typeof DATE_STYLES;

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<Language, Intl.NumberFormat>();

function dateFormat(lang: Language, style: DateStyle): Intl.DateTimeFormat {
  const key = `${lang}|${style}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], { ...DATE_STYLES[style], timeZone: TIME_ZONE });
    dateFormats.set(key, f);
  }
  return f;
}

function toDate(when: When): Date | null {
  const d = when instanceof Date ? when : new Date(when);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * Formats a moment in IST. Something that is not a valid moment is shown as given, so a
 * malformed timestamp from a peer is still visible rather than lost or shown as "Invalid Date".
 */
export function formatWhen(when: When, style: DateStyle, lang: Language = currentLanguage()): string {
  const d = toDate(when);
  return d ? dateFormat(lang, style).format(d) : String(when);
}

export function formatDate(when: When, lang: Language = currentLanguage()): string {
  return formatWhen(when, "date", lang);
}

export function formatTime(when: When, lang: Language = currentLanguage()): string {
  return formatWhen(when, "time", lang);
}

export function formatDateTime(when: When, lang: Language = currentLanguage()): string {
  return formatWhen(when, "dateTime", lang);
}

/** A count or amount with Indian digit grouping (12,34,567). Not for identifiers. */
export function formatNumber(n: number | bigint, lang: Language = currentLanguage()): string {
  let f = numberFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[lang]);
    numberFormats.set(lang, f);
  }
  return f.format(n);
}
