import { describe, expect, it } from "vitest";
import type { PeerForm } from "@bindings/PeerForm";
import type { ProfileRow } from "@bindings/ProfileRow";
import { CommandError } from "../../ipc_error";
import type { PdfRefusal } from "@bindings/PdfRefusal";
import { DICTIONARIES } from "../../i18n";
import {
  MAX_PDF_BYTES,
  byteRangeText,
  bytesToBase64,
  errorOf,
  formValues,
  newJobId,
  parseHashes,
  pdfProgressMessage,
  pdfProgressShare,
  pdfTooLarge,
  profileSave,
  progressMessage,
  progressShare,
  refusalMessage,
  shorten,
} from "./signing_logic";

const A = "ab".repeat(32);
const B = "CD".repeat(32);

describe("pasted hashes", () => {
  it("reads one per line, skips blank lines, names them in order and lowercases", () => {
    const { documents, badLines } = parseHashes(`${A}\n\n  ${B}  \r\n`);
    expect(badLines).toEqual([]);
    expect(documents).toEqual([
      { name: "hash-1", sha256: A, file_bytes: null },
      { name: "hash-2", sha256: B.toLowerCase(), file_bytes: null },
    ]);
  });
  it("names the lines that are not 64 hex digits", () => {
    const { documents, badLines } = parseHashes(`${A}\nabcd\n${"zz".repeat(32)}`);
    expect(documents).toHaveLength(1);
    expect(badLines).toEqual([2, 3]);
  });
});

describe("file bytes for the IPC", () => {
  it("is base64, also for files larger than one chunk", () => {
    expect(bytesToBase64(new TextEncoder().encode("%PDF-1.4"))).toBe("JVBERi0xLjQ=");
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    const back = Uint8Array.from(atob(bytesToBase64(big)), (c) => c.charCodeAt(0));
    expect(back).toEqual(big);
  });
});

describe("progress", () => {
  const pending = { step: "pending", request_id: "1613630667", elapsed_ms: 3000, time_limit_ms: 120_000, polls: 1 } as const;
  it("measures only the wait for approval", () => {
    expect(progressShare(null)).toBeNull();
    expect(progressShare({ step: "preparing", cert_alias: "x" })).toBeNull();
    expect(progressShare(pending)).toBeCloseTo(0.025);
    expect(progressShare({ ...pending, elapsed_ms: 999_999 })).toBe(1);
  });
  it("says each step with its numbers as text, the request id exactly", () => {
    expect(progressMessage(pending)).toEqual(["signing.step.pending", { id: "1613630667", elapsed: "3", limit: "120" }]);
    expect(progressMessage({ step: "verifying", signatures: 2 })).toEqual(["signing.step.verifying", { count: "2" }]);
  });
  it("gives every signing its own job id", () => {
    expect(newJobId(5)).not.toBe(newJobId(5));
  });
});

const form: PeerForm = {
  peer: "csp",
  settings: [
    { key: "base_url", kind: "url", required: true, default: "https://" },
    { key: "grant", kind: "choice", options: ["password", "client_credentials"], required: true, default: "password" },
  ],
  secrets: [
    { field: "client_secret", name: "csp.client_secret" },
    { field: "password", name: "csp.password" },
  ],
};

describe("the profile form", () => {
  it("starts from the defaults, or from the stored profile", () => {
    expect(formValues(form)).toEqual({ base_url: "https://", grant: "password" });
    const row = { settings: [{ key: "base_url", value: "http://127.0.0.1:8787" }] } as ProfileRow;
    expect(formValues(form, row)).toEqual({ base_url: "http://127.0.0.1:8787", grant: "password" });
  });
  it("sends only the secrets typed, and every setting of the form", () => {
    const save = profileSave(" up-csp ", "csp", form, { base_url: "https://csp.up.gov.in" }, { client_secret: "s3cret", password: "" });
    expect(save).toEqual({
      name: "up-csp",
      peer: "csp",
      settings: [
        { key: "base_url", value: "https://csp.up.gov.in" },
        { key: "grant", value: "" },
      ],
      secrets: [{ field: "client_secret", value: "s3cret" }],
    });
  });
});

describe("errors and long values", () => {
  it("unwraps the IpcError of a failed command", () => {
    const error = { code: "peer_rejected", message: "ADSS CSP refused", detail: null } as const;
    expect(errorOf(new CommandError("signing_sign", error))).toEqual(error);
    expect(errorOf("boom").code).toBe("internal");
  });
  it("shortens signatures for a table cell", () => {
    expect(shorten("abc")).toBe("abc");
    expect(shorten("a".repeat(20) + "b".repeat(20), 4)).toBe("aaaa…bbbb");
  });
});

describe("sign a PDF", () => {
  it("refuses PDFs over 50 MB in the UI, with the size in MB", () => {
    expect(pdfTooLarge("a.pdf", 1234)).toBeNull();
    expect(pdfTooLarge("a.pdf", MAX_PDF_BYTES)).toBeNull();
    expect(pdfTooLarge("big.pdf", 60 * 1024 * 1024)).toEqual(["signing.pdf.too_large", { name: "big.pdf", size: "60.0" }]);
  });

  it("words every step, the PDF's own and the hash signing's", () => {
    expect(pdfProgressMessage({ step: "read", pages: 2, bytes: 612 })).toEqual(["signing.pdf.step.read", { pages: "2", bytes: "612" }]);
    expect(pdfProgressMessage({ step: "writing", path: "/x" })[0]).toBe("signing.pdf.step.writing");
    expect(pdfProgressMessage({ step: "pending", request_id: "1613630667", elapsed_ms: 2500, time_limit_ms: 10000, polls: 1 })).toEqual([
      "signing.step.pending",
      { id: "1613630667", elapsed: "2", limit: "10" },
    ]);
    expect(pdfProgressShare({ step: "pending", request_id: "1", elapsed_ms: 2500, time_limit_ms: 10000, polls: 1 })).toBe(0.25);
    expect(pdfProgressShare({ step: "read", pages: 1, bytes: 1 })).toBeNull();
  });

  it("has a sentence in every language for every refusal", () => {
    const reasons: PdfRefusal[] = ["encrypted", "damaged", "not_pdf", "unsupported", "not_signing_certificate", "certificate_not_valid", "too_large"];
    for (const reason of reasons) {
      for (const dict of Object.values(DICTIONARIES)) expect(dict[refusalMessage(reason)], reason).toBeTruthy();
    }
  });

  it("writes the byte range as the PDF does", () => {
    expect(byteRangeText([0, 1027, 33797, 873])).toBe("[0 1027 33797 873]");
  });
});
