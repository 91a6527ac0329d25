// The department admin's scenario, end to end in the real app against its embedded sandbox:
// citizens arrive from the UP portal (sandbox "apply" → the app checks each session key), a file
// with a wrong row is refused row by row, the portal starts failing (fault injection) → the
// statuses imported from a file fail with their class and attempt shown → one is fixed and
// resent, one cancelled with a reason → faults off → "resend all failed" → all delivered; the
// audit trail and the Journal (search, status history, exchanges, export) tell the story.
// Screenshots of Outbox and Journal with content in English, Bengali and Hindi.

import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import { APP, KEY, Session, check, path, scenario, shotPath, sleep, wd } from "./webdriver.mjs";

const ENTER = "\uE007";
const SERVICE_STATUS = "/ispws/isp/v1/returnServiceStatus";
const HEADER = "request_id,service_code,applicant_id,application_id,status_code,remarks,pendency_level,pending_with_officer,action_taken_time";

async function type(s, el, text) {
  await wd("POST", `${s.base}/element/${el}/value`, { text });
}

/** Replaces a field's text the way a user would (select all, type), so the UI hears `input`. */
async function setField(s, css, text) {
  const el = await s.waitFor(css);
  await s.exec(
    "const el = arguments[0]; el.focus(); el.value = ''; el.dispatchEvent(new Event('input', { bubbles: true }));",
    [{ "element-6066-11e4-a52e-4f735466cecf": el }],
  );
  await type(s, el, text);
  return el;
}

