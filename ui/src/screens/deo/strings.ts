// The deo screens' strings in English, Bengali and Hindi (registered in i18n/screen_strings.ts).
// Ids start with "deo." so they never clash with another area's.

import type { ScreenStrings } from "../../i18n/screen_strings";

const en = {
  "deo.loading": "Loading…",
} as const;

export const deoStrings: ScreenStrings<typeof en> = {
  en,
  bn: {
    "deo.loading": "লোড হচ্ছে…",
  },
  hi: {
    "deo.loading": "लोड हो रहा है…",
  },
};
