import { describe, expect, it } from "vitest";
import {
  DEFAULT_SCREEN,
  SCREENS,
  hashForScreen,
  isScreenId,
  screenForListKey,
  screenForShortcut,
  screenFromHash,
  shortcutKey,
  type KeyPress,
  type ScreenId,
} from "./screens";

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
});

describe("screens", () => {
  it("lists the eight screens in menu order", () => {
    expect(SCREENS).toEqual(["counter", "status", "documents", "outbox", "explorer", "signing", "journal", "settings"]);
    expect(DEFAULT_SCREEN).toBe("counter");
  });

  it("numbers shortcuts 1 to 8 in menu order", () => {
    expect(SCREENS.map(shortcutKey)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
  });

  it("recognises screen ids only", () => {
    expect(isScreenId("outbox")).toBe(true);
    expect(isScreenId("Outbox")).toBe(false);
    expect(isScreenId("")).toBe(false);
  });
});

describe("Alt+digit shortcuts", () => {
  it("maps Alt+1..Alt+8 to the screens", () => {
    SCREENS.forEach((id, i) => {
      expect(screenForShortcut(press(String(i + 1), { altKey: true, code: `Digit${i + 1}` }))).toBe(id);
    });
  });

  it("uses the physical key when the layout types something else with Alt", () => {
    // A Bengali layout types "৪" on the 4 key.
    expect(screenForShortcut(press("৪", { altKey: true, code: "Digit4" }))).toBe("outbox");
    expect(screenForShortcut(press("7", { altKey: true, code: "Numpad7" }))).toBe("journal");
  });

  it("falls back to the typed digit when no code is known", () => {
    expect(screenForShortcut(press("2", { altKey: true }))).toBe("status");
  });

  it("ignores digits without Alt, with other modifiers, and out of range", () => {
    expect(screenForShortcut(press("1", { code: "Digit1" }))).toBeNull();
    expect(screenForShortcut(press("1", { altKey: true, ctrlKey: true, code: "Digit1" }))).toBeNull();
    expect(screenForShortcut(press("1", { altKey: true, shiftKey: true, code: "Digit1" }))).toBeNull();
    expect(screenForShortcut(press("9", { altKey: true, code: "Digit9" }))).toBeNull();
    expect(screenForShortcut(press("0", { altKey: true, code: "Digit0" }))).toBeNull();
    expect(screenForShortcut(press("a", { altKey: true, code: "KeyA" }))).toBeNull();
  });
});

describe("arrow keys in the menu", () => {
  it("moves down and up with wrap-around", () => {
    expect(screenForListKey("counter", press("ArrowDown"))).toBe("status");
    expect(screenForListKey("settings", press("ArrowDown"))).toBe("counter");
    expect(screenForListKey("counter", press("ArrowUp"))).toBe("settings");
    expect(screenForListKey("journal", press("ArrowUp"))).toBe("signing");
  });

  it("jumps with Home and End", () => {
    expect(screenForListKey("outbox", press("Home"))).toBe("counter");
    expect(screenForListKey("outbox", press("End"))).toBe("settings");
  });

  it("visits every screen once going down from the first", () => {
    const seen: string[] = [];
    let at: ScreenId = DEFAULT_SCREEN;
    for (let i = 0; i < SCREENS.length; i++) {
      seen.push(at);
      at = screenForListKey(at, press("ArrowDown")) ?? at;
    }
    expect(seen).toEqual([...SCREENS]);
    expect(at).toBe(SCREENS[0]);
  });

  it("leaves other keys and modified arrows alone", () => {
    expect(screenForListKey("counter", press("Enter"))).toBeNull();
    expect(screenForListKey("counter", press("a"))).toBeNull();
    expect(screenForListKey("counter", press("ArrowDown", { altKey: true }))).toBeNull();
    expect(screenForListKey("counter", press("ArrowDown", { ctrlKey: true }))).toBeNull();
  });
});

describe("location hash", () => {
  it("round-trips every screen", () => {
    for (const id of SCREENS) expect(screenFromHash(hashForScreen(id))).toBe(id);
  });

  it("falls back to the default screen", () => {
    expect(screenFromHash("")).toBe("counter");
    expect(screenFromHash("#/nope")).toBe("counter");
    expect(screenFromHash("#signing")).toBe("signing");
  });
});
