// The crypto workbench panel: one operation at a time, keys typed for the call (emptied after it)
// or read from a profile in Rust; the output, its facts, and for "which variant is this?" every
// variant tried with the one that decrypts it named.

import { useRef, useState } from "preact/hooks";
import type { ExplorerCatalog } from "@bindings/ExplorerCatalog";
import type { IpcError } from "@bindings/IpcError";
import type { WorkbenchResult } from "@bindings/WorkbenchResult";
import { t, type MessageId } from "../../i18n";
import { ErrorNotice, errorOf } from "./error_notice";
import { TextView } from "./text_view";
import {
  EMPTY_FORM,
  OPERATIONS,
  buildRequest,
  clearSecrets,
  profilePeers,
  usesKeySource,
  usesSecretSource,
  type KeyMode,
  type Operation,
  type SecretMode,
  type WorkbenchForm,
} from "./workbench_form";
import { workbenchRun } from "./ipc";

/** Names of protocols and formats, shown as they are in every language. */
const OP_TERMS: Partial<Record<Operation, string>> = {
  header_secrets: "header_secrets",
  jwt_sign: "JWT",
  jwt_verify: "JWT",
  jwt_decode: "JWT",
  identify: "ISP",
};

const INPUT_LABEL: Record<Operation, MessageId> = {
  encrypt: "tester.wb.in_plaintext",
  decrypt: "tester.wb.in_ciphertext",
  identify: "tester.wb.in_ciphertext",
  derive: "tester.wb.in_plaintext",
  header_secrets: "tester.wb.in_payload",
  jwt_sign: "tester.wb.in_claims",
  jwt_verify: "tester.wb.in_token",
  jwt_decode: "tester.wb.in_token",
  dci_sign: "tester.wb.in_envelope",
  dci_verify: "tester.wb.in_envelope",
};

const noLines = () => Promise.reject(new Error("a local text has no pages"));

