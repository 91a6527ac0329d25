// Explorer: the tester's screen. Three panels in a tab list: the request (profile, API, JSON
// editor with the spec's fields; send; the exchange side by side; copy as curl), the history
// (search, replay, saved requests) and the crypto workbench.

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { ExchangeView } from "@bindings/ExchangeView";
import type { ExchangePart } from "@bindings/ExchangePart";
import type { ExplorerCatalog } from "@bindings/ExplorerCatalog";
import type { ExplorerResult } from "@bindings/ExplorerResult";
import type { IpcError } from "@bindings/IpcError";
import { formatNumber, formatWhen, t, type MessageId } from "../../i18n";
import { useLanguage } from "../../i18n/use_language";
import { ErrorNotice, errorOf } from "./error_notice";
import {
  PART_ORDER,
  apisForProfile,
  checkJson,
  copyText,
  newTab,
  partOf,
  prettyJson,
  sendableProfiles,
  sizeUnit,
  withApi,
  withProfile,
  type ScratchTab,
} from "./explorer_state";
import { HistoryPanel } from "./history";
import { explorerCatalog, explorerCurl, explorerSave, explorerSend, explorerText } from "./ipc";
import { TextView } from "./text_view";
import { WorkbenchPanel } from "./workbench";
import "./tester.css";

type Panel = "request" | "history" | "workbench";
const PANELS: readonly Panel[] = ["request", "history", "workbench"];

export function ExplorerScreen() {
  useLanguage();
  const [catalog, setCatalog] = useState<ExplorerCatalog | null>(null);
  const [loadError, setLoadError] = useState<IpcError | null>(null);
  const [panel, setPanel] = useState<Panel>("request");
  const [tabs, setTabs] = useState<ScratchTab[]>([]);
  const [active, setActive] = useState("");
  const tabButtons = useRef(new Map<Panel, HTMLButtonElement>());

  const load = useCallback(() => {
    explorerCatalog()
      .then((c) => {
        setCatalog(c);
        setLoadError(null);
        setTabs((old) => {
          if (old.length > 0) return old;
          const first = newTab(c);
          setActive(first.key);
          return [first];
        });
      })
      .catch((e) => setLoadError(errorOf(e)));
  }, []);

  useEffect(() => {
    load();
    // The sandbox may still be starting: try again until the catalog arrives.
    const timer = setInterval(() => {
      setCatalog((c) => {
        if (!c) load();
        return c;
      });
    }, 1500);
    return () => clearInterval(timer);
  }, [load]);

  const openTab = (tab: ScratchTab) => {
    setTabs((old) => [...old, tab]);
    setActive(tab.key);
    setPanel("request");
  };

  const onPanelKey = (e: KeyboardEvent) => {
    const i = PANELS.indexOf(panel);
    let next: Panel | undefined;
    if (e.key === "ArrowRight") next = PANELS[(i + 1) % PANELS.length];
    else if (e.key === "ArrowLeft") next = PANELS[(i + PANELS.length - 1) % PANELS.length];
    else if (e.key === "Home") next = PANELS[0];
    else if (e.key === "End") next = PANELS[PANELS.length - 1];
    if (next) {
      e.preventDefault();
      setPanel(next);
      tabButtons.current.get(next)?.focus();
    }
  };

  if (!catalog) {
    return (
      <section class="tester-panel" data-testid="explorer" aria-busy="true">
        {loadError ? <ErrorNotice error={loadError} /> : <p aria-live="polite">{t("tester.loading")}</p>}
      </section>
    );
  }

  return (
    <section class="tester-panel" data-testid="explorer">
      <div class="tester-tabs" role="tablist" aria-label={t("tester.panels")}>
        {PANELS.map((p) => (
          <button
            key={p}
            type="button"
            role="tab"
            id={`tester-tab-${p}`}
            aria-controls={`tester-panel-${p}`}
            aria-selected={p === panel}
            tabIndex={p === panel ? 0 : -1}
            class={p === panel ? "tester-tab active" : "tester-tab"}
            data-testid={`tester-tab-${p}`}
            ref={(el) => {
              if (el) tabButtons.current.set(p, el);
            }}
            onClick={() => setPanel(p)}
            onKeyDown={onPanelKey}
          >
            {t(`tester.panel.${p}` as MessageId)}
          </button>
        ))}
      </div>
      {/* All three stay mounted (hidden when not chosen), so results survive a switch. */}
      {PANELS.map((p) => (
        <div
          key={p}
          role="tabpanel"
          id={`tester-panel-${p}`}
          aria-labelledby={`tester-tab-${p}`}
          class="tester-body"
          hidden={p !== panel}
        >
          {p === "request" && (
            <RequestPanel catalog={catalog} tabs={tabs} active={active} setActive={setActive} setTabs={setTabs} />
          )}
          {p === "history" && <HistoryPanel catalog={catalog} shown={panel === "history"} onReplay={openTab} />}
          {p === "workbench" && <WorkbenchPanel catalog={catalog} />}
        </div>
      ))}
    </section>
  );
}

