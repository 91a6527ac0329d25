// The Journal screen: search applications by any identifier, open one (status history,
// exchanges with the peer, outbox items), and export a date range as JSON, CSV or BSK API-7.

import { useEffect, useRef, useState } from "preact/hooks";
import type { ExportFile } from "@bindings/ExportFile";
import type { IpcError } from "@bindings/IpcError";
import type { JournalApplication } from "@bindings/JournalApplication";
import type { JournalExportFormat } from "@bindings/JournalExportFormat";
import type { JournalHit } from "@bindings/JournalHit";
import { formatNumber, t } from "../../i18n";
import { useLanguage } from "../../i18n/use_language";
import * as ipc from "./ipc";
import { EMPTY_JOURNAL_FORM, istToday, journalQuery, type JournalForm } from "./logic";
import { DownloadLink, ErrorBox, ExchangeView, errorOf, stateLabel, when } from "./shared";
import { focusOnOpen } from "../focus_on_open";

export function JournalScreen() {
  useLanguage();
  const [form, setForm] = useState<JournalForm>(EMPTY_JOURNAL_FORM);
  const [hits, setHits] = useState<JournalHit[] | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<JournalHit | null>(null);
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => {
    focusOnOpen(first.current);
  }, []);

  const search = async (e?: Event) => {
    e?.preventDefault();
    setBusy(true);
    try {
      setHits(await ipc.journalSearch(journalQuery(form)));
      setError(null);
      setOpen(null);
    } catch (err) {
      setError(errorOf(err));
    }
    setBusy(false);
  };

  const field = (key: keyof JournalForm, label: string, testId: string, extra: Record<string, unknown> = {}) => (
    <label>
      {label}
      <input
        type="text"
        value={form[key]}
        data-testid={testId}
        onInput={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
        {...extra}
      />
    </label>
  );

  return (
    <div class="admin" data-testid="journal">
      <section class="admin-panel" aria-labelledby="journal-search-title">
        <h2 id="journal-search-title">{t("admin.journal.search")}</h2>
        <form class="admin-filters" onSubmit={search} data-testid="journal-form">
          <label>
            {t("admin.journal.ticket")}
            <input
              ref={first}
              type="text"
              inputMode="numeric"
              value={form.ticketNo}
              data-testid="journal-ticket"
              onInput={(e) => setForm({ ...form, ticketNo: e.currentTarget.value })}
            />
          </label>
          {field("applicationNo", t("admin.journal.application"), "journal-application")}
          {field("requestId", t("admin.journal.request_id"), "journal-request-id", { inputMode: "numeric" })}
          {field("mobile", t("admin.journal.mobile"), "journal-mobile", { inputMode: "tel", autocomplete: "off" })}
          {field("status", t("admin.journal.status"), "journal-status")}
          <label>
            {t("admin.filter.peer")}
            <select value={form.peer} onChange={(e) => setForm({ ...form, peer: e.currentTarget.value })}>
              <option value="">{t("admin.filter.any")}</option>
              <option value="isp">ISP</option>
              <option value="bsk">BSK</option>
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
          <div class="admin-actions">
            <button type="submit" class="admin-button primary" data-testid="journal-search" disabled={busy}>
              {busy ? t("admin.working") : t("admin.journal.search_button")}
            </button>
            <button type="button" class="admin-button" onClick={() => setForm(EMPTY_JOURNAL_FORM)}>
              {t("admin.filter.clear")}
            </button>
          </div>
        </form>
        <div aria-live="polite">
          {error && <ErrorBox error={error} testId="journal-error" />}
          {hits && (
            <p class="admin-muted" data-testid="journal-count" data-count={String(hits.length)}>
              {hits.length === 0 ? t("admin.journal.none") : t("admin.journal.found", { count: formatNumber(hits.length) })}
            </p>
          )}
        </div>
        {hits && hits.length > 0 && (
          <div class="admin-table-wrap">
            <table class="admin-table" data-testid="journal-results">
              <thead>
                <tr>
                  <th>{t("admin.journal.col.ids")}</th>
                  <th>{t("admin.journal.col.service")}</th>
                  <th>{t("admin.journal.col.status")}</th>
                  <th>{t("admin.journal.col.updated")}</th>
                </tr>
              </thead>
              <tbody>
                {hits.map((h) => (
                  <tr key={h.application_ref} data-testid="journal-hit" data-ref={h.application_ref} data-request={h.request_id ?? ""} class={open?.application_ref === h.application_ref ? "open" : undefined}>
                    <td>
                      <button type="button" class="admin-link admin-mono" data-testid="journal-open" onClick={() => setOpen(h)}>
                        {h.ticket_no ?? h.request_id ?? h.application_ref}
                      </button>
                      <span class="admin-muted">
                        {" "}
                        · {h.peer.toUpperCase()}
                        {h.app_no || h.application_id ? ` · ${h.app_no ?? h.application_id}` : ""}
                        {h.request_id && h.ticket_no ? ` · ${h.request_id}` : ""}
                      </span>
                    </td>
                    <td class="admin-mono">{h.service_code ?? "—"}</td>
                    <td class="admin-mono">{h.current_status ?? "—"}</td>
                    <td>{when(h.updated_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {open && <ApplicationPanel hit={open} onClose={() => setOpen(null)} />}

      <ExportPanel />
    </div>
  );
}

function ApplicationPanel({ hit, onClose }: { hit: JournalHit; onClose: () => void }) {
  const [app, setApp] = useState<JournalApplication | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    setApp(null);
    ipc.journalApplication(hit).then(
      (a) => {
        setApp(a);
        setError(null);
      },
      (e) => setError(errorOf(e)),
    );
    heading.current?.focus();
  }, [hit]);

  const name = hit.ticket_no ?? hit.request_id ?? hit.application_ref;
  return (
    <section class="admin-panel admin-item" aria-labelledby="journal-app-title" data-testid="journal-app" data-ref={hit.application_ref}>
      <div class="admin-item-head">
        <h2 id="journal-app-title" tabIndex={-1} ref={heading}>
          {t("admin.journal.app_title", { id: name })}
        </h2>
        <button type="button" class="admin-button" onClick={onClose}>
          {t("admin.item.close")}
        </button>
      </div>
      {error && <ErrorBox error={error} testId="journal-app-error" />}
      <dl class="admin-facts">
        {(
          [
            ["admin.journal.ticket", hit.ticket_no],
            ["admin.journal.application", hit.app_no ?? hit.application_id],
            ["admin.journal.request_id", hit.request_id],
            ["admin.journal.col.service", hit.service_code],
            ["admin.filter.profile", hit.profile],
          ] as const
        )
          .filter(([, v]) => v)
          .map(([label, v]) => (
            <div key={label}>
              <dt>{t(label)}</dt>
              <dd class="admin-mono">{v}</dd>
            </div>
          ))}
      </dl>
      {app && (
        <>
          <h3>{t("admin.journal.history")}</h3>
          {app.history.length === 0 ? (
            <p class="admin-muted">{t("admin.journal.no_history")}</p>
          ) : (
            <ol class="admin-timeline" data-testid="journal-history">
              {app.history.map((s, i) => (
                <li key={i} data-testid="journal-status" data-code={s.status_code}>
                  <strong class="admin-mono">{s.status_code}</strong>
                  {s.status_text && <> · {s.status_text}</>}
                  {s.remarks && <> · {s.remarks}</>}
                  <div class="admin-muted">
                    {t("admin.journal.recorded", { when: when(s.recorded_at), actor: s.actor })}
                    {s.action_taken_at && <> · {t("admin.journal.acted", { when: when(s.action_taken_at) })}</>}
                  </div>
                </li>
              ))}
            </ol>
          )}
          <h3>{t("admin.journal.exchanges", { count: formatNumber(app.exchanges.length) })}</h3>
          {app.exchanges.length === 0 && <p class="admin-muted">{t("admin.journal.no_exchanges")}</p>}
          <div data-testid="journal-exchanges">
            {app.exchanges.map((e) => (
              <ExchangeView key={e.id} exchange={e} />
            ))}
          </div>
          {app.outbox.length > 0 && (
            <>
              <h3>{t("admin.journal.outbox")}</h3>
              <ul class="admin-audit">
                {app.outbox.map((o) => (
                  <li key={o.id} data-testid="journal-outbox" data-state={o.state}>
                    <span class="admin-mono">#{o.id} {o.status_code ?? o.endpoint_kind}</span> ·{" "}
                    <span class={`admin-state s-${o.state}`}>{stateLabel(o.state)}</span> · {t("admin.journal.tries", { count: formatNumber(o.attempts) })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

function ExportPanel() {
  const [from, setFrom] = useState(istToday());
  const [to, setTo] = useState(istToday());
  const [format, setFormat] = useState<JournalExportFormat>("json");
  const [file, setFile] = useState<ExportFile | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      setFile(await ipc.journalExport({ from_date: from, to_date: to, format }));
      setError(null);
    } catch (err) {
      setError(errorOf(err));
    }
  };

  const formats: [JournalExportFormat, string][] = [
    ["json", `${t("admin.export.format_json")} · JSON`],
    ["csv", `${t("admin.export.format_csv")} · CSV`],
    ["api7", t("admin.export.format_api7")],
  ];
  return (
    <section class="admin-panel" aria-labelledby="journal-export-title" data-testid="journal-export">
      <h2 id="journal-export-title">{t("admin.export.title")}</h2>
      <form class="admin-form" onSubmit={submit}>
        <div class="admin-inline">
          <label>
            {t("admin.filter.from")}
            <input type="date" required value={from} data-testid="journal-export-from" onInput={(e) => setFrom(e.currentTarget.value)} />
          </label>
          <label>
            {t("admin.filter.to")}
            <input type="date" required value={to} data-testid="journal-export-to" onInput={(e) => setTo(e.currentTarget.value)} />
          </label>
        </div>
        <fieldset class="admin-radios">
          <legend>{t("admin.import.format")}</legend>
          {formats.map(([f, label]) => (
            <label key={f}>
              <input type="radio" name="journal-export-format" value={f} checked={format === f} data-testid="journal-export-format" onChange={() => setFormat(f)} />
              {label}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="admin-button primary" data-testid="journal-export-submit">
          {t("admin.export.submit")}
        </button>
      </form>
      <div aria-live="polite">
        {error && <ErrorBox error={error} testId="journal-export-error" />}
        {file && <DownloadLink file={file} />}
      </div>
    </section>
  );
}
