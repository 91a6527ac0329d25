// The signing officer's scenario and Settings' panels, end to end in the real app against its
// embedded sandbox: sign in → pick a certificate → sign a file → PENDING progress → verified →
// saved (and the saved signature checked with Node's crypto against the saved certificate);
// then Settings: a profile made with a secret shows only its mask, the inbox shows the OTP of a
// BSK OTP request, a fault is added and cleared; a PDF is signed (PAdES) into Downloads; the
// sandbox is stopped and started again. Screenshots of both screens in en, bn and hi.
//
// Run: bash scripts/build-app.sh && E2E_ONLY=scenario_signing bash scripts/with-secret-service.sh bash scripts/e2e-smoke.sh

import { execFile } from "node:child_process";
import { createHash, createPublicKey, verify } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import { APP, KEY, Session, check, path, scenario, shotPath, sleep, wd } from "./webdriver.mjs";

const ENTER = "\uE007";
const PDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% income certificate of Arindam Ray, Lucknow\n%%EOF\n";
const SECRET = "Kendra-E2E-Client-Secret-7f3a91";

/** A one-page PDF written by hand: five objects, a classic xref table with exact offsets. */
function tinyPdf() {
  const stream = "BT /F1 14 Tf 72 720 Td (Income certificate IC/LKO/2026/000917) Tj ET";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return out;
}

/** Puts a file with `text` as its content into the file input `css`. */
async function pickFile(s, css, name, text) {
  await s.exec(
    `const input = document.querySelector(arguments[0]);
     const dt = new DataTransfer();
     dt.items.add(new File([arguments[2]], arguments[1], { type: "application/pdf" }));
     input.files = dt.files;
     input.dispatchEvent(new Event("change", { bubbles: true }));`,
    [css, name, text],
  );
}

async function type(s, el, text) {
  await wd("POST", `${s.base}/element/${el}/clear`, {});
  await wd("POST", `${s.base}/element/${el}/value`, { text });
}

async function focused(s) {
  return s.exec(
    "const a = document.activeElement; return a ? (a.getAttribute('data-testid') || a.tagName + ':' + (a.getAttribute('type') || '')) : '';",
  );
}

