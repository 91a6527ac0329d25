// The Explorer's logic without the DOM: scratch requests (unsaved tabs), which APIs a profile can
// call, checking the JSON before it is sent, replaying a history entry, copy to the clipboard.

import type { ExplorerApi } from "@bindings/ExplorerApi";
import type { ExplorerCatalog } from "@bindings/ExplorerCatalog";
import type { ExplorerProfile } from "@bindings/ExplorerProfile";
import type { ExchangeView } from "@bindings/ExchangeView";
import type { ExchangePart } from "@bindings/ExchangePart";
import type { HistoryEntry } from "@bindings/HistoryEntry";
import type { PeerId } from "@bindings/PeerId";
import type { TextPart } from "@bindings/TextPart";

/** Peers the Explorer sends to (the workbench reads keys from any profile). */
export const SENDING_PEERS: readonly PeerId[] = ["isp", "bsk", "dci"];

/** One request being edited: unsaved until the tester names and saves it. */
export interface ScratchTab {
  key: string;
  profile: string;
  api: string;
  json: string;
  /** Set once saved (then saving again replaces it). */
  savedId?: string;
  name?: string;
}

let nextKey = 1;

export function sendableProfiles(catalog: ExplorerCatalog): ExplorerProfile[] {
  return catalog.profiles.filter((p) => SENDING_PEERS.includes(p.peer));
}

export function apisForProfile(catalog: ExplorerCatalog, profileName: string): ExplorerApi[] {
  const profile = catalog.profiles.find((p) => p.name === profileName);
  return profile ? catalog.apis.filter((a) => a.peer === profile.peer) : [];
}

/** A new scratch request: the given profile (else the first sandbox one that can send), its API
 * (else the profile's first), prefilled with the spec's example. */
export function newTab(catalog: ExplorerCatalog, profile?: string, api?: string): ScratchTab {
  const profiles = sendableProfiles(catalog);
  const chosen =
    profiles.find((p) => p.name === profile) ?? profiles.find((p) => p.sandbox && p.peer === "isp") ?? profiles[0];
  const apis = chosen ? apisForProfile(catalog, chosen.name) : [];
  const chosenApi = apis.find((a) => a.id === api) ?? apis[0];
  return {
    key: `scratch-${nextKey++}`,
    profile: chosen?.name ?? "",
    api: chosenApi?.id ?? "",
    json: chosenApi?.example ?? "{}",
  };
}

/** The tab with a new profile: its API kept when the new profile's peer has it, else the first. */
export function withProfile(catalog: ExplorerCatalog, tab: ScratchTab, profile: string): ScratchTab {
  const apis = apisForProfile(catalog, profile);
  if (apis.some((a) => a.id === tab.api)) return { ...tab, profile };
  const first = apis[0];
  return { ...tab, profile, api: first?.id ?? "", json: first?.example ?? tab.json };
}

/** The tab with another API, prefilled with its example unless the tester already edited the JSON. */
export function withApi(catalog: ExplorerCatalog, tab: ScratchTab, api: string): ScratchTab {
  const before = catalog.apis.find((a) => a.id === tab.api);
  const after = catalog.apis.find((a) => a.id === api);
  const untouched = !before || tab.json.trim() === before.example.trim() || tab.json.trim() === "";
  return { ...tab, api, json: untouched && after ? after.example : tab.json };
}

export type JsonCheck = { ok: true } | { ok: false; line: number; column: number; message: string };

/** Whether `text` is JSON; when not, where (1-based line and column) it goes wrong. */
export function checkJson(text: string): JsonCheck {
  try {
    JSON.parse(text);
    return { ok: true };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(message);
    const lineCol = /line (\d+) column (\d+)/.exec(message);
    if (lineCol) return { ok: false, line: Number(lineCol[1]), column: Number(lineCol[2]), message };
    const offset = pos ? Number(pos[1]) : text.length;
    const before = text.slice(0, offset).split("\n");
    return { ok: false, line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1, message };
  }
}

