// The deo screens' Rust commands, one typed function each (types from bindings/).
// Identifiers (user ids, ticket, application, document and OTP ids) are strings throughout.

import type { CitizenForm } from "@bindings/CitizenForm";
import type { DeoProfiles } from "@bindings/DeoProfiles";
import type { DocumentDownloadRequest } from "@bindings/DocumentDownloadRequest";
import type { DocumentPreview } from "@bindings/DocumentPreview";
import type { DocumentView } from "@bindings/DocumentView";
import type { FieldError } from "@bindings/FieldError";
import type { InitiateRequest } from "@bindings/InitiateRequest";
import type { OtpRequest } from "@bindings/OtpRequest";
import type { OtpSent } from "@bindings/OtpSent";
import type { OtpVerifyAnswer } from "@bindings/OtpVerifyAnswer";
import type { OtpVerifyRequest } from "@bindings/OtpVerifyRequest";
import type { SavedCopy } from "@bindings/SavedCopy";
import type { ServiceOption } from "@bindings/ServiceOption";
import type { StatusAnswer } from "@bindings/StatusAnswer";
import type { StatusQuery } from "@bindings/StatusQuery";
import type { TicketView } from "@bindings/TicketView";
import type { TodayTicket } from "@bindings/TodayTicket";
import { call } from "../../ipc";

/** The BSK profiles the counter can use, and the one to use by default. */
export function deoProfiles(): Promise<DeoProfiles> {
  return call<DeoProfiles>("deo_profiles");
}

/** Services matching a code (`AMD003`) or words (`birth`); all 77 for "". */
export function deoServices(query: string): Promise<ServiceOption[]> {
  return call<ServiceOption[]>("deo_services", { query });
}

/** Every problem in the Counter form, field by field, in form order. */
export function deoCheckCitizen(form: CitizenForm): Promise<FieldError[]> {
  return call<FieldError[]>("deo_check_citizen", { form });
}

/** API-1: starts the citizen's service; the ticket. */
export function deoInitiate(request: InitiateRequest): Promise<TicketView> {
  return call<TicketView>("deo_initiate", { request });
}

/** Today's tickets at this counter, newest first. */
export function deoToday(): Promise<TodayTicket[]> {
  return call<TodayTicket[]>("deo_today");
}

/** API-3 (or the journal): where an application stands. */
export function deoStatus(query: StatusQuery): Promise<StatusAnswer> {
  return call<StatusAnswer>("deo_status", { query });
}

/** API-5A: an OTP to the citizen's mobile for a document. */
export function deoOtpRequest(request: OtpRequest): Promise<OtpSent> {
  return call<OtpSent>("deo_otp_request", { request });
}

/** API-5B: the OTP the citizen read out; the document, or why not. */
export function deoOtpVerify(request: OtpVerifyRequest): Promise<OtpVerifyAnswer> {
  return call<OtpVerifyAnswer>("deo_otp_verify", { request });
}

/** API-4: a document that needs no OTP. */
export function deoDocumentDownload(request: DocumentDownloadRequest): Promise<DocumentView> {
  return call<DocumentView>("deo_document_download", { request });
}

/** A saved image's bytes (base64) for the preview. */
export function deoDocumentPreview(fileName: string): Promise<DocumentPreview> {
  return call<DocumentPreview>("deo_document_preview", { fileName });
}

/** Copies a saved document into the Downloads folder. */
export function deoDocumentSaveCopy(fileName: string): Promise<SavedCopy> {
  return call<SavedCopy>("deo_document_save_copy", { fileName });
}

/** Opens a saved document in the system's viewer. */
export function deoDocumentOpen(fileName: string): Promise<void> {
  return call<void>("deo_document_open", { fileName });
}
