import { describe, expect, it } from "vitest";
import type { OutboxRow } from "@bindings/OutboxRow";
import {
  EMPTY_JOURNAL_FORM,
  EMPTY_OUTBOX_FILTER,
  canChange,
  drainPercent,
  importFormatOf,
  istToday,
  journalQuery,
  outboxQuery,
  payloadProblem,
  prettyBody,
  pruneSelection,
  technicalText,
  toggled,
} from "./logic";

function row(id: string, state: string): OutboxRow {
  return {
    id,
    peer: "isp",
    profile: "sandbox-isp",
    endpoint_kind: "returnServiceStatus",
    ordering_key: "20261123000001",
    status_code: "S105",
    state,
    attempts: 1,
    due_at: "2026-11-23T11:00:00.000+05:30",
    last_failure_class: null,
    last_failure_detail: null,
    possibly_delivered: false,
    cancel_reason: null,
    created_at: "2026-11-23T11:00:00.000+05:30",
    updated_at: "2026-11-23T11:00:00.000+05:30",
    delivered_at: null,
  };
}

describe("outbox filters", () => {
  it("sends only what was typed, trimmed, with ids as strings", () => {
    expect(outboxQuery(EMPTY_OUTBOX_FILTER)).toEqual({ states: [], limit: 200 });
    const q = outboxQuery({ ...EMPTY_OUTBOX_FILTER, state: "held", request: " 20261123000000000001 ", failureClass: "peer_failed" });
    expect(q).toEqual({ states: ["held"], request: "20261123000000000001", failure_class: "peer_failed", limit: 200 });
  });

  it("journal search upper-cases a status code and drops blanks", () => {
    expect(journalQuery({ ...EMPTY_JOURNAL_FORM, status: "s105", mobile: "  " })).toEqual({ status: "S105", limit: 100 });
  });
});

describe("delivery run progress", () => {
  it("is attempts over the pending count, capped at 100", () => {
    expect(drainPercent(null)).toBe(0);
    expect(drainPercent({ pending_at_start: 0, attempts: 0, delivered: 0, in_flight: 0 })).toBe(0);
    expect(drainPercent({ pending_at_start: 4, attempts: 1, delivered: 1, in_flight: 3 })).toBe(25);
    expect(drainPercent({ pending_at_start: 2, attempts: 5, delivered: 2, in_flight: 0 })).toBe(100);
  });
});

describe("import format", () => {
  it("follows the file name, else the content", () => {
    expect(importFormatOf("statuses.JSON", "x")).toBe("json");
    expect(importFormatOf("statuses.csv", "[")).toBe("csv");
    expect(importFormatOf("", ' [{"a":1}]')).toBe("json");
    expect(importFormatOf("", "request_id,status_code")).toBe("csv");
  });
});

describe("selection", () => {
  it("toggles and keeps only rows that can still be resent", () => {
    let s = toggled(new Set(), "1");
    s = toggled(s, "2");
    s = toggled(s, "1");
    expect([...s]).toEqual(["2"]);
    const kept = pruneSelection(new Set(["2", "3", "9"]), [row("2", "held"), row("3", "delivered")]);
    expect([...kept]).toEqual(["2"]);
    expect(canChange(row("4", "retry_wait"))).toBe(true);
    expect(canChange(row("5", "cancelled"))).toBe(false);
  });
});

describe("text helpers", () => {
  it("technical text joins the core's message, detail and peer facts", () => {
    expect(
      technicalText({ code: "peer_rejected", message: "refused", detail: { http_status: 400, peer_code: "E1", text: "bad field" } }),
    ).toBe("refused\nbad field\nHTTP 400\npeer code E1");
    expect(technicalText({ code: "internal", message: "m", detail: null })).toBe("m");
  });

  it("pretty-prints JSON bodies and leaves others alone", () => {
    expect(prettyBody('{"a":"1"}')).toBe('{\n  "a": "1"\n}');
    expect(prettyBody("<html>")).toBe("<html>");
    expect(prettyBody(null)).toBe("");
  });

  it("a payload edit must be one JSON object", () => {
    expect(payloadProblem('{"request_id":"1"}')).toBeNull();
    expect(payloadProblem("[1]")).toBe("object");
    expect(payloadProblem("{")).toBe("json");
  });

  it("today is the IST date", () => {
    expect(istToday(new Date("2026-11-23T20:00:00Z"))).toBe("2026-11-24");
    expect(istToday(new Date("2026-11-23T18:00:00Z"))).toBe("2026-11-23");
  });
});
