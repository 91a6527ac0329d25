// The profiles in use, polled while the built-in sandbox is still starting.

import { useEffect, useState } from "preact/hooks";
import type { ActiveProfiles } from "@bindings/ActiveProfiles";
import type { IpcError } from "@bindings/IpcError";
import { activeProfiles } from "./ipc";
import { CommandError, toIpcError } from "./ipc_error";

export type ProfilesState =
  | { kind: "loading" }
  | { kind: "ready"; active: ActiveProfiles }
  | { kind: "failed"; error: IpcError };

const POLL_MS = 250;
const MAX_POLLS = 240; // a minute: key generation on a slow PC

/** Whether to ask again: only while the sandbox reports it is still starting. */
export function shouldPoll(state: ProfilesState, polls: number): boolean {
  return state.kind === "ready" && state.active.sandbox.state === "starting" && polls < MAX_POLLS;
}

/** True when the sandbox was stopped from Settings (no sandbox runs; its profiles stay). */
export function sandboxStopped(state: ProfilesState): boolean {
  return state.kind === "ready" && state.active.sandbox.state === "stopped";
}

const REFRESH = "kendra:active-profiles";

/** Asks every `useActiveProfiles` to ask again (after the sandbox was stopped or started). */
export function refreshActiveProfiles(): void {
  window.dispatchEvent(new Event(REFRESH));
}

/** The sandbox's base URL when it is running (null while stopped, starting or failed). */
export function sandboxUrl(state: ProfilesState): string | null {
  return state.kind === "ready" && state.active.sandbox.state === "running" ? state.active.sandbox.base_url : null;
}

export function useActiveProfiles(): ProfilesState {
  const [state, setState] = useState<ProfilesState>({ kind: "loading" });
  useEffect(() => {
    let live = true;
    let polls = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = () => {
      activeProfiles().then(
        (active) => {
          if (!live) return;
          const next: ProfilesState = { kind: "ready", active };
          setState(next);
          polls += 1;
          if (shouldPoll(next, polls)) timer = setTimeout(ask, POLL_MS);
        },
        (reason: unknown) =>
          live && setState({ kind: "failed", error: reason instanceof CommandError ? reason.error : toIpcError(reason) }),
      );
    };
    const again = () => {
      if (timer) clearTimeout(timer);
      polls = 0;
      ask();
    };
    ask();
    window.addEventListener(REFRESH, again);
    return () => {
      live = false;
      window.removeEventListener(REFRESH, again);
      if (timer) clearTimeout(timer);
    };
  }, []);
  return state;
}
