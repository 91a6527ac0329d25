// The signing screens' Rust commands, one typed function each (types from bindings/).
// Identifiers stay strings; a secret typed into a form goes in once and never comes back.

import type { DeskSettings } from "@bindings/DeskSettings";
import type { DeskSettingsChange } from "@bindings/DeskSettingsChange";
import type { FaultAdd } from "@bindings/FaultAdd";
import type { PdfSignAnswer } from "@bindings/PdfSignAnswer";
import type { PdfSigningProgress } from "@bindings/PdfSigningProgress";
import type { PdfSigningRequest } from "@bindings/PdfSigningRequest";
import type { ProfileRow } from "@bindings/ProfileRow";
import type { ProfileSave } from "@bindings/ProfileSave";
import type { ProfilesPanel } from "@bindings/ProfilesPanel";
import type { SandboxPanel } from "@bindings/SandboxPanel";
import type { SavedSignatures } from "@bindings/SavedSignatures";
import type { SigningDocument } from "@bindings/SigningDocument";
import type { SigningHistoryRow } from "@bindings/SigningHistoryRow";
import type { SigningLogin } from "@bindings/SigningLogin";
import type { SigningProgress } from "@bindings/SigningProgress";
import type { SigningRequest } from "@bindings/SigningRequest";
import type { SigningResult } from "@bindings/SigningResult";
import { call, progressChannel } from "../../ipc";

/** Checks the CSP service, signs in with the profile's grant, lists the officer's certificates. */
export function signingLogin(profile: string): Promise<SigningLogin> {
  return call<SigningLogin>("signing_login", { profile });
}

/** The SHA-256 of a picked file, computed by the core (`bytes` is the file as base64). */
export function signingHashFile(name: string, bytes: string): Promise<SigningDocument> {
  return call<SigningDocument>("signing_hash_file", { name, bytes });
}

/** Signs every document in one request; `onProgress` hears each step while it waits. */
export function signingSign(request: SigningRequest, onProgress: (step: SigningProgress) => void): Promise<SigningResult> {
  return call<SigningResult>("signing_sign", { request, progress: progressChannel(onProgress) });
}

/** Signs a PDF (its bytes as base64 in the request) and saves the signed copy in Downloads. */
export function signingSignPdf(request: PdfSigningRequest, onProgress: (step: PdfSigningProgress) => void): Promise<PdfSignAnswer> {
  return call<PdfSignAnswer>("signing_sign_pdf", { request, progress: progressChannel(onProgress) });
}

/** Stops waiting for approval of signing `job` (true when it was waiting). */
export function signingCancel(job: string): Promise<boolean> {
  return call<boolean>("signing_cancel", { job });
}

/** Saves signing `job`'s signatures, the certificate and the report in the Downloads folder. */
export function signingSave(job: string): Promise<SavedSignatures> {
  return call<SavedSignatures>("signing_save", { job });
}

/** The journal's recent signing requests, newest first. */
export function signingHistory(profile: string | null): Promise<SigningHistoryRow[]> {
  return call<SigningHistoryRow[]>("signing_history", { profile });
}

export function settingsGet(): Promise<DeskSettings> {
  return call<DeskSettings>("settings_get");
}

export function settingsSet(change: DeskSettingsChange): Promise<DeskSettings> {
  return call<DeskSettings>("settings_set", { change });
}

/** Every profile (secrets masked) and the form of each peer's profile. */
export function settingsProfiles(): Promise<ProfilesPanel> {
  return call<ProfilesPanel>("settings_profiles");
}

export function settingsProfileSave(save: ProfileSave): Promise<ProfileRow> {
  return call<ProfileRow>("settings_profile_save", { save });
}

/** Deletes a profile and its keyring entries; answers how many were removed. */
export function settingsProfileDelete(name: string): Promise<number> {
  return call<number>("settings_profile_delete", { name });
}

/** The built-in sandbox's address, inbox (newest first) and faults. */
export function settingsSandbox(): Promise<SandboxPanel> {
  return call<SandboxPanel>("settings_sandbox");
}

export function settingsSandboxFaultAdd(fault: FaultAdd): Promise<SandboxPanel> {
  return call<SandboxPanel>("settings_sandbox_fault_add", { fault });
}

export function settingsSandboxFaultRemove(id: string): Promise<SandboxPanel> {
  return call<SandboxPanel>("settings_sandbox_fault_remove", { id });
}

export function settingsSandboxFaultsClear(): Promise<SandboxPanel> {
  return call<SandboxPanel>("settings_sandbox_faults_clear");
}

/** Stops the built-in sandbox (the journal and every profile stay). */
export function settingsSandboxStop(): Promise<SandboxPanel> {
  return call<SandboxPanel>("settings_sandbox_stop");
}

/** Starts the built-in sandbox again on a new port; the panel says `starting` until it runs. */
export function settingsSandboxStart(): Promise<SandboxPanel> {
  return call<SandboxPanel>("settings_sandbox_start");
}
