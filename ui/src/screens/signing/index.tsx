// Signing (the officer's screen), and Settings' panels: operator and retention, integration
// profiles (secrets in once, masks out), and the built-in sandbox (inbox with OTPs, faults).
// Everything is keyboard-first: focus moves to the next input, Enter submits, errors and
// progress are announced.

import { useEffect, useRef, useState } from "preact/hooks";
import type { IpcError } from "@bindings/IpcError";
import type { SigningDocument } from "@bindings/SigningDocument";
import type { SigningHistoryRow } from "@bindings/SigningHistoryRow";
import type { SigningLogin } from "@bindings/SigningLogin";
import type { SigningProgress } from "@bindings/SigningProgress";
import type { SigningResult } from "@bindings/SigningResult";
import type { SavedSignatures } from "@bindings/SavedSignatures";
import { formatDate, formatDateTime, t } from "../../i18n";
import { useLanguage } from "../../i18n/use_language";
import {
  signingCancel,
  signingHashFile,
  signingHistory,
  signingLogin,
  signingSave,
  signingSign,
  settingsProfiles,
} from "./ipc";
import { bytesToBase64, errorOf, newJobId, parseHashes, progressMessage, progressShare, shorten } from "./signing_logic";
import { SettingsPanels } from "./settings_panels";
import { ErrorNote } from "./error_note";
import { PdfSigning } from "./pdf_signing";
import "./signing.css";
import { focusOnOpen } from "../focus_on_open";

export { SettingsPanels };
export { ErrorNote };

type Phase = "idle" | "signing" | "done";

