// Documents: send the citizen an OTP (API-5A), enter it (tries left and expiry shown; wrong,
// expired and blocked explained), then the document — previewed when it is an image, described
// and opened in the system viewer when it is a PDF — saved, copied to Downloads, printed.
// Documents that need no OTP come by API-4.

import { useEffect, useRef, useState } from "preact/hooks";
import type { DocumentView } from "@bindings/DocumentView";
import type { OtpSent } from "@bindings/OtpSent";
import { formatNumber, formatTime, t } from "../../i18n";
import { useLanguage } from "../../i18n/use_language";
import { deoDocumentDownload, deoDocumentOpen, deoDocumentPreview, deoDocumentSaveCopy, deoOtpRequest, deoOtpVerify } from "./ipc";
import { base64Bytes, canPreview, countdown, documentKind, otpDigits, otpRefusal, secondsLeft, type Said } from "./logic";
import { BusyLine, ErrorNotice, asIpcError, counterMemory, savedUserId, useCall, useProfile } from "./shared";
import { focusOnOpen } from "../focus_on_open";

interface Refusal extends Said {
  needsNewOtp: boolean;
  attemptsLeft: number | null;
}

// Kept while the DEO visits other screens (an OTP is often read out while they check a status).
let memory: { number: string; sent: OtpSent | null; document: DocumentView | null } = { number: "", sent: null, document: null };

