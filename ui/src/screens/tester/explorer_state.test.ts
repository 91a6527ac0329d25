import { describe, expect, it } from "vitest";
import type { ExplorerCatalog } from "@bindings/ExplorerCatalog";
import type { HistoryEntry } from "@bindings/HistoryEntry";
import { apisForProfile, checkJson, newTab, prettyJson, sizeUnit, tabFromHistory, withApi, withProfile } from "./explorer_state";

const api = (peer: "isp" | "bsk" | "dci", name: string, example: string) => ({
  id: `${peer}.${name}`,
  peer,
  name,
  method: "POST",
  path: `/${name}`,
  security: "",
  example,
  fields: [],
});

const catalog: ExplorerCatalog = {
  profiles: [
    { name: "sandbox-csp", peer: "csp", base_url: "http://127.0.0.1:1", sandbox: true, complete: true },
    { name: "sandbox-bsk", peer: "bsk", base_url: "http://127.0.0.1:1", sandbox: true, complete: true },
    { name: "sandbox-isp", peer: "isp", base_url: "http://127.0.0.1:1", sandbox: true, complete: true },
  ],
  apis: [
    api("isp", "authenticate", "{}"),
    api("isp", "getRequestValidatedAndRequestID", '{\n  "sessionkey": "K"\n}'),
    api("bsk", "API-3", '{"ticketNo": 20241210113005128}'),
  ],
  variants: [["canonical", "…"]],
};

describe("scratch requests", () => {
  it("start on the sandbox ISP profile with the example of its first API", () => {
    const tab = newTab(catalog);
    expect(tab.profile).toBe("sandbox-isp");
    expect(tab.api).toBe("isp.authenticate");
    expect(tab.json).toBe("{}");
    expect(newTab(catalog).key).not.toBe(tab.key);
  });

  it("follow the profile's peer and keep an edited request when the API changes", () => {
    let tab = newTab(catalog, "sandbox-isp", "isp.getRequestValidatedAndRequestID");
    expect(apisForProfile(catalog, "sandbox-bsk").map((a) => a.id)).toEqual(["bsk.API-3"]);
    tab = withProfile(catalog, tab, "sandbox-bsk");
    expect(tab.api).toBe("bsk.API-3");
    expect(tab.json).toContain("20241210113005128");
    const edited = { ...withApi(catalog, tab, "isp.authenticate"), json: '{"x": 1}' };
    expect(withApi(catalog, edited, "isp.getRequestValidatedAndRequestID").json).toBe('{"x": 1}');
    expect(withApi(catalog, { ...tab, api: "isp.authenticate", json: "{}" }, "isp.getRequestValidatedAndRequestID").json).toContain("sessionkey");
  });
});

describe("the request's JSON", () => {
  it("is checked with the line and column of the mistake", () => {
    expect(checkJson('{"a": 1}')).toEqual({ ok: true });
    const bad = checkJson('{\n  "a": 1,\n  "b": }');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.line).toBe(3);
  });

  it("is tidied without rounding 17-digit tickets", () => {
    const text = '{"ticketNo":20241210113005128,"name":"রিনা, বাগদি","list":[1,{"a":"}"}],"e":{}}';
    const pretty = prettyJson(text);
    expect(pretty).toContain("20241210113005128");
    expect(pretty).toContain('"রিনা, বাগদি"');
    expect(pretty.replace(/\s/g, "")).toBe(text.replace(/\s/g, "").replace("রিনা,বাগদি", "রিনা,বাগদি"));
    expect(pretty.split("\n").length).toBeGreaterThan(5);
  });
});

describe("replay from the history", () => {
  const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
    kind: "exchange",
    id: "7",
    peer: "bsk",
    profile: "sandbox-bsk",
    api: "bsk.API-3",
    endpoint: "API-3",
    name: null,
    when: "2024-12-12T15:30:05.123+05:30",
    outcome: "SUCCESSFUL",
    http_status: 200,
    duration_ms: 12,
    request: '{"ticketNo":20241210113005128}',
    ...over,
  });

  it("opens the recorded request in a new scratch tab with the same profile", () => {
    const tab = tabFromHistory(catalog, entry({}));
    expect(tab?.profile).toBe("sandbox-bsk");
    expect(tab?.json).toContain("20241210113005128");
    expect(tab?.savedId).toBeUndefined();
  });

  it("keeps a saved request's name and id, and refuses calls it cannot send", () => {
    const saved = tabFromHistory(catalog, entry({ kind: "saved", id: "saved-1", name: "Rina" }));
    expect(saved?.savedId).toBe("saved-1");
    expect(saved?.name).toBe("Rina");
    expect(tabFromHistory(catalog, entry({ api: null, endpoint: "sign request" }))).toBeNull();
  });
});

it("sizes are said in bytes, KB or MB", () => {
  expect(sizeUnit(512)).toEqual({ value: 512, unit: "b" });
  expect(sizeUnit(2048)).toEqual({ value: 2, unit: "kb" });
  expect(sizeUnit(12 * 1024 * 1024 + 100)).toEqual({ value: 12, unit: "mb" });
});
