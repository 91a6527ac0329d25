// The app shell: header, keyboard-first navigation over the eight screens, the current screen,
// and a status line with versions read from Rust. Every string comes from i18n; a change of
// language (Settings, or Alt+L anywhere) re-renders the whole shell at once.

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { LANGUAGES, LANGUAGE_NAMES, cycleLanguage, isLanguageShortcut, setLanguage, t, type Language } from "./i18n";
import { useLanguage } from "./i18n/use_language";
import {
  SCREENS,
  hashForScreen,
  screenAudience,
  screenForListKey,
  screenForShortcut,
  screenFromHash,
  screenSummary,
  screenTitle,
  shortcutKey,
  type ScreenId,
} from "./screens";
import { focusFirstInScreen, setBrowsingList } from "./screens/focus_on_open";
import { ScreenBody } from "./screens/registry";
import { StatusLine } from "./status_line";
import { sandboxStopped, sandboxUrl, useActiveProfiles, type ProfilesState } from "./active_profiles";

export function App() {
  const [screen, setScreen] = useState<ScreenId>(() => screenFromHash(window.location.hash));
  const navButtons = useRef(new Map<ScreenId, HTMLButtonElement>());
  const profiles = useActiveProfiles();
  const lang = useLanguage();

  // focusNav: the operator is browsing the list (↑/↓/Home/End), so the focus stays in it;
  // otherwise (Alt+N, a click) the opened screen puts the focus on its first input.
  const go = useCallback((id: ScreenId, focusNav: boolean) => {
    setBrowsingList(focusNav);
    setScreen(id);
    if (window.location.hash !== hashForScreen(id)) {
      history.replaceState(null, "", hashForScreen(id));
    }
    if (focusNav) navButtons.current.get(id)?.focus();
  }, []);

  // Alt+1 … Alt+8 and Alt+L (next language) from anywhere in the window. Also records whether the
  // operator is using the keyboard or a pointer, so focus rings show for keyboard use even after
  // programmatic focus (WebKitGTK does not apply :focus-visible to element.focus() calls).
  useEffect(() => {
    const root = document.documentElement;
    const onPointer = () => {
      root.dataset.input = "pointer";
    };
    const onKey = (e: KeyboardEvent) => {
      root.dataset.input = "keyboard";
      const target = screenForShortcut(e);
      if (target) {
        e.preventDefault();
        go(target, false);
      } else if (isLanguageShortcut(e)) {
        e.preventDefault();
        cycleLanguage();
      }
    };
    const onHash = () => setScreen(screenFromHash(window.location.hash));
    window.addEventListener("keydown", onKey);
    window.addEventListener("pointerdown", onPointer);
    window.addEventListener("hashchange", onHash);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("pointerdown", onPointer);
      window.removeEventListener("hashchange", onHash);
    };
  }, [go]);

  useEffect(() => {
    document.title = `${t(screenTitle(screen))} · ${t("app.name")}`;
  }, [screen, lang]);

  const onListKey = (from: ScreenId) => (e: KeyboardEvent) => {
    if (e.key === "Enter" && !e.altKey && !e.ctrlKey && !e.metaKey) {
      setBrowsingList(false);
      if (focusFirstInScreen()) e.preventDefault();
      return;
    }
    const target = screenForListKey(from, e);
    if (target) {
      e.preventDefault();
      go(target, true);
    }
  };

  return (
    <div class="shell">
      <header class="topbar">
        <Emblem />
        <div class="brand">
          <span class="product" data-testid="product-name">{t("app.name")}</span>
          <span class="tagline">{t("app.tagline")}</span>
        </div>
        <SandboxBadge state={profiles} />
      </header>

      <nav class="sidebar" aria-label={t("nav.label")}>
        <ul class="nav-list">
          {SCREENS.map((id) => {
            const active = id === screen;
            return (
              <li key={id}>
                <button
                  type="button"
                  class={active ? "nav-item active" : "nav-item"}
                  data-screen={id}
                  aria-current={active ? "page" : undefined}
                  aria-keyshortcuts={`Alt+${shortcutKey(id)}`}
                  tabIndex={active ? 0 : -1}
                  ref={(el) => {
                    if (el) navButtons.current.set(id, el);
                    else navButtons.current.delete(id);
                  }}
                  onClick={() => go(id, false)}
                  onKeyDown={onListKey(id)}
                >
                  <span class="nav-num" aria-hidden="true">
                    {shortcutKey(id)}
                  </span>
                  <span class="nav-title">{t(screenTitle(id))}</span>
                  <kbd class="nav-kbd" aria-hidden="true">
                    {t("nav.shortcut", { key: shortcutKey(id) })}
                  </kbd>
                </button>
              </li>
            );
          })}
        </ul>
        <p class="nav-help">{t("nav.help")}</p>
      </nav>

      <main class="content" id="main">
        <ScreenHeader id={screen} />
        <ScreenBody id={screen} />
        {screen === "settings" && <LanguagePanel lang={lang} />}
        {screen === "settings" && <ProfilesPanel state={profiles} />}
      </main>

      <StatusLine />
    </div>
  );
}

