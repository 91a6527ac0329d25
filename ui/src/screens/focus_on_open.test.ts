import { describe, expect, it } from "vitest";
import { focusOnOpen, setBrowsingList } from "./focus_on_open";

describe("focusOnOpen", () => {
  it("focuses unless the operator is browsing the screen list", () => {
    let focused = 0;
    const el = { focus: () => focused++ } as unknown as HTMLElement;
    setBrowsingList(true);
    focusOnOpen(el);
    expect(focused).toBe(0);
    setBrowsingList(false);
    focusOnOpen(el);
    expect(focused).toBe(1);
    focusOnOpen(null);
    expect(focused).toBe(1);
  });
});
