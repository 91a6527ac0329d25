// Each screen area keeps its own strings next to its components (screens/<area>/strings.ts) in
// all three languages, so areas never edit the same dictionary file. This registry merges them
// into the app's dictionaries; `t()` and the dictionary tests see them like any other string.

import { adminStrings } from "../screens/admin/strings";
import { deoStrings } from "../screens/deo/strings";
import { signingStrings } from "../screens/signing/strings";
import { testerStrings } from "../screens/tester/strings";

/** One area's strings: English is the reference; Bengali and Hindi must have the same keys. */
export interface ScreenStrings<E extends Record<string, string>> {
  en: E;
  bn: Record<keyof E, string>;
  hi: Record<keyof E, string>;
}

export const SCREEN_STRINGS = [deoStrings, adminStrings, testerStrings, signingStrings] as const;

/** Every message id the screen areas add. */
export type ScreenMessageId =
  | keyof typeof deoStrings.en
  | keyof typeof adminStrings.en
  | keyof typeof testerStrings.en
  | keyof typeof signingStrings.en;
