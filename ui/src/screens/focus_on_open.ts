// Where the focus goes when a screen opens. Opened with Alt+N, a click or Enter on its entry, the
// screen puts the focus on its first input (the DEO types straight away). While the operator
// browses the screen list with ↑/↓/Home/End the focus stays in the list, so the next arrow key
// still moves through it.

let browsingList = false;

/** Called by the shell before it switches screens. */
export function setBrowsingList(browsing: boolean): void {
  browsingList = browsing;
}

/** Focuses `el` unless the operator is browsing the screen list. */
export function focusOnOpen(el: HTMLElement | null | undefined): void {
  if (!browsingList) el?.focus();
}

/** The first field or button of the open screen, for Enter on its entry. */
export function focusFirstInScreen(root: ParentNode = document): boolean {
  const el = root.querySelector<HTMLElement>(
    "#main input:not([disabled]):not([type=hidden]), #main select:not([disabled]), #main textarea:not([disabled]), #main button:not([disabled])",
  );
  el?.focus();
  return el !== null;
}