/** The "wait for approval" field as seconds, or null for the default. */
function timeLimitSecs(text: string): number | null {
  const seconds = Number.parseInt(text, 10);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

export function SigningScreen() {
  useLanguage();
  const [profiles, setProfiles] = useState<string[] | null>(null);
  const [profile, setProfile] = useState("");
  const [login, setLogin] = useState<SigningLogin | null>(null);
  const [loggingIn, setLoggingIn] = useState(false);
  const [certAlias, setCertAlias] = useState("");
  const [files, setFiles] = useState<SigningDocument[]>([]);
  const [hashing, setHashing] = useState<string | null>(null);
  const [hashesText, setHashesText] = useState("");
  const [description, setDescription] = useState("");
  const [certPassword, setCertPassword] = useState("");
  const [timeLimit, setTimeLimit] = useState("120");
  const [phase, setPhase] = useState<Phase>("idle");
  const [step, setStep] = useState<SigningProgress | null>(null);
  const [job, setJob] = useState("");
  const [result, setResult] = useState<SigningResult | null>(null);
  const [saved, setSaved] = useState<SavedSignatures | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [notice, setNotice] = useState("");
  const [history, setHistory] = useState<SigningHistoryRow[]>([]);
  const loginButton = useRef<HTMLButtonElement>(null);
  const certList = useRef<HTMLFieldSetElement>(null);
  const saveButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    settingsProfiles().then(
      (panel) => {
        const csp = panel.profiles.filter((p) => p.peer === "csp");
        setProfiles(csp.map((p) => p.name));
        const first = csp.find((p) => p.sandbox) ?? csp[0];
        if (first) setProfile(first.name);
      },
      (reason) => {
        setProfiles([]);
        setError(errorOf(reason));
      },
    );
  }, []);

  // Once the profiles are known, the first thing to do is to sign in.
  const profilesKnown = profiles !== null;
  useEffect(() => {
    if (profilesKnown) focusOnOpen(loginButton.current);
  }, [profilesKnown]);

  const refreshHistory = (name: string) =>
    signingHistory(name || null).then(
      (rows) => setHistory(rows.slice(0, 6)),
      () => undefined,
    );

  const doLogin = async () => {
    if (!profile || loggingIn) return;
    setLoggingIn(true);
    setError(null);
    setLogin(null);
    setCertAlias("");
    try {
      const answer = await signingLogin(profile);
      setLogin(answer);
      const usable = answer.certificates.find((c) => c.valid_now && !c.problem) ?? answer.certificates[0];
      setCertAlias(usable?.cert_alias ?? "");
      void refreshHistory(profile);
      // The next input: the certificate list.
      setTimeout(() => certList.current?.querySelector<HTMLInputElement>("input:checked, input")?.focus(), 0);
    } catch (reason) {
      setError(errorOf(reason));
    } finally {
      setLoggingIn(false);
    }
  };

  const addFiles = async (list: FileList | null) => {
    if (!list) return;
    setError(null);
    for (const file of Array.from(list)) {
      setHashing(file.name);
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const doc = await signingHashFile(file.name, bytesToBase64(bytes));
        setFiles((now) => [...now.filter((d) => d.name !== doc.name), doc]);
      } catch (reason) {
        setError(errorOf(reason));
      }
    }
    setHashing(null);
  };

  const pasted = parseHashes(hashesText);
  const documents = [...files, ...pasted.documents];
  const cert = login?.certificates.find((c) => c.cert_alias === certAlias) ?? null;
  const ready = !!login && !!cert && documents.length > 0 && pasted.badLines.length === 0 && phase !== "signing";

  const sign = async (e: Event) => {
    e.preventDefault();
    if (!ready || !cert) {
      setNotice(t("signing.nothing"));
      return;
    }
    const id = newJobId();
    setJob(id);
    setPhase("signing");
    setStep(null);
    setResult(null);
    setSaved(null);
    setError(null);
    setNotice("");
    setTimeout(() => cancelButton.current?.focus(), 0);
    try {
      const answer = await signingSign(
        {
          job_id: id,
          profile,
          cert_alias: cert.cert_alias,
          cert_password: cert.auth_pass && certPassword !== "" ? certPassword : null,
          description: description.trim() === "" ? null : description.trim(),
          documents,
          time_limit_secs: timeLimitSecs(timeLimit),
        },
        setStep,
      );
      setResult(answer);
      setPhase("done");
      setCertPassword("");
      setTimeout(() => saveButton.current?.focus(), 0);
    } catch (reason) {
      setError(errorOf(reason));
      setPhase("idle");
    } finally {
      setStep(null);
      void refreshHistory(profile);
    }
  };

  const save = async () => {
    if (!result || saving) return;
    setSaving(true);
    setError(null);
    try {
      setSaved(await signingSave(result.job_id));
    } catch (reason) {
      setError(errorOf(reason));
    } finally {
      setSaving(false);
    }
  };

  if (profiles === null) return <p class="sg-muted">{t("signing.loading")}</p>;

  const share = progressShare(step);
  return (
    <div class="sg" data-testid="signing-screen">
      <section class="screen sg-panel" aria-labelledby="sg-login-title">
        <h2 id="sg-login-title">{t("signing.login")}</h2>
        {profiles.length === 0 ? (
          <p class="notice">{t("signing.no_profiles")}</p>
        ) : (
          <form
            class="sg-row"
            onSubmit={(e) => {
              e.preventDefault();
              void doLogin();
            }}
          >
            <label class="sg-field">
              <span>{t("signing.profile")}</span>
              <select data-testid="signing-profile" value={profile} onChange={(e) => setProfile(e.currentTarget.value)}>
                {profiles.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" class="sg-button primary" ref={loginButton} data-testid="signing-login" disabled={loggingIn}>
              {loggingIn ? t("signing.logging_in") : t("signing.login")}
            </button>
          </form>
        )}
        {login && (
          <div class="sg-login" data-testid="signing-who" data-user={login.user_id ?? ""}>
            <p>
              {login.user_id
                ? t("signing.signed_in", { user: `${login.user_name ?? login.user_id} (${login.user_id})`, url: login.base_url })
                : t("signing.signed_in_app", { url: login.base_url })}
            </p>
            <p class="sg-muted">
              {t("signing.session", {
                message: login.service_description ?? login.service_message,
                when: login.expires_at ? formatDateTime(login.expires_at) : "—",
              })}
            </p>
            {!login.link_encrypted && <p class="sg-warn">{t("signing.unencrypted")}</p>}
          </div>
        )}
      </section>

      {login && (
        <form class="screen sg-panel" onSubmit={sign} aria-labelledby="sg-cert-title" data-testid="signing-form">
          <fieldset class="sg-certs" ref={certList} aria-labelledby="sg-cert-title">
            <h2 id="sg-cert-title">{t("signing.certs.heading")}</h2>
            {login.certificates.length === 0 && <p class="notice">{t("signing.certs.none")}</p>}
            {login.certificates.map((c) => (
              <label key={c.cert_alias} class="sg-cert" data-testid="signing-cert" data-alias={c.cert_alias}>
                <input
                  type="radio"
                  name="cert"
                  value={c.cert_alias}
                  checked={c.cert_alias === certAlias}
                  disabled={!!c.problem}
                  onChange={() => setCertAlias(c.cert_alias)}
                />
                <span class="sg-cert-body">
                  <strong>{c.subject ?? c.cert_alias}</strong>
                  <code>{c.cert_alias}</code>
                  <span class="sg-muted">
                    {[
                      c.key,
                      c.valid_now && c.not_after ? t("signing.cert.valid_until", { date: formatDate(c.not_after) }) : t("signing.cert.not_valid"),
                      c.auth_pass ? t("signing.cert.needs_password") : "",
                      c.problem ?? "",
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>

          <h2>{t("signing.docs.heading")}</h2>
          <label class="sg-field">
            <span>{t("signing.docs.files")}</span>
            <input
              type="file"
              multiple
              data-testid="signing-file"
              onChange={(e) => {
                const input = e.currentTarget;
                void addFiles(input.files).then(() => {
                  input.value = "";
                });
              }}
            />
            <small class="sg-muted">{t("signing.docs.files_help")}</small>
          </label>
          {hashing && (
            <p class="sg-muted" aria-live="polite">
              {t("signing.docs.hashing", { name: hashing })}
            </p>
          )}
          <label class="sg-field">
            <span>{t("signing.docs.hashes")}</span>
            <textarea
              rows={3}
              spellcheck={false}
              data-testid="signing-hashes"
              value={hashesText}
              aria-invalid={pasted.badLines.length > 0}
              aria-describedby="sg-hash-errors"
              onInput={(e) => setHashesText(e.currentTarget.value)}
            />
          </label>
          <div id="sg-hash-errors" aria-live="polite">
            {pasted.badLines.map((line) => (
              <p key={line} class="sg-field-error">
                {t("signing.docs.bad_hash", { line: String(line) })}
              </p>
            ))}
          </div>
          {documents.length > 0 && (
            <table class="sg-table" data-testid="signing-documents">
              <caption>{t("signing.docs.count", { count: String(documents.length) })}</caption>
              <tbody>
                {documents.map((d) => (
                  <tr key={d.name} data-testid="signing-document" data-name={d.name}>
                    <td>{d.name}</td>
                    <td>{d.file_bytes != null ? t("signing.docs.size", { size: String(d.file_bytes) }) : t("signing.docs.pasted")}</td>
                    <td>
                      <code title={d.sha256}>{shorten(d.sha256)}</code>
                    </td>
                    <td>
                      {d.file_bytes != null && (
                        <button
                          type="button"
                          class="sg-link"
                          aria-label={t("signing.docs.remove", { name: d.name })}
                          onClick={() => setFiles((now) => now.filter((x) => x.name !== d.name))}
                        >
                          ✕
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div class="sg-row">
            <label class="sg-field grow">
              <span>{t("signing.description")}</span>
              <input type="text" value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
            </label>
            <label class="sg-field narrow">
              <span>{t("signing.time_limit")}</span>
              <input type="number" min={1} max={3600} value={timeLimit} onInput={(e) => setTimeLimit(e.currentTarget.value)} />
            </label>
          </div>
          {cert?.auth_pass && (
            <label class="sg-field">
              <span>{t("signing.cert_password")}</span>
              <input type="password" autocomplete="off" value={certPassword} onInput={(e) => setCertPassword(e.currentTarget.value)} />
            </label>
          )}
          <div class="sg-row">
            <button type="submit" class="sg-button primary" data-testid="signing-sign" disabled={phase === "signing"}>
              {t("signing.sign")}
            </button>
            {notice && (
              <p class="sg-field-error" role="status">
                {notice}
              </p>
            )}
          </div>
        </form>
      )}

      {login && login.certificates.length > 0 && (
        <PdfSigning
          profile={profile}
          cert={cert}
          certPassword={certPassword}
          timeLimitSecs={timeLimitSecs(timeLimit)}
          onDone={() => void refreshHistory(profile)}
        />
      )}

      {phase === "signing" && (
        <section class="screen sg-panel sg-progress" data-testid="signing-progress" data-step={step?.step ?? "starting"} aria-busy="true">
          <p aria-live="polite">{step ? t(...progressMessage(step)) : t("signing.working")}</p>
          <progress max={1} value={share ?? undefined} aria-label={t("signing.working")} />
          <button type="button" class="sg-button" ref={cancelButton} data-testid="signing-cancel" onClick={() => void signingCancel(job)}>
            {t("signing.cancel")}
          </button>
        </section>
      )}

      {error && <ErrorNote error={error} />}

      {result && phase === "done" && (
        <section class="screen sg-panel" data-testid="signing-result" data-request={result.request_id ?? ""} aria-labelledby="sg-result-title">
          <h2 id="sg-result-title" class="sg-ok">
            ✓ {t("signing.result.heading")}
          </h2>
          <p aria-live="polite">
            {t("signing.result.summary", {
              id: result.request_id ?? "—",
              alias: result.cert_alias,
              seconds: (result.waited_ms / 1000).toFixed(1),
            })}
          </p>
          <ul class="sg-signed">
            {result.documents.map((d) => (
              <li key={d.journal_id} data-testid="signing-signed" data-verified={String(d.verified)} data-name={d.name}>
                <strong>{d.name}</strong>
                <span class={d.verified ? "sg-ok" : "sg-bad"}>
                  {d.verified ? `✓ ${t("signing.result.verified")}` : `✗ ${t("signing.result.not_verified")}`}
                </span>
                <small class="sg-muted">{d.verified_with}</small>
                <code title={d.sha256}>SHA-256 {shorten(d.sha256)}</code>
                <code title={d.signature_base64}>
                  {t("signing.result.signature")} {shorten(d.signature_base64, 16)}
                </code>
              </li>
            ))}
          </ul>
          <button type="button" class="sg-button primary" ref={saveButton} data-testid="signing-save" disabled={saving} onClick={() => void save()}>
            {saving ? t("signing.saving") : t("signing.save")}
          </button>
          {saved && (
            <p class="sg-saved" role="status" data-testid="signing-saved" data-folder={saved.folder}>
              {t("signing.saved", { folder: saved.folder, files: saved.files.join(", ") })}
            </p>
          )}
        </section>
      )}

      {history.length > 0 && (
        <section class="screen sg-panel" aria-labelledby="sg-history-title">
          <h2 id="sg-history-title">{t("signing.history.heading")}</h2>
          <table class="sg-table" data-testid="signing-history">
            <thead>
              <tr>
                <th>{t("signing.history.document")}</th>
                <th>{t("signing.history.state")}</th>
                <th>{t("signing.history.when")}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>{h.document}</td>
                  <td>
                    <code>{h.state}</code>
                  </td>
                  <td>{formatDateTime(h.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