/** Re-indents JSON text without touching its numbers: 17-digit tickets stay exact. */
export function prettyJson(text: string): string {
  let out = "";
  let indent = 0;
  let inString = false;
  let escaped = false;
  const pad = () => "\n" + "  ".repeat(indent);
  for (const ch of text) {
    if (inString) {
      out += ch;
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (/\s/.test(ch)) continue;
    if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === "{" || ch === "[") {
      indent++;
      out += ch + pad();
    } else if (ch === "}" || ch === "]") {
      indent = Math.max(0, indent - 1);
      out += pad() + ch;
    } else if (ch === ",") {
      out += ch + pad();
    } else if (ch === ":") {
      out += ": ";
    } else {
      out += ch;
    }
  }
  return out.replace(/([{[])\n\s*([}\]])/g, "$1$2");
}

/** A scratch request replaying a history entry, or null when the Explorer cannot send it. */
export function tabFromHistory(catalog: ExplorerCatalog, entry: HistoryEntry): ScratchTab | null {
  if (!entry.api || !catalog.apis.some((a) => a.id === entry.api)) return null;
  const profile = entry.profile && catalog.profiles.some((p) => p.name === entry.profile) ? entry.profile : undefined;
  const tab = newTab(catalog, profile, entry.api);
  if (tab.api !== entry.api) return null;
  const json = entry.request && checkJson(entry.request).ok ? prettyJson(entry.request) : tab.json;
  const replay: ScratchTab = { ...tab, json };
  if (entry.kind === "saved") {
    replay.savedId = entry.id;
    if (entry.name) replay.name = entry.name;
  }
  return replay;
}

/** The five views of an exchange, in the order the screen shows them side by side. */
export const PART_ORDER: readonly ExchangePart[] = ["plaintext", "envelope", "raw_request", "raw_response", "answer"];

export function partOf(ex: ExchangeView, part: ExchangePart): TextPart | null {
  switch (part) {
    case "plaintext":
      return ex.plaintext;
    case "envelope":
      return ex.envelope;
    case "raw_request":
      return ex.raw_request;
    case "raw_response":
      return ex.raw_response;
    case "answer":
      return ex.answer;
  }
}

/** Bytes as B, KB or MB (decimal digits from the caller's number formatter). */
export function sizeUnit(bytes: number): { value: number; unit: "b" | "kb" | "mb" } {
  if (bytes < 1024) return { value: bytes, unit: "b" };
  if (bytes < 1024 * 1024) return { value: Math.round((bytes / 1024) * 10) / 10, unit: "kb" };
  return { value: Math.round((bytes / (1024 * 1024)) * 10) / 10, unit: "mb" };
}

/**
 * Puts `text` on the clipboard. WebKit lets a page write only while the click that asked for it is
 * being handled, and the text (a curl built in Rust) arrives later: so the write starts at once
 * with a ClipboardItem holding the promised text; older engines get writeText, then a selected
 * hidden textarea.
 */
export async function copyText(text: string | Promise<string>, doc: Document = document): Promise<boolean> {
  const clipboard = typeof navigator === "undefined" ? undefined : navigator.clipboard;
  if (clipboard?.write && typeof ClipboardItem !== "undefined") {
    try {
      const blob = Promise.resolve(text).then((value) => new Blob([value], { type: "text/plain" }));
      await clipboard.write([new ClipboardItem({ "text/plain": blob })]);
      return true;
    } catch {
      // fall through
    }
  }
  const value = await text;
  try {
    if (clipboard?.writeText) {
      await clipboard.writeText(value);
      return true;
    }
  } catch {
    // fall through to the selection way
  }
  const area = doc.createElement("textarea");
  area.value = value;
  area.setAttribute("readonly", "");
  area.className = "tester-offscreen";
  doc.body.appendChild(area);
  area.select();
  let done = false;
  try {
    done = doc.execCommand("copy");
  } finally {
    area.value = "";
    area.remove();
  }
  return done;
}
