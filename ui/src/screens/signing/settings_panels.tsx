// Settings' panels drawn below the screen's heading: operator name and retention, integration
// profiles per peer (create, edit, delete; secrets typed once and shown masked afterwards), and
// the built-in sandbox (its address, the inbox with OTPs, faults).

import { useEffect, useRef, useState } from "preact/hooks";
import type { DeskSettingsChange } from "@bindings/DeskSettingsChange";
import type { FaultKindChoice } from "@bindings/FaultKindChoice";
import type { IpcError } from "@bindings/IpcError";
import type { PeerForm } from "@bindings/PeerForm";
import type { PeerId } from "@bindings/PeerId";
import type { ProfileRow } from "@bindings/ProfileRow";
import type { ProfilesPanel } from "@bindings/ProfilesPanel";
import type { SandboxPanel } from "@bindings/SandboxPanel";
import type { SettingField } from "@bindings/SettingField";
import { DICTIONARIES, formatDateTime, t, type MessageId } from "../../i18n";
import { useLanguage } from "../../i18n/use_language";
import {
  settingsGet,
  settingsProfileDelete,
  settingsProfileSave,
  settingsProfiles,
  settingsSandbox,
  settingsSandboxFaultAdd,
  settingsSandboxFaultRemove,
  settingsSandboxFaultsClear,
  settingsSandboxStart,
  settingsSandboxStop,
  settingsSet,
} from "./ipc";
import { refreshActiveProfiles } from "../../active_profiles";
import { ErrorNote } from "./error_note";
import { errorOf, formValues, profileSave } from "./signing_logic";

export function SettingsPanels() {
  useLanguage();
  return (
    <div class="sg" data-testid="settings-panels">
      <DeskPanel />
      <ProfilesEditor />
      <SandboxView />
    </div>
  );
}

/** A dictionary id built from data (a setting key, a fault kind), or the raw text if unknown. */
function label(id: string, fallback: string): string {
  return id in DICTIONARIES.en ? t(id as MessageId) : fallback;
}

