// End-to-end smoke test of the Kendra Desk app shell, over W3C WebDriver (tauri-driver →
// WebKitWebDriver) with plain fetch. Run through scripts/e2e-smoke.sh, which starts Xvfb and
// tauri-driver and shuts them down. Prints one line per check and `N passed, N failed` last;
// exits non-zero if anything failed.
//
// Environment:
//   KENDRA_APP_BIN         the built app binary (required)
//   WEBDRIVER_URL          tauri-driver's address (default http://127.0.0.1:4444)
//   SCREENSHOT_DIR         where <screen>.png files go (default artifacts/screenshots)
//   EXPECT_CORE_VERSION    core version the status line must show (optional)
//   EXPECT_TAURI_VERSION   Tauri version the status line must show (optional)

import { APP, KEY, SHOTS, Session, check, path, scenario, sleep } from "./webdriver.mjs";

const EXPECT_CORE = process.env.EXPECT_CORE_VERSION ?? "";
const EXPECT_TAURI = process.env.EXPECT_TAURI_VERSION ?? "";

// The eight screens, in menu order, with words each placeholder must contain. These are written
// independently of the UI's dictionary on purpose: the test states what each screen is for.
const SCREENS = [
  { id: "counter", title: "Counter", words: ["citizen", "ticket"] },
  { id: "status", title: "Status", words: ["ticket or application number", "timeline"] },
  { id: "documents", title: "Documents", words: ["certificate", "OTP", "print"] },
  { id: "outbox", title: "Outbox", words: ["status", "portal", "resend"] },
  { id: "explorer", title: "Explorer", words: ["plaintext", "secured envelope", "raw HTTP", "decrypted"] },
  { id: "signing", title: "Signing", words: ["hashes", "PDFs", "remote-signing"] },
  { id: "journal", title: "Journal", words: ["Search", "exchange", "operator"] },
  { id: "settings", title: "Settings", words: ["profiles", "keyring", "language"] },
];

/** The screen currently shown, its heading and its placeholder text. */
async function shown(s) {
  const screen = await s.find('[data-testid="screen"]');
  return {
    id: await s.attr(screen, "data-screen"),
    title: await s.text(await s.find("#screen-title")),
    summary: await s.text(await s.find('[data-testid="screen-summary"]')),
  };
}

async function activeScreenOfFocus(s) {
  return s.exec("return document.activeElement && document.activeElement.getAttribute('data-screen');");
}

async function waitForScreen(s, id) {
  const end = Date.now() + 3000;
  let now;
  do {
    now = await shown(s);
    if (now.id === id) return now;
    await sleep(50);
  } while (Date.now() < end);
  return now;
}

