// The Outbox screen: counts by state and failure class, a filtered table, delivery runs with a
// progress bar and a stop, one item's attempts with the peer's answers, edit and resend, cancel
// with a reason, taking in an ISP application, importing statuses, export, and the audit trail.

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { AdminAuditEntry } from "@bindings/AdminAuditEntry";
import type { ExportFile } from "@bindings/ExportFile";
import type { IpcError } from "@bindings/IpcError";
import type { OutboxDrainSummary } from "@bindings/OutboxDrainSummary";
import type { OutboxDrainTick } from "@bindings/OutboxDrainTick";
import type { OutboxImportResult } from "@bindings/OutboxImportResult";
import type { OutboxIspIntake } from "@bindings/OutboxIspIntake";
import type { OutboxItemDetail } from "@bindings/OutboxItemDetail";
import type { OutboxOverview } from "@bindings/OutboxOverview";
import type { OutboxQuery } from "@bindings/OutboxQuery";
import { formatNumber, t, type MessageId } from "../../i18n";
import { useLanguage } from "../../i18n/use_language";
import * as ipc from "./ipc";
import {
  EMPTY_OUTBOX_FILTER,
  FAILURE_CLASSES,
  OUTBOX_STATES,
  canChange,
  drainPercent,
  importFormatOf,
  outboxQuery,
  payloadProblem,
  pruneSelection,
  toggled,
  type OutboxFilterForm,
} from "./logic";
import { DownloadLink, ErrorBox, ExchangeView, classLabel, errorOf, stateLabel, when } from "./shared";

interface RunState {
  running: boolean;
  tick: OutboxDrainTick | null;
  summary: OutboxDrainSummary | null;
  note: string | null;
  error: IpcError | null;
}

const IDLE: RunState = { running: false, tick: null, summary: null, note: null, error: null };

