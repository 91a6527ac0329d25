// The tester scenario through the real app and its embedded sandbox: Explorer → the ISP
// getRequestValidatedAndRequestID request (after a citizen's "apply" on the sandbox portal) sent
// from the keyboard (Ctrl+Enter) → authenticate and the call side by side: plaintext, the
// {dept_id, e_data} envelope, the raw HTTP request with the token masked, the raw answer and the
// decrypted answer with its request_id; copy as curl; a BSK API-3 in the v5 envelope; the history
// finds the call and replays it; the crypto workbench says which variant a ciphertext made with
// the PHP sample's variant (made here with node:crypto, independently of the app) was encrypted
// with. Screenshots with content in English, Bengali and Hindi: <lang>/explorer-*.

import { createCipheriv, pbkdf2Sync } from "node:crypto";
import { createServer } from "node:http";
import { APP, KEY, Session, check, scenario, shotPath, sleep, wd } from "./webdriver.mjs";

const KEYS = { enter: "\uE007", ctrl: "\uE009", tab: "\uE004" };

async function active(s) {
  const v = await wd("GET", `${s.base}/element/active`);
  return v["element-6066-11e4-a52e-4f735466cecf"];
}

async function activeTestId(s) {
  return s.exec("return document.activeElement && (document.activeElement.getAttribute('data-testid') || document.activeElement.id);");
}

async function textOf(s, css) {
  return s.text(await s.waitFor(css));
}

/** Chooses `value` in a select the way a keyboard user's choice arrives (a change event). */
async function choose(s, testid, value) {
  const ok = await s.exec(
    `const el = document.querySelector('[data-testid="${testid}"]');
     if (!el || ![...el.options].some((o) => o.value === arguments[0])) return false;
     el.focus(); el.value = arguments[0]; el.dispatchEvent(new Event('change', { bubbles: true })); return true;`,
    [value],
  );
  if (!ok) throw new Error(`${testid} has no option ${value}`);
  await sleep(100);
}

/** Replaces the text of a textarea/input with `text`, typed (input events as from a keyboard). */
async function retype(s, testid, text) {
  const el = await s.waitFor(`[data-testid="${testid}"]`);
  await s.click(el);
  await s.exec(`const el = document.querySelector('[data-testid="${testid}"]'); el.select();`);
  await wd("POST", `${s.base}/element/${el}/value`, { text });
}

async function textOfPart(s, part) {
  return s.exec(
    `const el = document.querySelector('[data-testid="explorer-exchange-detail"] [data-testid="explorer-part-${part}"]');
     return el ? [...el.querySelectorAll('.tester-line')].map((l) => l.textContent).join('\\n') : null;`,
  );
}

async function waitResult(s) {
  return s.waitFor('[data-testid="explorer-result"]', 40_000);
}

/** The PHP sample's variant (17-byte salt, ASCII IV), as a department's own code would do it. */
function phpSampleEncrypt(secret, plaintext) {
  const key = pbkdf2Sync(secret, "00000000011111111", 1000, 32, "sha512");
  const cipher = createCipheriv("aes-256-cbc", key, Buffer.from("0000000011111111", "ascii"));
  return Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}

async function scrollTo(s, css) {
  await s.exec(`const el = document.querySelector(arguments[0]); if (el) el.scrollIntoView({ block: 'start' });`, [css]);
  await sleep(200);
}

async function panel(s, which) {
  await s.click(await s.waitFor(`[data-testid="tester-tab-${which}"]`));
  await s.waitFor(`#tester-panel-${which}:not([hidden])`);
}

