// The tester screens' strings in English, Bengali and Hindi (registered in i18n/screen_strings.ts).
// Ids start with "tester." so they never clash with another area's.

import type { ScreenStrings } from "../../i18n/screen_strings";

const en = {
  "tester.loading": "Loading…",
} as const;

export const testerStrings: ScreenStrings<typeof en> = {
  en,
  bn: {
    "tester.loading": "লোড হচ্ছে…",
  },
  hi: {
    "tester.loading": "लोड हो रहा है…",
  },
};
