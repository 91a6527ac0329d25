// Pieces both admin screens use: the error notice, an exchange with the peer, a file offered as a
// download, and the labels of states and failure classes.

import { useEffect, useState } from "preact/hooks";
import type { AdminExchange } from "@bindings/AdminExchange";
import type { ExportFile } from "@bindings/ExportFile";
import type { IpcError } from "@bindings/IpcError";
import { formatNumber, formatWhen, t, type MessageId } from "../../i18n";
import { CommandError, toIpcError } from "../../ipc_error";
import { isFailureClass, isOutboxState, prettyBody, technicalText } from "./logic";

/** The `IpcError` inside whatever a command rejected with. */
export function errorOf(reason: unknown): IpcError {
  return reason instanceof CommandError ? reason.error : toIpcError(reason);
}

/** One plain sentence in the chosen language; the core's words and the details behind a toggle. */
export function ErrorBox({ error, testId = "admin-error" }: { error: IpcError; testId?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <div class="admin-error" role="alert" data-testid={testId} data-code={error.code}>
      <p class="admin-error-sentence">{t(`error.${error.code}`)}</p>
      <p class="admin-error-core">{error.message}</p>
      <button type="button" class="admin-link" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t("admin.details_hide") : t("admin.details_show")}
      </button>
      {open && <pre class="admin-pre">{technicalText(error)}</pre>}
    </div>
  );
}

export function stateLabel(state: string): string {
  return isOutboxState(state) ? t(`admin.state.${state}` as MessageId) : state;
}

export function classLabel(cls: string): string {
  return isFailureClass(cls) ? t(`admin.class.${cls}` as MessageId) : cls;
}

export function when(iso: string | null | undefined): string {
  return iso ? formatWhen(iso, "timeSeconds") + " · " + formatWhen(iso, "date") : "—";
}

/** An exchange: endpoint, timing, HTTP status and outcome; the bodies on request. */
export function ExchangeView({ exchange }: { exchange: AdminExchange }) {
  return (
    <details class="admin-exchange" data-testid="admin-exchange" data-outcome={exchange.outcome} data-endpoint={exchange.endpoint}>
      <summary>
        <span class="admin-mono">{exchange.endpoint}</span> · {when(exchange.started_at)}
        {exchange.duration_ms != null && <> · {t("admin.ms", { ms: formatNumber(exchange.duration_ms) })}</>}
        {exchange.http_status != null && <> · HTTP {String(exchange.http_status)}</>} ·{" "}
        <strong class={exchange.outcome === "SUCCESSFUL" ? "admin-good" : "admin-bad"}>{exchange.outcome}</strong>
      </summary>
      <div class="admin-bodies">
        <section>
          <h4>{t("admin.exchange.sent")}</h4>
          <pre class="admin-pre" data-testid="admin-exchange-request">
            {exchange.request_body == null ? t("admin.exchange.no_body") : prettyBody(exchange.request_body)}
          </pre>
        </section>
        <section>
          <h4>{t("admin.exchange.answer")}</h4>
          <pre class="admin-pre" data-testid="admin-exchange-response">
            {exchange.response_body == null ? t("admin.exchange.no_body") : prettyBody(exchange.response_body)}
          </pre>
        </section>
      </div>
    </details>
  );
}

/**
 * A file Rust prepared, offered as a download through a Blob URL (no network, no file-system
 * permission); a short preview shows what it holds.
 */
export function DownloadLink({ file }: { file: ExportFile }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const made = URL.createObjectURL(new Blob([file.text], { type: file.mime_type }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [file]);
  const preview = file.text.split("\n").slice(0, 8).join("\n");
  return (
    <div class="admin-download" data-testid="admin-download" data-records={String(file.records)}>
      {url && (
        <a class="admin-button" href={url} download={file.file_name} data-testid="admin-download-link">
          {t("admin.export.download", { name: file.file_name, count: formatNumber(file.records) })}
        </a>
      )}
      <pre class="admin-pre admin-preview" data-testid="admin-download-preview">
        {preview}
      </pre>
    </div>
  );
}