/** A fake ISP portal on loopback: a token, then a SUCCESSFUL answer of 12 MB. */
function bigAnswerPortal() {
  const pad = "x".repeat(12 * 1024 * 1024);
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const body = req.url.endsWith("/authenticate")
        ? JSON.stringify({ error: "", statusMessage: "SUCCESSFUL", timestamp: "01-05-2024 10:00:00", token: "e2e-fake-token-of-the-big-portal" })
        : `{"error":"","statusMessage":"SUCCESSFUL","data":null,"timestamp":"01-05-2024 10:00:00","note":"${pad}"}`;
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function run() {
  if (!APP) throw new Error("KENDRA_APP_BIN is not set");
  const s = await Session.open(APP);
  try {
    await s.waitFor('[data-testid="sandbox-badge"]:not(.starting)', 60_000);
    const catalog = await s.execAsync("window.__TAURI_INTERNALS__.invoke('explorer_catalog')");
    const isp = catalog?.profiles?.find((p) => p.name === "sandbox-isp");
    check("the Explorer offers the sandbox ISP profile", Boolean(isp?.sandbox && isp.complete), JSON.stringify(catalog?.profiles ?? catalog).slice(0, 300));
    check("no secret in the catalog", !JSON.stringify(catalog).includes("Rev@Lko#2024"));
    const origin = new URL(isp.base_url).origin;
    const info = await fetch(`${origin}/_sandbox/info`).then((r) => r.json());

    // ---- a citizen applies on the portal; the department validates the session key ----------
    const applied = await fetch(`${origin}/_sandbox/isp/apply`, { method: "POST", body: "{}" }).then((r) => r.json());
    check("the sandbox portal gave a session key", typeof applied.sessionkey === "string", JSON.stringify(applied));

    await s.press(KEY.alt, "5");
    await s.waitFor('[data-testid="explorer-profile"]', 30_000);
    await choose(s, "explorer-profile", "sandbox-isp");
    await choose(s, "explorer-api", "isp.getRequestValidatedAndRequestID");
    const prefilled = await s.exec(`return document.querySelector('[data-testid="explorer-json"]').value;`);
    check("the editor is prefilled with the spec's example", prefilled.includes("sessionkey"), prefilled);
    const fields = await textOf(s, '[data-testid="explorer-fields"]');
    check("the spec's field list is shown beside it", fields.includes("sessionkey"), fields.slice(0, 120));

    await retype(s, "explorer-json", `{"sessionkey": "${applied.sessionkey}"}`);
    await s.press(KEYS.ctrl, KEYS.enter);
    const result = await waitResult(s);
    check("Ctrl+Enter sent it and the portal accepted it", (await s.attr(result, "data-ok")) === "true", await s.text(result).catch(() => ""));
    const exchanges = await s.findAll('[data-testid="explorer-exchange"]');
    check("two exchanges: authenticate, then the call", exchanges.length === 2);
    check("the focus lands on the result", (await activeTestId(s)) === "tester-result-title");
    const detail = await s.find('[data-testid="explorer-exchange-detail"]');
    check("the call's exchange is shown", (await s.attr(detail, "data-endpoint")) === "getRequestValidatedAndRequestID");

    const plaintext = await textOfPart(s, "plaintext");
    const envelope = await textOfPart(s, "envelope");
    const rawRequest = await textOfPart(s, "raw_request");
    const rawResponse = await textOfPart(s, "raw_response");
    const answer = await textOfPart(s, "answer");
    check("plaintext: the session key as typed", plaintext?.includes(applied.sessionkey), plaintext);
    check("secured envelope: {dept_id, e_data}, the key not readable", /"e_data":"[A-Za-z0-9+/=]{20,}"/.test(envelope ?? "") && envelope.includes(info.isp.dept_id) && !envelope.includes(applied.sessionkey), envelope);
    check("raw HTTP request: the path, and the token masked", rawRequest?.startsWith("POST /ispws/isp/v1/getRequestValidatedAndRequestID HTTP/1.1") && rawRequest.includes("authorization: Bearer ••••"), rawRequest?.slice(0, 200));
    check("raw answer: HTTP 200, SUCCESSFUL, data encrypted", rawResponse?.startsWith("HTTP/1.1 200") && rawResponse.includes('"statusMessage":"SUCCESSFUL"'), rawResponse?.slice(0, 200));
    let requestId = "";
    try {
      requestId = JSON.parse(answer).request_id;
    } catch {
      // reported below
    }
    check("decrypted answer: the request_id and applicant", /^\d{14}$/.test(requestId) && answer.includes("applicant_id"), answer);
    const duration = await textOf(s, '[data-testid="explorer-duration"]');
    check("timing is shown", /\d/.test(duration), duration);
    check("no password anywhere on the screen", !(await s.exec("return document.body.innerText;")).includes(info.isp.password));

    // ---- copy as curl: the real token goes to the clipboard, never onto the screen ------------
    await s.click(await s.find('[data-testid="explorer-curl"]'));
    const end = Date.now() + 5000;
    let note = "";
    while (Date.now() < end) {
      note = await textOf(s, '[data-testid="explorer-note"]');
      if (note.startsWith("Copied") || note.includes("clipboard")) break;
      await sleep(100);
    }
    const clip = await s.exec("return [typeof navigator.clipboard, typeof ClipboardItem, window.isSecureContext, location.protocol].join(' ');");
    check("copy as curl says it copied and that it holds secrets", note.startsWith("Copied. It contains the token"), `${note} (clipboard: ${clip})`);

    await scrollTo(s, '[data-testid="explorer-result"]');
    await s.screenshot(shotPath("en/explorer-exchange"));
    await scrollTo(s, '[data-testid="explorer"]');
    await s.screenshot(shotPath("en/explorer-request"));

    // ---- BSK API-3 in the profile's v5 envelope --------------------------------------------------
    await s.click(await s.find('[data-testid="explorer-new-tab"]'));
    await choose(s, "explorer-profile", "sandbox-bsk");
    await choose(s, "explorer-api", "bsk.API-3");
    await s.click(await s.find('[data-testid="explorer-send"]'));
    await s.waitFor('[data-testid="explorer-exchange-detail"][data-endpoint="API-3"]', 40_000);
    const bskEnvelope = await textOfPart(s, "envelope");
    const bskAnswer = await textOfPart(s, "answer");
    check("BSK API-3: the v5 form envelope", bskEnvelope?.startsWith("agId=BSK&encData="), bskEnvelope?.slice(0, 80));
    check("BSK API-3: the decrypted timeline, 17-digit ticket exact", bskAnswer?.includes("applicationStage") && bskAnswer.includes("20241210113005128"), bskAnswer?.slice(0, 200));

    // ---- history: search, then replay ------------------------------------------------------------
    await panel(s, "history");
    await s.waitFor('[data-testid="explorer-history-row"]', 10_000);
    check("History: the search box has the focus", (await activeTestId(s)) === "explorer-history-search");
    await wd("POST", `${s.base}/element/${await active(s)}/value`, { text: "getRequestValidated" });
    // Earlier scenarios of the same run may have validated requests too: every row must be one.
    const endpoints = async () => {
      const found = await s.findAll('[data-testid="explorer-history-row"]');
      return Promise.all(found.map((r) => s.attr(r, "data-endpoint")));
    };
    let shown = [];
    const until = Date.now() + 5000;
    do {
      await sleep(300);
      shown = await endpoints();
    } while (!(shown.length >= 1 && shown.every((e) => e === "getRequestValidatedAndRequestID")) && Date.now() < until);
    check(
      "History: the search finds only validation calls, the newest first",
      shown.length >= 1 && shown.every((e) => e === "getRequestValidatedAndRequestID"),
      shown.join(","),
    );
    await s.screenshot(shotPath("en/explorer-history"));
    await s.click(await s.find('[data-testid="explorer-history-row"] button'));
    await s.waitFor("#tester-panel-request:not([hidden])");
    const replayed = await s.exec(`return document.querySelector('[data-testid="explorer-json"]').value;`);
    check("Replay opens the recorded request in a new scratch tab", replayed.includes(applied.sessionkey), replayed);

    // ---- workbench: which variant is this? -------------------------------------------------------
    const ciphertext = phpSampleEncrypt(info.isp.secret_key, JSON.stringify({ sessionkey: applied.sessionkey, from: "a PHP department" }));
    await panel(s, "workbench");
    await s.click(await s.find('[data-testid="workbench-op-identify"]'));
    await choose(s, "workbench-secret-mode", "profile");
    await choose(s, "workbench-profile", "sandbox-isp");
    await retype(s, "workbench-input", ciphertext);
    await s.press(KEYS.ctrl, KEYS.enter);
    const identified = await s.waitFor('[data-testid="workbench-identified"]', 20_000);
    check("the workbench names the PHP sample's variant", (await s.attr(identified, "data-variant")) === "php-sample", await s.text(identified));
    const variantRows = await s.findAll('[data-testid="workbench-variant-row"]');
    check("every interop variant was tried", variantRows.length === 4);
    await scrollTo(s, '[data-testid="workbench-result"]');
    await s.screenshot(shotPath("en/explorer-workbench"));

    // ---- the same content in Bengali and Hindi ----------------------------------------------------
    for (const lang of ["bn", "hi"]) {
      await s.press(KEY.alt, "l");
      await s.waitFor(`html[lang="${lang}"]`);
      await panel(s, "request");
      // The first scratch tab holds the ISP call.
      await s.click(await s.find(".tester-chip-open"));
      await waitResult(s);
      const part = await s.text(await s.find('[data-part="raw_request"] h3'));
      check(`${lang}: the raw request's heading is translated and keeps HTTP`, part.includes("HTTP") && !part.includes("Raw"), part);
      await scrollTo(s, '[data-testid="explorer-result"]');
      await s.screenshot(shotPath(`${lang}/explorer-exchange`));
      await scrollTo(s, '[data-testid="explorer"]');
      await s.screenshot(shotPath(`${lang}/explorer-request`));
      await panel(s, "history");
      await s.waitFor('[data-testid="explorer-history-row"]');
      await s.screenshot(shotPath(`${lang}/explorer-history`));
      await panel(s, "workbench");
      await s.waitFor('[data-testid="workbench-identified"]');
      const said = await s.text(await s.find('[data-testid="workbench-identified"]'));
      check(`${lang}: the variant is named in the language`, said.includes("php-sample") && !/\b(It|was|with)\b/.test(said), said);
      await scrollTo(s, '[data-testid="workbench-result"]');
      await s.screenshot(shotPath(`${lang}/explorer-workbench`));
    }
    await s.press(KEY.alt, "l");
    await s.waitFor('html[lang="en"]');

    // ---- an answer of 12 MB: read, and viewed a window of lines at a time --------------------------
    const portal = await bigAnswerPortal();
    try {
      const url = `http://127.0.0.1:${portal.address().port}`;
      const saved = await s.execAsync(
        `window.__TAURI_INTERNALS__.invoke('settings_profile_save', { save: { name: 'e2e-big-isp', peer: 'isp',
          settings: [{ key: 'base_url', value: '${url}' }, { key: 'dept_id', value: 'UPREV0417' }],
          secrets: [{ field: 'password', value: 'e2e-password' }, { field: 'secret_key', value: 'e2e-secret-key' }] } }).then(() => 'saved', (e) => JSON.stringify(e))`,
      );
      check("a profile for the big-answer portal is saved (Settings' command)", saved === "saved", String(saved));
      await s.press(KEY.alt, "8");
      await s.press(KEY.alt, "5");
      await s.waitFor('[data-testid="explorer-profile"]', 30_000);
      await choose(s, "explorer-profile", "e2e-big-isp");
      await choose(s, "explorer-api", "isp.getApplicantCommonDetails");
      const clicked = Date.now();
      await s.click(await s.find('[data-testid="explorer-send"]'));
      // While it is on its way, the window answers.
      const echo = await s.exec("return 1 + 1;");
      check("the window answers while a big answer is on its way", echo === 2);
      await s.waitFor('[data-testid="explorer-exchange-detail"][data-endpoint="getApplicantCommonDetails"]', 60_000);
      const view = await s.find('[data-testid="explorer-exchange-detail"] [data-testid="explorer-part-raw_response"]');
      const bytes = Number(await s.attr(view, "data-bytes"));
      const lines = Number(await s.attr(view, "data-lines"));
      check("the 12 MB answer was read whole", bytes > 12_000_000, String(bytes));
      const drawn = await s.exec(`return document.querySelectorAll('[data-testid="explorer-exchange-detail"] .tester-line').length;`);
      check("only a window of lines is in the page, not 12 MB of text", drawn < 400 && (await s.exec("return document.body.innerHTML.length;")) < 2_000_000, `${drawn} lines drawn of ${lines}`);
      await s.exec(`const v = document.querySelector('[data-testid="explorer-exchange-detail"] [data-testid="explorer-part-raw_response"]'); v.scrollTop = v.scrollHeight;`);
      let last = "";
      const until2 = Date.now() + 10_000;
      while (Date.now() < until2) {
        last = await s.exec(
          `const ls = [...document.querySelectorAll('[data-testid="explorer-exchange-detail"] [data-testid="explorer-part-raw_response"] .tester-line')]; return ls.length ? ls[ls.length - 1].textContent : '';`,
        );
        if (last.endsWith('"}')) break;
        await sleep(200);
      }
      check("scrolled to the end, the last line arrives from Rust", last.endsWith('xx"}'), last.slice(-40));
      check("and all of it within a reasonable time", Date.now() - clicked < 60_000, `${Date.now() - clicked} ms`);
      const auth = await s.exec(`return document.body.innerText.includes('e2e-fake-token-of-the-big-portal');`);
      check("the big portal's token is not on the screen", auth === false);
      await scrollTo(s, '[data-testid="explorer-result"]');
      await s.screenshot(shotPath("en/explorer-large-answer"));
      await s.execAsync("window.__TAURI_INTERNALS__.invoke('settings_profile_delete', { name: 'e2e-big-isp' })");
    } finally {
      portal.close();
    }
  } finally {
    await s.close().catch(() => undefined);
  }
}

await scenario("tester scenario", run);
