// The Counter: pick the service, enter the citizen, start it (API-1), hand over the ticket;
// today's tickets below. Every field is checked by the core as the DEO leaves it, and the
// sentence under it is in the DEO's language. Enter submits; focus goes where the next input is.

import { useEffect, useRef, useState } from "preact/hooks";
import type { CitizenField } from "@bindings/CitizenField";
import type { CitizenForm } from "@bindings/CitizenForm";
import type { FieldError } from "@bindings/FieldError";
import type { ServiceOption } from "@bindings/ServiceOption";
import type { TicketView } from "@bindings/TicketView";
import type { TodayTicket } from "@bindings/TodayTicket";
import { formatDateTime, formatTime, t } from "../../i18n";
import { useLanguage } from "../../i18n/use_language";
import { deoCheckCitizen, deoInitiate, deoToday } from "./ipc";
import { fieldProblem, problemsByField, visibleProblems } from "./logic";
import { BusyLine, CopyButton, ErrorNotice, ServicePicker, counterMemory, openScreen, saveUserId, savedUserId, useCall, useProfile } from "./shared";
import { focusOnOpen } from "../focus_on_open";

type TextField = Exclude<CitizenField, "service_code" | "gender">;

const EMPTY_CITIZEN = { name: "", mobile: "", email: "", gender: "", age: "" };

// Kept while the DEO visits other screens.
let lastTicket: TicketView | null = null;

