// "Sign a PDF": the officer picks a PDF (the UI reads its bytes), optionally a visible stamp with
// the application number and a reason, and signs it with the certificate chosen above. The same
// PENDING progress and Stop waiting as hash signing; the signed copy lands in the Downloads
// folder beside saved signatures. Refusals the officer can fix are worded in the chosen language.

import { useRef, useState } from "preact/hooks";
import type { IpcError } from "@bindings/IpcError";
import type { PdfRefusal } from "@bindings/PdfRefusal";
import type { PdfSigningProgress } from "@bindings/PdfSigningProgress";
import type { PdfSigningResult } from "@bindings/PdfSigningResult";
import type { SigningCertificate } from "@bindings/SigningCertificate";
import { formatDateTime, t } from "../../i18n";
import { signingCancel, signingSignPdf } from "./ipc";
import {
  byteRangeText,
  bytesToBase64,
  errorOf,
  newJobId,
  pdfProgressMessage,
  pdfProgressShare,
  pdfTooLarge,
  refusalMessage,
  shorten,
} from "./signing_logic";
import { ErrorNote } from "./error_note";

type Picked = { name: string; size: number; file: File };

export function PdfSigning({
  profile,
  cert,
  certPassword,
  timeLimitSecs,
  onDone,
}: {
  profile: string;
  cert: SigningCertificate | null;
  certPassword: string;
  timeLimitSecs: number | null;
  onDone: () => void;
}) {
  const [picked, setPicked] = useState<Picked | null>(null);
  const [visible, setVisible] = useState(false);
  const [applicationNo, setApplicationNo] = useState("");
  const [reason, setReason] = useState("");
  const [signing, setSigning] = useState(false);
  const [job, setJob] = useState("");
  const [step, setStep] = useState<PdfSigningProgress | null>(null);
  const [result, setResult] = useState<PdfSigningResult | null>(null);
  const [refused, setRefused] = useState<{ reason: PdfRefusal; error: IpcError } | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [notice, setNotice] = useState("");
  const visibleBox = useRef<HTMLInputElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  const pick = (list: FileList | null) => {
    const file = list?.[0];
    setRefused(null);
    setError(null);
    setResult(null);
    if (!file) {
      setPicked(null);
      return;
    }
    const tooLarge = pdfTooLarge(file.name, file.size);
    if (tooLarge) {
      setPicked(null);
      setNotice(t(...tooLarge));
      return;
    }
    setNotice("");
    setPicked({ name: file.name, size: file.size, file });
    // The next input: the stamp's checkbox.
    setTimeout(() => visibleBox.current?.focus(), 0);
  };

  const sign = async (e: Event) => {
    e.preventDefault();
    if (signing) return;
    if (!cert || !picked) {
      setNotice(t("signing.pdf.nothing"));
      return;
    }
    const id = newJobId();
    setJob(id);
    setSigning(true);
    setStep(null);
    setResult(null);
    setRefused(null);
    setError(null);
    setNotice("");
    setTimeout(() => cancelButton.current?.focus(), 0);
    try {
      const bytes = new Uint8Array(await picked.file.arrayBuffer());
      const answer = await signingSignPdf(
        {
          job_id: id,
          profile,
          cert_alias: cert.cert_alias,
          cert_password: cert.auth_pass && certPassword !== "" ? certPassword : null,
          file_name: picked.name,
          bytes_base64: bytesToBase64(bytes),
          visible,
          application_no: applicationNo.trim() === "" ? null : applicationNo.trim(),
          reason: reason.trim() === "" ? null : reason.trim(),
          time_limit_secs: timeLimitSecs,
        },
        setStep,
      );
      if (answer.outcome === "signed") {
        setResult(answer.result);
        setTimeout(() => resultHeading.current?.focus(), 0);
      } else {
        setRefused({ reason: answer.reason, error: answer.error });
      }
    } catch (reason) {
      setError(errorOf(reason));
    } finally {
      setSigning(false);
      setStep(null);
      onDone();
    }
  };

  const share = pdfProgressShare(step);
  return (
    <>
      <form class="screen sg-panel" onSubmit={sign} aria-labelledby="sg-pdf-title" data-testid="signing-pdf-form">
        <h2 id="sg-pdf-title">{t("signing.pdf.heading")}</h2>
        <p class="sg-muted">{t("signing.pdf.intro")}</p>
        <label class="sg-field">
          <span>{t("signing.pdf.file")}</span>
          <input
            type="file"
            accept="application/pdf,.pdf"
            data-testid="signing-pdf-file"
            onChange={(e) => pick(e.currentTarget.files)}
          />
        </label>
        {picked && (
          <p class="sg-muted" data-testid="signing-pdf-picked" data-name={picked.name}>
            {t("signing.pdf.picked", { name: picked.name, size: String(picked.size) })}
          </p>
        )}
        <label class="sg-check">
          <input
            type="checkbox"
            ref={visibleBox}
            data-testid="signing-pdf-visible"
            checked={visible}
            onChange={(e) => setVisible(e.currentTarget.checked)}
          />
          <span>{t("signing.pdf.visible")}</span>
        </label>
        {visible && (
          <div class="sg-row">
            <label class="sg-field">
              <span>{t("signing.pdf.application_no")}</span>
              <input
                type="text"
                inputMode="numeric"
                spellcheck={false}
                data-testid="signing-pdf-application"
                value={applicationNo}
                onInput={(e) => setApplicationNo(e.currentTarget.value)}
              />
            </label>
            <label class="sg-field grow">
              <span>{t("signing.pdf.reason")}</span>
              <input type="text" data-testid="signing-pdf-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
            </label>
          </div>
        )}
        {visible && <small class="sg-muted">{t("signing.pdf.latin")}</small>}
        <div class="sg-row">
          <button type="submit" class="sg-button primary" data-testid="signing-pdf-sign" disabled={signing}>
            {signing ? t("signing.pdf.signing") : t("signing.pdf.sign")}
          </button>
          {notice && (
            <p class="sg-field-error" role="status" data-testid="signing-pdf-notice">
              {notice}
            </p>
          )}
        </div>
      </form>

      {signing && (
        <section class="screen sg-panel sg-progress" data-testid="signing-pdf-progress" data-step={step?.step ?? "starting"} aria-busy="true">
          <p aria-live="polite">{step ? t(...pdfProgressMessage(step)) : t("signing.working")}</p>
          <progress max={1} value={share ?? undefined} aria-label={t("signing.working")} />
          <button type="button" class="sg-button" ref={cancelButton} data-testid="signing-pdf-cancel" onClick={() => void signingCancel(job)}>
            {t("signing.cancel")}
          </button>
        </section>
      )}

      {refused && (
        <div data-testid="signing-pdf-refused" data-reason={refused.reason}>
          <p class="sg-error-plain" role="alert">
            {t(refusalMessage(refused.reason))}
          </p>
          <ErrorNote error={refused.error} testid="signing-pdf-error" />
        </div>
      )}
      {error && <ErrorNote error={error} testid="signing-pdf-error" />}

      {result && (
        <section
          class="screen sg-panel"
          data-testid="signing-pdf-result"
          data-verified={String(result.verified)}
          data-path={result.saved_path}
          data-sha256={result.output_sha256}
          aria-labelledby="sg-pdf-result-title"
        >
          <h2 id="sg-pdf-result-title" class="sg-ok" tabIndex={-1} ref={resultHeading}>
            ✓ {t("signing.pdf.result.heading")}
          </h2>
          <dl class="sg-facts" aria-live="polite">
            <dt>{t("signing.pdf.result.signer")}</dt>
            <dd data-testid="signing-pdf-signer">{result.signer}</dd>
            <dt>{t("signing.pdf.result.time")}</dt>
            <dd>{formatDateTime(result.signed_at)}</dd>
            <dt>{t("signing.pdf.result.request")}</dt>
            <dd>
              <code>{result.request_id ?? "—"}</code> · <code>{result.cert_alias}</code>
            </dd>
            <dt>{t("signing.pdf.result.stamp")}</dt>
            <dd>{result.visible ? t("signing.pdf.result.stamp_visible", { page: String(result.page) }) : t("signing.pdf.result.stamp_none")}</dd>
            <dt>{t("signing.pdf.result.byte_range")}</dt>
            <dd>
              <code>{byteRangeText(result.byte_range)}</code>
            </dd>
            <dt>{t("signing.pdf.result.sha256")}</dt>
            <dd>
              <code title={result.output_sha256}>{shorten(result.output_sha256, 16)}</code>
            </dd>
            <dt>{t("signing.pdf.result.saved")}</dt>
            <dd role="status" data-testid="signing-pdf-saved">
              <code>{result.saved_path}</code>
            </dd>
          </dl>
          <p class="sg-ok">✓ {t("signing.result.verified")}</p>
          <small class="sg-muted">{result.verified_with}</small>
        </section>
      )}
    </>
  );
}