function ScreenHeader({ id }: { id: ScreenId }) {
  return (
    <section class="screen" data-testid="screen" data-screen={id} aria-labelledby="screen-title">
      <p class="audience">{t(screenAudience(id))}</p>
      <h1 id="screen-title" class="screen-title">
        {t(screenTitle(id))}
      </h1>
      <p class="summary" data-testid="screen-summary">
        {t(screenSummary(id))}
      </p>
    </section>
  );
}

/** Shown whenever a sandbox profile is active, so nobody mistakes it for a real portal. */
function SandboxBadge({ state }: { state: ProfilesState }) {
  const url = sandboxUrl(state);
  if (url) {
    return (
      <span class="sandbox-badge" data-testid="sandbox-badge" data-state="running" title={t("sandbox.badge_title", { url })}>
        {t("sandbox.badge")}
      </span>
    );
  }
  if (sandboxStopped(state)) {
    // Stopped from Settings: no claim that a sandbox runs (its profiles stay, not production).
    return (
      <span class="sandbox-badge stopped" data-testid="sandbox-badge" data-state="stopped" title={t("signing.sandbox.badge_stopped_title")}>
        {t("signing.sandbox.badge_stopped")}
      </span>
    );
  }
  if (state.kind === "failed") {
    // The plain sentence in the chosen language; the core's own words and the detail on hover.
    const technical = [state.error.message, state.error.detail?.text].filter(Boolean).join(" — ");
    return (
      <span class="sandbox-badge failed" data-testid="sandbox-badge" data-code={state.error.code} title={technical}>
        {t("sandbox.failed", { message: t(`error.${state.error.code}`) })}
      </span>
    );
  }
  return (
    <span class="sandbox-badge starting" data-testid="sandbox-badge">
      {t("sandbox.starting")}
    </span>
  );
}

/** The language picker: a radio group, so ↑/↓ (or ←/→) switch language straight away. */
function LanguagePanel({ lang }: { lang: Language }) {
  return (
    <section class="screen language" data-testid="language" aria-labelledby="language-title">
      <h2 id="language-title">{t("language.heading")}</h2>
      <p>{t("language.intro")}</p>
      <fieldset class="language-options" aria-labelledby="language-title" aria-keyshortcuts="Alt+L">
        {LANGUAGES.map((l) => (
          <label key={l} class="language-option" lang={l}>
            <input
              type="radio"
              name="language"
              value={l}
              checked={l === lang}
              data-testid="language-option"
              onChange={() => setLanguage(l)}
            />
            <span>{LANGUAGE_NAMES[l]}</span>
          </label>
        ))}
      </fieldset>
    </section>
  );
}

function ProfilesPanel({ state }: { state: ProfilesState }) {
  if (state.kind !== "ready") return null;
  return (
    <section class="screen profiles" data-testid="profiles" aria-labelledby="profiles-title">
      <h2 id="profiles-title">{t("profiles.heading")}</h2>
      <p>{t("profiles.intro")}</p>
      {state.active.sandbox.state === "running" && (
        <p class="profiles-saved" data-testid="profiles-saved" data-saved={state.active.sandbox.saved.state}>
          {state.active.sandbox.saved.state === "saved"
            ? t("profiles.saved", { journal: state.active.sandbox.saved.journal })
            : t("profiles.not_saved", { reason: state.active.sandbox.saved.reason })}
        </p>
      )}
      <ul class="profile-list">
        {state.active.profiles.map((p) => (
          <li key={p.peer} data-testid="profile" data-peer={p.peer} data-url={p.base_url}>
            <span class="profile-name">
              {p.name} · {t(`profiles.peer.${p.peer}`)}
            </span>
            <code class="profile-url">{p.base_url}</code>
            {!p.production && <span class="profile-tag">{t("profiles.not_production")}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The Kendra Desk emblem (same drawing as icons/icon.svg), inline so the CSP needs no img source. */
function Emblem() {
  return (
    <svg class="emblem" viewBox="0 0 512 512" width="36" height="36" aria-hidden="true" focusable="false">
      <rect x="16" y="16" width="480" height="480" rx="112" fill="#0F6B68" stroke="#FFF8EC" stroke-width="20" />
      <g fill="none" stroke="#FFF8EC" stroke-width="62" stroke-linecap="round" stroke-linejoin="round">
        <path d="M176 112 V330" />
        <path d="M346 112 L196 236" />
        <path d="M248 196 L350 330" />
      </g>
      <rect x="88" y="364" width="336" height="44" rx="22" fill="#F4A51C" />
      <rect x="136" y="408" width="240" height="24" rx="8" fill="#C9800E" />
    </svg>
  );
}