interface RequestPanelProps {
  catalog: ExplorerCatalog;
  tabs: ScratchTab[];
  active: string;
  setActive: (key: string) => void;
  setTabs: (update: (old: ScratchTab[]) => ScratchTab[]) => void;
}

type SendState =
  | { kind: "idle" }
  | { kind: "sending"; token: number; started: number }
  | { kind: "done"; result: ExplorerResult }
  | { kind: "failed"; error: IpcError };

function RequestPanel({ catalog, tabs, active, setActive, setTabs }: RequestPanelProps) {
  const tab = tabs.find((x) => x.key === active) ?? tabs[0];
  const [states, setStates] = useState<Record<string, SendState>>({});
  const [saveName, setSaveName] = useState("");
  const [note, setNote] = useState<(() => string) | null>(null);
  // A note is kept as a function of the language, so it re-renders when the language changes.
  const say = (f: () => string) => setNote(() => f);
  const [jsonProblem, setJsonProblem] = useState<string | null>(null);
  const editor = useRef<HTMLTextAreaElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const sendToken = useRef(0);

  if (!tab) {
    return (
      <button type="button" class="tester-button" onClick={() => setTabs(() => [newTab(catalog)])}>
        {t("tester.new_tab")}
      </button>
    );
  }
  const state = states[tab.key] ?? { kind: "idle" };
  const api = catalog.apis.find((a) => a.id === tab.api);
  const profiles = sendableProfiles(catalog);
  const apis = apisForProfile(catalog, tab.profile);
  const update = (next: ScratchTab) => setTabs((old) => old.map((x) => (x.key === next.key ? next : x)));
  const setState = (key: string, s: SendState) => setStates((old) => ({ ...old, [key]: s }));

  const send = () => {
    const check = checkJson(tab.json);
    if (!check.ok) {
      setJsonProblem(t("tester.json_problem", { format: "JSON", line: String(check.line), column: String(check.column) }));
      editor.current?.focus();
      return;
    }
    setJsonProblem(null);
    const token = ++sendToken.current;
    const key = tab.key;
    setState(key, { kind: "sending", token, started: Date.now() });
    say(() => t("tester.sending"));
    explorerSend({ profile: tab.profile, api: tab.api, json: tab.json })
      .then((result) => {
        setStates((old) => {
          const s = old[key];
          if (s?.kind !== "sending" || s.token !== token) return old; // cancelled or superseded
          return { ...old, [key]: { kind: "done", result } };
        });
        say(() =>
          result.ok
            ? t("tester.sent_ok", { ms: formatNumber(result.total_ms) })
            : t("tester.sent_failed", { message: t(`error.${result.error?.code ?? "internal"}`) }),
        );
        requestAnimationFrame(() => resultHeading.current?.focus());
      })
      .catch((e) => {
        setStates((old) => {
          const s = old[key];
          if (s?.kind !== "sending" || s.token !== token) return old;
          return { ...old, [key]: { kind: "failed", error: errorOf(e) } };
        });
        say(() => t(`error.${errorOf(e).code}`));
      });
  };

  const cancel = () => {
    sendToken.current++;
    setState(tab.key, { kind: "idle" });
    say(() => t("tester.cancelled"));
    editor.current?.focus();
  };

  const save = () => {
    const name = saveName.trim() || tab.name || "";
    if (!name) {
      say(() => t("tester.save_needs_name"));
      return;
    }
    const request = { name, profile: tab.profile, api: tab.api, json: tab.json, ...(tab.savedId ? { id: tab.savedId } : {}) };
    explorerSave(request)
      .then((entry) => {
        update({ ...tab, savedId: entry.id, name });
        setSaveName("");
        say(() => t("tester.saved", { name }));
      })
      .catch((e) => say(() => `${t(`error.${errorOf(e).code}`)} ${errorOf(e).detail?.text ?? ""}`));
  };

  const closeTab = (key: string) => {
    setTabs((old) => {
      const rest = old.filter((x) => x.key !== key);
      const next = rest.length > 0 ? rest : [newTab(catalog)];
      if (key === active) setActive(next[next.length - 1]?.key ?? "");
      return next;
    });
  };

  return (
    <div class="tester-request">
      <div class="tester-scratch" role="toolbar" aria-label={t("tester.scratch_label")}>
        {tabs.map((x, i) => {
          const xApi = catalog.apis.find((a) => a.id === x.api);
          return (
            <span key={x.key} class={x.key === tab.key ? "tester-chip active" : "tester-chip"}>
              <button type="button" class="tester-chip-open" aria-pressed={x.key === tab.key} onClick={() => setActive(x.key)}>
                {x.name ?? t("tester.scratch_name", { n: String(i + 1) })} · {xApi?.name ?? ""}
              </button>
              <button
                type="button"
                class="tester-chip-close"
                aria-label={t("tester.close_tab", { name: x.name ?? t("tester.scratch_name", { n: String(i + 1) }) })}
                onClick={() => closeTab(x.key)}
              >
                ×
              </button>
            </span>
          );
        })}
        <button
          type="button"
          class="tester-button secondary"
          data-testid="explorer-new-tab"
          onClick={() => {
            const fresh = newTab(catalog, tab.profile, tab.api);
            setTabs((old) => [...old, fresh]);
            setActive(fresh.key);
          }}
        >
          {t("tester.new_tab")}
        </button>
      </div>

      <form
        class="tester-form"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <div class="tester-row">
          <label class="tester-field">
            <span>{t("tester.profile")}</span>
            <select
              data-testid="explorer-profile"
              value={tab.profile}
              onChange={(e) => update(withProfile(catalog, tab, (e.currentTarget as HTMLSelectElement).value))}
            >
              {profiles.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name} · {t(`profiles.peer.${p.peer}` as MessageId)}
                  {p.sandbox ? ` · ${t("tester.sandbox_tag")}` : ""}
                </option>
              ))}
            </select>
          </label>
          <label class="tester-field">
            <span>{t("tester.api")}</span>
            <select
              data-testid="explorer-api"
              value={tab.api}
              onChange={(e) => update(withApi(catalog, tab, (e.currentTarget as HTMLSelectElement).value))}
            >
              {apis.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        {api && (
          <p class="tester-api-line">
            <code>
              {api.method} {api.path}
            </code>{" "}
            <span class="tester-muted">{api.security}</span>
          </p>
        )}
        <div class="tester-editor-row">
          <label class="tester-field tester-editor">
            <span>{t("tester.request_json", { format: "JSON" })}</span>
            <textarea
              ref={editor}
              data-testid="explorer-json"
              spellcheck={false}
              rows={14}
              value={tab.json}
              aria-invalid={jsonProblem ? true : undefined}
              aria-describedby="tester-json-help"
              onInput={(e) => update({ ...tab, json: (e.currentTarget as HTMLTextAreaElement).value })}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  send();
                }
              }}
            />
            <span id="tester-json-help" class="tester-muted">
              {jsonProblem ?? t("tester.json_help", { keys: "Ctrl+Enter" })}
            </span>
          </label>
          {api && (
            <aside class="tester-fields" aria-label={t("tester.fields")} data-testid="explorer-fields">
              <h3>{t("tester.fields")}</h3>
              <dl>
                {api.fields.map((f) => (
                  <div key={f.name} class="tester-field-item">
                    <dt>
                      <code>{f.name}</code>{" "}
                      <span class={f.required ? "tester-req" : "tester-opt"}>
                        {f.required ? t("tester.required") : t("tester.optional")}
                      </span>
                    </dt>
                    <dd>{f.description}</dd>
                  </div>
                ))}
              </dl>
            </aside>
          )}
        </div>
        <div class="tester-actions">
          <button type="submit" class="tester-button" data-testid="explorer-send" disabled={state.kind === "sending"}>
            {state.kind === "sending" ? t("tester.sending") : t("tester.send")}
          </button>
          {state.kind === "sending" && (
            <button type="button" class="tester-button secondary" data-testid="explorer-cancel" onClick={cancel}>
              {t("tester.cancel")}
            </button>
          )}
          <button
            type="button"
            class="tester-button secondary"
            onClick={() => {
              if (checkJson(tab.json).ok) update({ ...tab, json: prettyJson(tab.json) });
            }}
          >
            {t("tester.format")}
          </button>
          <button type="button" class="tester-button secondary" onClick={() => api && update({ ...tab, json: api.example })}>
            {t("tester.reset_example")}
          </button>
          <label class="tester-inline">
            <span class="tester-visually-hidden">{t("tester.save_name")}</span>
            <input
              type="text"
              data-testid="explorer-save-name"
              placeholder={tab.name ?? t("tester.save_name")}
              value={saveName}
              onInput={(e) => setSaveName((e.currentTarget as HTMLInputElement).value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  save();
                }
              }}
            />
          </label>
          <button type="button" class="tester-button secondary" data-testid="explorer-save" onClick={save}>
            {tab.savedId ? t("tester.save_again") : t("tester.save")}
          </button>
        </div>
        <p class="tester-note" aria-live="polite" data-testid="explorer-note">
          {state.kind === "sending" && <span class="tester-spinner" aria-hidden="true" />}
          {note?.()}
        </p>
      </form>

      {state.kind === "failed" && <ErrorNotice error={state.error} testId="explorer-error" />}
      {state.kind === "done" && <ResultView result={state.result} headingRef={resultHeading} onNote={say} />}
    </div>
  );
}

