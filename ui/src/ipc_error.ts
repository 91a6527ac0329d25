// Turning whatever a failed command rejects with into the generated `IpcError` shape.
// Kept apart from ipc.ts so it is tested without Tauri.

import type { ErrorCode } from "@bindings/ErrorCode";
import type { IpcError } from "@bindings/IpcError";

/** Every code the Rust side can send (checked against the generated union by the compiler). */
export const ERROR_CODES = [
  "invalid_input",
  "not_found",
  "peer_unreachable",
  "peer_rejected",
  "bad_response",
  "security_failure",
  "secret_unavailable",
  "not_implemented",
  "internal",
] as const satisfies readonly ErrorCode[];

// Compile-time proof that ERROR_CODES lists every ErrorCode: fails to type-check if Rust adds one.
type Missing = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;
const allCodesListed: Missing extends never ? true : never = true;
void allCodesListed;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}

export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return isErrorCode(v.code) && typeof v.message === "string" && (v.detail === null || typeof v.detail === "object");
}

/** A command rejected with an `IpcError`, or the bridge itself failed (then: code "internal"). */
export function toIpcError(reason: unknown): IpcError {
  if (isIpcError(reason)) return reason;
  const text = reason instanceof Error ? reason.message : typeof reason === "string" ? reason : JSON.stringify(reason);
  return {
    code: "internal",
    message: "The request did not reach Kendra Desk's core.",
    detail: { http_status: null, peer_code: null, text: text ?? String(reason) },
  };
}

/** Thrown by the typed command functions in ipc.ts. */
export class CommandError extends Error {
  readonly error: IpcError;
  constructor(command: string, error: IpcError) {
    super(`${command}: ${error.code}: ${error.message}`);
    this.name = "CommandError";
    this.error = error;
  }
}