export function CounterScreen() {
  useLanguage();
  const { profile, sandbox, error: profileError, loading } = useProfile();
  const [userId, setUserId] = useState(savedUserId);
  const [service, setService] = useState<ServiceOption | null>(null);
  const [citizen, setCitizen] = useState(EMPTY_CITIZEN);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [touched, setTouched] = useState<Set<CitizenField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [ticket, setTicket] = useState<TicketView | null>(lastTicket);
  const [today, setToday] = useState<TodayTicket[] | null>(null);
  const { pending, error, cancelled, run } = useCall();
  const refs = useRef<Partial<Record<CitizenField, HTMLInputElement | HTMLSelectElement | null>>>({});
  const serviceRef = useRef<HTMLInputElement | null>(null);
  const nextButton = useRef<HTMLButtonElement | null>(null);

  const form = (): CitizenForm => ({ user_id: userId, service_code: service?.service_code ?? "", ...citizen });

  const refreshToday = () => {
    deoToday()
      .then(setToday)
      .catch(() => setToday([]));
  };
  useEffect(() => {
    if (!loading) refreshToday();
  }, [loading]);

  // First focus: the user id if it is not known yet, else the service.
  useEffect(() => {
    if (ticket) focusOnOpen(nextButton.current);
    else if (!userId) focusOnOpen(refs.current.user_id);
    else focusOnOpen(serviceRef.current);
  }, []);

  const check = async (field: CitizenField | null, next: CitizenForm = form()) => {
    const found = await deoCheckCitizen(next).catch(() => null);
    if (!found) return null;
    setErrors(found);
    if (field) setTouched((old) => new Set(old).add(field));
    return found;
  };

  const shown = problemsByField(visibleProblems(errors, touched, submitted));
  const problemText = (field: CitizenField): string | null => {
    const e = shown[field];
    if (!e) return null;
    const said = fieldProblem(e.problem);
    return t(said.id, said.params);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (pending || !profile) return;
    setSubmitted(true);
    const found = await check(null);
    if (found === null) return;
    if (found.length > 0) {
      const first = found[0]!.field;
      (first === "service_code" ? serviceRef.current : refs.current[first])?.focus();
      return;
    }
    saveUserId(userId);
    const made = await run(() => deoInitiate({ profile, form: form() }));
    if (made) {
      lastTicket = made;
      setTicket(made);
      refreshToday();
      setTimeout(() => nextButton.current?.focus(), 0);
    }
  };

  const nextCitizen = () => {
    lastTicket = null;
    setTicket(null);
    setService(null);
    setCitizen(EMPTY_CITIZEN);
    setErrors([]);
    setTouched(new Set());
    setSubmitted(false);
    setTimeout(() => serviceRef.current?.focus(), 0);
  };

  const text = (field: TextField, label: string, opts: { optional?: boolean; inputMode?: string; autoComplete?: string; wide?: boolean } = {}) => {
    const problem = problemText(field);
    const value = field === "user_id" ? userId : citizen[field];
    const id = `deo-${field}`;
    return (
      <div class={opts.wide ? "deo-field wide" : "deo-field"}>
        <label for={id}>
          {label}
          {opts.optional && <span class="deo-optional"> · {t("deo.optional")}</span>}
        </label>
        <input
          id={id}
          ref={(el) => {
            refs.current[field] = el;
          }}
          class={problem ? "deo-input invalid" : "deo-input"}
          type="text"
          name={field}
          data-testid={`field-${field}`}
          inputMode={opts.inputMode as "numeric" | "email" | "text" | undefined}
          autoComplete={opts.autoComplete ?? "off"}
          spellcheck={false}
          value={value}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : field === "user_id" ? `${id}-hint` : undefined}
          onInput={(e) => {
            const v = (e.target as HTMLInputElement).value;
            if (field === "user_id") setUserId(v);
            else setCitizen((c) => ({ ...c, [field]: v }));
          }}
          onBlur={(e) => {
            const v = (e.target as HTMLInputElement).value;
            const next = field === "user_id" ? { ...form(), user_id: v } : { ...form(), [field]: v };
            if (field === "user_id") saveUserId(v);
            void check(field, next);
          }}
        />
        {field === "user_id" && !problem && (
          <p id={`${id}-hint`} class="deo-hint">
            {t("deo.counter.user_id_hint")}
          </p>
        )}
        {problem && (
          <p id={`${id}-problem`} class="deo-field-error" data-testid="field-error" data-field={field}>
            {problem}
          </p>
        )}
      </div>
    );
  };

  const visibleCount = Object.keys(shown).length;
  return (
    <div class="deo" data-testid="deo-counter">
      {!loading && !profile && !profileError && <p class="notice">{t("deo.no_profile")}</p>}
      <ErrorNotice error={profileError} testid="deo-profile-error" />
      {profile && (
        <p class="deo-profile" data-testid="deo-profile">
          {t("deo.profile")}: <strong>{sandbox ? t("deo.profile_sandbox", { name: profile }) : profile}</strong>
        </p>
      )}

      {ticket ? (
        <TicketCard ticket={ticket} onNext={nextCitizen} nextRef={nextButton} />
      ) : (
        <form class="screen deo-panel deo-form" onSubmit={(e) => void submit(e)} noValidate data-testid="counter-form" aria-busy={pending ? true : undefined}>
          {text("user_id", t("deo.counter.user_id"), { inputMode: "numeric" })}
          <div class="deo-field wide">
            <label for="deo-service">{t("deo.service.label")}</label>
            <ServicePicker
              id="deo-service"
              value={service}
              inputRef={serviceRef}
              problem={problemText("service_code")}
              onChange={setService}
              onPicked={(s) => {
                void check("service_code", { ...form(), service_code: s.service_code });
                setTimeout(() => refs.current.name?.focus(), 0);
              }}
              onBlur={() => setTouched((old) => (service ? new Set(old).add("service_code") : old))}
            />
          </div>
          <fieldset class="deo-fieldset">
            <legend>{t("deo.counter.citizen")}</legend>
            {text("name", t("deo.counter.name"), { wide: true, autoComplete: "off" })}
            {text("mobile", t("deo.counter.mobile"), { inputMode: "numeric" })}
            {text("age", t("deo.counter.age"), { optional: true, inputMode: "numeric" })}
            <div class="deo-field">
              <label for="deo-gender">
                {t("deo.counter.gender")}
                <span class="deo-optional"> · {t("deo.optional")}</span>
              </label>
              <select
                id="deo-gender"
                class="deo-input"
                data-testid="field-gender"
                ref={(el) => {
                  refs.current.gender = el;
                }}
                value={citizen.gender}
                onChange={(e) => setCitizen((c) => ({ ...c, gender: (e.target as HTMLSelectElement).value }))}
              >
                <option value="">{t("deo.counter.gender_none")}</option>
                <option value="male">{t("deo.counter.gender_male")}</option>
                <option value="female">{t("deo.counter.gender_female")}</option>
                <option value="transgender">{t("deo.counter.gender_transgender")}</option>
                <option value="other">{t("deo.counter.gender_other")}</option>
              </select>
            </div>
            {text("email", t("deo.counter.email"), { optional: true, inputMode: "email" })}
          </fieldset>
          <div class="deo-actions">
            <button type="submit" class="deo-button" disabled={!profile || !!pending} data-testid="counter-submit">
              {t("deo.counter.submit")}
            </button>
            <BusyLine pending={pending} cancelled={cancelled} />
          </div>
          <p class="deo-offscreen" aria-live="assertive">
            {submitted && visibleCount > 0 ? t("deo.field.count", { count: String(visibleCount) }) : ""}
          </p>
          <ErrorNotice error={error} />
        </form>
      )}

      <TodayList tickets={today} />
    </div>
  );
}

