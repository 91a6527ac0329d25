import { describe, expect, it } from "vitest";
import type { AppInfo } from "@bindings/AppInfo";
import { CommandError, ERROR_CODES, isErrorCode, isIpcError, toIpcError } from "./ipc_error";
import { versionLine } from "./version_line";

describe("IpcError from the bridge", () => {
  it("passes a well-formed IpcError through unchanged", () => {
    const err = {
      code: "peer_rejected",
      message: "The portal refused the request.",
      detail: { http_status: 400, peer_code: "E102", text: "ApplicationNo missing" },
    };
    expect(isIpcError(err)).toBe(true);
    expect(toIpcError(err)).toBe(err);
  });

  it("accepts a null detail", () => {
    expect(isIpcError({ code: "internal", message: "x", detail: null })).toBe(true);
  });

  it("turns unknown codes, strings and Errors into an internal error with the text kept", () => {
    const fromCode = toIpcError({ code: "teapot", message: "x", detail: null });
    expect(fromCode.code).toBe("internal");
    expect(fromCode.detail?.text).toContain("teapot");

    const fromString = toIpcError("command app_info not allowed by ACL");
    expect(fromString.code).toBe("internal");
    expect(fromString.detail?.text).toBe("command app_info not allowed by ACL");

    expect(toIpcError(new TypeError("boom")).detail?.text).toBe("boom");
    expect(toIpcError(undefined).code).toBe("internal");
  });

  it("knows exactly the generated codes", () => {
    expect(ERROR_CODES).toHaveLength(9);
    for (const code of ERROR_CODES) expect(isErrorCode(code)).toBe(true);
    expect(isErrorCode("Internal")).toBe(false);
    expect(isErrorCode(3)).toBe(false);
  });

  it("CommandError carries the IpcError", () => {
    const e = new CommandError("app_info", { code: "not_found", message: "m", detail: null });
    expect(e.error.code).toBe("not_found");
    expect(e.message).toContain("app_info");
  });
});

describe("version line", () => {
  it("shows app, core and Tauri versions from app_info", () => {
    const info: AppInfo = {
      app_name: "Kendra Desk",
      app_version: "0.1.0",
      core_version: "0.1.0",
      tauri_version: "2.12.5",
      identifier: "in.gov.wb.kendradesk",
      build_profile: "debug",
      os: "linux",
    };
    expect(versionLine(info)).toBe("Kendra Desk 0.1.0 · core 0.1.0 · Tauri 2.12.5 · debug build");
  });
});
