// The Explorer's history: every exchange in the journal and every saved request, searchable;
// Replay opens one as a new scratch request.

import { useEffect, useRef, useState } from "preact/hooks";
import type { ExplorerCatalog } from "@bindings/ExplorerCatalog";
import type { HistoryEntry } from "@bindings/HistoryEntry";
import type { IpcError } from "@bindings/IpcError";
import type { PeerId } from "@bindings/PeerId";
import { formatNumber, formatWhen, t, type MessageId } from "../../i18n";
import { ErrorNotice, errorOf } from "./error_notice";
import { tabFromHistory, type ScratchTab } from "./explorer_state";
import { explorerDeleteSaved, explorerHistory } from "./ipc";

const PEERS: readonly PeerId[] = ["isp", "bsk", "dci", "header_secrets", "csp"];

export function HistoryPanel({
  catalog,
  shown,
  onReplay,
}: {
  catalog: ExplorerCatalog;
  shown: boolean;
  onReplay: (tab: ScratchTab) => void;
}) {
  const [text, setText] = useState("");
  const [peer, setPeer] = useState<PeerId | "">("");
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [note, setNote] = useState<(() => string) | null>(null);
  const say = (f: () => string) => setNote(() => f);
  const search = useRef<HTMLInputElement>(null);
  const asked = useRef(0);

  const run = (words: string, which: PeerId | "") => {
    const n = ++asked.current;
    explorerHistory({ text: words, limit: 200, ...(which ? { peer: which } : {}) })
      .then((found) => {
        if (n !== asked.current) return;
        setEntries(found);
        setError(null);
        say(() => t("tester.history_found", { n: formatNumber(found.length) }));
      })
      .catch((e) => {
        if (n === asked.current) setError(errorOf(e));
      });
  };

  // Fresh every time the panel is shown (new sends land in the journal meanwhile).
  useEffect(() => {
    if (!shown) return;
    run(text, peer);
    search.current?.focus();
  }, [shown]);

  // Searches as the tester types, a moment after the last key.
  const typed = useRef(false);
  useEffect(() => {
    if (!typed.current) {
      typed.current = true;
      return;
    }
    const timer = setTimeout(() => run(text, peer), 250);
    return () => clearTimeout(timer);
  }, [text, peer]);

  const replay = (entry: HistoryEntry) => {
    const tab = tabFromHistory(catalog, entry);
    if (tab) onReplay(tab);
    else say(() => t("tester.history_cannot_replay"));
  };

  const remove = (entry: HistoryEntry) => {
    explorerDeleteSaved(entry.id)
      .then(() => run(text, peer))
      .catch((e) => setError(errorOf(e)));
  };

  return (
    <div class="tester-history" data-testid="explorer-history">
      <form
        class="tester-row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          run(text, peer);
        }}
      >
        <label class="tester-field grow">
          <span>{t("tester.history_search")}</span>
          <input
            ref={search}
            type="search"
            data-testid="explorer-history-search"
            value={text}
            onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label class="tester-field">
          <span>{t("tester.history_peer")}</span>
          <select value={peer} onChange={(e) => setPeer((e.currentTarget as HTMLSelectElement).value as PeerId | "")}>
            <option value="">{t("tester.history_all_peers")}</option>
            {PEERS.map((p) => (
              <option key={p} value={p}>
                {t(`profiles.peer.${p}` as MessageId)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <p class="tester-note" aria-live="polite">
        {note?.()}
      </p>
      {error && <ErrorNotice error={error} />}
      {entries && entries.length === 0 && <p class="tester-empty">{t("tester.history_empty")}</p>}
      {entries && entries.length > 0 && (
        <div class="tester-table-wrap">
          <table class="tester-table">
            <thead>
              <tr>
                <th scope="col">{t("tester.history_when")}</th>
                <th scope="col">{t("tester.history_call")}</th>
                <th scope="col">{t("tester.profile")}</th>
                <th scope="col">{t("tester.history_outcome")}</th>
                <th scope="col">{t("tester.duration")}</th>
                <th scope="col">
                  <span class="tester-visually-hidden">{t("tester.history_actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={`${e.kind}-${e.id}`} data-testid="explorer-history-row" data-kind={e.kind} data-endpoint={e.endpoint}>
                  <td>{formatWhen(e.when, "dateTime")}</td>
                  <td>
                    {e.name ? <strong>{e.name} · </strong> : null}
                    <code>{e.endpoint}</code>
                  </td>
                  <td>{e.profile ?? "—"}</td>
                  <td>
                    {e.kind === "saved" ? t("tester.history_saved") : e.outcome}
                    {e.http_status != null ? ` · ${e.http_status}` : ""}
                  </td>
                  <td>{e.duration_ms != null ? t("tester.ms", { ms: formatNumber(e.duration_ms) }) : "—"}</td>
                  <td class="tester-row-actions">
                    <button type="button" class="tester-button secondary small" disabled={!e.api} onClick={() => replay(e)}>
                      {t("tester.replay")}
                    </button>
                    {e.kind === "saved" && (
                      <button type="button" class="tester-button secondary small" onClick={() => remove(e)}>
                        {t("tester.delete")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
