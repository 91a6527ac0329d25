import { describe, expect, it } from "vitest";
import { EMPTY_FORM, OPERATIONS, SECRET_INPUTS, buildRequest, clearSecrets, profilePeers, usesKeySource, usesSecretSource } from "./workbench_form";

describe("the workbench form", () => {
  it("builds each operation's request from typed keys or a profile", () => {
    expect(buildRequest({ ...EMPTY_FORM, op: "encrypt", key: "K".repeat(32), iv: "I".repeat(16), input: "{}" })).toEqual({
      op: "encrypt",
      key: { source: "bsk_raw", key: "K".repeat(32), iv: "I".repeat(16) },
      plaintext: "{}",
    });
    expect(buildRequest({ ...EMPTY_FORM, op: "decrypt", keyMode: "profile", profile: "sandbox-isp", variant: "salt17", input: "c" })).toEqual({
      op: "decrypt",
      key: { source: "profile", profile: "sandbox-isp", variant: "salt17" },
      ciphertext: "c",
    });
    expect(buildRequest({ ...EMPTY_FORM, op: "identify", secret: "s", input: "c" })).toEqual({
      op: "identify",
      secret: { source: "typed", value: "s" },
      ciphertext: "c",
    });
    expect(buildRequest({ ...EMPTY_FORM, op: "dci_verify", secretMode: "profile", profile: "sandbox-dci", input: "{}" })).toEqual({
      op: "dci_verify",
      envelope: "{}",
      profile: "sandbox-dci",
    });
  });

  it("forgets every typed key after a run", () => {
    const form = clearSecrets({ ...EMPTY_FORM, key: "k", iv: "i", secret: "s", clientSecret: "c", passKey: "p", input: "keep" });
    for (const k of SECRET_INPUTS) expect(form[k]).toBe("");
    expect(form.input).toBe("keep");
  });

  it("offers a key source, or a secret source, where the operation needs one", () => {
    for (const op of OPERATIONS) {
      if (op === "derive" || op === "jwt_decode") {
        expect(usesKeySource(op) || usesSecretSource(op)).toBe(false);
        expect(profilePeers(op)).toEqual([]);
      } else {
        expect(usesKeySource(op) !== usesSecretSource(op)).toBe(true);
        expect(profilePeers(op).length).toBeGreaterThan(0);
      }
    }
  });
});
