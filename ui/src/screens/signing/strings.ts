// The signing screens' strings in English, Bengali and Hindi (registered in i18n/screen_strings.ts).
// Ids start with "signing." so they never clash with another area's.

import type { ScreenStrings } from "../../i18n/screen_strings";

const en = {
  "signing.loading": "Loading…",
} as const;

export const signingStrings: ScreenStrings<typeof en> = {
  en,
  bn: {
    "signing.loading": "লোড হচ্ছে…",
  },
  hi: {
    "signing.loading": "लोड हो रहा है…",
  },
};
