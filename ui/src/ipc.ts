// The only module that imports @tauri-apps/*: the shell's commands, and `call`/`progressChannel`
// for the screen areas' own typed command modules (screens/<area>/ipc.ts).
// Request and response types come from bindings/ (generated from Rust by ts-rs).
// Identifiers (ticket, application and record ids) are always strings here, never JS numbers.

import { Channel, invoke } from "@tauri-apps/api/core";
import type { ActiveProfiles } from "@bindings/ActiveProfiles";
import type { AppInfo } from "@bindings/AppInfo";
import { CommandError, toIpcError } from "./ipc_error";

/** Calls Rust command `command`; a failure arrives as a `CommandError` holding the `IpcError`. */
export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
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

/** Tells the shell the first screen is painted (scripts/measure-app.sh times start-up by it). */
export function firstScreenShown(): Promise<void> {
  return call<void>("first_screen_shown");
}

/** A channel Rust streams progress through (pass it as a command argument). */
export function progressChannel<T>(onMessage: (message: T) => void): Channel<T> {
  const channel = new Channel<T>();
  channel.onmessage = onMessage;
  return channel;
}
export type { Channel };
