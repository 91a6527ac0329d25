// The admin screens' strings in English, Bengali and Hindi (registered in i18n/screen_strings.ts).
// Ids start with "admin." so they never clash with another area's.

import type { ScreenStrings } from "../../i18n/screen_strings";

const en = {
  "admin.loading": "Loading…",
} as const;

export const adminStrings: ScreenStrings<typeof en> = {
  en,
  bn: {
    "admin.loading": "লোড হচ্ছে…",
  },
  hi: {
    "admin.loading": "लोड हो रहा है…",
  },
};
