import { describe, expect, it } from "vitest";
import type { FieldError } from "@bindings/FieldError";
import { DICTIONARIES } from "../../i18n";
import {
  base64Bytes,
  canPreview,
  countdown,
  documentKind,
  errorSentence,
  fieldProblem,
  looksLikeTicket,
  moveActive,
  otpDigits,
  otpRefusal,
  problemsByField,
  secondsLeft,
  visibleProblems,
} from "./logic";

describe("service list keys", () => {
  it("moves with wrap-around and starts from the right end", () => {
    expect(moveActive(null, 5, "ArrowDown")).toBe(0);
    expect(moveActive(null, 5, "ArrowUp")).toBe(4);
    expect(moveActive(4, 5, "ArrowDown")).toBe(0);
    expect(moveActive(0, 5, "ArrowUp")).toBe(4);
    expect(moveActive(1, 20, "PageDown")).toBe(6);
    expect(moveActive(2, 20, "PageUp")).toBe(0);
  });
  it("ignores other keys and empty lists", () => {
    expect(moveActive(1, 5, "a")).toBeNull();
    expect(moveActive(null, 0, "ArrowDown")).toBeNull();
  });
});

describe("field problems", () => {
  const errors: FieldError[] = [
    { field: "mobile", problem: { kind: "wrong_length", digits: 9 }, detail: "mobile: has 9 digits" },
    { field: "age", problem: { kind: "not_an_age" }, detail: "age: 0" },
    { field: "mobile", problem: { kind: "not_a_mobile" }, detail: "second" },
  ];
  it("says the digits typed in every language", () => {
    const said = fieldProblem({ kind: "wrong_length", digits: 9 });
    expect(said).toEqual({ id: "deo.field.wrong_length", params: { digits: "9" } });
    for (const lang of ["en", "bn", "hi"] as const) expect(DICTIONARIES[lang][said.id]).toContain("{digits}");
  });
  it("has a sentence for every kind", () => {
    const kinds = ["empty", "not_digits", "not_a_mobile", "too_long", "not_an_age", "not_a_gender", "not_an_email", "unknown_service", "not_printable"] as const;
    for (const kind of kinds) expect(DICTIONARIES.bn[fieldProblem({ kind }).id]).toBeTruthy();
  });
  it("shows the first problem per field, only for fields left, all after submit", () => {
    expect(problemsByField(errors).mobile?.detail).toBe("mobile: has 9 digits");
    expect(visibleProblems(errors, new Set(["age"]), false).map((e) => e.field)).toEqual(["age"]);
    expect(visibleProblems(errors, new Set(), true)).toHaveLength(3);
  });
});

describe("OTP refusals", () => {
  it("counts down the tries and asks for a new OTP when none are left", () => {
    expect(otpRefusal("wrong", 2)).toEqual({ id: "deo.docs.wrong_left", params: { count: "2" }, needsNewOtp: false });
    expect(otpRefusal("wrong", 1).id).toBe("deo.docs.wrong_last");
    expect(otpRefusal("wrong", 0)).toMatchObject({ id: "deo.docs.attempts_exhausted", needsNewOtp: true });
    expect(otpRefusal("wrong", null).id).toBe("deo.docs.wrong");
    expect(otpRefusal("expired", null)).toMatchObject({ needsNewOtp: true });
    expect(otpRefusal("used", null).needsNewOtp).toBe(true);
    expect(otpRefusal("refused", null).needsNewOtp).toBe(false);
  });
});

describe("OTP countdown", () => {
  const expiry = "2026-11-23T17:50:00+05:30";
  const at = (iso: string) => Date.parse(iso);
  it("counts whole seconds to the expiry in IST, never below zero", () => {
    expect(secondsLeft(expiry, at("2026-11-23T17:45:00+05:30"))).toBe(300);
    expect(secondsLeft(expiry, at("2026-11-23T12:19:59.5Z"))).toBe(1);
    expect(secondsLeft(expiry, at("2026-11-23T18:00:00+05:30"))).toBe(0);
    expect(secondsLeft("soon", 0)).toBeNull();
  });
  it("shows minutes and seconds", () => {
    expect(countdown(300)).toBe("5:00");
    expect(countdown(287)).toBe("4:47");
    expect(countdown(-3)).toBe("0:00");
  });
});

describe("documents", () => {
  it("previews images only", () => {
    expect(canPreview("png")).toBe(true);
    expect(canPreview("jpeg")).toBe(true);
    expect(canPreview("pdf")).toBe(false);
    expect(documentKind("jpeg").id).toBe("deo.docs.kind_image");
  });
  it("decodes base64 to bytes", () => {
    expect([...base64Bytes("iVBORw==")]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});

describe("input", () => {
  it("knows a ticket number from an application number", () => {
    expect(looksLikeTicket("20241215101500123")).toBe(true);
    expect(looksLikeTicket(" 20241215101500 ")).toBe(true);
    expect(looksLikeTicket("AP7373633/003")).toBe(false);
    expect(looksLikeTicket("2024121510150")).toBe(false);
  });
  it("keeps an OTP's digits", () => {
    expect(otpDigits(" 123 456 ")).toBe("123456");
    expect(otpDigits("123-456")).toBe("123456");
  });
  it("words errors: the department's OTP gate first, else the error code", () => {
    expect(errorSentence({ code: "peer_rejected", message: "m", detail: { http_status: null, peer_code: "otp_required", text: "" } }).id).toBe("deo.docs.otp_required");
    expect(errorSentence({ code: "peer_unreachable", message: "m", detail: null }).id).toBe("error.peer_unreachable");
  });
});
