// The admin screens' Rust commands, one typed function each (types from bindings/).
// Record ids, request_ids and ticket numbers are strings end to end.

import type { AdminAuditEntry } from "@bindings/AdminAuditEntry";
import type { ExportFile } from "@bindings/ExportFile";
import type { JournalApplication } from "@bindings/JournalApplication";
import type { JournalExportRequest } from "@bindings/JournalExportRequest";
import type { JournalHit } from "@bindings/JournalHit";
import type { JournalQuery } from "@bindings/JournalQuery";
import type { OutboxDrainSummary } from "@bindings/OutboxDrainSummary";
import type { OutboxDrainTick } from "@bindings/OutboxDrainTick";
import type { OutboxExportFormat } from "@bindings/OutboxExportFormat";
import type { OutboxImportRequest } from "@bindings/OutboxImportRequest";
import type { OutboxImportResult } from "@bindings/OutboxImportResult";
import type { OutboxIspIntake } from "@bindings/OutboxIspIntake";
import type { OutboxItemDetail } from "@bindings/OutboxItemDetail";
import type { OutboxOverview } from "@bindings/OutboxOverview";
import type { OutboxQuery } from "@bindings/OutboxQuery";
import { call, progressChannel } from "../../ipc";

export function outboxOverview(query: OutboxQuery): Promise<OutboxOverview> {
  return call<OutboxOverview>("outbox_overview", { query });
}

export function outboxItem(id: string): Promise<OutboxItemDetail> {
  return call<OutboxItemDetail>("outbox_item", { id });
}

export function outboxResend(ids: string[]): Promise<number> {
  return call<number>("outbox_resend", { ids });
}

export function outboxResendAllFailed(): Promise<number> {
  return call<number>("outbox_resend_all_failed");
}

/** One delivery run; `onTick` hears after every attempt. */
export function outboxDrain(onTick: (tick: OutboxDrainTick) => void): Promise<OutboxDrainSummary> {
  return call<OutboxDrainSummary>("outbox_drain", { progress: progressChannel(onTick) });
}

export function outboxDrainStop(): Promise<boolean> {
  return call<boolean>("outbox_drain_stop");
}

export function outboxEdit(id: string, payload: string): Promise<OutboxItemDetail> {
  return call<OutboxItemDetail>("outbox_edit", { id, payload });
}

export function outboxCancel(id: string, reason: string): Promise<OutboxItemDetail> {
  return call<OutboxItemDetail>("outbox_cancel", { id, reason });
}

export function outboxExport(query: OutboxQuery, format: OutboxExportFormat): Promise<ExportFile> {
  return call<ExportFile>("outbox_export", { query, format });
}

export function outboxImport(request: OutboxImportRequest): Promise<OutboxImportResult> {
  return call<OutboxImportResult>("outbox_import", { request });
}

export function outboxAudit(limit?: number): Promise<AdminAuditEntry[]> {
  return call<AdminAuditEntry[]>("outbox_audit", { limit: limit ?? null });
}

export function outboxIspValidate(profile: string, sessionKey: string): Promise<OutboxIspIntake> {
  return call<OutboxIspIntake>("outbox_isp_validate", { profile, sessionKey });
}

export function journalSearch(query: JournalQuery): Promise<JournalHit[]> {
  return call<JournalHit[]>("journal_search", { query });
}

export function journalApplication(hit: JournalHit): Promise<JournalApplication> {
  return call<JournalApplication>("journal_application", { hit });
}

export function journalExport(request: JournalExportRequest): Promise<ExportFile> {
  return call<ExportFile>("journal_export", { request });
}