async function run() {
  if (!APP) throw new Error("KENDRA_APP_BIN is not set (path to the built kendra-desk binary)");
  const s = await Session.open(APP);
  try {
    // --- the shell is up and the status line was answered by Rust
    const line = await s.waitFor('[data-testid="version-line"][data-source="rust"]').catch(async (e) => {
      const any = await s.findAll('[data-testid="version-line"]');
      const what = any.length ? await s.text(any[0]) : "no status line at all";
      throw new Error(`${e.message}; status line reads: ${what}`);
    });
    const lineText = await s.text(line);
    check("status line came from Rust's app_info", /^Kendra Desk \d+\.\d+\.\d+ · core \d+\.\d+\.\d+ · Tauri \d+\.\d+\.\d+/.test(lineText), lineText);
    if (EXPECT_CORE) check(`status line shows core ${EXPECT_CORE}`, lineText.includes(`core ${EXPECT_CORE}`), lineText);
    if (EXPECT_TAURI) check(`status line shows Tauri ${EXPECT_TAURI} (known only to Rust)`, lineText.includes(`Tauri ${EXPECT_TAURI}`), lineText);
    console.log(`      status line: ${lineText}`);

    check("header shows the product name", (await s.text(await s.find('[data-testid="product-name"]'))) === "Kendra Desk");
    const title = await s.title();
    check("window document title names the app", title.includes("Kendra Desk"), title);
    check("no global Tauri object (withGlobalTauri: false)", (await s.exec("return typeof window.__TAURI__;")) === "undefined");

    // --- first run: the built-in sandbox starts and every peer gets a non-production profile
    const badge = await s.waitFor('[data-testid="sandbox-badge"]:not(.starting)', 60_000);
    const badgeText = await s.text(badge);
    check("SANDBOX badge shows once the built-in sandbox runs", badgeText.startsWith("SANDBOX"), badgeText);
    await s.click(await s.find('[data-screen="settings"]'));
    await s.waitFor('[data-testid="profile"]');
    const profiles = await s.findAll('[data-testid="profile"]');
    const peers = [];
    for (const p of profiles) peers.push(await s.attr(p, "data-peer"));
    check("Settings lists a Sandbox profile for each of the five peers", peers.join(",") === "bsk,isp,header_secrets,dci,csp", peers.join(","));
    const sandboxUrl = await s.attr(profiles[0], "data-url");
    const info = await fetch(`${sandboxUrl}/_sandbox/info`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.json()).catch((e) => ({ error: String(e) }));
    check("the embedded sandbox answers on loopback and says it is not production", info.sandbox === true && info.production === false && String(sandboxUrl).startsWith("http://127.0.0.1:"), `${sandboxUrl} ${JSON.stringify(info).slice(0, 120)}`);
    const saved = await s.find('[data-testid="profiles-saved"]');
    const savedState = await s.attr(saved, "data-saved");
    const savedText = await s.text(saved);
    if (process.env.E2E_EXPECT_KEYRING === "1") {
      check("Sandbox profiles saved: settings in the journal, keys in the OS keyring", savedState === "saved" && savedText.includes("journal.sqlite3"), savedText);
    } else {
      check("Sandbox profiles say whether they were saved", savedState === "saved" || savedText.startsWith("Not saved"), savedText);
    }
    // Names of secrets may be shown ("client_secret: stored ••••3f9a"); their values never.
    const onScreen = String(await s.exec("return document.body.innerText;"));
    const secretValues = [
      "/bsk/key", "/bsk/iv", "/bsk/passcode", "/bsk/jwt_secret", "/isp/password", "/isp/secret_key",
      "/dci/private_key", "/dci/client_secret", "/csp/client_secret", "/csp/password",
    ]
      .map((p) => p.split("/").slice(1).reduce((o, k) => (o == null ? undefined : o[k]), info))
      .filter((v) => typeof v === "string" && v.length >= 6);
    const leaked = secretValues.filter((v) => onScreen.includes(v));
    check("no key material on screen", secretValues.length >= 8 && leaked.length === 0, `${leaked.length} of ${secretValues.length} secrets shown`);

    // --- security: the CSP Tauri applied, and the capability grants nothing beyond app_info
    // Tauri sends the CSP as a response header; a blocked request reports the whole policy.
    const violation = String(
      await s.execAsync(`new Promise((resolve) => {
        document.addEventListener("securitypolicyviolation",
          (e) => resolve(e.effectiveDirective + "|" + e.originalPolicy), { once: true });
        fetch("http://127.0.0.1:9/").catch(() => {});
        setTimeout(() => resolve("no violation reported"), 3000);
      })`),
    );
    const [directive, policy = ""] = violation.split("|");
    check("a request to anything but IPC is blocked by connect-src", directive === "connect-src", violation);
    check(
      "the CSP is strict (default-src 'self', no unsafe-eval/unsafe-inline scripts, IPC-only connect-src)",
      policy.includes("default-src 'self'") &&
        !policy.includes("unsafe-eval") &&
        !/script-src[^;]*unsafe-inline/.test(policy) &&
        /connect-src ipc: http:\/\/ipc\.localhost(;|$)/.test(policy),
      policy,
    );
    console.log(`      CSP: ${policy}`);
    const evalResult = await s.exec("try { return String(eval('6*7')); } catch (e) { return 'blocked: ' + e.name; }");
    check("eval is blocked by the CSP", String(evalResult).startsWith("blocked"), String(evalResult));
    const denied = await s.execAsync(
      "window.__TAURI_INTERNALS__.invoke('plugin:app|version').then(() => 'allowed', (e) => 'denied: ' + String(e))",
    );
    check("a core command the capability does not grant is denied", String(denied).startsWith("denied"), String(denied));
    console.log(`      ${denied}`);

    // --- navigation lists the eight screens in order
    const buttons = await s.findAll("nav button[data-screen]");
    const ids = await Promise.all(buttons.map((b) => s.attr(b, "data-screen")));
    check("navigation has eight entries in order", JSON.stringify(ids) === JSON.stringify(SCREENS.map((x) => x.id)), ids.join(","));
    for (const [i, screen] of SCREENS.entries()) {
      const label = buttons[i] ? await s.text(buttons[i]) : "";
      check(`nav entry ${i + 1} reads ${screen.title} with Alt+${i + 1}`, label.includes(screen.title) && label.includes(`Alt+${i + 1}`), label.replace(/\s+/g, " "));
    }

    // --- click every entry: the screen, its placeholder, aria-current; screenshot it
    for (const screen of SCREENS) {
      await s.click(await s.find(`nav button[data-screen="${screen.id}"]`));
      const now = await waitForScreen(s, screen.id);
      check(`click ${screen.title}: screen shown`, now.id === screen.id && now.title === screen.title, `${now.id} / ${now.title}`);
      const missing = screen.words.filter((w) => !now.summary.includes(w));
      check(`click ${screen.title}: placeholder says what it is for`, missing.length === 0, `missing ${missing.join(", ")} in: ${now.summary}`);
      const current = await s.attr(await s.find(`nav button[data-screen="${screen.id}"]`), "aria-current");
      check(`click ${screen.title}: entry marked current`, current === "page", String(current));
      await sleep(100);
      await s.screenshot(path.join(SHOTS, "en", `${screen.id}.png`));
    }

    // --- Alt+1 … Alt+8 from anywhere
    for (const [i, screen] of SCREENS.entries()) {
      await s.press(KEY.alt, String(i + 1));
      const now = await waitForScreen(s, screen.id);
      check(`Alt+${i + 1} opens ${screen.title}`, now.id === screen.id, now.id);
    }

    // --- arrow keys, Home and End inside the navigation, with visible focus
    await s.press(KEY.alt, "1");
    await waitForScreen(s, "counter");
    await sleep(200);
    const inScreen = await s.exec(
      "const a = document.activeElement; return !!a && !!a.closest('#main') && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(a.tagName);",
    );
    check("Alt+1 opens Counter with focus on its first input", inScreen === true, String(inScreen));
    // Into the screen list (as Shift+Tab does), then browse it with the arrow keys.
    await s.exec("document.querySelector('nav button[data-screen=\"counter\"]').focus();");
    check("the Counter entry can take the focus", (await activeScreenOfFocus(s)) === "counter");
    await s.press(KEY.down);
    let now = await waitForScreen(s, "status");
    check("↓ moves to Status and focus follows", now.id === "status" && (await activeScreenOfFocus(s)) === "status", now.id);
    const outline = await s.exec(
      "const cs = getComputedStyle(document.activeElement); return cs.outlineStyle + ' ' + cs.outlineWidth;",
    );
    check("focused entry shows a visible focus ring", /^solid [1-9]/.test(String(outline)), String(outline));
    await s.screenshot(path.join(SHOTS, "keyboard-focus.png"));
    await s.press(KEY.up);
    now = await waitForScreen(s, "counter");
    check("↑ moves back to Counter", now.id === "counter", now.id);
    await s.press(KEY.up);
    now = await waitForScreen(s, "settings");
    check("↑ on the first entry wraps to Settings", now.id === "settings", now.id);
    await s.press(KEY.home);
    now = await waitForScreen(s, "counter");
    check("Home jumps to Counter", now.id === "counter", now.id);
    await s.press(KEY.end);
    now = await waitForScreen(s, "settings");
    check("End jumps to Settings", now.id === "settings" && (await activeScreenOfFocus(s)) === "settings", now.id);

    // --- only one entry is in the tab order (roving tabindex)
    const tabbable = await s.exec("return document.querySelectorAll('nav button[tabindex=\"0\"]').length;");
    check("exactly one navigation entry is tabbable", tabbable === 1, String(tabbable));
    // Enter on an entry goes into its screen.
    await s.press(KEY.home);
    await waitForScreen(s, "counter");
    await s.press(KEY.enter);
    await sleep(200);
    const entered = await s.exec("const a = document.activeElement; return !!a && !!a.closest('#main');");
    check("Enter on a screen entry moves the focus into the screen", entered === true, String(entered));

    // --- every screen in Bengali and Hindi (Alt+L), with a screenshot each; then back to English
    for (const lang of ["bn", "hi"]) {
      await s.press(KEY.alt, "l");
      const htmlLang = await s.exec("return document.documentElement.lang;");
      check(`Alt+L switches the UI to ${lang}`, htmlLang === lang, String(htmlLang));
      for (const screen of SCREENS) {
        await s.click(await s.find(`nav button[data-screen="${screen.id}"]`));
        const now = await waitForScreen(s, screen.id);
        const latinOnly = /^[\x00-\x7F…·]*$/.test(now.title);
        check(`${lang}: ${screen.id} is titled in ${lang}`, now.id === screen.id && !latinOnly, now.title);
        await sleep(100);
        await s.screenshot(path.join(SHOTS, lang, `${screen.id}.png`));
      }
    }
    await s.press(KEY.alt, "l");
    check("Alt+L cycles back to English", (await s.exec("return document.documentElement.lang;")) === "en");
  } finally {
    await s.close().catch((e) => console.log(`      (closing the session failed: ${e.message})`));
  }
}

await scenario("smoke run", run);
