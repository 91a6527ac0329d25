// A read-only text of any length: only the lines in view are in the page (a 10 MB answer is a
// tall empty spacer and a few dozen line elements). Short texts come whole; long ones a page of
// lines at a time from Rust. Keyboard: focus it and scroll with the arrow keys, PgUp/PgDn, Home/End.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { TextLines } from "@bindings/TextLines";
import type { TextPart } from "@bindings/TextPart";
import { t } from "../../i18n";
import { LINE_HEIGHT, PAGE_LINES, PageCache, pagesFor, splitDisplayLines, visibleWindow } from "./text_window";

const VIEW_HEIGHT = 300;

export interface TextViewProps {
  part: TextPart;
  /** Fetches a page of a text that did not come whole. */
  fetchLines: (first: number, count: number) => Promise<TextLines>;
  label: string;
  testId: string;
}

export function TextView({ part, fetchLines, label, testId }: TextViewProps) {
  const local = useMemo(() => (part.inline === null ? null : splitDisplayLines(part.inline)), [part]);
  const total = local ? local.length : part.total_lines;
  const [scrollTop, setScrollTop] = useState(0);
  const [, setArrived] = useState(0);
  const cache = useRef(new PageCache());
  const pending = useRef(new Set<number>());
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    cache.current = new PageCache();
    pending.current.clear();
    setScrollTop(0);
    if (box.current) box.current.scrollTop = 0;
  }, [part]);

  const win = visibleWindow(scrollTop, VIEW_HEIGHT, total);

  useEffect(() => {
    if (local) return;
    for (const page of pagesFor(win)) {
      if (cache.current.get(page) || pending.current.has(page)) continue;
      pending.current.add(page);
      fetchLines(page * PAGE_LINES, PAGE_LINES)
        .then((got) => {
          cache.current.set(page, got.lines);
          setArrived((n) => n + 1);
        })
        .catch(() => undefined)
        .finally(() => pending.current.delete(page));
    }
  }, [local, win.first, win.count, fetchLines]);

  const rows = [];
  for (let i = win.first; i < win.first + win.count; i++) {
    const text = local ? local[i] : cache.current.line(i);
    rows.push(
      <div key={i} class={text === undefined ? "tester-line loading" : "tester-line"} style={{ top: `${i * LINE_HEIGHT}px` }}>
        {text ?? "…"}
      </div>,
    );
  }

  return (
    <div
      ref={box}
      class="tester-text"
      role="region"
      aria-label={label}
      tabIndex={0}
      data-testid={testId}
      data-lines={total}
      data-bytes={part.total_bytes}
      style={{ height: `${VIEW_HEIGHT}px` }}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
    >
      {total === 0 ? (
        <p class="tester-empty">{t("tester.empty_text")}</p>
      ) : (
        <div class="tester-spacer" style={{ height: `${total * LINE_HEIGHT}px` }}>
          {rows}
        </div>
      )}
    </div>
  );
}