export function DocumentsScreen() {
  useLanguage();
  const { profile, error: profileError } = useProfile();
  const [number, setNumber] = useState(counterMemory.documentNumber || memory.number);
  const [sent, setSent] = useState<OtpSent | null>(counterMemory.documentNumber ? null : memory.sent);
  const [document, setDocument] = useState<DocumentView | null>(counterMemory.documentNumber ? null : memory.document);
  const [otp, setOtp] = useState("");
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [now, setNow] = useState(Date.now());
  const { pending, error, cancelled, run, setError } = useCall();
  const numberRef = useRef<HTMLInputElement | null>(null);
  const otpRef = useRef<HTMLInputElement | null>(null);
  const resendRef = useRef<HTMLButtonElement | null>(null);
  const docRef = useRef<HTMLHeadingElement | null>(null);

  useEffect(() => {
    counterMemory.documentNumber = "";
    memory = { number, sent, document };
  }, [number, sent, document]);

  useEffect(() => {
    if (document) focusOnOpen(docRef.current);
    else if (sent) focusOnOpen(otpRef.current);
    else focusOnOpen(numberRef.current);
  }, []);

  // The OTP's countdown.
  useEffect(() => {
    if (!sent || document) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [sent, document]);

  const requestOtp = async () => {
    const n = number.trim();
    if (!n || !profile || pending) return;
    setRefusal(null);
    setDocument(null);
    const answer = await run(() => deoOtpRequest({ profile, document_no: n }));
    if (!answer) return;
    setSent(answer);
    setOtp("");
    setNow(Date.now());
    setTimeout(() => otpRef.current?.focus(), 0);
  };

  const verify = async () => {
    if (!sent || !profile || pending) return;
    const typed = otpDigits(otp);
    if (!typed) {
      otpRef.current?.focus();
      return;
    }
    const answer = await run(() => deoOtpVerify({ profile, otp_id: sent.otp_id, otp: typed, document_no: sent.document_no }));
    setOtp("");
    if (!answer) return;
    if (answer.outcome === "released") {
      setRefusal(null);
      setDocument(answer.document);
      setTimeout(() => docRef.current?.focus(), 0);
      return;
    }
    const said = otpRefusal(answer.reason, answer.attempts_left);
    setRefusal({ ...said, attemptsLeft: answer.attempts_left });
    setTimeout(() => (said.needsNewOtp ? resendRef.current : otpRef.current)?.focus(), 0);
  };

  const download = async () => {
    const n = number.trim();
    if (!n || !profile || pending) return;
    setRefusal(null);
    setSent(null);
    const doc = await run(() => deoDocumentDownload({ profile, user_id: savedUserId(), document_no: n, service_code: counterMemory.serviceOf.get(n) ?? null }));
    if (!doc) {
      setTimeout(() => resendRef.current?.focus(), 0);
      return;
    }
    setDocument(doc);
    setTimeout(() => docRef.current?.focus(), 0);
  };

  const next = () => {
    setDocument(null);
    setSent(null);
    setRefusal(null);
    setNumber("");
    setError(null);
    setTimeout(() => numberRef.current?.focus(), 0);
  };

  const left = sent ? secondsLeft(sent.expected_expiry, now) : null;
  return (
    <div class="deo" data-testid="deo-documents">
      <ErrorNotice error={profileError} testid="deo-profile-error" />
      <form
        class="screen deo-panel deo-form"
        noValidate
        aria-busy={pending ? true : undefined}
        onSubmit={(e) => {
          e.preventDefault();
          void requestOtp();
        }}
      >
        <div class="deo-field wide">
          <label for="deo-doc-number">{t("deo.docs.document_no")}</label>
          <div class="deo-inline">
            <input
              id="deo-doc-number"
              ref={numberRef}
              class="deo-input deo-mono"
              type="text"
              autoComplete="off"
              spellcheck={false}
              data-testid="doc-number"
              value={number}
              onInput={(e) => setNumber((e.target as HTMLInputElement).value)}
            />
          </div>
        </div>
        <div class="deo-actions">
          <button type="submit" class="deo-button" ref={resendRef} disabled={!profile || !!pending} data-testid="doc-request-otp">
            {sent ? t("deo.docs.resend") : t("deo.docs.request_otp")}
          </button>
          <button type="button" class="deo-button secondary" disabled={!profile || !!pending} onClick={() => void download()} data-testid="doc-download">
            {t("deo.docs.download")}
          </button>
        </div>
      </form>

      {sent && !document && (
        <form
          class="screen deo-panel deo-form"
          noValidate
          data-testid="otp-panel"
          aria-busy={pending ? true : undefined}
          onSubmit={(e) => {
            e.preventDefault();
            void verify();
          }}
        >
          <p class="deo-ok" role="status">
            {t("deo.docs.otp_sent")} {sent.message && <span lang="en">({sent.message})</span>}
          </p>
          <dl class="deo-facts">
            <dt>{t("deo.docs.otp_id")}</dt>
            <dd>
              <code data-testid="otp-id">{sent.otp_id}</code>
            </dd>
            <dt>{t("deo.docs.document_no")}</dt>
            <dd>
              <code>{sent.document_no}</code>
            </dd>
          </dl>
          <p class="deo-otp-clock" data-testid="otp-expiry">
            {t("deo.docs.sent_at", { time: formatTime(sent.requested_at) })} ·{" "}
            {left === 0 ? (
              <strong>{t("deo.docs.expired_probably")}</strong>
            ) : (
              t("deo.docs.expires", { time: formatTime(sent.expected_expiry), remaining: countdown(left ?? 0) })
            )}
          </p>
          <p data-testid="otp-attempts">
            {refusal?.attemptsLeft != null
              ? t("deo.docs.attempts_left", { count: String(refusal.attemptsLeft) })
              : t("deo.docs.attempts", { count: String(sent.expected_attempts) })}
          </p>
          <div class="deo-field">
            <label for="deo-otp">{t("deo.docs.otp")}</label>
            <div class="deo-inline">
              <input
                id="deo-otp"
                ref={otpRef}
                class={refusal ? "deo-input deo-otp invalid" : "deo-input deo-otp"}
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={12}
                data-testid="otp-input"
                value={otp}
                aria-invalid={refusal ? true : undefined}
                aria-describedby={refusal ? "deo-otp-problem" : undefined}
                onInput={(e) => setOtp((e.target as HTMLInputElement).value)}
              />
              <button type="submit" class="deo-button" disabled={!!pending} data-testid="otp-verify">
                {t("deo.docs.verify")}
              </button>
            </div>
          </div>
          {refusal && (
            <p id="deo-otp-problem" class="deo-field-error" role="alert" data-testid="otp-refusal" data-attempts-left={refusal.attemptsLeft ?? ""}>
              {t(refusal.id, refusal.params)}
            </p>
          )}
        </form>
      )}

      <div class="deo-status-area">
        <BusyLine pending={pending} cancelled={cancelled} />
        <ErrorNotice error={error} />
      </div>

      {document && <DocumentCard doc={document} headingRef={docRef} onNext={next} />}
    </div>
  );
}

function DocumentCard({ doc, headingRef, onNext }: { doc: DocumentView; headingRef: { current: HTMLHeadingElement | null }; onNext: () => void }) {
  const [note, setNote] = useState<string | null>(null);
  const { error, run } = useCall();
  const kind = documentKind(doc.kind);

  const saveCopy = async () => {
    const saved = await run(() => deoDocumentSaveCopy(doc.file_name));
    if (saved) setNote(t("deo.docs.copy_saved", { path: saved.path }));
  };
  const open = async () => {
    const done = await run(() => deoDocumentOpen(doc.file_name).then(() => true));
    if (done) setNote(t("deo.docs.opened"));
  };

  return (
    <section class="screen deo-panel deo-document" data-testid="document" data-kind={doc.kind} aria-labelledby="deo-doc-title">
      <h2 id="deo-doc-title" tabIndex={-1} ref={headingRef}>
        {t("deo.docs.released")}
      </h2>
      <dl class="deo-facts">
        <dt>{t("deo.docs.document_no")}</dt>
        <dd>
          <code data-testid="document-no">{doc.document_no}</code>
        </dd>
        {(doc.service_name || doc.service_code) && (
          <>
            <dt>{t("deo.docs.service")}</dt>
            <dd>
              {doc.service_code && <code>{doc.service_code}</code>} {doc.service_name && `· ${doc.service_name}`}
            </dd>
          </>
        )}
        <dt>{t("deo.docs.type")}</dt>
        <dd data-testid="document-type">
          {t(kind.id)} <code>{doc.media_type}</code>
        </dd>
        <dt>{t("deo.docs.size")}</dt>
        <dd>{t("deo.docs.bytes", { count: formatNumber(doc.bytes) })}</dd>
        <dt>SHA-256</dt>
        <dd>
          <code class="deo-hash" data-testid="document-sha256">
            {doc.sha256}
          </code>
        </dd>
        <dt>{t("deo.docs.saved_in")}</dt>
        <dd>
          <code class="deo-path">{doc.path}</code>
        </dd>
      </dl>
      {canPreview(doc.kind) ? <ImagePreview doc={doc} /> : <p class="notice">{t("deo.docs.pdf_note")}</p>}
      <div class="deo-actions">
        <button type="button" class="deo-button" onClick={() => void open()} data-testid="document-open">
          {t("deo.docs.open")}
        </button>
        <button type="button" class="deo-button secondary" onClick={() => void saveCopy()} data-testid="document-save-copy">
          {t("deo.docs.save_copy")}
        </button>
        <button type="button" class="deo-button secondary" onClick={() => window.print()} data-testid="document-print">
          {t("deo.docs.print")}
        </button>
        <button type="button" class="deo-button secondary" onClick={onNext} data-testid="document-next">
          {t("deo.docs.next")}
        </button>
      </div>
      {note && (
        <p class="deo-ok" role="status" data-testid="document-note">
          {note}
        </p>
      )}
      <ErrorNotice error={error} />
      <div class="deo-print" aria-hidden="true">
        <h1>{t("deo.docs.print_title", { document: doc.document_no })}</h1>
        {canPreview(doc.kind) ? <ImagePreview doc={doc} print /> : <p>{t("deo.docs.pdf_note")}</p>}
        <p>
          {doc.service_code} {doc.service_name}
        </p>
        <p>SHA-256 {doc.sha256}</p>
      </div>
    </section>
  );
}

/**
 * The image drawn on a canvas from its bytes: no blob: or data: URL, so the strict CSP's
 * `img-src 'self'` stays as it is.
 */
function ImagePreview({ doc, print = false }: { doc: DocumentView; print?: boolean }) {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let alive = true;
    deoDocumentPreview(doc.file_name)
      .then(async (p) => {
        const bytes = base64Bytes(p.base64);
        const bitmap = await createImageBitmap(new Blob([bytes.buffer as ArrayBuffer], { type: p.media_type }));
        const c = canvas.current;
        if (!alive || !c) return;
        const scale = Math.min(1, (print ? 700 : 640) / bitmap.width);
        c.width = Math.round(bitmap.width * scale);
        c.height = Math.round(bitmap.height * scale);
        c.getContext("2d")?.drawImage(bitmap, 0, 0, c.width, c.height);
        c.dataset.drawn = "true";
      })
      .catch((e: unknown) => {
        void asIpcError(e);
        if (alive) setFailed(true);
      });
    return () => {
      alive = false;
    };
  }, [doc.file_name]);
  if (failed) return <p class="notice">{t("deo.docs.preview_failed")}</p>;
  return (
    <figure class="deo-preview">
      <canvas ref={canvas} data-testid={print ? undefined : "document-preview"} aria-label={`${t("deo.docs.preview")}: ${doc.document_no}`} role="img" />
    </figure>
  );
}
