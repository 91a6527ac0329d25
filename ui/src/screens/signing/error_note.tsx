// An error as the signing screens show it: one sentence in the chosen language (by its code),
// the core's own sentence, and the technical detail behind a toggle. Announced (role="alert").

import { useState } from "preact/hooks";
import type { IpcError } from "@bindings/IpcError";
import { t } from "../../i18n";

/** The error in the chosen language, the core's sentence, and the technical detail on request. */
export function ErrorNote({ error, testid = "signing-error" }: { error: IpcError; testid?: string }) {
  const [open, setOpen] = useState(false);
  const detail = error.detail;
  const facts = [
    detail?.http_status != null ? `HTTP ${detail.http_status}` : "",
    detail?.peer_code ? `code ${detail.peer_code}` : "",
    detail?.text ?? "",
  ].filter(Boolean);
  return (
    <div class="sg-error" role="alert" data-testid={testid} data-code={error.code}>
      <p class="sg-error-plain">{t(`error.${error.code}`)}</p>
      <p class="sg-error-core">{error.message}</p>
      {facts.length > 0 && (
        <>
          <button type="button" class="sg-link" aria-expanded={open} onClick={() => setOpen(!open)}>
            {t("signing.details")}
          </button>
          {open && <pre class="sg-error-detail">{facts.join("\n")}</pre>}
        </>
      )}
    </div>
  );
}

