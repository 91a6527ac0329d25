// Report the first painted frame, as Kendra Desk's UI does.
requestAnimationFrame(() =>
  requestAnimationFrame(() => window.__TAURI__.core.invoke("first_screen_shown")),
);
