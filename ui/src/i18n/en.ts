// English: the reference dictionary. Its keys are the message ids of the whole UI; Bengali and
// Hindi must have exactly the same keys (their type is `Dictionary`, so the compiler checks).
//
// To add a string: add it here, then to bn.ts and hi.ts (type-checking fails until you do).
// Keep `{name}` placeholders identical in every language; ids such as ticket numbers are passed
// in through placeholders and never translated.

import type { ErrorCode } from "@bindings/ErrorCode";

export const en = {
  "app.name": "Kendra Desk",
  "app.tagline": "Bangla Sahayata Kendra workstation",

  "nav.label": "Screens",
  "nav.shortcut": "Alt+{key}",
  "nav.help": "Alt+1 to Alt+8 open a screen. In this list, ↑ and ↓ move, Home and End jump. Alt+L changes the language.",

  "screen.counter.title": "Counter",
  "screen.counter.audience": "For data-entry operators",
  "screen.counter.summary":
    "Start a citizen's department service and hand them a ticket number. Enter the service and the citizen's details; Kendra sends them to the portal and prints the ticket.",

  "screen.status.title": "Status",
  "screen.status.audience": "For data-entry operators",
  "screen.status.summary":
    "Tell a citizen where their application stands. Enter a ticket or application number to see every stage on a timeline.",

  "screen.documents.title": "Documents",
  "screen.documents.audience": "For data-entry operators",
  "screen.documents.summary":
    "Download a citizen's certificate once they confirm the OTP sent to their mobile, then print it for them.",

  "screen.outbox.title": "Outbox",
  "screen.outbox.audience": "For department admins",
  "screen.outbox.summary":
    "See every status that must reach the state portal, in order. Failed sends retry by themselves; you can resend, fix and resend, or cancel them.",

  "screen.explorer.title": "Explorer",
  "screen.explorer.audience": "For testers and integrators",
  "screen.explorer.summary":
    "Send any request to a peer's API and see each step: the plaintext, the secured envelope, the raw HTTP exchange and the decrypted answer.",

  "screen.signing.title": "Signing",
  "screen.signing.audience": "For signing officers",
  "screen.signing.summary":
    "Sign document hashes and PDFs with the department's remote-signing service, and follow each request until it is approved.",

  "screen.journal.title": "Journal",
  "screen.journal.audience": "For admins and auditors",
  "screen.journal.summary": "Search the history of every exchange with a peer and every action an operator took.",

  "screen.settings.title": "Settings",
  "screen.settings.audience": "For department admins",
  "screen.settings.summary":
    "Manage integration profiles, keep their keys in the operating system's keyring, and choose the language.",


  "language.heading": "Language",
  "language.intro": "Every screen changes at once. Alt+L switches to the next language from anywhere in the window.",

  "sandbox.badge": "SANDBOX · not production",
  "sandbox.badge_title": "Every profile in use points at the built-in sandbox on {url}. Nothing reaches a real portal.",
  "sandbox.starting": "Starting the built-in sandbox…",
  "sandbox.failed": "The built-in sandbox did not start: {message}",

  "profiles.heading": "Profiles in use",
  "profiles.intro":
    "On first run Kendra Desk uses its built-in sandbox: faithful simulators of every peer, on this computer only.",
  "profiles.peer.bsk": "Bangla Sahayata Kendra portal",
  "profiles.peer.isp": "UP Integrated Service Portal",
  "profiles.peer.header_secrets": "Header-secrets gateway",
  "profiles.peer.dci": "DCI Social Registry",
  "profiles.peer.csp": "ADSS CSP remote signing",
  "profiles.not_production": "not production",
  "profiles.saved": "Saved: settings in {journal}, keys in the operating system's keyring.",
  "profiles.not_saved": "Not saved, so they last for this run only: {reason}",

  "status.loading": "Reading version…",
  "status.versions": "{app} {app_version} · core {core_version} · Tauri {tauri_version} · {profile} build",
  "status.versions_failed": "Version unavailable: {message}",
  "status.profile.debug": "debug",
  "status.profile.release": "release",

  "error.invalid_input": "Something entered is not right. Check the highlighted field and try again.",
  "error.not_found": "Nothing was found for what you asked. Check the number and try again.",
  "error.peer_unreachable": "The portal could not be reached. Check the network; Kendra will retry.",
  "error.peer_rejected": "The portal refused the request. See the details for its reason.",
  "error.bad_response": "The portal's answer could not be read. See the details.",
  "error.security_failure": "The message could not be secured or read. Check the keys in this profile.",
  "error.secret_unavailable": "A key for this profile is missing from the keyring, or the keyring is locked.",
  "error.not_implemented": "This part of Kendra Desk is not ready yet.",
  "error.internal": "Something went wrong inside Kendra Desk. Please report it with the details.",
} as const satisfies Record<string, string> & Record<`error.${ErrorCode}`, string>;

/** Every message id of the UI. */
export type MessageId = keyof typeof en;

/** A complete dictionary: one string for every message id. */
export type Dictionary = Record<MessageId, string>;