/** Waits until `css` matches an element whose attribute `name` satisfies `ok`. */
async function waitAttr(s, css, name, ok, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  let last = null;
  for (;;) {
    for (const el of await s.findAll(css)) {
      last = await s.attr(el, name);
      if (ok(last)) return el;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${css}[${name}] (last: ${last})`);
    await sleep(150);
  }
}

async function control(base, method, pathName, body) {
  const res = await fetch(`${base}${pathName}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${pathName}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

async function openScreen(s, id) {
  await s.click(await s.find(`nav button[data-screen="${id}"]`));
  await waitAttr(s, '[data-testid="screen"]', "data-screen", (v) => v === id, 5000);
}

async function count(s, css) {
  return (await s.findAll(css)).length;
}

async function runUntilSummary(s, button) {
  const before = await s.findAll('[data-testid="outbox-run-summary"]');
  const old = before.length ? await s.text(before[0]) : null;
  await s.click(await s.find(`[data-testid="${button}"]`));
  const end = Date.now() + 60_000;
  for (;;) {
    const found = await s.findAll('[data-testid="outbox-run-summary"]');
    const running = await s.findAll('[data-testid="outbox-progress"]');
    if (found.length && running.length === 0) {
      const text = await s.text(found[0]);
      if (text !== old) return found[0];
    }
    const err = await s.findAll('[data-testid="outbox-run-error"]');
    if (err.length) throw new Error(`the run failed: ${await s.text(err[0])}`);
    if (Date.now() > end) throw new Error("no run summary within 60 s");
    await sleep(200);
  }
}

async function openItem(s, requestId) {
  const row = await waitAttr(s, '[data-testid="outbox-row"]', "data-request", (v) => v === requestId);
  const id = await s.attr(row, "data-id");
  const buttons = await s.findAll(`[data-testid="outbox-row"][data-id="${id}"] [data-testid="outbox-open"]`);
  await s.click(buttons[0]);
  await waitAttr(s, '[data-testid="outbox-detail"]', "data-id", (v) => v === id);
  await s.waitFor(`[data-testid="outbox-detail"][data-id="${id}"][data-state]:not([data-state=""])`);
  return id;
}

async function journalShow(s, requestId) {
  await setField(s, '[data-testid="journal-request-id"]', requestId + ENTER);
  await s.waitFor(`[data-testid="journal-hit"][data-request="${requestId}"]`);
  await s.click(await s.find(`[data-testid="journal-hit"][data-request="${requestId}"] [data-testid="journal-open"]`));
  await s.waitFor('[data-testid="journal-status"]');
  await s.waitFor('[data-testid="journal-exchanges"] [data-testid="admin-exchange"]');
}

async function run() {
  if (!APP) throw new Error("KENDRA_APP_BIN is not set");
  const s = await Session.open(APP);
  const tmp = await mkdtemp(path.join(os.tmpdir(), "kendra-admin-e2e-"));
  let base = null;
  try {
    await s.waitFor('[data-testid="sandbox-badge"]:not(.starting)', 60_000);
    await openScreen(s, "settings");
    const profile = await s.waitFor('[data-testid="profile"][data-peer="isp"]');
    base = await s.attr(profile, "data-url");
    check("the sandbox's address is on the ISP profile row", /^http:\/\/127\.0\.0\.1:\d+$/.test(String(base)), String(base));

    // --- Outbox: empty at first, counts for every state
    await s.press(KEY.alt, "4");
    await waitAttr(s, '[data-testid="screen"]', "data-screen", (v) => v === "outbox", 5000);
    await s.waitFor('[data-testid="outbox-count"]');
    check("Outbox shows a count for each of the six states", (await count(s, '[data-testid="outbox-count"]')) === 6);

    // --- three citizens arrive from the portal; the app checks each session key (ISP 7-A)
    const requests = [];
    for (let i = 0; i < 3; i++) {
      const applied = await control(base, "POST", "/_sandbox/isp/apply", {});
      await setField(s, '[data-testid="outbox-session-key"]', applied.sessionkey + ENTER);
      const done = await waitAttr(s, '[data-testid="outbox-intake-result"]', "data-request-id", (v) => v && !requests.some((r) => r.request_id === v));
      requests.push({
        request_id: await s.attr(done, "data-request-id"),
        applicant_id: await s.attr(done, "data-applicant-id"),
        service_code: await s.attr(done, "data-service-code"),
      });
    }
    check("three applications taken in from the portal by session key", requests.length === 3 && requests.every((r) => /^\d{14}$/.test(r.request_id)), JSON.stringify(requests));
    const focused = await s.exec("return document.activeElement && document.activeElement.getAttribute('data-testid');");
    check("after Enter, focus stays on the session-key field for the next citizen", focused === "outbox-session-key", String(focused));

    const rowOf = (r, code, applicationId = `INC/26/${r.request_id.slice(8)}`, time = "2026-11-23 11:00:00") =>
      `${r.request_id},${r.service_code},${r.applicant_id},${applicationId},${code},under review,1,NA,${time}`;

    // --- a file with wrong rows: nothing is queued, each wrong row named
    const badFile = path.join(tmp, "statuses-bad.csv");
    await writeFile(badFile, [HEADER, rowOf(requests[0], "S105"), rowOf(requests[1], "S999"), rowOf(requests[2], "S105", "INC/1", "23/11/2026")].join("\n") + "\n");
    const fileInput = await s.find('[data-testid="outbox-import-file"]');
    let viaFile = true;
    try {
      await type(s, fileInput, badFile);
      await waitAttr(s, '[data-testid="outbox-import-text"]', "value", (v) => String(v ?? "").includes("S999"), 5000).catch(async () => {
        const v = await s.exec("return document.querySelector('[data-testid=\"outbox-import-text\"]').value;");
        if (!String(v).includes("S999")) throw new Error("file not read");
      });
    } catch (e) {
      viaFile = false;
      console.log(`      (file picker not drivable here: ${e.message}; typing the rows instead)`);
      await setField(s, '[data-testid="outbox-import-text"]', [HEADER, rowOf(requests[0], "S105"), rowOf(requests[1], "S999"), rowOf(requests[2], "S105", "INC/1", "23/11/2026")].join("\n"));
    }
    check("the picked file's text is shown for checking", true, viaFile ? "read through <input type=file>" : "typed");
    await s.click(await s.find('[data-testid="outbox-import-submit"]'));
    await s.waitFor('[data-testid="outbox-import-problems"]');
    const badRows = [];
    for (const el of await s.findAll('[data-testid="outbox-import-problem"]')) badRows.push(await s.attr(el, "data-row"));
    check("a wrong file is refused naming rows 2 and 3", badRows.join(",") === "2,3", badRows.join(","));
    const problemText = await s.text(await s.find('[data-testid="outbox-import-problems"]'));
    check("the refusal says what is wrong (the unknown code, the bad time)", problemText.includes("S999") && problemText.includes("action_taken_time"), problemText.slice(0, 300));
    const total = await s.attr(await s.find('[data-testid="outbox-count"][data-state="queued"]'), "data-count");
    check("nothing was queued from the wrong file", total === "0", total);

    // --- the portal starts failing; a good file is imported and sent: every status fails
    await control(base, "POST", "/_sandbox/faults", { endpoint: SERVICE_STATUS, kind: "failed" });
    const goodFile = path.join(tmp, "statuses.csv");
    const goodText = [HEADER, ...requests.map((r) => rowOf(r, "S105"))].join("\n") + "\n";
    await writeFile(goodFile, goodText);
    if (viaFile) await type(s, await s.find('[data-testid="outbox-import-file"]'), goodFile);
    else await setField(s, '[data-testid="outbox-import-text"]', goodText);
    await waitAttr(s, '[data-testid="outbox-import-text"]', "value", () => true, 2000).catch(() => {});
    await sleep(300);
    await s.click(await s.find('[data-testid="outbox-import-submit"]'));
    const imported = await s.waitFor('[data-testid="outbox-import-done"]');
    check("a good file queues its three statuses", (await s.attr(imported, "data-count")) === "3");
    await waitAttr(s, '[data-testid="outbox-count"][data-state="queued"]', "data-count", (v) => v === "3");

    let summary = await runUntilSummary(s, "outbox-send-due");
    check(
      "with the portal failing, the run tries all three and delivers none",
      (await s.attr(summary, "data-attempts")) === "3" && (await s.attr(summary, "data-delivered")) === "0",
      await s.text(summary),
    );
    const failing = await waitAttr(s, '[data-testid="outbox-class-count"][data-class="peer_failed"]', "data-count", (v) => v === "3");
    check("counts by failure class show 3 × the portal said FAILED", Boolean(failing), await s.text(failing));
    const rowClasses = [];
    for (const el of await s.findAll('[data-testid="outbox-row"]')) rowClasses.push(`${await s.attr(el, "data-state")}/${await s.attr(el, "data-class")}`);
    check("every row waits to retry with class peer_failed", rowClasses.length === 3 && rowClasses.every((c) => c === "retry_wait/peer_failed"), rowClasses.join(" "));

    // --- one item: its attempt and the portal's answer
    await openItem(s, requests[0].request_id);
    const attempt = await s.waitFor('[data-testid="outbox-attempt"]');
    check("the item shows its attempt, failed with class peer_failed", (await s.attr(attempt, "data-class")) === "peer_failed");
    const exchange = await s.find('[data-testid="outbox-attempt"] [data-testid="admin-exchange"]');
    check("the attempt's exchange with the portal is recorded as FAILED", (await s.attr(exchange, "data-outcome")) === "FAILED");
    await s.click(await s.find('[data-testid="outbox-attempt"] [data-testid="admin-exchange"] summary'));
    const sent = await s.text(await s.find('[data-testid="outbox-attempt"] [data-testid="admin-exchange-request"]'));
    const answer = await s.text(await s.find('[data-testid="outbox-attempt"] [data-testid="admin-exchange-response"]'));
    check("what was sent (before securing) names the request", sent.includes(requests[0].request_id), sent.slice(0, 200));
    check("the portal's answer is shown, decrypted", /FAILED/.test(answer), answer.slice(0, 200));
    await sleep(200);
    await s.screenshot(shotPath("en/outbox-failed"));

    // --- fix and resend: the remark changes, the original is kept and audited
    await openItem(s, requests[1].request_id);
    const payloadEl = await s.waitFor('[data-testid="outbox-payload"]');
    const payload = String(await s.exec("return arguments[0].value;", [{ "element-6066-11e4-a52e-4f735466cecf": payloadEl }]));
    await s.exec(
      "const el = arguments[0]; el.value = arguments[1]; el.dispatchEvent(new Event('input', { bubbles: true }));",
      [{ "element-6066-11e4-a52e-4f735466cecf": payloadEl }, payload.replace("under review", "documents verified")],
    );
    await s.click(await s.find('[data-testid="outbox-save-payload"]'));
    await s.waitFor('[data-testid="outbox-earlier-payloads"]');
    const note = await s.text(await s.find('[data-testid="outbox-item-note"]'));
    check("the edited payload is saved, the original kept", (await count(s, '[data-testid="outbox-earlier-payloads"]')) === 1, note);
    const after = String(await s.exec("return document.querySelector('[data-testid=\"outbox-payload\"]').value;"));
    check("the new payload keeps the request and carries the fix", after.includes("documents verified") && after.includes(requests[1].request_id));

    // --- cancel one with a reason
    await openItem(s, requests[2].request_id);
    await setField(s, '[data-testid="outbox-cancel-reason"]', "Citizen withdrew the application" + ENTER);
    await waitAttr(s, '[data-testid="outbox-detail"]', "data-state", (v) => v === "cancelled");
    check("an item is cancelled with a reason", true);

    // --- the portal recovers; resend all failed: everything still due is delivered
    await control(base, "DELETE", "/_sandbox/faults");
    summary = await runUntilSummary(s, "outbox-resend-all");
    check(
      "after the faults are off, resend all failed delivers both remaining statuses",
      (await s.attr(summary, "data-delivered")) === "2" && (await s.attr(summary, "data-held")) === "0",
      await s.text(summary),
    );
    await waitAttr(s, '[data-testid="outbox-count"][data-state="delivered"]', "data-count", (v) => v === "2");
    const cancelled = await s.attr(await s.find('[data-testid="outbox-count"][data-state="cancelled"]'), "data-count");
    const retrying = await s.attr(await s.find('[data-testid="outbox-count"][data-state="retry_wait"]'), "data-count");
    check("counts: 2 delivered, 1 cancelled, none waiting to retry", cancelled === "1" && retrying === "0", `cancelled ${cancelled}, retry ${retrying}`);
    check("no failure class is left", (await count(s, '[data-testid="outbox-no-failures"]')) === 1);
    const actions = [];
    for (const el of await s.findAll('[data-testid="outbox-audit-entry"]')) actions.push(await s.attr(el, "data-action"));
    const wanted = ["outbox.resend_all_failed", "outbox.cancel", "outbox.edit_payload", "outbox.import"];
    check("the audit trail records resend-all, cancel, edit and import", wanted.every((a) => actions.includes(a)), actions.join(","));
    await openItem(s, requests[0].request_id);
    const outcomes = [];
    for (const el of await s.findAll('[data-testid="outbox-attempt"]')) outcomes.push(await s.attr(el, "data-outcome"));
    check("the first item shows both attempts: failed, then delivered", outcomes.join(",") === "failed,delivered", outcomes.join(","));
    await sleep(200);
    await s.screenshot(shotPath("en/outbox-delivered"));

    // --- Journal: search by request number, the history and the exchanges; export
    await s.press(KEY.alt, "7");
    await waitAttr(s, '[data-testid="screen"]', "data-screen", (v) => v === "journal", 5000);
    await s.waitFor('[data-testid="journal-ticket"]');
    const jf = await s.exec("return document.activeElement && document.activeElement.getAttribute('data-testid');");
    check("Journal opens with focus on its first search field", jf === "journal-ticket", String(jf));
    await journalShow(s, requests[0].request_id);
    const codes = [];
    for (const el of await s.findAll('[data-testid="journal-status"]')) codes.push(await s.attr(el, "data-code"));
    check("the application's status history has S105", codes.includes("S105"), codes.join(","));
    const exOutcomes = [];
    for (const el of await s.findAll('[data-testid="journal-exchanges"] [data-testid="admin-exchange"]')) {
      if (String(await s.attr(el, "data-endpoint")).includes("returnServiceStatus")) exOutcomes.push(await s.attr(el, "data-outcome"));
    }
    check("its exchanges show the failed and the successful delivery", exOutcomes.join(",") === "FAILED,SUCCESSFUL", exOutcomes.join(","));
    await sleep(200);
    await s.screenshot(shotPath("en/journal-application"));

    await s.click(await s.find('[data-testid="journal-export-submit"]'));
    const link = await s.waitFor('[data-testid="admin-download-link"]');
    const href = String(await s.attr(link, "href"));
    const name = String(await s.attr(link, "download"));
    const preview = await s.text(await s.find('[data-testid="admin-download-preview"]'));
    check("export offers a download through a Blob URL", href.startsWith("blob:") && /^kendra-journal-.*\.json$/.test(name), `${href} ${name}`);
    check("the export holds today's applications", preview.includes(requests[0].request_id) || preview.includes("application_ref"), preview.slice(0, 200));
    // Not clicked here: without a download handler in the shell, WebKitGTK saves the file in the
    // app's working folder without asking (see the admin report); the Blob link itself is checked.

    // --- Bengali and Hindi, with content
    for (const lang of ["bn", "hi"]) {
      await s.press(KEY.alt, "l");
      check(`Alt+L switches to ${lang}`, (await s.exec("return document.documentElement.lang;")) === lang);
      await openScreen(s, "outbox");
      await s.waitFor('[data-testid="outbox-row"]');
      await openItem(s, requests[0].request_id);
      const heading = await s.text(await s.find("#outbox-counts-title"));
      check(`${lang}: the Outbox is in ${lang}`, !/^[\x00-\x7F]*$/.test(heading), heading);
      await sleep(200);
      await s.screenshot(shotPath(`${lang}/outbox-delivered`));
      await openScreen(s, "journal");
      await journalShow(s, requests[0].request_id);
      await sleep(200);
      await s.screenshot(shotPath(`${lang}/journal-application`));
    }
    await s.press(KEY.alt, "l");
  } finally {
    if (base) await control(base, "DELETE", "/_sandbox/faults").catch(() => {});
    await s.close().catch((e) => console.log(`      (closing the session failed: ${e.message})`));
  }
}

await scenario("admin scenario", run);
