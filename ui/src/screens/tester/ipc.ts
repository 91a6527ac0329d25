// The tester screen's Rust commands, one typed function each (types from bindings/).

import type { CurlCommand } from "@bindings/CurlCommand";
import type { ExchangePart } from "@bindings/ExchangePart";
import type { ExplorerCatalog } from "@bindings/ExplorerCatalog";
import type { ExplorerResult } from "@bindings/ExplorerResult";
import type { ExplorerSend } from "@bindings/ExplorerSend";
import type { HistoryEntry } from "@bindings/HistoryEntry";
import type { HistoryQuery } from "@bindings/HistoryQuery";
import type { SaveRequest } from "@bindings/SaveRequest";
import type { TextLines } from "@bindings/TextLines";
import type { WorkbenchRequest } from "@bindings/WorkbenchRequest";
import type { WorkbenchResult } from "@bindings/WorkbenchResult";
import { call } from "../../ipc";

/** Profiles (names and URLs only) and every API with its example and field list. */
export function explorerCatalog(): Promise<ExplorerCatalog> {
  return call<ExplorerCatalog>("explorer_catalog");
}

/** Sends one request through the profile's client; resolves when the peer has answered. */
export function explorerSend(request: ExplorerSend): Promise<ExplorerResult> {
  return call<ExplorerResult>("explorer_send", { request });
}

/** Lines `first ..< first + count` of a long text of a send (kept in Rust, this run only). */
export function explorerText(sendId: string, exchange: number, part: ExchangePart, first: number, count: number): Promise<TextLines> {
  return call<TextLines>("explorer_text", { sendId, exchange, part, first, count });
}

/** The exchange as curl, with the real token and body: it goes to the clipboard, nowhere else. */
export function explorerCurl(sendId: string, exchange: number): Promise<CurlCommand> {
  return call<CurlCommand>("explorer_curl", { sendId, exchange });
}

export function explorerHistory(query: HistoryQuery): Promise<HistoryEntry[]> {
  return call<HistoryEntry[]>("explorer_history", { query });
}

export function explorerSave(request: SaveRequest): Promise<HistoryEntry> {
  return call<HistoryEntry>("explorer_save", { request });
}

export function explorerDeleteSaved(id: string): Promise<void> {
  return call<void>("explorer_delete_saved", { id });
}

/** One crypto workbench operation; keys typed for it are not kept on either side. */
export function workbenchRun(request: WorkbenchRequest): Promise<WorkbenchResult> {
  return call<WorkbenchResult>("workbench_run", { request });
}
