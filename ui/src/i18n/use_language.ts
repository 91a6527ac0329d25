// The hook that makes a component re-render when the language changes.

import { useEffect, useState } from "preact/hooks";
import { currentLanguage, onLanguageChange } from "./current";
import type { Language } from "./languages";

/** The current language; the calling component re-renders whenever it changes. */
export function useLanguage(): Language {
  const [lang, setLang] = useState<Language>(currentLanguage);
  useEffect(() => {
    setLang(currentLanguage()); // in case it changed between render and subscription
    return onLanguageChange(setLang);
  }, []);
  return lang;
}