function TicketCard({ ticket, onNext, nextRef }: { ticket: TicketView; onNext: () => void; nextRef: { current: HTMLButtonElement | null } }) {
  return (
    <section class="screen deo-panel deo-ticket" data-testid="ticket" aria-labelledby="deo-ticket-title">
      <h2 id="deo-ticket-title">{t("deo.counter.ticket_heading")}</h2>
      <p class="deo-offscreen" role="status">
        {t("deo.counter.started", { ticket: ticket.ticket_no, service: ticket.service.service_name })}
      </p>
      <dl class="deo-ids">
        <div>
          <dt>{t("deo.counter.ticket_no")}</dt>
          <dd>
            <output class="deo-id big" data-testid="ticket-no">
              {ticket.ticket_no}
            </output>
            <CopyButton text={ticket.ticket_no} label={t("deo.counter.ticket_no")} />
          </dd>
        </div>
        <div>
          <dt>{t("deo.counter.user_id_short")}</dt>
          <dd>
            <output class="deo-id" data-testid="ticket-user-id">
              {ticket.user_id}
            </output>
            <CopyButton text={ticket.user_id} label={t("deo.counter.user_id_short")} />
          </dd>
        </div>
      </dl>
      <dl class="deo-facts">
        <dt>{t("deo.service.label")}</dt>
        <dd>
          <code>{ticket.service.service_code}</code> · {ticket.service.service_name}
        </dd>
        <dt>{t("deo.counter.department")}</dt>
        <dd>{ticket.service.department}</dd>
        {ticket.submitted_at && (
          <>
            <dt>{t("deo.counter.submitted")}</dt>
            <dd>{formatDateTime(ticket.submitted_at)}</dd>
          </>
        )}
        <dt>{t("deo.counter.answer")}</dt>
        <dd lang="en">{ticket.message}</dd>
      </dl>
      <div class="deo-actions">
        <button type="button" class="deo-button" ref={(el) => {
          nextRef.current = el;
        }} onClick={onNext} data-testid="ticket-next">
          {t("deo.counter.next")}
        </button>
        <button type="button" class="deo-button secondary" onClick={() => window.print()} data-testid="ticket-print">
          {t("deo.counter.print")}
        </button>
      </div>
      <div class="deo-print" aria-hidden="true">
        <h1>{t("deo.counter.print_title")}</h1>
        <p class="deo-print-id">{ticket.ticket_no}</p>
        <p>
          {t("deo.counter.user_id_short")}: {ticket.user_id}
        </p>
        <p>
          {ticket.service.service_code} · {ticket.service.service_name}
        </p>
        <p>{ticket.service.department}</p>
        {ticket.submitted_at && <p>{formatDateTime(ticket.submitted_at)}</p>}
        <p>{t("deo.counter.print_note")}</p>
      </div>
    </section>
  );
}

function TodayList({ tickets }: { tickets: TodayTicket[] | null }) {
  return (
    <section class="screen deo-panel" data-testid="today" aria-labelledby="deo-today-title">
      <h2 id="deo-today-title">{t("deo.counter.today")}</h2>
      {tickets === null ? (
        <p>{t("deo.loading")}</p>
      ) : tickets.length === 0 ? (
        <p>{t("deo.counter.today_empty")}</p>
      ) : (
        <table class="deo-table">
          <thead>
            <tr>
              <th scope="col">{t("deo.counter.col_time")}</th>
              <th scope="col">{t("deo.counter.ticket_no")}</th>
              <th scope="col">{t("deo.counter.col_citizen")}</th>
              <th scope="col">{t("deo.service.label")}</th>
              <th scope="col">{t("deo.counter.col_status")}</th>
              <th scope="col">
                <span class="deo-offscreen">{t("deo.counter.see_status")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tickets.map((tk) => (
              <tr key={`${tk.user_id}/${tk.ticket_no}`} data-testid="today-row" data-ticket={tk.ticket_no}>
                <td>{formatTime(tk.created_at)}</td>
                <td>
                  <code>{tk.ticket_no}</code>
                  {tk.application_no && (
                    <div class="deo-sub">
                      {t("deo.counter.col_application")}: <code>{tk.application_no}</code>
                    </div>
                  )}
                </td>
                <td>{tk.citizen_name ?? "—"}</td>
                <td>{tk.service_name ?? tk.service_code ?? "—"}</td>
                <td lang="en">{tk.current_status ?? "—"}</td>
                <td>
                  <button
                    type="button"
                    class="deo-button secondary small"
                    onClick={() => {
                      counterMemory.statusNumber = tk.application_no ?? tk.ticket_no;
                      openScreen("status");
                    }}
                  >
                    {t("deo.counter.see_status")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