export function OutboxScreen() {
  useLanguage();
  const [form, setForm] = useState<OutboxFilterForm>(EMPTY_OUTBOX_FILTER);
  const [query, setQuery] = useState<OutboxQuery>(() => outboxQuery(EMPTY_OUTBOX_FILTER));
  const [overview, setOverview] = useState<OutboxOverview | null>(null);
  const [loadError, setLoadError] = useState<IpcError | null>(null);
  const [audit, setAudit] = useState<AdminAuditEntry[]>([]);
  const [selection, setSelection] = useState<Set<string>>(new Set());
  const [openId, setOpenId] = useState<string | null>(null);
  const [run, setRun] = useState<RunState>(IDLE);
  const [exported, setExported] = useState<ExportFile | null>(null);
  const [exportError, setExportError] = useState<IpcError | null>(null);

  const refresh = useCallback(async (q: OutboxQuery = query) => {
    try {
      const [o, a] = await Promise.all([ipc.outboxOverview(q), ipc.outboxAudit(50)]);
      setOverview(o);
      setAudit(a);
      setSelection((s) => pruneSelection(s, o.rows));
      setLoadError(null);
    } catch (e) {
      setLoadError(errorOf(e));
    }
  }, [query]);

  useEffect(() => {
    void refresh(query);
  }, [query]);

  const applyFilters = (e?: Event) => {
    e?.preventDefault();
    setQuery(outboxQuery(form));
  };

  const [detailVersion, setDetailVersion] = useState(0);

  /** Makes items due (optional), then runs a delivery with the progress bar. */
  const deliver = async (prepare?: () => Promise<number>) => {
    if (run.running) return;
    setRun({ ...IDLE, running: true });
    try {
      const madeDue = prepare ? await prepare() : null;
      const summary = await ipc.outboxDrain((tick) => setRun((r) => ({ ...r, tick })));
      setRun({
        running: false,
        tick: null,
        summary,
        note: madeDue == null ? null : t("admin.run.made_due", { count: formatNumber(madeDue) }),
        error: null,
      });
    } catch (e) {
      setRun({ ...IDLE, error: errorOf(e) });
    }
    await refresh();
    setDetailVersion((v) => v + 1);
  };

  const stop = () => {
    void ipc.outboxDrainStop();
  };

  const doExport = async (format: "csv" | "json") => {
    try {
      setExported(await ipc.outboxExport({ ...query, limit: 0 }, format));
      setExportError(null);
    } catch (e) {
      setExportError(errorOf(e));
    }
  };

  const rows = overview?.rows ?? [];
  const selectable = rows.filter(canChange);
  const allSelected = selectable.length > 0 && selectable.every((r) => selection.has(r.id));

  return (
    <div class="admin" data-testid="outbox">
      <section class="admin-panel" aria-labelledby="outbox-counts-title" data-testid="outbox-counts">
        <h2 id="outbox-counts-title">{t("admin.counts.title")}</h2>
        {loadError && <ErrorBox error={loadError} />}
        {overview && (
          <>
            <ul class="admin-chips">
              {overview.counts.by_state.map((c) => (
                <li key={c.key}>
                  <button
                    type="button"
                    class={form.state === c.key ? "admin-chip active" : "admin-chip"}
                    data-testid="outbox-count"
                    data-state={c.key}
                    data-count={String(c.count)}
                    aria-pressed={form.state === c.key}
                    onClick={() => {
                      const next = { ...form, state: form.state === c.key ? "" : c.key };
                      setForm(next);
                      setQuery(outboxQuery(next));
                    }}
                  >
                    <span class="admin-chip-n">{formatNumber(c.count)}</span> {stateLabel(c.key)}
                  </button>
                </li>
              ))}
            </ul>
            <p class="admin-subhead">{t("admin.counts.by_class")}</p>
            {overview.counts.by_failure_class.length === 0 ? (
              <p class="admin-muted" data-testid="outbox-no-failures">{t("admin.counts.no_failures")}</p>
            ) : (
              <ul class="admin-chips">
                {overview.counts.by_failure_class.map((c) => (
                  <li key={c.key}>
                    <button
                      type="button"
                      class={form.failureClass === c.key ? "admin-chip bad active" : "admin-chip bad"}
                      data-testid="outbox-class-count"
                      data-class={c.key}
                      data-count={String(c.count)}
                      aria-pressed={form.failureClass === c.key}
                      onClick={() => {
                        const next = { ...form, failureClass: form.failureClass === c.key ? "" : c.key };
                        setForm(next);
                        setQuery(outboxQuery(next));
                      }}
                    >
                      <span class="admin-chip-n">{formatNumber(c.count)}</span> {classLabel(c.key)}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>

      <section class="admin-panel" aria-labelledby="outbox-run-title">
        <h2 id="outbox-run-title">{t("admin.run.title")}</h2>
        <p class="admin-muted">{t("admin.run.intro")}</p>
        <div class="admin-actions">
          <button type="button" class="admin-button primary" data-testid="outbox-send-due" disabled={run.running} onClick={() => void deliver()}>
            {t("admin.run.send_due")}
          </button>
          <button
            type="button"
            class="admin-button"
            data-testid="outbox-resend-selected"
            disabled={run.running || selection.size === 0}
            onClick={() => void deliver(() => ipc.outboxResend([...selection]))}
          >
            {t("admin.run.resend_selected", { count: formatNumber(selection.size) })}
          </button>
          <button
            type="button"
            class="admin-button"
            data-testid="outbox-resend-all"
            disabled={run.running}
            onClick={() => void deliver(() => ipc.outboxResendAllFailed())}
          >
            {t("admin.run.resend_all")}
          </button>
          {run.running && (
            <button type="button" class="admin-button danger" data-testid="outbox-stop" onClick={stop}>
              {t("admin.run.stop")}
            </button>
          )}
        </div>
        <div aria-live="polite" class="admin-live">
          {run.running && (
            <div class="admin-progress" data-testid="outbox-progress">
              <progress max={100} value={drainPercent(run.tick)} aria-label={t("admin.run.title")} />
              <span>
                {run.tick
                  ? t("admin.run.progress", {
                      attempts: formatNumber(run.tick.attempts),
                      pending: formatNumber(run.tick.pending_at_start),
                      delivered: formatNumber(run.tick.delivered),
                    })
                  : t("admin.run.starting")}
              </span>
            </div>
          )}
          {run.summary && (
            <p
              class="admin-notice"
              data-testid="outbox-run-summary"
              data-delivered={String(run.summary.delivered)}
              data-attempts={String(run.summary.attempts)}
              data-retry={String(run.summary.retry_scheduled)}
              data-held={String(run.summary.held)}
              data-stopped={String(run.summary.stopped)}
            >
              {run.note && <>{run.note} </>}
              {t(run.summary.stopped ? "admin.run.stopped" : "admin.run.done", {
                attempts: formatNumber(run.summary.attempts),
                delivered: formatNumber(run.summary.delivered),
                retry: formatNumber(run.summary.retry_scheduled),
                held: formatNumber(run.summary.held),
              })}
              {run.summary.next_due_at && <> {t("admin.run.next_due", { when: when(run.summary.next_due_at) })}</>}
              {run.summary.unusable_profiles.length > 0 && (
                <> {t("admin.run.unusable", { profiles: run.summary.unusable_profiles.join("; ") })}</>
              )}
            </p>
          )}
          {run.error && <ErrorBox error={run.error} testId="outbox-run-error" />}
        </div>
      </section>

      <section class="admin-panel" aria-labelledby="outbox-table-title">
        <h2 id="outbox-table-title">{t("admin.table.title")}</h2>
        <form class="admin-filters" onSubmit={applyFilters} data-testid="outbox-filters">
          <label>
            {t("admin.filter.state")}
            <select value={form.state} data-testid="outbox-filter-state" onChange={(e) => setForm({ ...form, state: e.currentTarget.value })}>
              <option value="">{t("admin.filter.any")}</option>
              {OUTBOX_STATES.map((s) => (
                <option key={s} value={s}>
                  {stateLabel(s)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("admin.filter.class")}
            <select value={form.failureClass} data-testid="outbox-filter-class" onChange={(e) => setForm({ ...form, failureClass: e.currentTarget.value })}>
              <option value="">{t("admin.filter.any")}</option>
              {FAILURE_CLASSES.map((c) => (
                <option key={c} value={c}>
                  {classLabel(c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("admin.filter.peer")}
            <select value={form.peer} onChange={(e) => setForm({ ...form, peer: e.currentTarget.value })}>
              <option value="">{t("admin.filter.any")}</option>
              <option value="isp">ISP</option>
              <option value="bsk">BSK</option>
            </select>
          </label>
          <label>
            {t("admin.filter.profile")}
            <select value={form.profile} onChange={(e) => setForm({ ...form, profile: e.currentTarget.value })}>
              <option value="">{t("admin.filter.any")}</option>
              {(overview?.profiles ?? []).map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("admin.filter.from")}
            <input type="date" value={form.fromDate} onInput={(e) => setForm({ ...form, fromDate: e.currentTarget.value })} />
          </label>
          <label>
            {t("admin.filter.to")}
            <input type="date" value={form.toDate} onInput={(e) => setForm({ ...form, toDate: e.currentTarget.value })} />
          </label>
          <label>
            {t("admin.filter.request")}
            <input
              type="text"
              inputMode="numeric"
              value={form.request}
              data-testid="outbox-filter-request"
              onInput={(e) => setForm({ ...form, request: e.currentTarget.value })}
            />
          </label>
          <div class="admin-actions">
            <button type="submit" class="admin-button primary" data-testid="outbox-filter-apply">
              {t("admin.filter.apply")}
            </button>
            <button
              type="button"
              class="admin-button"
              onClick={() => {
                setForm(EMPTY_OUTBOX_FILTER);
                setQuery(outboxQuery(EMPTY_OUTBOX_FILTER));
              }}
            >
              {t("admin.filter.clear")}
            </button>
            <button type="button" class="admin-button" data-testid="outbox-export-csv" onClick={() => void doExport("csv")}>
              {t("admin.export.csv", { format: "CSV" })}
            </button>
            <button type="button" class="admin-button" data-testid="outbox-export-json" onClick={() => void doExport("json")}>
              {t("admin.export.json", { format: "JSON" })}
            </button>
          </div>
        </form>
        {exportError && <ErrorBox error={exportError} />}
        {exported && <DownloadLink file={exported} />}
        {overview && rows.length === 0 && <p class="admin-muted" data-testid="outbox-empty">{t("admin.table.empty")}</p>}
        {rows.length > 0 && (
          <div class="admin-table-wrap">
            <table class="admin-table" data-testid="outbox-table">
              <thead>
                <tr>
                  <th>
                    <input
                      type="checkbox"
                      aria-label={t("admin.table.select_all")}
                      checked={allSelected}
                      disabled={selectable.length === 0}
                      onChange={() => setSelection(allSelected ? new Set() : new Set(selectable.map((r) => r.id)))}
                    />
                  </th>
                  <th>{t("admin.col.id")}</th>
                  <th>{t("admin.col.request")}</th>
                  <th>{t("admin.col.code")}</th>
                  <th>{t("admin.col.state")}</th>
                  <th>{t("admin.col.attempts")}</th>
                  <th>{t("admin.col.due")}</th>
                  <th>{t("admin.col.failure")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr
                    key={r.id}
                    data-testid="outbox-row"
                    data-id={r.id}
                    data-state={r.state}
                    data-request={r.ordering_key}
                    data-class={r.last_failure_class ?? ""}
                    class={openId === r.id ? "open" : undefined}
                  >
                    <td>
                      <input
                        type="checkbox"
                        data-testid="outbox-select"
                        aria-label={t("admin.table.select", { id: r.id })}
                        checked={selection.has(r.id)}
                        disabled={!canChange(r)}
                        onChange={() => setSelection((s) => toggled(s, r.id))}
                      />
                    </td>
                    <td>
                      <button type="button" class="admin-link" data-testid="outbox-open" onClick={() => setOpenId(r.id)}>
                        {r.id}
                      </button>
                    </td>
                    <td class="admin-mono">
                      {r.ordering_key}
                      <span class="admin-muted"> · {r.peer.toUpperCase()} · {r.profile}</span>
                    </td>
                    <td class="admin-mono">{r.status_code ?? "—"}</td>
                    <td>
                      <span class={`admin-state s-${r.state}`}>{stateLabel(r.state)}</span>
                      {r.possibly_delivered && <span class="admin-muted"> · {t("admin.table.possibly_delivered")}</span>}
                    </td>
                    <td>{formatNumber(r.attempts)}</td>
                    <td>{when(r.due_at)}</td>
                    <td class="admin-failure">
                      {r.last_failure_class && <strong>{classLabel(r.last_failure_class)}</strong>}
                      {r.last_failure_detail && <span> {r.last_failure_detail}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {overview?.more && <p class="admin-muted">{t("admin.table.more")}</p>}
      </section>

      {openId && (
        <ItemPanel
          id={openId}
          version={detailVersion}
          busy={run.running}
          onClose={() => setOpenId(null)}
          onChanged={() => void refresh()}
          onResend={(id) => void deliver(() => ipc.outboxResend([id]))}
        />
      )}

      <IntakePanel ispProfiles={overview?.isp_profiles ?? []} />
      <ImportPanel ispProfiles={overview?.isp_profiles ?? []} onImported={() => void refresh()} />

      <section class="admin-panel" aria-labelledby="outbox-audit-title" data-testid="outbox-audit">
        <h2 id="outbox-audit-title">{t("admin.audit.title")}</h2>
        {audit.length === 0 ? <p class="admin-muted">{t("admin.audit.empty")}</p> : <AuditList entries={audit} />}
      </section>
    </div>
  );
}

function AuditList({ entries }: { entries: AdminAuditEntry[] }) {
  return (
    <ol class="admin-audit">
      {entries.map((a) => (
        <li key={a.id} data-testid="outbox-audit-entry" data-action={a.action}>
          <span class="admin-muted">{when(a.at)}</span> · <strong>{a.actor}</strong> · {auditLabel(a.action)}{" "}
          <span class="admin-mono">{a.subject}</span>
          {a.detail && <code class="admin-audit-detail">{a.detail.length > 240 ? a.detail.slice(0, 240) + "…" : a.detail}</code>}
        </li>
      ))}
    </ol>
  );
}

const AUDIT_ACTIONS = ["enqueue", "resend", "resend_all_failed", "edit_payload", "cancel", "import", "held", "recover_in_flight", "duplicate_recognised"];

function auditLabel(action: string): string {
  const short = action.replace(/^outbox\./, "");
  return AUDIT_ACTIONS.includes(short) ? t(`admin.audit.${short}` as MessageId) : action;
}

function ItemPanel(props: {
  id: string;
  version: number;
  busy: boolean;
  onClose: () => void;
  onChanged: () => void;
  onResend: (id: string) => void;
}) {
  const { id } = props;
  const [detail, setDetail] = useState<OutboxItemDetail | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [payload, setPayload] = useState("");
  const [reason, setReason] = useState("");
  const [note, setNote] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const show = (d: OutboxItemDetail) => {
    setDetail(d);
    setPayload(d.payload);
    setError(null);
  };

  useEffect(() => {
    setNote(null);
    ipc.outboxItem(id).then(show, (e) => setError(errorOf(e)));
  }, [id, props.version]);

  useEffect(() => {
    heading.current?.focus();
  }, [id]);

  const save = async (e: Event) => {
    e.preventDefault();
    const problem = payloadProblem(payload);
    if (problem) {
      setNote(t(problem === "json" ? "admin.item.not_json" : "admin.item.not_object"));
      return;
    }
    try {
      show(await ipc.outboxEdit(id, payload));
      setNote(t("admin.item.saved"));
      props.onChanged();
    } catch (err) {
      setError(errorOf(err));
    }
  };

  const cancel = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) {
      setNote(t("admin.item.reason_needed"));
      return;
    }
    try {
      show(await ipc.outboxCancel(id, reason));
      setReason("");
      setNote(t("admin.item.cancelled"));
      props.onChanged();
    } catch (err) {
      setError(errorOf(err));
    }
  };

  const row = detail?.row;
  const changeable = row ? canChange(row) : false;
  return (
    <section class="admin-panel admin-item" aria-labelledby="outbox-item-title" data-testid="outbox-detail" data-id={id} data-state={row?.state ?? ""}>
      <div class="admin-item-head">
        <h2 id="outbox-item-title" tabIndex={-1} ref={heading}>
          {t("admin.item.title", { id, request: row?.ordering_key ?? "" })}
        </h2>
        <button type="button" class="admin-button" onClick={props.onClose}>
          {t("admin.item.close")}
        </button>
      </div>
      <div aria-live="polite">
        {note && <p class="admin-notice" data-testid="outbox-item-note">{note}</p>}
        {error && <ErrorBox error={error} testId="outbox-item-error" />}
      </div>
      {row && (
        <>
          <p>
            <span class={`admin-state s-${row.state}`}>{stateLabel(row.state)}</span> · {row.endpoint_kind} ·{" "}
            <span class="admin-mono">{row.status_code ?? ""}</span> · {row.profile}
            {row.cancel_reason && <> · {t("admin.item.cancel_reason", { reason: row.cancel_reason })}</>}
            {row.delivered_at && <> · {t("admin.item.delivered_at", { when: when(row.delivered_at) })}</>}
          </p>
          {changeable && (
            <div class="admin-actions">
              <button type="button" class="admin-button primary" data-testid="outbox-resend-one" disabled={props.busy} onClick={() => props.onResend(id)}>
                {t("admin.item.resend")}
              </button>
            </div>
          )}
          <h3>{t("admin.item.attempts", { count: formatNumber(detail.attempts.length) })}</h3>
          {detail.attempts.length === 0 && <p class="admin-muted">{t("admin.item.no_attempts")}</p>}
          <ol class="admin-attempts">
            {detail.attempts.map((a) => (
              <li key={a.attempt_no} data-testid="outbox-attempt" data-outcome={a.outcome} data-class={a.failure_class ?? ""}>
                <p>
                  <strong>{t("admin.item.attempt_no", { n: String(a.attempt_no) })}</strong> · {when(a.started_at)} ·{" "}
                  {t("admin.ms", { ms: formatNumber(a.duration_ms) })} ·{" "}
                  <span class={a.outcome === "delivered" ? "admin-good" : "admin-bad"}>
                    {a.outcome === "delivered" ? stateLabel("delivered") : t("admin.item.failed")}
                  </span>
                  {a.failure_class && <> · {classLabel(a.failure_class)}</>}
                </p>
                {a.detail && <p class="admin-failure" data-testid="outbox-attempt-detail">{a.detail}</p>}
                {a.exchange ? <ExchangeView exchange={a.exchange} /> : <p class="admin-muted">{t("admin.item.no_exchange")}</p>}
              </li>
            ))}
          </ol>
          {changeable && (
            <form onSubmit={save} class="admin-form">
              <label class="admin-wide">
                {t("admin.item.payload")}
                <textarea
                  rows={12}
                  spellcheck={false}
                  class="admin-mono"
                  data-testid="outbox-payload"
                  value={payload}
                  onInput={(e) => setPayload(e.currentTarget.value)}
                />
              </label>
              <p class="admin-muted">{t("admin.item.payload_help")}</p>
              <button type="submit" class="admin-button primary" data-testid="outbox-save-payload">
                {t("admin.item.save")}
              </button>
            </form>
          )}
          {!changeable && (
            <details>
              <summary>{t("admin.item.payload")}</summary>
              <pre class="admin-pre">{detail.payload}</pre>
            </details>
          )}
          {changeable && (
            <form onSubmit={cancel} class="admin-form admin-inline">
              <label>
                {t("admin.item.reason")}
                <input type="text" data-testid="outbox-cancel-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
              </label>
              <button type="submit" class="admin-button danger" data-testid="outbox-cancel">
                {t("admin.item.cancel")}
              </button>
            </form>
          )}
          {detail.earlier_payloads.length > 0 && (
            <details data-testid="outbox-earlier-payloads">
              <summary>{t("admin.item.earlier", { count: formatNumber(detail.earlier_payloads.length) })}</summary>
              {detail.earlier_payloads.map((p, i) => (
                <pre key={i} class="admin-pre">
                  {p}
                </pre>
              ))}
            </details>
          )}
          {detail.audit.length > 0 && (
            <>
              <h3>{t("admin.item.audit")}</h3>
              <AuditList entries={detail.audit} />
            </>
          )}
        </>
      )}
    </section>
  );
}

function IntakePanel({ ispProfiles }: { ispProfiles: string[] }) {
  const [profile, setProfile] = useState("");
  const [key, setKey] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<OutboxIspIntake | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const chosen = profile || ispProfiles[0] || "";

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(await ipc.outboxIspValidate(chosen, key));
      setKey("");
    } catch (err) {
      setError(errorOf(err));
    }
    setBusy(false);
  };

  return (
    <section class="admin-panel" aria-labelledby="outbox-intake-title" data-testid="outbox-intake">
      <h2 id="outbox-intake-title">{t("admin.intake.title")}</h2>
      <p class="admin-muted">{t("admin.intake.intro")}</p>
      <form class="admin-form admin-inline" onSubmit={submit}>
        <label>
          {t("admin.filter.profile")}
          <select value={chosen} onChange={(e) => setProfile(e.currentTarget.value)}>
            {ispProfiles.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("admin.intake.key")}
          <input type="text" data-testid="outbox-session-key" value={key} autocomplete="off" spellcheck={false} onInput={(e) => setKey(e.currentTarget.value)} />
        </label>
        <button type="submit" class="admin-button primary" data-testid="outbox-intake-submit" disabled={busy || !key.trim()}>
          {busy ? t("admin.working") : t("admin.intake.submit")}
        </button>
      </form>
      <div aria-live="polite">
        {error && <ErrorBox error={error} testId="outbox-intake-error" />}
        {result && (
          <p
            class="admin-notice"
            data-testid="outbox-intake-result"
            data-request-id={result.request_id}
            data-applicant-id={result.applicant_id}
            data-service-code={result.service_code}
          >
            {t(result.newly_recorded ? "admin.intake.done" : "admin.intake.again", {
              request: result.request_id,
              applicant: result.applicant_id,
              service: result.service_code,
            })}
          </p>
        )}
      </div>
    </section>
  );
}

function ImportPanel({ ispProfiles, onImported }: { ispProfiles: string[]; onImported: () => void }) {
  const [profile, setProfile] = useState("");
  const [fileName, setFileName] = useState("");
  const [text, setText] = useState("");
  const [format, setFormat] = useState<"csv" | "json">("csv");
  const [result, setResult] = useState<OutboxImportResult | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const chosen = profile || ispProfiles[0] || "";
  const textArea = useRef<HTMLTextAreaElement>(null);

  const pick = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    const content = await file.text();
    setFileName(file.name);
    setText(content);
    setFormat(importFormatOf(file.name, content));
    setResult(null);
    textArea.current?.focus();
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await ipc.outboxImport({ profile: chosen, format, text });
      setResult(r);
      if (r.problems.length === 0) onImported();
    } catch (err) {
      setError(errorOf(err));
    }
  };

  return (
    <section class="admin-panel" aria-labelledby="outbox-import-title" data-testid="outbox-import">
      <h2 id="outbox-import-title">{t("admin.import.title")}</h2>
      <p class="admin-muted">{t("admin.import.intro")}</p>
      <form class="admin-form" onSubmit={submit}>
        <div class="admin-inline">
          <label>
            {t("admin.filter.profile")}
            <select value={chosen} onChange={(e) => setProfile(e.currentTarget.value)}>
              {ispProfiles.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("admin.import.file")}
            <input type="file" accept=".csv,.json,text/csv,application/json" data-testid="outbox-import-file" onChange={(e) => void pick(e)} />
          </label>
          <label>
            {t("admin.import.format")}
            <select value={format} data-testid="outbox-import-format" onChange={(e) => setFormat(e.currentTarget.value === "json" ? "json" : "csv")}>
              <option value="csv">CSV</option>
              <option value="json">JSON</option>
            </select>
          </label>
        </div>
        <label class="admin-wide">
          {fileName ? t("admin.import.text_of", { name: fileName }) : t("admin.import.text")}
          <textarea
            ref={textArea}
            rows={6}
            spellcheck={false}
            class="admin-mono"
            data-testid="outbox-import-text"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="admin-button primary" data-testid="outbox-import-submit" disabled={!text.trim() || !chosen}>
          {t("admin.import.submit")}
        </button>
      </form>
      <div aria-live="polite">
        {error && <ErrorBox error={error} testId="outbox-import-error" />}
        {result && result.problems.length === 0 && (
          <p class="admin-notice" data-testid="outbox-import-done" data-count={String(result.queued.length)}>
            {t("admin.import.done", { count: formatNumber(result.queued.length) })}
          </p>
        )}
        {result && result.problems.length > 0 && (
          <div class="admin-error" role="alert" data-testid="outbox-import-problems">
            <p class="admin-error-sentence">{t("admin.import.rejected", { count: formatNumber(result.problems.length) })}</p>
            <table class="admin-table">
              <thead>
                <tr>
                  <th>{t("admin.import.row")}</th>
                  <th>{t("admin.import.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {result.problems.map((p) => (
                  <tr key={p.row} data-testid="outbox-import-problem" data-row={String(p.row)}>
                    <td>{formatNumber(p.row)}</td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
