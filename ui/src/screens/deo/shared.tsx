// Pieces the three DEO screens share: what the counter remembers between screens, a call to the
// department with a spinner and "stop waiting", an error in plain words with its technical
// details a click away, a copy button, and the searchable service picker.

import { useEffect, useRef, useState } from "preact/hooks";
import type { IpcError } from "@bindings/IpcError";
import type { ServiceOption } from "@bindings/ServiceOption";
import { t } from "../../i18n";
import { CommandError, toIpcError } from "../../ipc_error";
import { deoProfiles, deoServices } from "./ipc";
import { errorSentence, moveActive } from "./logic";

// ---- what the counter remembers while the DEO moves between screens -----------------------------

const USER_ID_KEY = "kendra-desk.deo.user_id";

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

export const counterMemory = {
  /** The BSK profile in use (null until profiles are read). */
  profile: null as string | null,
  /** For Status: a number to look up when the screen opens. */
  statusNumber: "",
  /** For Documents: a number to fill in when the screen opens. */
  documentNumber: "",
  /** Service codes learnt per application number (Status → Documents' API-4). */
  serviceOf: new Map<string, string>(),
};

export function savedUserId(): string {
  try {
    return storage()?.getItem(USER_ID_KEY) ?? "";
  } catch {
    return "";
  }
}

export function saveUserId(value: string): void {
  try {
    storage()?.setItem(USER_ID_KEY, value.trim());
  } catch {
    // storage full or disabled: remembered for this run only
  }
}

/** Opens another screen through the shell's hash navigation. */
export function openScreen(id: "counter" | "status" | "documents"): void {
  window.location.hash = `#/${id}`;
}

/** The profile the DEO screens use: read once, then remembered. */
export function useProfile(): { profile: string | null; sandbox: boolean; error: IpcError | null; loading: boolean } {
  const [state, setState] = useState<{ profile: string | null; sandbox: boolean; error: IpcError | null; loading: boolean }>({
    profile: counterMemory.profile,
    sandbox: false,
    error: null,
    loading: true,
  });
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = (triesLeft: number) => {
      deoProfiles()
        .then((p) => {
          if (!alive) return;
          const profile = counterMemory.profile && p.profiles.some((x) => x.name === counterMemory.profile) ? counterMemory.profile : p.default_profile;
          counterMemory.profile = profile;
          setState({ profile, sandbox: p.profiles.find((x) => x.name === profile)?.sandbox ?? false, error: null, loading: false });
        })
        .catch((e: unknown) => {
          if (!alive) return;
          // The sandbox and journal open in the background at start-up: ask again for a while.
          if (triesLeft > 0) timer = setTimeout(() => load(triesLeft - 1), 500);
          else setState({ profile: null, sandbox: false, error: asIpcError(e), loading: false });
        });
    };
    load(60);
    return () => {
      alive = false;
      if (timer) clearTimeout(timer);
    };
  }, []);
  return state;
}

export function asIpcError(e: unknown): IpcError {
  return e instanceof CommandError ? e.error : toIpcError(e);
}

// ---- a call that may take long ---------------------------------------------------------------------

export interface Pending {
  seconds: number;
  cancel: () => void;
}

/**
 * Runs department calls one at a time: `pending` while one runs (seconds counting, a cancel that
 * stops waiting for it), `error` when it failed. A cancelled call's answer is ignored.
 */
export function useCall() {
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const generation = useRef(0);
  const alive = useRef(true);
  useEffect(() => () => {
    alive.current = false;
    generation.current++;
  }, []);

  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    const mine = ++generation.current;
    setError(null);
    setCancelled(false);
    const started = Date.now();
    const cancel = () => {
      if (generation.current !== mine) return;
      generation.current++;
      clearInterval(tick);
      setPending(null);
      setCancelled(true);
    };
    setPending({ seconds: 0, cancel });
    const tick = setInterval(() => {
      if (alive.current && generation.current === mine) setPending({ seconds: Math.floor((Date.now() - started) / 1000), cancel });
    }, 1000);
    try {
      const result = await work();
      return generation.current === mine && alive.current ? result : undefined;
    } catch (e) {
      if (generation.current === mine && alive.current) setError(asIpcError(e));
      return undefined;
    } finally {
      clearInterval(tick);
      if (generation.current === mine && alive.current) setPending(null);
    }
  }
  return { pending, error, cancelled, run, setError };
}

/** The spinner with seconds and a "stop waiting" button, or the note that the DEO stopped. */
export function BusyLine({ pending, cancelled }: { pending: Pending | null; cancelled: boolean }) {
  if (pending) {
    return (
      <div class="deo-busy" role="status" data-testid="deo-busy">
        <span class="deo-spinner" aria-hidden="true" />
        <span>{t("deo.busy", { seconds: String(pending.seconds) })}</span>
        <button type="button" class="deo-button secondary" onClick={pending.cancel}>
          {t("deo.cancel")}
        </button>
      </div>
    );
  }
  if (cancelled) {
    return (
      <p class="deo-note" role="status">
        {t("deo.cancelled")}
      </p>
    );
  }
  return null;
}

