// The DEO screens' logic that needs no DOM and no Tauri: the service picker's keyboard moves,
// which sentence goes under which field, what an OTP refusal means for the next step, the OTP's
// countdown, and turning an error into words. Tested in logic.test.ts.

import type { CitizenField } from "@bindings/CitizenField";
import type { DocumentKind } from "@bindings/DocumentKind";
import type { FieldError } from "@bindings/FieldError";
import type { FieldProblem } from "@bindings/FieldProblem";
import type { IpcError } from "@bindings/IpcError";
import type { OtpRefusal } from "@bindings/OtpRefusal";
import type { MessageId, Params } from "../../i18n";

/** A message id with its placeholders, rendered later with `t()` in the current language. */
export interface Said {
  id: MessageId;
  params?: Params;
}

/**
 * The service list's active row after a key press (null: the key is not a list key).
 * ↑/↓ wrap round; Home/End jump; with no active row ↓ starts at the top and ↑ at the bottom.
 */
export function moveActive(active: number | null, count: number, key: string): number | null {
  if (count === 0) return null;
  switch (key) {
    case "ArrowDown":
      return active === null ? 0 : (active + 1) % count;
    case "ArrowUp":
      return active === null ? count - 1 : (active - 1 + count) % count;
    case "PageDown":
      return Math.min((active ?? -1) + 5, count - 1);
    case "PageUp":
      return Math.max((active ?? count) - 5, 0);
    default:
      return null;
  }
}

/** The sentence under a field for the core's problem kind. */
export function fieldProblem(problem: FieldProblem): Said {
  switch (problem.kind) {
    case "wrong_length":
      return { id: "deo.field.wrong_length", params: { digits: String(problem.digits) } };
    default:
      return { id: `deo.field.${problem.kind}` };
  }
}

/** The first problem of each field (the one shown under it). */
export function problemsByField(errors: readonly FieldError[]): Partial<Record<CitizenField, FieldError>> {
  const out: Partial<Record<CitizenField, FieldError>> = {};
  for (const e of errors) if (!out[e.field]) out[e.field] = e;
  return out;
}

/** Problems of the fields the DEO has already left (or all of them, after a submit). */
export function visibleProblems(
  errors: readonly FieldError[],
  touched: ReadonlySet<CitizenField>,
  submitted: boolean,
): FieldError[] {
  return submitted ? [...errors] : errors.filter((e) => touched.has(e.field));
}

/** What a refused OTP means: the sentence, and whether a new OTP is the only way on. */
export function otpRefusal(reason: OtpRefusal, attemptsLeft: number | null): Said & { needsNewOtp: boolean } {
  switch (reason) {
    case "wrong":
      if (attemptsLeft === 0) return { id: "deo.docs.attempts_exhausted", needsNewOtp: true };
      if (attemptsLeft === 1) return { id: "deo.docs.wrong_last", needsNewOtp: false };
      if (attemptsLeft === null) return { id: "deo.docs.wrong", needsNewOtp: false };
      return { id: "deo.docs.wrong_left", params: { count: String(attemptsLeft) }, needsNewOtp: false };
    case "expired":
      return { id: "deo.docs.expired", needsNewOtp: true };
    case "attempts_exhausted":
      return { id: "deo.docs.attempts_exhausted", needsNewOtp: true };
    case "used":
      return { id: "deo.docs.used", needsNewOtp: true };
    case "unknown":
      return { id: "deo.docs.unknown", needsNewOtp: true };
    case "refused":
      return { id: "deo.docs.refused", needsNewOtp: false };
  }
}

/** Whole seconds from `nowMs` until `expiryIso` (0 once past; null if it is not a time). */
export function secondsLeft(expiryIso: string, nowMs: number): number | null {
  const end = Date.parse(expiryIso);
  if (Number.isNaN(end)) return null;
  return Math.max(0, Math.ceil((end - nowMs) / 1000));
}

/** 287 → "4:47". */
export function countdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** The words for a document's kind. */
export function documentKind(kind: DocumentKind): Said {
  switch (kind) {
    case "pdf":
      return { id: "deo.docs.kind_pdf" };
    case "png":
    case "jpeg":
      return { id: "deo.docs.kind_image" };
    case "unknown":
      return { id: "deo.docs.kind_unknown" };
  }
}

/** Whether the window can draw a preview of the document itself. */
export function canPreview(kind: DocumentKind): boolean {
  return kind === "png" || kind === "jpeg";
}

/** A ticket number: 14 digits (YYYYMMDDHHmmSS) or 17 with milliseconds. */
export function looksLikeTicket(text: string): boolean {
  return /^\d{14}(\d{3})?$/.test(text.trim());
}

/** The bytes of base64 text (for the image preview). */
export function base64Bytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The plain sentence for a failed command: this area's own sentence when the department's code
 * has one (`otp_required`), else the shell's sentence for the error code.
 */
export function errorSentence(error: IpcError): Said {
  if (error.detail?.peer_code === "otp_required") return { id: "deo.docs.otp_required" };
  return { id: `error.${error.code}` };
}

/** Keeps the digits a DEO typed in an OTP box (spaces and dashes from an SMS dropped). */
export function otpDigits(text: string): string {
  return text.replace(/[\s-]/g, "");
}
