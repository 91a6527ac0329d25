import { describe, expect, it } from "vitest";
import { sandboxStopped, sandboxUrl, shouldPoll, type ProfilesState } from "./active_profiles";

const running: ProfilesState = {
  kind: "ready",
  active: {
    sandbox: { state: "running", base_url: "http://127.0.0.1:40123", saved: { state: "not_saved", reason: "no keyring" } },
    profiles: [{ name: "Sandbox", peer: "bsk", base_url: "http://127.0.0.1:40123", production: false }],
  },
};
const stopped: ProfilesState = {
  kind: "ready",
  active: {
    sandbox: { state: "stopped", base_url: "http://127.0.0.1:40123", saved: { state: "not_saved", reason: "no keyring" } },
    profiles: [{ name: "Sandbox", peer: "bsk", base_url: "http://127.0.0.1:40123", production: false }],
  },
};
const starting: ProfilesState = { kind: "ready", active: { sandbox: { state: "starting" }, profiles: [] } };

describe("active profiles", () => {
  it("polls only while the sandbox is starting, and not forever", () => {
    expect(shouldPoll(starting, 1)).toBe(true);
    expect(shouldPoll(starting, 10_000)).toBe(false);
    expect(shouldPoll(running, 1)).toBe(false);
    expect(shouldPoll({ kind: "loading" }, 0)).toBe(false);
  });

  it("knows the sandbox URL only when it runs", () => {
    expect(sandboxUrl(running)).toBe("http://127.0.0.1:40123");
    expect(sandboxUrl(starting)).toBeNull();
    expect(sandboxUrl({ kind: "failed", error: { code: "peer_unreachable", message: "x", detail: null } })).toBeNull();
  });

  it("treats a stopped sandbox as none running, its profiles still not production", () => {
    expect(sandboxUrl(stopped)).toBeNull();
    expect(sandboxStopped(stopped)).toBe(true);
    expect(sandboxStopped(running)).toBe(false);
    expect(shouldPoll(stopped, 1)).toBe(false);
    expect(stopped.kind === "ready" && stopped.active.profiles.every((p) => !p.production)).toBe(true);
  });
});
