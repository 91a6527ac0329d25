// The eight screens of Kendra Desk and the pure navigation logic over them (tested without a DOM).

import type { MessageId } from "./i18n";

export const SCREENS = [
  "counter",
  "status",
  "documents",
  "outbox",
  "explorer",
  "signing",
  "journal",
  "settings",
] as const;

export type ScreenId = (typeof SCREENS)[number];

export const DEFAULT_SCREEN: ScreenId = "counter";

export function isScreenId(value: string): value is ScreenId {
  return (SCREENS as readonly string[]).includes(value);
}

export function screenTitle(id: ScreenId): MessageId {
  return `screen.${id}.title`;
}
export function screenAudience(id: ScreenId): MessageId {
  return `screen.${id}.audience`;
}
export function screenSummary(id: ScreenId): MessageId {
  return `screen.${id}.summary`;
}

/** The digit (as a string) that opens `id` with Alt: "1" for the first screen … "8" for the last. */
export function shortcutKey(id: ScreenId): string {
  return String(SCREENS.indexOf(id) + 1);
}

/** A key press, reduced to what navigation cares about (so tests need no DOM KeyboardEvent). */
export interface KeyPress {
  key: string;
  code?: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

/**
 * Global shortcut: Alt+1 … Alt+8 open a screen. Returns the screen or null.
 * Uses `code` (Digit1…Digit8, Numpad1…) so it works whatever the keyboard layout types with Alt,
 * e.g. Bengali or Hindi layouts that produce other characters for the digit keys.
 */
export function screenForShortcut(press: KeyPress): ScreenId | null {
  if (!press.altKey || press.ctrlKey || press.metaKey || press.shiftKey) return null;
  const fromCode = /^(?:Digit|Numpad)([1-8])$/.exec(press.code ?? "");
  const digit = fromCode?.[1] ?? (/^[1-8]$/.test(press.key) ? press.key : null);
  if (digit === null) return null;
  return SCREENS[Number(digit) - 1] ?? null;
}

/**
 * Keys inside the navigation list (roving focus): ↑/↓ (and ←/→) move with wrap-around,
 * Home/End jump to the first/last screen. Returns the screen to move to, or null if the key
 * is not a navigation key.
 */
export function screenForListKey(from: ScreenId, press: KeyPress): ScreenId | null {
  if (press.altKey || press.ctrlKey || press.metaKey) return null;
  const i = SCREENS.indexOf(from);
  const n = SCREENS.length;
  switch (press.key) {
    case "ArrowDown":
    case "ArrowRight":
      return SCREENS[(i + 1) % n] ?? null;
    case "ArrowUp":
    case "ArrowLeft":
      return SCREENS[(i - 1 + n) % n] ?? null;
    case "Home":
      return SCREENS[0] ?? null;
    case "End":
      return SCREENS[n - 1] ?? null;
    default:
      return null;
  }
}

/** Reads the screen from a location hash like "#/outbox"; anything else gives the default. */
export function screenFromHash(hash: string): ScreenId {
  const id = hash.replace(/^#\/?/, "");
  return isScreenId(id) ? id : DEFAULT_SCREEN;
}

export function hashForScreen(id: ScreenId): string {
  return `#/${id}`;
}
