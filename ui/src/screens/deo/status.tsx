// Status: a ticket or application number → the stage timeline, oldest first, newest last, times
// in IST. An application Kendra does not know yet asks for its service first.

import { useEffect, useRef, useState } from "preact/hooks";
import type { ServiceOption } from "@bindings/ServiceOption";
import type { StageView } from "@bindings/StageView";
import type { StatusAnswer } from "@bindings/StatusAnswer";
import { formatDateTime, t } from "../../i18n";
import { useLanguage } from "../../i18n/use_language";
import { deoStatus } from "./ipc";
import { BusyLine, ErrorNotice, ServicePicker, counterMemory, openScreen, savedUserId, useCall, useProfile } from "./shared";
import { focusOnOpen } from "../focus_on_open";

let lastAnswer: StatusAnswer | null = null;
let lastNumber = "";

export function StatusScreen() {
  useLanguage();
  const { profile, error: profileError } = useProfile();
  const [number, setNumber] = useState(counterMemory.statusNumber || lastNumber);
  const [answer, setAnswer] = useState<StatusAnswer | null>(counterMemory.statusNumber ? null : lastAnswer);
  const [service, setService] = useState<ServiceOption | null>(null);
  const { pending, error, cancelled, run } = useCall();
  const numberRef = useRef<HTMLInputElement | null>(null);
  const serviceRef = useRef<HTMLInputElement | null>(null);
  const resultRef = useRef<HTMLHeadingElement | null>(null);

  const search = async (serviceCode: string | null) => {
    const n = number.trim();
    if (!n || !profile || pending) return;
    lastNumber = n;
    const found = await run(() => deoStatus({ profile, user_id: savedUserId(), number: n, service_code: serviceCode }));
    if (!found) return;
    lastAnswer = found;
    setAnswer(found);
    if (found.found === "timeline") counterMemory.serviceOf.set(found.application_no, found.service_code);
    setTimeout(() => (found.found === "needs_service" ? serviceRef.current : resultRef.current)?.focus(), 0);
  };

  // Opened from today's tickets: search at once (when the profile is known).
  useEffect(() => {
    if (counterMemory.statusNumber && profile) {
      counterMemory.statusNumber = "";
      void search(null);
    } else if (!counterMemory.statusNumber) {
      focusOnOpen(numberRef.current);
    }
  }, [profile]);

  return (
    <div class="deo" data-testid="deo-status">
      <ErrorNotice error={profileError} testid="deo-profile-error" />
      <form
        class="screen deo-panel deo-form"
        noValidate
        aria-busy={pending ? true : undefined}
        onSubmit={(e) => {
          e.preventDefault();
          void search(answer?.found === "needs_service" ? (service?.service_code ?? null) : null);
        }}
      >
        <div class="deo-field wide">
          <label for="deo-status-number">{t("deo.status.number")}</label>
          <div class="deo-inline">
            <input
              id="deo-status-number"
              ref={numberRef}
              class="deo-input deo-mono"
              type="text"
              autoComplete="off"
              spellcheck={false}
              data-testid="status-number"
              value={number}
              onInput={(e) => {
                setNumber((e.target as HTMLInputElement).value);
                if (answer?.found === "needs_service") setAnswer(null);
              }}
            />
            <button type="submit" class="deo-button" disabled={!profile || !!pending} data-testid="status-search">
              {t("deo.status.search")}
            </button>
          </div>
        </div>
        {answer?.found === "needs_service" && (
          <div class="deo-field wide" data-testid="status-needs-service">
            <p class="notice">{t("deo.status.needs_service", { number: answer.application_no })}</p>
            <label for="deo-status-service">{t("deo.service.label")}</label>
            <ServicePicker id="deo-status-service" value={service} inputRef={serviceRef} onChange={setService} onPicked={(s) => void search(s.service_code)} />
          </div>
        )}
        <BusyLine pending={pending} cancelled={cancelled} />
        <ErrorNotice error={error} />
      </form>

      {answer && answer.found !== "needs_service" && <StatusResult answer={answer} headingRef={resultRef} />}
    </div>
  );
}

function StatusResult({ answer, headingRef }: { answer: Exclude<StatusAnswer, { found: "needs_service" }>; headingRef: { current: HTMLHeadingElement | null } }) {
  const stages = answer.stages;
  const latest = stages[stages.length - 1];
  return (
    <section class="screen deo-panel" data-testid="status-result" data-found={answer.found} aria-labelledby="deo-status-title">
      <h2 id="deo-status-title" tabIndex={-1} ref={headingRef}>
        {answer.found === "timeline" ? (
          <>
            {t("deo.status.application_no")}: <span class="deo-id" data-testid="status-application-no">{answer.application_no}</span>
          </>
        ) : (
          <>
            {t("deo.counter.ticket_no")}: <span class="deo-id">{answer.ticket_no}</span>
          </>
        )}
      </h2>
      <p class="deo-offscreen" role="status">
        {latest ? t("deo.status.found", { count: String(stages.length), latest: latest.message }) : t("deo.status.empty")}
      </p>
      <dl class="deo-facts">
        <dt>{t("deo.counter.ticket_no")}</dt>
        <dd>
          <code>{answer.ticket_no}</code>
        </dd>
        <dt>{t("deo.counter.user_id_short")}</dt>
        <dd>
          <code>{answer.user_id}</code>
        </dd>
        {(answer.service_name || answer.service_code) && (
          <>
            <dt>{t("deo.service.label")}</dt>
            <dd>
              {answer.service_code && <code>{answer.service_code}</code>} {answer.service_name && `· ${answer.service_name}`}
            </dd>
          </>
        )}
      </dl>
      {answer.found === "not_numbered_yet" && <p class="notice">{t("deo.status.not_numbered")}</p>}
      {latest && (
        <p class="deo-latest" data-testid="status-latest">
          <span class="deo-latest-label">{t("deo.status.latest")}</span> <strong lang="en">{latest.message}</strong>
        </p>
      )}
      <h3>{t("deo.status.timeline")}</h3>
      {stages.length === 0 ? <p>{t("deo.status.empty")}</p> : <Timeline stages={stages} />}
      {answer.found === "timeline" && answer.new_stages > 0 && <p class="deo-hint">{t("deo.status.new_stages", { count: String(answer.new_stages) })}</p>}
      {answer.found === "timeline" && (
        <div class="deo-actions">
          <button
            type="button"
            class="deo-button secondary"
            data-testid="status-get-document"
            onClick={() => {
              counterMemory.documentNumber = answer.application_no;
              openScreen("documents");
            }}
          >
            {t("deo.status.get_document")}
          </button>
        </div>
      )}
    </section>
  );
}

function Timeline({ stages }: { stages: StageView[] }) {
  return (
    <ol class="deo-timeline" data-testid="status-timeline">
      {stages.map((s, i) => {
        const last = i === stages.length - 1;
        return (
          <li key={i} class={last ? "deo-stage latest" : "deo-stage"} data-testid="status-stage" aria-current={last ? "step" : undefined}>
            <span class="deo-stage-dot" aria-hidden="true" />
            <time class="deo-stage-time" dateTime={s.at ?? undefined}>
              {s.at ? formatDateTime(s.at) : t("deo.status.no_time")}
            </time>
            <span class="deo-stage-message" lang="en">
              {s.message}
            </span>
            {last && <span class="deo-stage-tag">{t("deo.status.stage_latest")}</span>}
          </li>
        );
      })}
    </ol>
  );
}
