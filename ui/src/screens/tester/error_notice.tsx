// A failed command, as every tester panel shows it: one plain sentence in the chosen language,
// and the core's own words and the technical detail behind a toggle.

import { useState } from "preact/hooks";
import type { IpcError } from "@bindings/IpcError";
import { t } from "../../i18n";
import { CommandError, toIpcError } from "../../ipc_error";

/** The `IpcError` inside whatever a command rejected with. */
export function errorOf(reason: unknown): IpcError {
  return reason instanceof CommandError ? reason.error : toIpcError(reason);
}

export function ErrorNotice({ error, testId }: { error: IpcError; testId?: string }) {
  const [open, setOpen] = useState(false);
  const detail = error.detail;
  const technical = [
    error.message,
    detail?.text,
    detail?.http_status != null ? `HTTP ${detail.http_status}` : null,
    detail?.peer_code ? `${detail.peer_code}` : null,
  ]
    .filter(Boolean)
    .join("\n");
  return (
    <div class="tester-error" role="alert" data-testid={testId ?? "tester-error"} data-code={error.code}>
      <p class="tester-error-sentence">{t(`error.${error.code}`)}</p>
      <button type="button" class="tester-link" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t("tester.details_hide") : t("tester.details_show")}
      </button>
      {open && <pre class="tester-error-detail">{technical}</pre>}
    </div>
  );
}
