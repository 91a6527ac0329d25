import { describe, expect, it } from "vitest";
import { LINE_HEIGHT, PAGE_LINES, PageCache, WRAP_CHARS, pagesFor, splitDisplayLines, visibleWindow } from "./text_window";

describe("the text view's window", () => {
  it("draws only the lines in view of a 10 MB answer, wherever it is scrolled", () => {
    // 10 MB of minified JSON is one line: cut into display lines the Rust side cuts the same way.
    const text = `{"data":"${"x".repeat(10 * 1024 * 1024)}"}`;
    const lines = splitDisplayLines(text);
    expect(lines.length).toBe(Math.ceil(text.length / WRAP_CHARS));
    expect(lines.join("")).toBe(text);
    const viewport = 300;
    for (const scrollTop of [0, 1_000_000, (lines.length - 1) * LINE_HEIGHT]) {
      const win = visibleWindow(scrollTop, viewport, lines.length);
      expect(win.count).toBeLessThanOrEqual(Math.ceil(viewport / LINE_HEIGHT) + 40);
      expect(win.first + win.count).toBeLessThanOrEqual(lines.length);
      expect(win.first * LINE_HEIGHT).toBeLessThanOrEqual(scrollTop);
    }
  });

  it("never cuts a Bengali letter in half and keeps short lines whole", () => {
    const lines = splitDisplayLines("রিনা বাগদি\n" + "অ".repeat(5), 3);
    expect(lines).toEqual(["রিন", "া ব", "াগদ", "ি", "অঅঅ", "অঅ"]);
    expect(splitDisplayLines("")).toEqual([""]);
  });

  it("asks for the pages a window needs and keeps only the recent ones", () => {
    expect(pagesFor({ first: 190, count: 30 })).toEqual([0, 1]);
    expect(pagesFor({ first: 0, count: 0 })).toEqual([]);
    expect(visibleWindow(0, 300, 0)).toEqual({ first: 0, count: 0 });
    const cache = new PageCache(2);
    cache.set(0, ["a", "b"]);
    cache.set(1, Array.from({ length: PAGE_LINES }, (_, i) => `l${i}`));
    cache.get(0);
    cache.set(2, ["z"]);
    expect(cache.size).toBe(2);
    expect(cache.get(1)).toBeUndefined();
    expect(cache.line(1)).toBe("b");
    expect(cache.line(2 * PAGE_LINES)).toBe("z");
  });
});
