// The language the UI is shown in right now, and who wants to hear when it changes.
// Kept free of the DOM and of storage so it is usable (and tested) anywhere.

import { DEFAULT_LANGUAGE, type Language } from "./languages";

type Listener = (lang: Language) => void;

let current: Language = DEFAULT_LANGUAGE;
const listeners = new Set<Listener>();

export function currentLanguage(): Language {
  return current;
}

/** Sets the language and tells every listener; returns whether anything changed. */
export function setCurrentLanguage(lang: Language): boolean {
  if (lang === current) return false;
  current = lang;
  for (const listener of [...listeners]) listener(lang);
  return true;
}

/** Calls `listener` after every change of language; returns the function that stops it. */
export function onLanguageChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
