// The DEO scenario through the real app and its embedded sandbox, from the keyboard wherever a
// DEO would use it: Counter (user id, service picked by typing and Enter, citizen with an inline
// error fixed, Enter starts it) → the ticket and today's list → Status (an application the
// journal does not know: its service picked, the timeline newest last) → Documents (OTP sent, a
// wrong OTP shows the tries left, the right one read from the sandbox inbox releases the PDF;
// then an image certificate previewed). Screenshots of the three screens with content in English,
// Bengali and Hindi: <lang>/counter-ticket, <lang>/status-timeline, <lang>/documents-*.

import { APP, KEY, Session, check, scenario, shotPath, sleep, wd } from "./webdriver.mjs";

const DEO = "9054233544";
const CASTE_CERTIFICATE = "WB/SC/BRP/2024/0118342";
const RINA_MOBILE = "9647120385";
const BIRTH_CERTIFICATE = "B/2024/DMK/556701";
const AYESHA_MOBILE = "8972046613";
const KEYS = { enter: "\uE007", tab: "\uE004" };

/** Types into the focused element (what a DEO's keyboard does). */
async function type(s, text) {
  const el = await active(s);
  await wd("POST", `${s.base}/element/${el}/value`, { text });
}

async function active(s) {
  const v = await wd("GET", `${s.base}/element/active`);
  return v["element-6066-11e4-a52e-4f735466cecf"];
}

async function activeTestId(s) {
  return s.exec("return document.activeElement && document.activeElement.getAttribute('data-testid');");
}

/** Waits until the focus is on `testid` (focus moves after an answer arrives). */
async function focusLandsOn(s, testid, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  let now;
  do {
    now = await activeTestId(s);
    if (now === testid) return true;
    await sleep(100);
  } while (Date.now() < end);
  return now;
}

/** Scrolls an element into the middle of the screen, then clicks it (as a mouse user would). */
async function clickOn(s, css) {
  await s.exec(`document.querySelector(${JSON.stringify(css)}).scrollIntoView({ block: "center" });`);
  await s.click(await s.find(css));
}

/** Brings `css` to the middle of the screen before a screenshot. */
async function show(s, css) {
  await s.exec(`document.querySelector(${JSON.stringify(css)})?.scrollIntoView({ block: "center" });`);
  await sleep(150);
}

async function textOf(s, css) {
  return s.text(await s.waitFor(css));
}

async function latestOtp(base, mobile, after = 0) {
  const end = Date.now() + 10_000;
  for (;;) {
    const inbox = await fetch(`${base}/_sandbox/inbox?peer=bsk&to=${mobile}`, { signal: AbortSignal.timeout(5000) }).then((r) => r.json());
    const messages = (inbox.messages ?? []).filter((m) => m.otp && m.id > after);
    if (messages.length > 0) return messages[messages.length - 1];
    if (Date.now() > end) throw new Error(`no OTP for ${mobile} in the sandbox inbox`);
    await sleep(200);
  }
}

async function lastInboxId(base, mobile) {
  const inbox = await fetch(`${base}/_sandbox/inbox?peer=bsk&to=${mobile}`, { signal: AbortSignal.timeout(5000) }).then((r) => r.json());
  const ids = (inbox.messages ?? []).map((m) => m.id);
  return ids.length ? Math.max(...ids) : 0;
}

function wrongOtp(otp) {
  return [...otp].map((c) => String((Number(c) + 1) % 10)).join("");
}

/** Opens a screen with Alt+N (the shell focuses the screen's first input when it opens). */
async function screen(s, n, id) {
  const shown = await s.exec("const e = document.querySelector('[data-testid=screen]'); return e && e.getAttribute('data-screen');");
  if (shown === id) return;
  await s.press(KEY.alt, String(n));
  await s.waitFor(`[data-testid="screen"][data-screen="${id}"]`);
  await sleep(300);
}