export function WorkbenchPanel({ catalog }: { catalog: ExplorerCatalog }) {
  const [form, setForm] = useState<WorkbenchForm>(EMPTY_FORM);
  const [result, setResult] = useState<WorkbenchResult | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const output = useRef<HTMLHeadingElement>(null);
  const set = (patch: Partial<WorkbenchForm>) => setForm((f) => ({ ...f, ...patch }));
  const peers = profilePeers(form.op);
  const profiles = catalog.profiles.filter((p) => peers.includes(p.peer));

  const run = () => {
    setBusy(true);
    setError(null);
    const request = buildRequest(form);
    // The typed keys leave the form now: they live only in this call.
    setForm((f) => clearSecrets(f));
    workbenchRun(request)
      .then((r) => {
        setResult(r);
        requestAnimationFrame(() => output.current?.focus());
      })
      .catch((e) => {
        setResult(null);
        setError(errorOf(e));
      })
      .finally(() => setBusy(false));
  };

  const text = (name: keyof WorkbenchForm, label: MessageId, secret = false, testId?: string) => (
    <label class="tester-field">
      <span>{t(label)}</span>
      <input
        type={secret ? "password" : "text"}
        autocomplete="off"
        spellcheck={false}
        data-testid={testId ?? `workbench-${name}`}
        value={form[name] as string}
        onInput={(e) => set({ [name]: (e.currentTarget as HTMLInputElement).value } as Partial<WorkbenchForm>)}
      />
    </label>
  );

  const variantSelect = (
    <label class="tester-field">
      <span>{t("tester.wb.variant")}</span>
      <select data-testid="workbench-variant" value={form.variant} onChange={(e) => set({ variant: (e.currentTarget as HTMLSelectElement).value })}>
        {catalog.variants.map(([name, description]) => (
          <option key={name} value={name} title={description}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );

  const profileSelect = (
    <label class="tester-field">
      <span>{t("tester.profile")}</span>
      <select data-testid="workbench-profile" value={form.profile} onChange={(e) => set({ profile: (e.currentTarget as HTMLSelectElement).value })}>
        <option value="">—</option>
        {profiles.map((p) => (
          <option key={p.name} value={p.name}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <form
      class="tester-workbench"
      data-testid="workbench"
      onSubmit={(e) => {
        e.preventDefault();
        run();
      }}
    >
      <fieldset class="tester-ops">
        <legend>{t("tester.wb.operation")}</legend>
        {OPERATIONS.map((op) => (
          <label key={op} class={op === form.op ? "tester-op active" : "tester-op"}>
            <input
              type="radio"
              name="tester-op"
              value={op}
              data-testid={`workbench-op-${op}`}
              checked={op === form.op}
              onChange={() => {
                set({ op });
                setResult(null);
                setError(null);
              }}
            />
            <span>{t(`tester.wb.op.${op}` as MessageId, { term: OP_TERMS[op] ?? "" })}</span>
          </label>
        ))}
      </fieldset>

      {usesKeySource(form.op) && (
        <div class="tester-row">
          <label class="tester-field">
            <span>{t("tester.wb.key_from")}</span>
            <select data-testid="workbench-key-mode" value={form.keyMode} onChange={(e) => set({ keyMode: (e.currentTarget as HTMLSelectElement).value as KeyMode })}>
              <option value="bsk">{t("tester.wb.key_bsk", { scheme: "BSK" })}</option>
              <option value="isp">{t("tester.wb.key_isp", { scheme: "ISP" })}</option>
              <option value="profile">{t("tester.wb.key_profile")}</option>
            </select>
          </label>
          {form.keyMode === "bsk" && text("key", "tester.wb.key", true)}
          {form.keyMode === "bsk" && text("iv", "tester.wb.iv", true)}
          {form.keyMode === "isp" && text("secret", "tester.wb.secret", true)}
          {form.keyMode === "isp" && variantSelect}
          {form.keyMode === "profile" && profileSelect}
          {form.keyMode === "profile" && variantSelect}
        </div>
      )}

      {usesSecretSource(form.op) && (
        <div class="tester-row">
          <label class="tester-field">
            <span>{t("tester.wb.secret_from")}</span>
            <select
              data-testid="workbench-secret-mode"
              value={form.secretMode}
              onChange={(e) => set({ secretMode: (e.currentTarget as HTMLSelectElement).value as SecretMode })}
            >
              <option value="typed">{t("tester.wb.typed")}</option>
              <option value="profile">{t("tester.wb.key_profile")}</option>
            </select>
          </label>
          {form.secretMode === "profile" && profileSelect}
          {form.secretMode === "typed" && (form.op === "dci_sign" || form.op === "dci_verify") && (
            <>
              {text("key", form.op === "dci_sign" ? "tester.wb.private_key" : "tester.wb.public_key", form.op === "dci_sign")}
              {text("keyId", "tester.wb.key_id")}
            </>
          )}
          {form.secretMode === "typed" && form.op !== "dci_sign" && form.op !== "dci_verify" && text("secret", "tester.wb.secret", true)}
        </div>
      )}

      {form.op === "derive" && (
        <div class="tester-row">
          {text("secret", "tester.wb.secret", true)}
          {variantSelect}
        </div>
      )}

      {form.op === "header_secrets" && (
        <div class="tester-row">
          {text("clientId", "tester.wb.client_id")}
          {text("clientSecret", "tester.wb.client_secret", true)}
          {text("passKey", "tester.wb.pass_key", true)}
          <label class="tester-field">
            <span>{t("tester.wb.epoch_unit")}</span>
            <select value={form.epochUnit} onChange={(e) => set({ epochUnit: (e.currentTarget as HTMLSelectElement).value as "seconds" | "milliseconds" })}>
              <option value="seconds">{t("tester.wb.seconds")}</option>
              <option value="milliseconds">{t("tester.wb.milliseconds")}</option>
            </select>
          </label>
        </div>
      )}

      {form.op !== "derive" && (
        <label class="tester-field tester-editor">
          <span>{t(INPUT_LABEL[form.op])}</span>
          <textarea
            rows={6}
            spellcheck={false}
            data-testid="workbench-input"
            value={form.input}
            onInput={(e) => set({ input: (e.currentTarget as HTMLTextAreaElement).value })}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                run();
              }
            }}
          />
        </label>
      )}

      <div class="tester-actions">
        <button type="submit" class="tester-button" data-testid="workbench-run" disabled={busy}>
          {t("tester.wb.run")}
        </button>
        <span class="tester-muted">{t("tester.wb.keys_note")}</span>
      </div>

      <div aria-live="polite" class="tester-wb-result">
        {error && <ErrorNotice error={error} testId="workbench-error" />}
        {result && (
          <section data-testid="workbench-result" aria-labelledby="tester-wb-output">
            <h2 id="tester-wb-output" ref={output} tabIndex={-1}>
              {t("tester.wb.output")}
            </h2>
            {result.identified && (
              <p class="tester-identified" data-testid="workbench-identified" data-variant={result.identified}>
                {t("tester.wb.identified", { variant: result.identified })}
              </p>
            )}
            {result.variants.length > 0 && !result.identified && <p class="tester-failure">{t("tester.wb.none_identified")}</p>}
            {result.variants.length > 0 && (
              <table class="tester-table">
                <thead>
                  <tr>
                    <th scope="col">{t("tester.wb.variant")}</th>
                    <th scope="col">{t("tester.wb.decrypts")}</th>
                    <th scope="col">{t("tester.wb.is_json")}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.variants.map((v) => (
                    <tr
                      key={v.variant}
                      data-testid="workbench-variant-row"
                      data-variant={v.variant}
                      data-decrypts={String(v.decrypts)}
                      class={v.variant === result.identified ? "tester-hit" : ""}
                    >
                      <td title={v.description}>
                        <code>{v.variant}</code>
                      </td>
                      <td>{v.decrypts ? t("tester.yes") : t("tester.no")}</td>
                      <td>{v.is_json ? t("tester.yes") : t("tester.no")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {result.facts.length > 0 && (
              <dl class="tester-facts">
                {result.facts.map((f) => (
                  <div key={f.label}>
                    <dt>
                      <code>{f.label}</code>
                    </dt>
                    <dd>
                      <code>{f.value}</code>
                    </dd>
                  </div>
                ))}
              </dl>
            )}
            {result.output && (
              <TextView
                part={{ inline: result.output, total_lines: 0, total_bytes: result.output.length }}
                fetchLines={noLines}
                label={t("tester.wb.output")}
                testId="workbench-output"
              />
            )}
          </section>
        )}
      </div>
    </form>
  );
}
