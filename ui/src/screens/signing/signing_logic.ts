// The signing screens' logic without Preact or Tauri, so vitest checks it: pasted hashes, file
// bytes for the IPC, progress, the profile form's values, and errors.

import type { IpcError } from "@bindings/IpcError";
import type { PdfRefusal } from "@bindings/PdfRefusal";
import type { PdfSigningProgress } from "@bindings/PdfSigningProgress";
import type { PeerForm } from "@bindings/PeerForm";
import type { PeerId } from "@bindings/PeerId";
import type { ProfileRow } from "@bindings/ProfileRow";
import type { ProfileSave } from "@bindings/ProfileSave";
import type { SigningDocument } from "@bindings/SigningDocument";
import type { SigningProgress } from "@bindings/SigningProgress";
import type { MessageId, Params } from "../../i18n";
import { CommandError, toIpcError } from "../../ipc_error";

const HASH = /^[0-9a-fA-F]{64}$/;

/** Pasted SHA-256 hashes, one per line (blank lines skipped), named `hash-1`, `hash-2`, … */
export function parseHashes(text: string): { documents: SigningDocument[]; badLines: number[] } {
  const documents: SigningDocument[] = [];
  const badLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    if (!HASH.test(line)) {
      badLines.push(index + 1);
      return;
    }
    documents.push({ name: `hash-${documents.length + 1}`, sha256: line.toLowerCase(), file_bytes: null });
  });
  return { documents, badLines };
}

/** Bytes as base64, in chunks so a large file never overflows the call stack. */
export function bytesToBase64(bytes: Uint8Array): string {
  const CHUNK = 0x8000;
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** How far the wait for approval has gone, 0–1 (null before and after waiting). */
export function progressShare(step: SigningProgress | null): number | null {
  if (!step || step.step !== "pending" || step.time_limit_ms <= 0) return null;
  return Math.min(1, step.elapsed_ms / step.time_limit_ms);
}

/** The sentence for a progress step. */
export function progressMessage(step: SigningProgress): [MessageId, Params] {
  switch (step.step) {
    case "preparing":
      return ["signing.step.preparing", { alias: step.cert_alias }];
    case "requested":
      return ["signing.step.requested", { count: String(step.documents) }];
    case "pending":
      return [
        "signing.step.pending",
        {
          id: step.request_id,
          elapsed: String(Math.floor(step.elapsed_ms / 1000)),
          limit: String(Math.round(step.time_limit_ms / 1000)),
        },
      ];
    case "verifying":
      return ["signing.step.verifying", { count: String(step.signatures) }];
  }
}

let jobs = 0;
/** A fresh id for one signing, so it can be cancelled by name. */
export function newJobId(now: number = Date.now()): string {
  jobs += 1;
  return `job-${now}-${jobs}`;
}

/** The profile form's starting values: the row's, else each field's default. */
export function formValues(form: PeerForm, row?: ProfileRow): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of form.settings) {
    const stored = row?.settings.find((s) => s.key === field.key)?.value;
    values[field.key] = stored ?? field.default;
  }
  return values;
}

/** The request that saves a profile; secrets left empty are not sent (what is stored stays). */
export function profileSave(
  name: string,
  peer: PeerId,
  form: PeerForm,
  values: Record<string, string>,
  secrets: Record<string, string>,
): ProfileSave {
  return {
    name: name.trim(),
    peer,
    settings: form.settings.map((f) => ({ key: f.key, value: values[f.key] ?? "" })),
    secrets: Object.entries(secrets)
      .filter(([, value]) => value !== "")
      .map(([field, value]) => ({ field, value })),
  };
}

/** The IpcError behind a rejected command. */
export function errorOf(reason: unknown): IpcError {
  return reason instanceof CommandError ? reason.error : toIpcError(reason);
}

/** Short form of a long value (signatures, fingerprints) for a table cell. */
export function shorten(text: string, keep = 12): string {
  return text.length <= keep * 2 + 1 ? text : `${text.slice(0, keep)}…${text.slice(-keep)}`;
}

/** The largest PDF the screen sends to sign (the core's own limit is 256 MiB). */
export const MAX_PDF_BYTES = 50 * 1024 * 1024;

/** The sentence refusing a PDF that is too large, or null when it may be sent. */
export function pdfTooLarge(name: string, size: number): [MessageId, Params] | null {
  if (size <= MAX_PDF_BYTES) return null;
  return ["signing.pdf.too_large", { name, size: (size / (1024 * 1024)).toFixed(1) }];
}

/** The sentence for a step of a PDF signing (the hash signing's steps, plus read and write). */
export function pdfProgressMessage(step: PdfSigningProgress): [MessageId, Params] {
  switch (step.step) {
    case "read":
      return ["signing.pdf.step.read", { pages: String(step.pages), bytes: String(step.bytes) }];
    case "writing":
      return ["signing.pdf.step.writing", {}];
    default:
      return progressMessage(step);
  }
}

/** How far the wait for approval of a PDF signing has gone, 0–1. */
export function pdfProgressShare(step: PdfSigningProgress | null): number | null {
  return step && step.step === "pending" ? progressShare(step) : null;
}

/** The sentence in the chosen language for a refused PDF. */
export function refusalMessage(reason: PdfRefusal): MessageId {
  return `signing.pdf.refused.${reason}`;
}

/** A byte range as the PDF writes it: `[0 a b c]`. */
export function byteRangeText(range: number[]): string {
  return `[${range.join(" ")}]`;
}