async function run() {
  if (!APP) throw new Error("KENDRA_APP_BIN is not set");
  const s = await Session.open(APP);
  try {
    await s.waitFor('[data-testid="sandbox-badge"]:not(.starting)', 60_000);
    const profiles = await s.execAsync("window.__TAURI_INTERNALS__.invoke('deo_profiles')");
    const base = profiles?.profiles?.[0]?.base_url;
    check("the counter has a sandbox BSK profile", profiles?.default_profile === "sandbox-bsk" && String(base).startsWith("http://127.0.0.1:"), JSON.stringify(profiles).slice(0, 200));

    // ---- Counter -------------------------------------------------------------------------------
    await screen(s, 1, "counter");
    await s.waitFor('[data-testid="deo-profile"]', 30_000);
    check("Counter: focus starts on the DEO's user id", (await focusLandsOn(s, "field-user_id")) === true);
    await type(s, DEO);
    await s.press(KEYS.tab);
    check("Counter: Tab goes on to the service picker", (await focusLandsOn(s, "service-input")) === true);
    await type(s, "amd003");
    await s.waitFor('[data-testid="service-options"] [data-code="AMD/003"]');
    const options = await s.findAll('[data-testid="service-options"] [role="option"]');
    check("Counter: typing a code finds its service", options.length === 1, `${options.length} options`);
    await s.press(KEYS.enter);
    check("Counter: Enter picks the service and focus lands on the citizen's name", (await focusLandsOn(s, "field-name")) === true);
    const picked = await s.exec("return document.querySelector('[data-testid=service-input]').value;");
    check("Counter: the picked service shows code and name", picked === "AMD/003 · Seed Certificate", picked);
    await type(s, "Arindam Ray");
    await s.press(KEYS.tab);
    await type(s, "93507");
    await s.press(KEYS.tab);
    const mobileError = await textOf(s, '[data-testid="field-error"][data-field="mobile"]');
    check("Counter: a short mobile number is explained under the field", mobileError === "5 digits typed; a mobile number has 10.", mobileError);
    await show(s, '[data-field="mobile"]');
    await s.screenshot(shotPath("en/counter-field-error"));
    // Back to the mobile field, fix it, submit with Enter.
    await s.click(await s.find('[data-testid="field-mobile"]'));
    await type(s, "78824");
    await s.press(KEYS.enter);
    const ticketNo = await textOf(s, '[data-testid="ticket-no"]');
    check("Counter: Enter started the service; the ticket number is 17 digits, exact", /^\d{17}$/.test(ticketNo), ticketNo);
    const userId = await textOf(s, '[data-testid="ticket-user-id"]');
    check("Counter: the ticket shows the user id exactly", userId === DEO, userId);
    check("Counter: no inline errors left", (await s.findAll('[data-testid="field-error"]')).length === 0);
    check("Counter: focus lands on 'Next citizen'", (await focusLandsOn(s, "ticket-next")) === true);
    await s.waitFor(`[data-testid="today-row"][data-ticket="${ticketNo}"]`);
    check("Counter: today's tickets list the new ticket", true);
    await s.screenshot(shotPath("en/counter-ticket"));

    // ---- Status ---------------------------------------------------------------------------------
    await screen(s, 2, "status");
    check("Status: focus starts on the number", (await focusLandsOn(s, "status-number")) === true);
    await type(s, "AP7373633/003");
    await s.press(KEYS.enter);
    await s.waitFor('[data-testid="status-needs-service"]');
    check("Status: an application the journal does not know asks for its service; focus on the picker", (await focusLandsOn(s, "service-input")) === true);
    await type(s, "seed certificate");
    await s.waitFor('[data-testid="service-options"] [data-code="AMD/003"]');
    await s.press(KEYS.enter);
    await s.waitFor('[data-testid="status-result"][data-found="timeline"]', 30_000);
    const stages = await s.findAll('[data-testid="status-stage"]');
    check("Status: four stages on the timeline", stages.length === 4, String(stages.length));
    const lastStage = stages.length ? await s.text(stages[stages.length - 1]) : "";
    check("Status: newest last (Certificate Issued), time in IST", lastStage.includes("Certificate Issued") && lastStage.includes("2024"), lastStage);
    const latest = await textOf(s, '[data-testid="status-latest"]');
    check("Status: the latest stage is shown first", latest.includes("Certificate Issued"), latest);
    await show(s, '[data-testid="status-timeline"]');
    await s.screenshot(shotPath("en/status-timeline"));
    // By the new ticket: not numbered yet.
    await s.click(await s.find('[data-testid="status-number"]'));
    await s.exec("const i = document.querySelector('[data-testid=status-number]'); i.select();");
    await type(s, ticketNo);
    await s.press(KEYS.enter);
    await s.waitFor('[data-testid="status-result"][data-found="not_numbered_yet"]', 30_000);
    check("Status: the new ticket is found by its number, not numbered yet", true);

    // ---- Documents: OTP gate, wrong then right, PDF -------------------------------------------------
    await screen(s, 3, "documents");
    check("Documents: focus starts on the document number", (await focusLandsOn(s, "doc-number")) === true);
    const before = await lastInboxId(base, RINA_MOBILE);
    await type(s, CASTE_CERTIFICATE);
    await s.press(KEYS.enter);
    await s.waitFor('[data-testid="otp-panel"]', 30_000);
    check("Documents: Enter sent the OTP; focus lands on the OTP box", (await focusLandsOn(s, "otp-input")) === true);
    const expiry = await textOf(s, '[data-testid="otp-expiry"]');
    check("Documents: the OTP's expiry is shown with a countdown", /\d:\d\d/.test(expiry), expiry);
    const attempts = await textOf(s, '[data-testid="otp-attempts"]');
    check("Documents: the tries allowed are shown", attempts.includes("3"), attempts);
    const message = await latestOtp(base, RINA_MOBILE, before);
    await type(s, wrongOtp(message.otp));
    await s.press(KEYS.enter);
    const refusal = await s.waitFor('[data-testid="otp-refusal"]', 30_000);
    const refusalText = await s.text(refusal);
    check("Documents: a wrong OTP says how many tries are left", refusalText === "The OTP is wrong. 2 tries left." && (await s.attr(refusal, "data-attempts-left")) === "2", refusalText);
    check("Documents: focus back on the OTP box after a wrong OTP", (await focusLandsOn(s, "otp-input")) === true);
    await show(s, '[data-testid="otp-panel"]');
    await s.screenshot(shotPath("en/documents-otp-wrong"));
    await type(s, message.otp);
    await s.press(KEYS.enter);
    const doc = await s.waitFor('[data-testid="document"]', 30_000);
    check("Documents: the right OTP released the PDF", (await s.attr(doc, "data-kind")) === "pdf");
    const sha = await textOf(s, '[data-testid="document-sha256"]');
    check("Documents: its SHA-256 is shown", /^[0-9a-f]{64}$/.test(sha), sha);
    check("Documents: the OTP never comes back to the page", !String(await s.exec("return document.body.innerText;")).includes(message.otp));
    await clickOn(s, '[data-testid="document-save-copy"]');
    const note = await textOf(s, '[data-testid="document-note"]');
    check("Documents: a copy is saved in a folder", note.startsWith("Copy saved: ") && note.endsWith(".pdf"), note);
    await s.screenshot(shotPath("en/documents-pdf"));

    // ---- Documents: an image certificate, previewed ------------------------------------------------
    await clickOn(s, '[data-testid="document-next"]');
    check("Documents: 'Next document' puts focus on the number", (await focusLandsOn(s, "doc-number")) === true);
    const beforeImage = await lastInboxId(base, AYESHA_MOBILE);
    await type(s, BIRTH_CERTIFICATE);
    await s.press(KEYS.enter);
    await s.waitFor('[data-testid="otp-panel"]', 30_000);
    await focusLandsOn(s, "otp-input");
    await type(s, (await latestOtp(base, AYESHA_MOBILE, beforeImage)).otp);
    await s.press(KEYS.enter);
    await s.waitFor('[data-testid="document"][data-kind="png"]', 30_000);
    await s.waitFor('[data-testid="document-preview"][data-drawn="true"]', 10_000);
    check("Documents: the image certificate is previewed", true);
    await show(s, '[data-testid="document-preview"]');
    await s.screenshot(shotPath("en/documents-image"));

    // ---- the same screens, with their content, in Bengali and Hindi ---------------------------------
    for (const lang of ["bn", "hi"]) {
      await s.press(KEY.alt, "l");
      await s.waitFor(`html[lang="${lang}"]`);
      await screen(s, 1, "counter");
      await s.waitFor('[data-testid="ticket-no"]');
      const heading = await textOf(s, "#deo-ticket-title");
      check(`${lang}: the ticket's heading is translated`, heading !== "Ticket for the citizen" && heading.length > 0, heading);
      check(`${lang}: the ticket number stays exact`, (await textOf(s, '[data-testid="ticket-no"]')) === ticketNo);
      await s.screenshot(shotPath(`${lang}/counter-ticket`));
      await screen(s, 2, "status");
      await s.waitFor('[data-testid="status-result"]');
      await show(s, '[data-testid="status-timeline"]');
      await s.screenshot(shotPath(`${lang}/status-timeline`));
      await screen(s, 3, "documents");
      await s.waitFor('[data-testid="document"]');
      await s.screenshot(shotPath(`${lang}/documents-saved`));
      // A wrong OTP in this language.
      await clickOn(s, '[data-testid="document-next"]');
      await focusLandsOn(s, "doc-number");
      const mark = await lastInboxId(base, RINA_MOBILE);
      await type(s, CASTE_CERTIFICATE);
      await s.press(KEYS.enter);
      await s.waitFor('[data-testid="otp-panel"]', 30_000);
      await focusLandsOn(s, "otp-input");
      const sms = await latestOtp(base, RINA_MOBILE, mark);
      await type(s, wrongOtp(sms.otp));
      await s.press(KEYS.enter);
      const r = await s.waitFor('[data-testid="otp-refusal"]', 30_000);
      const said = await s.text(r);
      check(`${lang}: a wrong OTP is explained in the language, with the tries left`, said.includes("2") && !/[A-Za-z]/.test(said), said);
      await show(s, '[data-testid="otp-panel"]');
      await s.screenshot(shotPath(`${lang}/documents-otp-wrong`));
      await type(s, sms.otp);
      await s.press(KEYS.enter);
      await s.waitFor('[data-testid="document"][data-kind="pdf"]', 30_000);
      await s.screenshot(shotPath(`${lang}/documents-pdf`));
    }
    // Back to English for whoever runs next.
    await s.press(KEY.alt, "l");
  } finally {
    await s.close().catch(() => {});
  }
}

await scenario("DEO scenario", run);