/** A failed call: one plain sentence in the DEO's language; the core's words behind a toggle. */
export function ErrorNotice({ error, testid = "deo-error" }: { error: IpcError | null; testid?: string }) {
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [error]);
  if (!error) return null;
  const said = errorSentence(error);
  const d = error.detail;
  return (
    <div class="deo-error" role="alert" data-testid={testid} data-code={error.code} data-peer-code={d?.peer_code ?? ""}>
      <p class="deo-error-sentence">{t(said.id, said.params)}</p>
      <button type="button" class="deo-link" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t("deo.details_hide") : t("deo.details_show")}
      </button>
      {open && (
        <div class="deo-error-details" data-testid="deo-error-details">
          <p lang="en">{error.message}</p>
          {d?.text && d.text !== error.message && <pre lang="en">{d.text}</pre>}
          {d?.http_status != null && <p>{t("deo.detail_http", { status: String(d.http_status) })}</p>}
          {d?.peer_code && <p>{t("deo.detail_code", { code: d.peer_code })}</p>}
        </div>
      )}
    </div>
  );
}

/** Copies `text` (an id, exactly as shown); says whether it worked. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      // Fallback: a hidden text area and the old copy command.
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "deo-offscreen";
      document.body.appendChild(area);
      area.select();
      let ok = false;
      try {
        ok = document.execCommand("copy");
      } catch {
        ok = false;
      }
      area.remove();
      setState(ok ? "copied" : "failed");
    }
  };
  return (
    <span class="deo-copy">
      <button type="button" class="deo-button secondary small" aria-label={`${t("deo.copy")}: ${label}`} onClick={() => void copy()}>
        {state === "copied" ? t("deo.copied") : t("deo.copy")}
      </button>
      {state === "failed" && (
        <span class="deo-field-error" role="alert">
          {t("deo.copy_failed")}
        </span>
      )}
    </span>
  );
}

// ---- the service picker ------------------------------------------------------------------------------

/**
 * A combobox over the 77 services: type a code or words (Rust searches), ↑/↓ to move, Enter to
 * pick, Escape to close. `onPicked` runs after a pick (the caller moves focus on).
 */
export function ServicePicker({
  id,
  value,
  onChange,
  onPicked,
  onBlur,
  problem,
  inputRef,
}: {
  id: string;
  value: ServiceOption | null;
  onChange: (service: ServiceOption | null) => void;
  onPicked?: (service: ServiceOption) => void;
  onBlur?: () => void;
  problem?: string | null;
  inputRef?: { current: HTMLInputElement | null };
}) {
  const [query, setQuery] = useState(value ? `${value.service_code} · ${value.service_name}` : "");
  const [options, setOptions] = useState<ServiceOption[]>([]);
  const [active, setActive] = useState<number | null>(null);
  const [open, setOpen] = useState(false);
  const asked = useRef(0);

  useEffect(() => {
    setQuery(value ? `${value.service_code} · ${value.service_name}` : "");
  }, [value?.service_code]);

  const search = (text: string) => {
    const mine = ++asked.current;
    deoServices(text)
      .then((found) => {
        if (mine !== asked.current) return; // an older answer after a newer question
        setOptions(found);
        setActive(found.length > 0 ? 0 : null);
      })
      .catch(() => setOptions([]));
  };

  const pick = (s: ServiceOption) => {
    setOpen(false);
    setQuery(`${s.service_code} · ${s.service_name}`);
    onChange(s);
    onPicked?.(s);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "Enter") {
      if (open && active !== null && options[active]) {
        e.preventDefault();
        pick(options[active]);
      } else if (!value) {
        e.preventDefault(); // nothing picked yet: Enter must not submit the form
        setOpen(true);
        search(query);
      }
      return;
    }
    if (e.key === "Escape") {
      if (open) {
        e.preventDefault();
        setOpen(false);
      }
      return;
    }
    const next = moveActive(active, Math.min(options.length, 50), e.key);
    if (next !== null) {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        if (options.length === 0) search(query);
      }
      setActive(next);
      document.getElementById(`${id}-opt-${next}`)?.scrollIntoView({ block: "nearest" });
    }
  };

  const shown = options.slice(0, 50);
  const listId = `${id}-list`;
  return (
    <div class="deo-combo">
      <input
        id={id}
        ref={(el) => {
          if (inputRef) inputRef.current = el;
        }}
        class={problem ? "deo-input invalid" : "deo-input"}
        type="text"
        role="combobox"
        autoComplete="off"
        spellcheck={false}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active !== null ? `${id}-opt-${active}` : undefined}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint${problem ? ` ${id}-problem` : ""}`}
        placeholder={t("deo.service.placeholder")}
        value={query}
        data-testid="service-input"
        onInput={(e) => {
          const text = (e.target as HTMLInputElement).value;
          setQuery(text);
          setOpen(true);
          if (value) onChange(null);
          search(text);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          // A click on an option lands after the blur: close a moment later.
          setTimeout(() => setOpen(false), 150);
          onBlur?.();
        }}
      />
      <p id={`${id}-hint`} class="deo-hint">
        {t("deo.service.hint")}
      </p>
      {open && (
        <ul id={listId} class="deo-options" role="listbox" data-testid="service-options">
          {shown.length === 0 && (
            <li class="deo-option empty" role="presentation">
              {t("deo.service.none", { query })}
            </li>
          )}
          {shown.map((s, i) => (
            <li
              key={s.service_code}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? "deo-option active" : "deo-option"}
              data-code={s.service_code}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(s);
              }}
            >
              <span class="deo-option-code">{s.service_code}</span>
              <span class="deo-option-name">{s.service_name}</span>
              <span class="deo-option-dept">{s.department}</span>
            </li>
          ))}
        </ul>
      )}
      <span class="deo-offscreen" aria-live="polite">
        {open && shown.length > 0 ? t("deo.service.count", { count: String(options.length) }) : ""}
      </span>
      {problem && (
        <p id={`${id}-problem`} class="deo-field-error" data-testid="field-error" data-field="service_code">
          {problem}
        </p>
      )}
    </div>
  );
}
