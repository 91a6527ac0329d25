// The crypto workbench's form without the DOM: which inputs an operation needs, and the typed
// request built from them. Secret inputs are emptied after every run (keys typed here live in the
// webview only for the call they are typed for).

import type { KeySource } from "@bindings/KeySource";
import type { SecretSource } from "@bindings/SecretSource";
import type { WorkbenchRequest } from "@bindings/WorkbenchRequest";

export const OPERATIONS = [
  "encrypt",
  "decrypt",
  "identify",
  "derive",
  "header_secrets",
  "jwt_sign",
  "jwt_verify",
  "jwt_decode",
  "dci_sign",
  "dci_verify",
] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Where the AES key of encrypt/decrypt/header-secrets comes from. */
export type KeyMode = "bsk" | "isp" | "profile";
/** Where a text secret or a DCI key comes from. */
export type SecretMode = "typed" | "profile";

export interface WorkbenchForm {
  op: Operation;
  keyMode: KeyMode;
  secretMode: SecretMode;
  profile: string;
  variant: string;
  /** BSK raw key and IV, ISP shared secret, JWT secret, DCI private/public key: all secret-ish. */
  key: string;
  iv: string;
  secret: string;
  keyId: string;
  clientId: string;
  clientSecret: string;
  passKey: string;
  epochUnit: "seconds" | "milliseconds";
  /** Plaintext, ciphertext, claims, token, envelope or payload, by operation. */
  input: string;
}

export const EMPTY_FORM: WorkbenchForm = {
  op: "encrypt",
  keyMode: "bsk",
  secretMode: "typed",
  profile: "",
  variant: "canonical",
  key: "",
  iv: "",
  secret: "",
  keyId: "",
  clientId: "",
  clientSecret: "",
  passKey: "",
  epochUnit: "seconds",
  input: "",
};

/** The inputs emptied after each run. */
export const SECRET_INPUTS = ["key", "iv", "secret", "clientSecret", "passKey"] as const;

export function clearSecrets(form: WorkbenchForm): WorkbenchForm {
  const out = { ...form };
  for (const k of SECRET_INPUTS) out[k] = "";
  return out;
}

export function usesKeySource(op: Operation): boolean {
  return op === "encrypt" || op === "decrypt" || op === "header_secrets";
}

export function usesSecretSource(op: Operation): boolean {
  return op === "jwt_sign" || op === "jwt_verify" || op === "identify" || op === "dci_sign" || op === "dci_verify";
}

/** Which profiles' peers an operation can read its key or secret from. */
export function profilePeers(op: Operation): string[] {
  switch (op) {
    case "encrypt":
    case "decrypt":
    case "header_secrets":
      return ["bsk", "isp", "header_secrets"];
    case "identify":
      return ["isp", "header_secrets"];
    case "jwt_sign":
    case "jwt_verify":
      return ["bsk"];
    case "dci_sign":
    case "dci_verify":
      return ["dci"];
    default:
      return [];
  }
}

function keySource(form: WorkbenchForm): KeySource {
  switch (form.keyMode) {
    case "bsk":
      return { source: "bsk_raw", key: form.key, iv: form.iv };
    case "isp":
      return { source: "isp_secret", secret: form.secret, variant: form.variant };
    case "profile":
      return { source: "profile", profile: form.profile, variant: form.variant };
  }
}

function secretSource(form: WorkbenchForm): SecretSource {
  return form.secretMode === "profile" ? { source: "profile", profile: form.profile } : { source: "typed", value: form.secret };
}

/** The typed request for the form's operation. */
export function buildRequest(form: WorkbenchForm): WorkbenchRequest {
  switch (form.op) {
    case "encrypt":
      return { op: "encrypt", key: keySource(form), plaintext: form.input };
    case "decrypt":
      return { op: "decrypt", key: keySource(form), ciphertext: form.input };
    case "derive":
      return { op: "derive", secret: form.secret, variant: form.variant };
    case "header_secrets":
      return {
        op: "header_secrets",
        client_id: form.clientId,
        client_secret: form.clientSecret,
        pass_key: form.passKey,
        key: keySource(form),
        epoch_unit: form.epochUnit,
        payload: form.input,
      };
    case "jwt_sign":
      return { op: "jwt_sign", claims: form.input, secret: secretSource(form) };
    case "jwt_verify":
      return { op: "jwt_verify", token: form.input, secret: secretSource(form) };
    case "jwt_decode":
      return { op: "jwt_decode", token: form.input };
    case "dci_sign":
      return form.secretMode === "profile"
        ? { op: "dci_sign", envelope: form.input, profile: form.profile }
        : { op: "dci_sign", envelope: form.input, private_key: form.key, key_id: form.keyId };
    case "dci_verify":
      return form.secretMode === "profile"
        ? { op: "dci_verify", envelope: form.input, profile: form.profile }
        : { op: "dci_verify", envelope: form.input, public_key: form.key, key_id: form.keyId };
    case "identify":
      return { op: "identify", secret: secretSource(form), ciphertext: form.input };
  }
}
