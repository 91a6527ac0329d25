// The only module that imports @tauri-apps/*: one typed function per Rust command.
// Request and response types come from bindings/ (generated from Rust by ts-rs).
// Identifiers (ticket, application and record ids) are always strings here, never JS numbers.

import { invoke } from "@tauri-apps/api/core";
import type { ActiveProfiles } from "@bindings/ActiveProfiles";
import type { AppInfo } from "@bindings/AppInfo";
import { CommandError, toIpcError } from "./ipc_error";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw new CommandError(command, toIpcError(reason));
  }
}

/** App, core and runtime versions for the status line. */
export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>("app_info");
}

/** The profiles in use; on first run the built-in sandbox's, once it has started. */
export function activeProfiles(): Promise<ActiveProfiles> {
  return call<ActiveProfiles>("active_profiles");
}