function ResultView({
  result,
  headingRef,
  onNote,
}: {
  result: ExplorerResult;
  headingRef: { current: HTMLHeadingElement | null };
  onNote: (note: () => string) => void;
}) {
  const [index, setIndex] = useState(result.exchanges.length - 1);
  useEffect(() => setIndex(result.exchanges.length - 1), [result]);
  const ex: ExchangeView | undefined = result.exchanges[index];
  return (
    <section class="tester-result" data-testid="explorer-result" data-ok={String(result.ok)} aria-labelledby="tester-result-title">
      <h2 id="tester-result-title" ref={headingRef} tabIndex={-1}>
        {result.ok ? t("tester.result_ok") : t("tester.result_failed")}{" "}
        <span class="tester-muted">
          {t("tester.total_time", { ms: formatNumber(result.total_ms), n: formatNumber(result.exchanges.length) })}
        </span>
      </h2>
      {result.error && <ErrorNotice error={result.error} testId="explorer-result-error" />}
      <div class="tester-exchanges" role="group" aria-label={t("tester.exchanges")}>
        {result.exchanges.map((x, i) => (
          <button
            key={i}
            type="button"
            class={i === index ? "tester-chip active" : "tester-chip"}
            aria-pressed={i === index}
            data-testid="explorer-exchange"
            onClick={() => setIndex(i)}
          >
            {x.endpoint} · {x.response_status ?? "—"} · {t("tester.ms", { ms: formatNumber(x.duration_ms) })}
          </button>
        ))}
      </div>
      {ex && <ExchangeDetail result={result} index={index} ex={ex} onNote={onNote} />}
    </section>
  );
}

