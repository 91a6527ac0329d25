// W3C WebDriver over plain fetch, for the end-to-end scenarios (tests/e2e/*.mjs) that drive the
// real Kendra Desk app through tauri-driver → WebKitWebDriver. Each scenario opens its own session
// (a fresh app process), reports one line per check through `check`, and ends with `finish()`,
// which prints `N passed, N failed` and sets the exit code.
//
// Environment: WEBDRIVER_URL (default http://127.0.0.1:4444), KENDRA_APP_BIN (the app binary),
// SCREENSHOT_DIR (default artifacts/screenshots).

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export const WD = process.env.WEBDRIVER_URL ?? "http://127.0.0.1:4444";
export const APP = process.env.KENDRA_APP_BIN;
export const SHOTS = process.env.SCREENSHOT_DIR ?? "artifacts/screenshots";

export const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
export const KEY = { alt: "\uE00A", up: "\uE013", down: "\uE015", home: "\uE011", end: "\uE010", enter: "\uE007", tab: "\uE004" };

let passed = 0;
let failed = 0;

export function check(name, ok, info = "") {
  if (ok) {
    passed++;
    console.log(`ok    ${name}`);
  } else {
    failed++;
    console.log(`FAIL  ${name}${info ? ` — ${info}` : ""}`);
  }
  return ok;
}

// Every WebDriver call is bounded, so a wedged driver or app fails the run instead of hanging it.
const NEW_SESSION_TIMEOUT_MS = 60_000;
const COMMAND_TIMEOUT_MS = 30_000;

export async function wd(method, url, body) {
  const timeout = url === "/session" ? NEW_SESSION_TIMEOUT_MS : COMMAND_TIMEOUT_MS;
  let res;
  let text;
  try {
    res = await fetch(`${WD}${url}`, {
      signal: AbortSignal.timeout(timeout),
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    text = await res.text();
  } catch (e) {
    throw new Error(`${method} ${url}: no answer from the WebDriver within ${timeout} ms (${e.message})`);
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${url}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
  const value = json.value;
  if (!res.ok || (value && typeof value === "object" && "error" in value)) {
    throw new Error(`${method} ${url}: HTTP ${res.status} ${value?.error ?? ""}: ${value?.message ?? text.slice(0, 200)}`);
  }
  return value;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Session {
  constructor(id) {
    this.id = id;
    this.base = `/session/${id}`;
  }
  static async open(application) {
    const value = await wd("POST", "/session", {
      capabilities: { alwaysMatch: { "tauri:options": { application } } },
    });
    return new Session(value.sessionId);
  }
  close() {
    return wd("DELETE", this.base);
  }
  async find(css) {
    const v = await wd("POST", `${this.base}/element`, { using: "css selector", value: css });
    return v[ELEMENT];
  }
  async findAll(css) {
    const v = await wd("POST", `${this.base}/elements`, { using: "css selector", value: css });
    if (process.env.E2E_DEBUG) console.log("elements", JSON.stringify(v));
    return v.map((e) => e[ELEMENT]);
  }
  async waitFor(css, timeoutMs = 15000) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = await this.findAll(css);
      if (found.length > 0) return found[0];
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${css}`);
      await sleep(150);
    }
  }
  text(el) {
    return wd("GET", `${this.base}/element/${el}/text`);
  }
  attr(el, name) {
    return wd("GET", `${this.base}/element/${el}/attribute/${name}`);
  }
  click(el) {
    return wd("POST", `${this.base}/element/${el}/click`, {});
  }
  title() {
    return wd("GET", `${this.base}/title`);
  }
  exec(script, args = []) {
    return wd("POST", `${this.base}/execute/sync`, { script, args });
  }
  /** Evaluates `expression` (a promise) in the page and returns what it resolves to. */
  execAsync(expression) {
    const script = `const done = arguments[arguments.length - 1]; Promise.resolve(${expression}).then(done, (e) => done('threw: ' + String(e)));`;
    return wd("POST", `${this.base}/execute/async`, { script, args: [] });
  }
  /** Presses keys together (first ones held), e.g. press(KEY.alt, "3") for Alt+3. */
  async press(...keys) {
    const actions = [
      ...keys.map((value) => ({ type: "keyDown", value })),
      ...keys.toReversed().map((value) => ({ type: "keyUp", value })),
    ];
    await wd("POST", `${this.base}/actions`, { actions: [{ type: "key", id: "keyboard", actions }] });
    await wd("DELETE", `${this.base}/actions`);
  }
  async screenshot(file) {
    const b64 = await wd("GET", `${this.base}/screenshot`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, Buffer.from(b64, "base64"));
  }
}

/** Prints the tally and exits: 0 when every check passed. */
export function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

/** Runs a scenario: a thrown error counts as one failed check, then the tally. */
export async function scenario(name, body) {
  try {
    await body();
  } catch (e) {
    check(`${name} completed`, false, e instanceof Error ? e.message : String(e));
  }
  finish();
}

/** Saves a screenshot as SHOTS/<name>.png. */
export function shotPath(name) {
  return path.join(SHOTS, `${name}.png`);
}

export { mkdir, writeFile, path };
