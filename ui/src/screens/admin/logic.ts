// The admin screens' logic, kept free of Preact and Tauri so it is unit-tested: filter forms to
// queries, progress figures, import formats, selections and the technical detail of an error.

import type { IpcError } from "@bindings/IpcError";
import type { JournalQuery } from "@bindings/JournalQuery";
import type { OutboxDrainTick } from "@bindings/OutboxDrainTick";
import type { OutboxQuery } from "@bindings/OutboxQuery";
import type { OutboxRow } from "@bindings/OutboxRow";

/** The outbox's states in life-cycle order (the counts come in this order too). */
export const OUTBOX_STATES = ["queued", "in_flight", "retry_wait", "held", "delivered", "cancelled"] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export const FAILURE_CLASSES = [
  "network",
  "timeout",
  "http_4xx",
  "http_5xx",
  "peer_failed",
  "token_expired",
  "local_validation",
] as const;
export type FailureClassName = (typeof FAILURE_CLASSES)[number];

/** States whose items a person may resend, edit or cancel. */
const ACTIONABLE: readonly string[] = ["queued", "retry_wait", "held"];
/** States the "all failed" resend picks up. */
const FAILED: readonly string[] = ["retry_wait", "held"];

export function isOutboxState(s: string): s is OutboxState {
  return (OUTBOX_STATES as readonly string[]).includes(s);
}

export function isFailureClass(s: string): s is FailureClassName {
  return (FAILURE_CLASSES as readonly string[]).includes(s);
}

export function canChange(row: Pick<OutboxRow, "state">): boolean {
  return ACTIONABLE.includes(row.state);
}

export function isFailed(row: Pick<OutboxRow, "state">): boolean {
  return FAILED.includes(row.state);
}

/** The outbox filter form as typed (blank: any). */
export interface OutboxFilterForm {
  state: string;
  failureClass: string;
  peer: string;
  profile: string;
  fromDate: string;
  toDate: string;
  request: string;
}

export const EMPTY_OUTBOX_FILTER: OutboxFilterForm = {
  state: "",
  failureClass: "",
  peer: "",
  profile: "",
  fromDate: "",
  toDate: "",
  request: "",
};

/** The query Rust expects: only the fields given, trimmed. */
export function outboxQuery(form: OutboxFilterForm, limit = 200): OutboxQuery {
  const q: OutboxQuery = { states: form.state ? [form.state] : [], limit };
  const set = <K extends keyof OutboxQuery>(key: K, value: string) => {
    const v = value.trim();
    if (v) q[key] = v as OutboxQuery[K];
  };
  set("failure_class", form.failureClass);
  set("peer", form.peer);
  set("profile", form.profile);
  set("from_date", form.fromDate);
  set("to_date", form.toDate);
  set("request", form.request);
  return q;
}

/** The journal search form as typed. */
export interface JournalForm {
  ticketNo: string;
  applicationNo: string;
  requestId: string;
  mobile: string;
  status: string;
  peer: string;
  fromDate: string;
  toDate: string;
}

export const EMPTY_JOURNAL_FORM: JournalForm = {
  ticketNo: "",
  applicationNo: "",
  requestId: "",
  mobile: "",
  status: "",
  peer: "",
  fromDate: "",
  toDate: "",
};

export function journalQuery(form: JournalForm, limit = 100): JournalQuery {
  const q: JournalQuery = { limit };
  const set = <K extends keyof JournalQuery>(key: K, value: string) => {
    const v = value.trim();
    if (v) q[key] = v as JournalQuery[K];
  };
  set("ticket_no", form.ticketNo);
  set("application_no", form.applicationNo);
  set("request_id", form.requestId);
  set("mobile", form.mobile);
  set("status", form.status.toUpperCase());
  set("peer", form.peer);
  set("from_date", form.fromDate);
  set("to_date", form.toDate);
  return q;
}

/** Progress of a delivery run, 0–100: delivered + failed attempts over what was pending. */
export function drainPercent(tick: OutboxDrainTick | null): number {
  if (!tick || tick.pending_at_start === 0) return 0;
  const done = Math.min(tick.attempts, tick.pending_at_start);
  return Math.round((done / tick.pending_at_start) * 100);
}

/** CSV or JSON, from the picked file's name, else from its first character. */
export function importFormatOf(fileName: string, text: string): "csv" | "json" {
  const name = fileName.toLowerCase();
  if (name.endsWith(".json")) return "json";
  if (name.endsWith(".csv")) return "csv";
  return text.trimStart().startsWith("[") ? "json" : "csv";
}

/** Toggles `id` in a selection (a new set, for state updates). */
export function toggled(selection: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selection);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** Keeps only selected ids still shown and still resendable. */
export function pruneSelection(selection: ReadonlySet<string>, rows: readonly OutboxRow[]): Set<string> {
  const ok = new Set(rows.filter(canChange).map((r) => r.id));
  return new Set([...selection].filter((id) => ok.has(id)));
}

/** The core's words and the technical facts, for the "technical details" view. */
export function technicalText(error: IpcError): string {
  const d = error.detail;
  return [
    error.message,
    d?.text,
    d?.http_status != null ? `HTTP ${d.http_status}` : null,
    d?.peer_code ? `peer code ${d.peer_code}` : null,
  ]
    .filter((x): x is string => Boolean(x))
    .join("\n");
}

/** JSON text pretty-printed when it is JSON, as given otherwise (bodies may be anything). */
export function prettyBody(text: string | null): string {
  if (text == null) return "";
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Whether a payload edit is JSON holding one object (checked before asking Rust). */
export function payloadProblem(text: string): string | null {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === "object" && !Array.isArray(v) ? null : "object";
  } catch {
    return "json";
  }
}

/** Today's IST date as YYYY-MM-DD (the export form's default). */
export function istToday(now: Date = new Date()): string {
  const ist = new Date(now.getTime() + 330 * 60_000);
  return ist.toISOString().slice(0, 10);
}