const PART_TITLES: Record<ExchangePart, MessageId> = {
  plaintext: "tester.part.plaintext",
  envelope: "tester.part.envelope",
  raw_request: "tester.part.raw_request",
  raw_response: "tester.part.raw_response",
  answer: "tester.part.answer",
};

function ExchangeDetail({
  result,
  index,
  ex,
  onNote,
}: {
  result: ExplorerResult;
  index: number;
  ex: ExchangeView;
  onNote: (note: () => string) => void;
}) {
  const size = sizeUnit(ex.response_bytes);
  const fetcher = useCallback(
    (part: ExchangePart) => (first: number, count: number) => explorerText(result.send_id, index, part, first, count),
    [result.send_id, index],
  );
  const copyCurl = () => {
    // The write starts inside this click (WebKit's rule); the command arrives from Rust into it.
    const curl = explorerCurl(result.send_id, index);
    copyText(curl.then((c) => c.command))
      .then(async (done) => {
        const { contains_secrets } = await curl;
        onNote(() => (done ? (contains_secrets ? t("tester.curl_copied_secrets") : t("tester.curl_copied")) : t("tester.curl_not_copied")));
      })
      .catch((e) => onNote(() => t(`error.${errorOf(e).code}`)));
  };
  return (
    <div class="tester-exchange" data-testid="explorer-exchange-detail" data-endpoint={ex.endpoint}>
      <dl class="tester-timing">
        <div>
          <dt>{t("tester.started")}</dt>
          <dd>{formatWhen(ex.started_at, "timeSeconds")}</dd>
        </div>
        <div>
          <dt>{t("tester.duration")}</dt>
          <dd data-testid="explorer-duration">{t("tester.ms", { ms: formatNumber(ex.duration_ms) })}</dd>
        </div>
        <div>
          <dt>{t("tester.status")}</dt>
          <dd data-testid="explorer-status">{ex.response_status ?? t("tester.no_answer")}</dd>
        </div>
        <div>
          <dt>{t("tester.size")}</dt>
          <dd>{t(`tester.size_${size.unit}` as MessageId, { n: formatNumber(size.value) })}</dd>
        </div>
        <div>
          <dt>{t("tester.link")}</dt>
          <dd>{ex.link_encrypted ? t("tester.link_tls") : t("tester.link_plain")}</dd>
        </div>
      </dl>
      {ex.failure && (
        <p class="tester-failure" data-testid="explorer-failure">
          {ex.failure}
        </p>
      )}
      <div class="tester-curl">
        <button type="button" class="tester-button secondary" data-testid="explorer-curl" disabled={!ex.curl_available} onClick={copyCurl}>
          {t("tester.copy_curl", { tool: "curl" })}
        </button>
        <span class="tester-muted">{t("tester.curl_warning")}</span>
      </div>
      <div class="tester-parts">
        {PART_ORDER.map((part) => {
          const text = partOf(ex, part);
          return (
            <section key={part} class="tester-part" data-part={part} aria-label={t(PART_TITLES[part])}>
              <h3>{t(PART_TITLES[part])}</h3>
              {text ? (
                <TextView part={text} fetchLines={fetcher(part)} label={t(PART_TITLES[part])} testId={`explorer-part-${part}`} />
              ) : (
                <p class="tester-empty" data-testid={`explorer-part-${part}`}>
                  {t("tester.part_none")}
                </p>
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}