async function waitAttr(s, css, name, want, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < end) {
    const found = await s.findAll(css);
    if (found.length) {
      last = String(await s.attr(found[0], name));
      if (want(last)) return last;
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${css}[${name}], last: ${last}`);
}

/** Cycles the language with Alt+L until the document says `lang`. */
async function language(s, lang) {
  for (let i = 0; i < 3; i++) {
    if ((await s.exec("return document.documentElement.lang;")) === lang) return true;
    await s.press(KEY.alt, "l");
    await sleep(200);
  }
  return (await s.exec("return document.documentElement.lang;")) === lang;
}

async function go(s, screen) {
  await s.click(await s.find(`nav button[data-screen="${screen}"]`));
  await waitAttr(s, '[data-testid="screen"]', "data-screen", (v) => v === screen, 5000);
}

function run(cmd, args) {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 60_000 }, (error, stdout, stderr) => resolve({ ok: !error, stdout, stderr: String(stderr) }));
  });
}

/** A BSK OTP request (API-5A) through the `kendra` CLI on its own data folder. */
async function bskOtpRequest(sandboxUrl) {
  const cli = process.env.KENDRA_CLI_BIN ?? path.resolve("target/debug/kendra");
  if (!existsSync(cli)) return { ok: false, why: `no CLI at ${cli}` };
  const data = mkdtempSync(path.join(os.tmpdir(), "kendra-e2e-signing-"));
  const imported = await run(cli, ["--data", data, "profile", "import-sandbox", sandboxUrl]);
  if (!imported.ok) return { ok: false, why: `import-sandbox: ${imported.stderr.slice(0, 200)}` };
  const otp = await run(cli, ["--data", data, "bsk", "otp-request", "--profile", "sandbox-bsk", "--document-no", "WB/SC/BRP/2024/0118342", "--json"]);
  return { ok: otp.ok, why: otp.ok ? otp.stdout.slice(0, 200) : otp.stderr.slice(0, 300) };
}

await scenario("signing", async () => {
  if (!APP) throw new Error("KENDRA_APP_BIN is not set");
  const s = await Session.open(APP);
  try {
    await s.waitFor('[data-testid="sandbox-badge"]:not(.starting)', 60_000);
    await language(s, "en");

    // --- sign in: focus starts on "Sign in", Enter signs in, focus moves to the certificates
    await go(s, "signing");
    const login = await s.waitFor('[data-testid="signing-login"]', 15000);
    await sleep(300);
    check("focus lands on Sign in", (await focused(s)) === "signing-login", await focused(s));
    const profile = await s.attr(await s.find('[data-testid="signing-profile"]'), "value");
    check("the Sandbox CSP profile is chosen", profile === "sandbox-csp", profile);
    await s.press(ENTER);
    await s.waitFor('[data-testid="signing-cert"]', 20000);
    const who = await s.attr(await s.find('[data-testid="signing-who"]'), "data-user");
    check("signed in as the sandbox's officer", who === "amit.verma", who);
    await sleep(200);
    check("focus moves to the certificate list", String(await focused(s)).startsWith("INPUT:radio"), await focused(s));
    const alias = await s.attr(await s.find('[data-testid="signing-cert"]'), "data-alias");
    check("a certificate is offered (picked by its alias)", typeof alias === "string" && alias.length > 8, alias);
    await s.press(KEY.down); // the keyboard picks (one certificate: stays on it)
    void login;

    // --- pick a file: the UI reads its bytes, the core hashes them
    await s.exec(
      `const input = document.querySelector('[data-testid="signing-file"]');
       const dt = new DataTransfer();
       dt.items.add(new File([arguments[0]], "income-certificate.pdf", { type: "application/pdf" }));
       input.files = dt.files;
       input.dispatchEvent(new Event("change", { bubbles: true }));`,
      [PDF],
    );
    const row = await s.waitFor('[data-testid="signing-document"][data-name="income-certificate.pdf"]', 10000);
    const rowText = await s.text(row);
    check("the picked file is listed with its size and hash", rowText.includes(`${Buffer.byteLength(PDF)} bytes`), rowText);

    // --- sign: PENDING progress, then verified
    await s.click(await s.find('[data-testid="signing-sign"]'));
    const step = await waitAttr(s, '[data-testid="signing-progress"]', "data-step", (v) => v === "pending", 15000).catch((e) => e.message);
    check("a progress display while the request is PENDING", step === "pending", step);
    const progressText = await s.text(await s.find('[data-testid="signing-progress"]')).catch(() => "");
    check("the progress names the request and the wait", /Request \d+: waiting for approval/.test(progressText), progressText);
    await s.screenshot(shotPath("en/signing-pending"));
    check("the wait can be cancelled from the keyboard (focus on Stop waiting)", (await focused(s)) === "signing-cancel", await focused(s));
    const result = await s.waitFor('[data-testid="signing-result"]', 45000);
    const signed = await s.findAll('[data-testid="signing-signed"]');
    const verified = await Promise.all(signed.map((el) => s.attr(el, "data-verified")));
    check("every signature verified", verified.length === 1 && verified.every((v) => v === "true"), verified.join(","));
    const resultText = await s.text(result);
    check("the result says signed and verified", resultText.includes("Signed and verified") && resultText.includes("Signature verified"), resultText.slice(0, 200));
    await sleep(200);
    check("focus moves to Save signatures", (await focused(s)) === "signing-save", await focused(s));

    // --- save: Enter on the focused button; the signature verifies with the saved certificate
    await s.press(ENTER);
    const folder = await waitAttr(s, '[data-testid="signing-saved"]', "data-folder", (v) => v.length > 0, 10000);
    const sigFile = path.join(folder, "income-certificate.pdf.sig");
    const certFile = path.join(folder, `${alias}.cert.pem`);
    check("signature, certificate and report saved", existsSync(sigFile) && existsSync(certFile) && existsSync(path.join(folder, "signing-report.json")), folder);
    if (existsSync(sigFile) && existsSync(certFile)) {
      const ok = verify("sha256", Buffer.from(PDF), createPublicKey(readFileSync(certFile)), readFileSync(sigFile));
      check("the saved signature verifies over the file with the saved certificate (Node crypto)", ok);
    }
    for (const lang of ["en", "bn", "hi"]) {
      check(`language ${lang}`, await language(s, lang));
      await sleep(300);
      await s.screenshot(shotPath(`${lang}/signing-signed`));
    }
    const bnText = await s.text(result);
    check("the result reads in Hindi after Alt+L", bnText.includes("हस्ताक्षरित और सत्यापित"), bnText.slice(0, 80));
    await language(s, "en");

    // --- sign a PDF: pick it, a visible stamp with the application number, PENDING, verified,
    // the signed copy saved in Downloads starting with the original bytes
    const pdf = tinyPdf();
    await pickFile(s, '[data-testid="signing-pdf-file"]', "income-certificate-000917.pdf", pdf);
    await s.waitFor('[data-testid="signing-pdf-picked"]', 5000);
    await sleep(200);
    check("picking a PDF moves focus to the stamp's checkbox", (await focused(s)) === "signing-pdf-visible", await focused(s));
    await s.press(" ");
    const appNo = await s.waitFor('[data-testid="signing-pdf-application"]', 5000);
    await type(s, appNo, "20221202153322882");
    await type(s, await s.find('[data-testid="signing-pdf-reason"]'), "Income certificate issued");
    await s.press(ENTER); // Enter in the form signs
    const pdfStep = await waitAttr(s, '[data-testid="signing-pdf-progress"]', "data-step", (v) => v === "pending", 15000).catch((e) => e.message);
    check("the PDF signing shows PENDING progress", pdfStep === "pending", pdfStep);
    check("Stop waiting has the focus while the PDF waits", (await focused(s)) === "signing-pdf-cancel", await focused(s));
    const pdfResult = await s.waitFor('[data-testid="signing-pdf-result"]', 45000);
    check("the signed PDF is verified", (await s.attr(pdfResult, "data-verified")) === "true");
    const savedPdf = String(await s.attr(pdfResult, "data-path"));
    const pdfText = await s.text(pdfResult);
    check("the result names the signer, the byte range and where it was saved", pdfText.includes("Amit Kumar Verma") && /\[0 \d+ \d+ \d+\]/.test(pdfText) && pdfText.includes(savedPdf), pdfText.slice(0, 300));
    check("the signed PDF is saved in the Downloads folder", existsSync(savedPdf) && savedPdf.includes(`${path.sep}Kendra Desk${path.sep}`), savedPdf);
    if (existsSync(savedPdf)) {
      const signedBytes = readFileSync(savedPdf);
      check("the signed PDF starts with the original bytes (an incremental update)", signedBytes.subarray(0, Buffer.byteLength(pdf)).equals(Buffer.from(pdf)));
      check("the signed PDF carries a PAdES signature", signedBytes.includes("ETSI.CAdES.detached") && signedBytes.includes("/ByteRange"));
      const sha = createHash("sha256").update(signedBytes).digest("hex");
      check("the shown SHA-256 is the saved file's", (await s.attr(pdfResult, "data-sha256")) === sha, sha);
    }
    for (const lang of ["en", "bn", "hi"]) {
      check(`language ${lang} (PDF)`, await language(s, lang));
      await s.exec("document.querySelector('[data-testid=\"signing-pdf-result\"]').scrollIntoView({ block: 'end' });");
      await sleep(300);
      await s.screenshot(shotPath(`${lang}/signing-pdf`));
    }
    await language(s, "en");

    // --- a damaged PDF: refused in a plain sentence, with the core's words behind it
    await pickFile(s, '[data-testid="signing-pdf-file"]', "truncated.pdf", pdf.slice(0, pdf.length - 30));
    await s.click(await s.find('[data-testid="signing-pdf-sign"]'));
    const refusedReason = await waitAttr(s, '[data-testid="signing-pdf-refused"]', "data-reason", (v) => v.length > 0, 15000).catch((e) => e.message);
    check("a damaged PDF is refused as damaged", refusedReason === "damaged", refusedReason);
    const refusedText = await s.text(await s.find('[data-testid="signing-pdf-refused"]'));
    check("the refusal is a plain sentence naming the file", refusedText.includes("This PDF is damaged") && refusedText.includes("truncated.pdf"), refusedText.slice(0, 200));

    // --- Settings: a profile with a secret, shown masked, never in the page
    await go(s, "settings");
    await s.waitFor('[data-testid="settings-profile"][data-name="sandbox-csp"]', 10000);
    await s.click(await s.find('[data-testid="settings-profile-new"]'));
    await s.waitFor('[data-testid="settings-profile-form"]');
    await sleep(200);
    check("focus lands on the new profile's name", (await focused(s)) === "settings-profile-name", await focused(s));
    const sandboxUrl = await s.attr(await s.find('[data-testid="profile"]'), "data-url");
    await type(s, await s.find('[data-testid="settings-profile-name"]'), "up-revenue-csp");
    await type(s, await s.find('[data-setting="base_url"]'), sandboxUrl);
    await type(s, await s.find('[data-setting="client_id"]'), "kendra_sandbox_client");
    await s.exec(
      `const sel = document.querySelector('[data-setting="grant"]'); sel.value = "client_credentials";
       sel.dispatchEvent(new Event("change", { bubbles: true }));`,
    );
    await type(s, await s.find('[data-testid="settings-secret-input"][data-field="client_secret"]'), SECRET);
    await s.press(ENTER); // Enter in the form submits it
    const mask = await waitAttr(
      s,
      '[data-testid="settings-profile"][data-name="up-revenue-csp"] [data-testid="settings-secret"][data-field="client_secret"]',
      "data-mask",
      (v) => v.length > 0,
      10000,
    ).catch((e) => e.message);
    check("the new profile's secret is shown masked", mask.startsWith("••••") && !mask.includes(SECRET.slice(-4)), mask);
    const page = String(await s.exec("return document.body.innerText + document.body.innerHTML;"));
    check("the secret never comes back to the page", !page.includes(SECRET));
    const status = await s.text(await s.find('[data-testid="settings-profiles-status"]'));
    check("saving is announced", status.includes("up-revenue-csp"), status);

    // --- the inbox shows the OTP of a BSK OTP request
    const otp = await bskOtpRequest(sandboxUrl);
    check("a BSK OTP request (API-5A) went to the sandbox", otp.ok, otp.why);
    await s.click(await s.find('[data-testid="settings-inbox-refresh"]'));
    const otpValue = await waitAttr(s, '[data-testid="settings-inbox-message"][data-peer="bsk"]', "data-otp", (v) => /^\d{6}$/.test(v), 10000).catch((e) => e.message);
    check("the inbox shows the citizen's OTP", /^\d{6}$/.test(otpValue), otpValue);

    // --- faults: add one, see it, clear
    await type(s, await s.find('[data-testid="settings-fault-endpoint"]'), "/ispws/*");
    await s.click(await s.find('[data-testid="settings-fault-add"]'));
    const kind = await waitAttr(s, '[data-testid="settings-fault"]', "data-kind", (v) => v === "latency", 5000).catch((e) => e.message);
    check("an added fault is listed", kind === "latency", kind);
    const faults = await fetch(`${sandboxUrl}/_sandbox/faults`).then((r) => r.json());
    check("the sandbox has the fault", faults.faults?.length === 1 && faults.faults[0].endpoint === "/ispws/*", JSON.stringify(faults).slice(0, 200));

    for (const lang of ["en", "bn", "hi"]) {
      await language(s, lang);
      await s.exec("document.querySelector('[data-testid=\"settings-profiles\"]').scrollIntoView();");
      await sleep(300);
      await s.screenshot(shotPath(`${lang}/settings-profiles`));
      await s.exec("document.querySelector('[data-testid=\"settings-sandbox\"]').scrollIntoView();");
      await sleep(150);
      await s.screenshot(shotPath(`${lang}/settings-sandbox`));
    }
    await language(s, "en");
    await s.click(await s.find('[data-testid="settings-faults-clear"]'));
    await sleep(500);
    const cleared = await fetch(`${sandboxUrl}/_sandbox/faults`).then((r) => r.json());
    check("clearing faults empties the sandbox's list", cleared.faults?.length === 0, JSON.stringify(cleared));

    // --- stop the built-in sandbox (confirmed), badge and panel say stopped, start it again
    await s.exec("document.querySelector('[data-testid=\"settings-sandbox\"]').scrollIntoView();");
    await s.click(await s.find('[data-testid="settings-sandbox-stop"]'));
    await s.waitFor('[data-testid="settings-sandbox-stop-confirm"]', 5000);
    await sleep(150);
    check("the stop asks first (focus on the confirm)", (await focused(s)) === "settings-sandbox-stop-confirm", await focused(s));
    await s.press(ENTER);
    const powered = await waitAttr(s, '[data-testid="settings-sandbox-power"]', "data-state", (v) => v === "stopped", 15000).catch((e) => e.message);
    check("the panel says stopped", powered === "stopped", powered);
    const badge = await waitAttr(s, '[data-testid="sandbox-badge"]', "data-state", (v) => v === "stopped", 10000).catch((e) => e.message);
    check("the header badge no longer claims a running sandbox", badge === "stopped", badge);
    const stillListed = await s.findAll('[data-testid="profile"]');
    check("the sandbox profiles stay listed, marked not production", stillListed.length > 0);
    const gone = await fetch(`${sandboxUrl}/_sandbox/info`).then(() => false, () => true);
    check("the sandbox no longer answers on its port", gone);
    await sleep(150);
    check("focus moves to Start sandbox", (await focused(s)) === "settings-sandbox-start", await focused(s));
    await s.screenshot(shotPath("en/settings-sandbox-stopped"));
    const journalStill = await s.exec("return document.querySelector('[data-testid=\"settings-sandbox-error\"]') === null;");
    check("stopping raised no error", journalStill === true);
    await s.press(ENTER);
    const again = await waitAttr(s, '[data-testid="settings-sandbox-power"]', "data-state", (v) => v === "running", 60000).catch((e) => e.message);
    check("the sandbox runs again", again === "running", again);
    await waitAttr(s, '[data-testid="sandbox-badge"]', "data-state", (v) => v === "running", 20000).catch(() => "");
    const newUrl = await s.attr(await s.find('[data-testid="settings-sandbox-url"]'), "data-url");
    check("on a new address", typeof newUrl === "string" && newUrl.startsWith("http://127.0.0.1:") && newUrl !== sandboxUrl, `${sandboxUrl} → ${newUrl}`);
    const profileUrl = await waitAttr(s, '[data-testid="profile"]', "data-url", (v) => v === newUrl, 10000).catch((e) => e.message);
    check("the Sandbox profiles follow the new address", profileUrl === newUrl, profileUrl);
    const otpAgain = await bskOtpRequest(newUrl);
    check("a BSK OTP request reaches the restarted sandbox", otpAgain.ok, otpAgain.why);
    await s.click(await s.find('[data-testid="settings-inbox-refresh"]'));
    const otpAfter = await waitAttr(s, '[data-testid="settings-inbox-message"][data-peer="bsk"]', "data-otp", (v) => /^\d{6}$/.test(v), 10000).catch((e) => e.message);
    check("the inbox works again", /^\d{6}$/.test(otpAfter), otpAfter);

    // --- delete the profile (with its keyring entry)
    await s.click(await s.find('[data-testid="settings-profile"][data-name="up-revenue-csp"] [data-testid="settings-profile-delete"]'));
    await s.click(await s.waitFor('[data-testid="settings-profile-confirm-delete"]'));
    await sleep(500);
    check("the profile is deleted", (await s.findAll('[data-testid="settings-profile"][data-name="up-revenue-csp"]')).length === 0);
  } finally {
    await s.close().catch(() => {});
  }
});
