// The arithmetic of the Explorer's text view: a long text (an answer of 10 MB and more) is drawn
// as a window of fixed-height lines inside a tall spacer, so the page holds only the lines in
// view; for texts kept on the Rust side the lines arrive a page at a time.

/** Lines longer than this are cut into display lines (the Rust side cuts at the same width). */
export const WRAP_CHARS = 2000;
/** Height of one display line in CSS pixels (tester.css sets the same). */
export const LINE_HEIGHT = 20;
/** Lines fetched from Rust at a time. */
export const PAGE_LINES = 200;

/** A text split into display lines: at each newline, and every `wrap` characters within a line. */
export function splitDisplayLines(text: string, wrap: number = WRAP_CHARS): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (line.length <= wrap) {
      out.push(line);
      continue;
    }
    // Cut by code points so a Bengali or Devanagari letter is never split in half.
    const chars = Array.from(line);
    for (let i = 0; i < chars.length; i += wrap) out.push(chars.slice(i, i + wrap).join(""));
  }
  return out;
}

export interface LineWindow {
  first: number;
  count: number;
}

/** Which lines to draw for a viewport scrolled to `scrollTop`, with `overscan` lines either side. */
export function visibleWindow(
  scrollTop: number,
  viewportHeight: number,
  totalLines: number,
  lineHeight: number = LINE_HEIGHT,
  overscan = 20,
): LineWindow {
  if (totalLines <= 0) return { first: 0, count: 0 };
  const top = Math.max(0, Math.floor(scrollTop / lineHeight) - overscan);
  const first = Math.min(top, Math.max(0, totalLines - 1));
  const shown = Math.ceil(Math.max(viewportHeight, 0) / lineHeight) + 2 * overscan;
  return { first, count: Math.max(0, Math.min(shown, totalLines - first)) };
}

/** The page numbers (of `pageSize` lines) a window needs. */
export function pagesFor(window: LineWindow, pageSize: number = PAGE_LINES): number[] {
  if (window.count <= 0) return [];
  const from = Math.floor(window.first / pageSize);
  const to = Math.floor((window.first + window.count - 1) / pageSize);
  const pages: number[] = [];
  for (let p = from; p <= to; p++) pages.push(p);
  return pages;
}

/**
 * Pages of lines already fetched, at most `limit` of them (the least recently used go first), so
 * scrolling through 10 MB never keeps all of it in the webview.
 */
export class PageCache {
  private readonly pages = new Map<number, string[]>();
  constructor(private readonly limit = 20) {}

  get(page: number): string[] | undefined {
    const lines = this.pages.get(page);
    if (lines) {
      this.pages.delete(page);
      this.pages.set(page, lines);
    }
    return lines;
  }

  set(page: number, lines: string[]): void {
    this.pages.delete(page);
    this.pages.set(page, lines);
    while (this.pages.size > this.limit) {
      const oldest = this.pages.keys().next().value;
      if (oldest === undefined) break;
      this.pages.delete(oldest);
    }
  }

  get size(): number {
    return this.pages.size;
  }

  /** Line `index`, or undefined while its page has not arrived. */
  line(index: number, pageSize: number = PAGE_LINES): string | undefined {
    return this.pages.get(Math.floor(index / pageSize))?.[index % pageSize];
  }
}