function DeskPanel() {
  const [operator, setOperator] = useState("");
  const [retention, setRetention] = useState("");
  const [status, setStatus] = useState("");
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    settingsGet().then(
      (s) => {
        setOperator(s.operator_name ?? "");
        setRetention(String(s.retention_days));
      },
      (reason) => setError(errorOf(reason)),
    );
  }, []);
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setStatus("");
    const days = Number.parseInt(retention, 10);
    try {
      const change: DeskSettingsChange = { retention_days: Number.isFinite(days) ? days : 0 };
      if (operator.trim() !== "") change.operator_name = operator.trim();
      const s = await settingsSet(change);
      setOperator(s.operator_name ?? "");
      setRetention(String(s.retention_days));
      setStatus(t("signing.desk.saved"));
    } catch (reason) {
      setError(errorOf(reason));
    }
  };
  return (
    <section class="screen sg-panel" aria-labelledby="sg-desk-title" data-testid="settings-desk">
      <h2 id="sg-desk-title">{t("signing.desk.heading")}</h2>
      <form class="sg-row" onSubmit={save}>
        <label class="sg-field grow">
          <span>{t("signing.desk.operator")}</span>
          <input type="text" data-testid="settings-operator" value={operator} onInput={(e) => setOperator(e.currentTarget.value)} />
        </label>
        <label class="sg-field narrow">
          <span>{t("signing.desk.retention")}</span>
          <input
            type="number"
            min={1}
            data-testid="settings-retention"
            value={retention}
            onInput={(e) => setRetention(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="sg-button primary" data-testid="settings-desk-save">
          {t("signing.desk.save")}
        </button>
      </form>
      <p role="status" class="sg-saved">
        {status}
      </p>
      {error && <ErrorNote error={error} testid="settings-desk-error" />}
    </section>
  );
}

type Editing = { mode: "new" | "edit"; name: string; peer: PeerId; values: Record<string, string>; secrets: Record<string, string> };

function ProfilesEditor() {
  const [panel, setPanel] = useState<ProfilesPanel | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<IpcError | null>(null);
  const firstInput = useRef<HTMLInputElement | HTMLSelectElement | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);

  const load = () =>
    settingsProfiles().then(
      (p) => setPanel(p),
      (reason) => setError(errorOf(reason)),
    );
  useEffect(() => {
    void load();
  }, []);
  useEffect(() => {
    if (editing) firstInput.current?.focus();
  }, [editing?.mode, editing?.peer]);

  const formOf = (peer: PeerId): PeerForm | undefined => panel?.forms.find((f) => f.peer === peer);

  const startNew = () => {
    const form = formOf("csp");
    if (!form) return;
    setStatus("");
    setError(null);
    setEditing({ mode: "new", name: "", peer: "csp", values: formValues(form), secrets: {} });
  };
  const startEdit = (row: ProfileRow) => {
    const form = formOf(row.peer);
    if (!form) return;
    setStatus("");
    setError(null);
    setEditing({ mode: "edit", name: row.name, peer: row.peer, values: formValues(form, row), secrets: {} });
  };

  const save = async (e: Event) => {
    e.preventDefault();
    if (!editing) return;
    const form = formOf(editing.peer);
    if (!form) return;
    if (editing.name.trim() === "") {
      setStatus(t("signing.profiles.name_needed"));
      return;
    }
    setError(null);
    try {
      const row = await settingsProfileSave(profileSave(editing.name, editing.peer, form, editing.values, editing.secrets));
      // The typed secrets are dropped at once: from now on only the masks exist here.
      setEditing(null);
      setStatus(t("signing.profiles.saved", { name: row.name }));
      await load();
      newButton.current?.focus();
    } catch (reason) {
      setError(errorOf(reason));
    }
  };

  const remove = async (name: string) => {
    setError(null);
    try {
      const count = await settingsProfileDelete(name);
      setConfirm(null);
      setStatus(t("signing.profiles.deleted", { name, count: String(count) }));
      await load();
      newButton.current?.focus();
    } catch (reason) {
      setError(errorOf(reason));
    }
  };

  if (!panel) return error ? <ErrorNote error={error} testid="settings-profiles-error" /> : <p class="sg-muted">{t("signing.loading")}</p>;

  const editingRow = editing?.mode === "edit" ? panel.profiles.find((p) => p.name === editing.name) : undefined;
  const form = editing ? formOf(editing.peer) : undefined;
  const setValue = (key: string, value: string) => editing && setEditing({ ...editing, values: { ...editing.values, [key]: value } });

  return (
    <section class="screen sg-panel" aria-labelledby="sg-profiles-title" data-testid="settings-profiles">
      <h2 id="sg-profiles-title">{t("signing.profiles.heading")}</h2>
      <p>{t("signing.profiles.intro")}</p>
      <table class="sg-table">
        <thead>
          <tr>
            <th>{t("signing.profiles.name")}</th>
            <th>{t("signing.profiles.peer")}</th>
            <th>{t("signing.profiles.secrets")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {panel.profiles.map((p) => (
            <tr key={p.name} data-testid="settings-profile" data-name={p.name} data-peer={p.peer}>
              <td>
                <strong>{p.name}</strong>
                {p.sandbox && <span class="profile-tag">{t("signing.profiles.sandbox")}</span>}
                <br />
                <code class="sg-muted">{p.base_url}</code>
              </td>
              <td>{t(`profiles.peer.${p.peer}`)}</td>
              <td>
                {p.secrets.map((s) => (
                  <div key={s.name} class="sg-secret" data-testid="settings-secret" data-field={s.field} data-mask={s.mask ?? ""}>
                    <code>{s.field}</code>{" "}
                    {s.mask ? t("signing.profiles.secret_stored", { mask: s.mask }) : <span class="sg-bad">{t("signing.profiles.secret_missing")}</span>}
                  </div>
                ))}
                {!p.complete && <span class="sg-bad">{t("signing.profiles.incomplete")}</span>}
              </td>
              <td class="sg-actions">
                {confirm === p.name ? (
                  <div role="group" aria-label={t("signing.profiles.confirm_delete", { name: p.name })}>
                    <p>{t("signing.profiles.confirm_delete", { name: p.name })}</p>
                    <button type="button" class="sg-button danger" data-testid="settings-profile-confirm-delete" onClick={() => void remove(p.name)}>
                      {t("signing.profiles.yes_delete")}
                    </button>
                    <button type="button" class="sg-button" onClick={() => setConfirm(null)}>
                      {t("signing.profiles.keep")}
                    </button>
                  </div>
                ) : (
                  <>
                    <button type="button" class="sg-link" data-testid="settings-profile-edit" onClick={() => startEdit(p)}>
                      {t("signing.profiles.edit", { name: p.name })}
                    </button>
                    <button type="button" class="sg-link" data-testid="settings-profile-delete" onClick={() => setConfirm(p.name)}>
                      {t("signing.profiles.delete", { name: p.name })}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" class="sg-button" ref={newButton} data-testid="settings-profile-new" onClick={startNew}>
        {t("signing.profiles.new")}
      </button>
      <p role="status" class="sg-saved" data-testid="settings-profiles-status">
        {status}
      </p>
      {error && <ErrorNote error={error} testid="settings-profiles-error" />}

      {editing && form && (
        <form class="sg-editor" onSubmit={save} data-testid="settings-profile-form" aria-labelledby="sg-editor-title">
          <h3 id="sg-editor-title">
            {editing.mode === "new" ? t("signing.profiles.new_heading") : t("signing.profiles.edit_heading", { name: editing.name })}
          </h3>
          <div class="sg-row">
            <label class="sg-field grow">
              <span>{t("signing.profiles.name")}</span>
              <input
                type="text"
                data-testid="settings-profile-name"
                ref={(el) => {
                  if (editing.mode === "new") firstInput.current = el;
                }}
                readOnly={editing.mode === "edit"}
                value={editing.name}
                onInput={(e) => setEditing({ ...editing, name: e.currentTarget.value })}
              />
            </label>
            <label class="sg-field">
              <span>{t("signing.profiles.peer")}</span>
              <select
                data-testid="settings-profile-peer"
                disabled={editing.mode === "edit"}
                value={editing.peer}
                onChange={(e) => {
                  const peer = e.currentTarget.value as PeerId;
                  const next = formOf(peer);
                  if (next) setEditing({ ...editing, peer, values: formValues(next), secrets: {} });
                }}
              >
                {panel.forms.map((f) => (
                  <option key={f.peer} value={f.peer}>
                    {t(`profiles.peer.${f.peer}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <fieldset class="sg-fields">
            <legend>{t("signing.profiles.settings")}</legend>
            {form.settings.map((field, index) => (
              <SettingInput
                key={field.key}
                field={field}
                value={editing.values[field.key] ?? ""}
                onValue={(v) => setValue(field.key, v)}
                inputRef={(el) => {
                  if (editing.mode === "edit" && index === 0) firstInput.current = el;
                }}
              />
            ))}
          </fieldset>
          <fieldset class="sg-fields">
            <legend>{t("signing.profiles.secrets")}</legend>
            <p class="sg-muted">{t("signing.profiles.secret_help")}</p>
            {form.secrets.map((s) => {
              const stored = editingRow?.secrets.find((r) => r.field === s.field);
              return (
                <label key={s.field} class="sg-field">
                  <span>
                    <code>{s.field}</code>{" "}
                    <small class="sg-muted">
                      {stored?.mask ? t("signing.profiles.secret_stored", { mask: stored.mask }) : t("signing.profiles.secret_missing")}
                    </small>
                  </span>
                  <input
                    type="password"
                    autocomplete="off"
                    data-testid="settings-secret-input"
                    data-field={s.field}
                    value={editing.secrets[s.field] ?? ""}
                    onInput={(e) => setEditing({ ...editing, secrets: { ...editing.secrets, [s.field]: e.currentTarget.value } })}
                  />
                </label>
              );
            })}
          </fieldset>
          <div class="sg-row">
            <button type="submit" class="sg-button primary" data-testid="settings-profile-save">
              {t("signing.profiles.save")}
            </button>
            <button
              type="button"
              class="sg-button"
              onClick={() => {
                setEditing(null);
                newButton.current?.focus();
              }}
            >
              {t("signing.profiles.cancel")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function SettingInput({
  field,
  value,
  onValue,
  inputRef,
}: {
  field: SettingField;
  value: string;
  onValue: (v: string) => void;
  inputRef: (el: HTMLInputElement | HTMLSelectElement | null) => void;
}) {
  const text = label(`signing.setting.${field.key}`, field.key);
  if (field.kind === "choice") {
    return (
      <label class="sg-field">
        <span>{text}</span>
        <select data-setting={field.key} value={value} ref={inputRef} onChange={(e) => onValue(e.currentTarget.value)}>
          {!field.required && <option value="">—</option>}
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
    );
  }
  if (field.kind === "flag") {
    return (
      <label class="sg-field sg-check">
        <input
          type="checkbox"
          data-setting={field.key}
          checked={value === "true"}
          ref={inputRef}
          onChange={(e) => onValue(e.currentTarget.checked ? "true" : "false")}
        />
        <span>{text}</span>
      </label>
    );
  }
  return (
    <label class="sg-field">
      <span>
        {text}
        {field.required ? " *" : ""}
      </span>
      <input
        type={field.kind === "url" ? "url" : "text"}
        data-setting={field.key}
        required={field.required}
        spellcheck={false}
        value={value}
        ref={inputRef}
        onInput={(e) => onValue(e.currentTarget.value)}
      />
    </label>
  );
}

const FAULT_KINDS: FaultKindChoice[] = ["latency", "reset", "http_400", "http_500", "failed", "malformed", "slow_drip"];

function SandboxView() {
  const [panel, setPanel] = useState<SandboxPanel | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [endpoint, setEndpoint] = useState("*");
  const [kind, setKind] = useState<FaultKindChoice>("latency");
  const [ms, setMs] = useState("1500");
  const [times, setTimes] = useState("");
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<SandboxPanel>) => {
    setBusy(true);
    setError(null);
    try {
      setPanel(await work());
    } catch (reason) {
      setError(errorOf(reason));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void run(settingsSandbox);
  }, []);

  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  // While it starts again, ask until it runs (or fails), then tell the header badge.
  const starting = panel?.state === "starting";
  useEffect(() => {
    if (!starting) return;
    const timer = setTimeout(() => {
      settingsSandbox().then(
        (next) => {
          setPanel(next);
          if (next.state !== "starting") refreshActiveProfiles();
        },
        (reason) => setError(errorOf(reason)),
      );
    }, 500);
    return () => clearTimeout(timer);
  }, [starting, panel]);

  const stop = async () => {
    setConfirming(false);
    await run(settingsSandboxStop);
    refreshActiveProfiles();
    setTimeout(() => startButton.current?.focus(), 0);
  };
  const start = async () => {
    await run(settingsSandboxStart);
    refreshActiveProfiles();
  };

  const addFault = (e: Event) => {
    e.preventDefault();
    const n = Number.parseInt(times, 10);
    const delay = Number.parseInt(ms, 10);
    void run(() =>
      settingsSandboxFaultAdd({
        endpoint,
        kind,
        latency_ms: kind === "latency" && Number.isFinite(delay) ? delay : null,
        times: Number.isFinite(n) && n > 0 ? n : null,
        fraction: null,
      }),
    );
  };

  return (
    <section class="screen sg-panel" aria-labelledby="sg-sandbox-title" data-testid="settings-sandbox" aria-busy={busy}>
      <h2 id="sg-sandbox-title">{t("signing.sandbox.heading")}</h2>
      {panel?.base_url ? (
        <p data-testid="settings-sandbox-url" data-url={panel.base_url}>
          {t("signing.sandbox.running", { url: panel.base_url })}
        </p>
      ) : (
        panel && (
          <p class="notice" data-testid="settings-sandbox-state-text" aria-live="polite">
            {panel.state === "stopped"
              ? t("signing.sandbox.stopped")
              : panel.state === "starting"
                ? t("signing.sandbox.starting")
                : panel.state === "failed"
                  ? t("signing.sandbox.failed")
                  : t("signing.sandbox.not_running")}
          </p>
        )
      )}
      {panel && (
        <div class="sg-row" data-testid="settings-sandbox-power" data-state={panel.state}>
          {panel.state === "running" && !confirming && (
            <button type="button" class="sg-button danger" data-testid="settings-sandbox-stop" disabled={busy} onClick={() => setConfirming(true)}>
              {t("signing.sandbox.stop")}
            </button>
          )}
          {(panel.state === "stopped" || panel.state === "failed") && (
            <button
              type="button"
              class="sg-button primary"
              ref={startButton}
              data-testid="settings-sandbox-start"
              disabled={busy}
              onClick={() => void start()}
            >
              {t("signing.sandbox.start")}
            </button>
          )}
        </div>
      )}
      {confirming && (
        <div
          class="sg-confirm"
          role="alertdialog"
          aria-labelledby="sg-sandbox-confirm"
          onKeyDown={(e) => {
            if (e.key === "Escape") setConfirming(false);
          }}
        >
          <p id="sg-sandbox-confirm">{t("signing.sandbox.stop_confirm")}</p>
          <div class="sg-row">
            <button type="button" class="sg-button danger" ref={confirmButton} data-testid="settings-sandbox-stop-confirm" onClick={() => void stop()}>
              {t("signing.sandbox.stop_yes")}
            </button>
            <button type="button" class="sg-button" onClick={() => setConfirming(false)}>
              {t("signing.sandbox.stop_no")}
            </button>
          </div>
        </div>
      )}
      <button type="button" class="sg-button" data-testid="settings-inbox-refresh" disabled={busy} onClick={() => void run(settingsSandbox)}>
        {t("signing.sandbox.refresh")}
      </button>
      {error && <ErrorNote error={error} testid="settings-sandbox-error" />}

      <h3>{t("signing.sandbox.inbox")}</h3>
      {panel && panel.inbox.length === 0 && <p class="sg-muted">{t("signing.sandbox.inbox_empty")}</p>}
      {panel && panel.inbox.length > 0 && (
        <table class="sg-table" data-testid="settings-inbox">
          <thead>
            <tr>
              <th>{t("signing.sandbox.otp")}</th>
              <th>{t("signing.sandbox.to")}</th>
              <th>{t("signing.sandbox.message")}</th>
              <th>{t("signing.sandbox.sent")}</th>
            </tr>
          </thead>
          <tbody>
            {panel.inbox.slice(0, 20).map((m) => (
              <tr key={m.id} data-testid="settings-inbox-message" data-peer={m.peer} data-otp={m.otp ?? ""}>
                <td class="sg-nowrap">{m.otp ? <strong class="sg-otp">{m.otp}</strong> : "—"}</td>
                <td>
                  <code class="sg-nowrap">{m.to}</code>
                  <br />
                  <small class="sg-muted">
                    {t(`profiles.peer.${m.peer}` as MessageId)} · {m.channel}
                  </small>
                </td>
                <td>
                  <strong>{m.subject}</strong>
                  <br />
                  <small>{m.body}</small>
                </td>
                <td>{formatDateTime(m.sent_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>{t("signing.sandbox.faults")}</h3>
      {panel && panel.faults.length === 0 && <p class="sg-muted">{t("signing.sandbox.faults_empty")}</p>}
      {panel && panel.faults.length > 0 && (
        <ul class="sg-faults" data-testid="settings-faults">
          {panel.faults.map((f) => (
            <li key={f.id} data-testid="settings-fault" data-kind={f.kind}>
              <code>{f.endpoint}</code> · {label(`signing.fault.${f.kind}`, f.kind)}
              {f.latency_ms != null ? ` ${f.latency_ms} ms` : ""} ·{" "}
              {f.times != null ? t("signing.sandbox.fault_times_left", { times: String(f.times) }) : t("signing.sandbox.fault_always")} ·{" "}
              {t("signing.sandbox.fault_hits", { hits: f.hits })}
              <button type="button" class="sg-link" onClick={() => void run(() => settingsSandboxFaultRemove(f.id))}>
                {t("signing.sandbox.fault_remove", { id: f.id })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="sg-row" onSubmit={addFault} data-testid="settings-fault-form">
        <label class="sg-field grow">
          <span>{t("signing.sandbox.fault_endpoint")}</span>
          <input type="text" spellcheck={false} data-testid="settings-fault-endpoint" value={endpoint} onInput={(e) => setEndpoint(e.currentTarget.value)} />
        </label>
        <label class="sg-field">
          <span>{t("signing.sandbox.fault_kind")}</span>
          <select data-testid="settings-fault-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as FaultKindChoice)}>
            {FAULT_KINDS.map((k) => (
              <option key={k} value={k}>
                {label(`signing.fault.${k}`, k)}
              </option>
            ))}
          </select>
        </label>
        {kind === "latency" && (
          <label class="sg-field narrow">
            <span>{t("signing.sandbox.fault_ms")}</span>
            <input type="number" min={0} value={ms} onInput={(e) => setMs(e.currentTarget.value)} />
          </label>
        )}
        <label class="sg-field narrow">
          <span>{t("signing.sandbox.fault_times")}</span>
          <input type="number" min={1} value={times} onInput={(e) => setTimes(e.currentTarget.value)} />
        </label>
        <button type="submit" class="sg-button primary" data-testid="settings-fault-add" disabled={busy}>
          {t("signing.sandbox.fault_add")}
        </button>
      </form>
      {panel && panel.faults.length > 0 && (
        <button type="button" class="sg-button danger" data-testid="settings-faults-clear" disabled={busy} onClick={() => void run(settingsSandboxFaultsClear)}>
          {t("signing.sandbox.faults_clear")}
        </button>
      )}
    </section>
  );
}
