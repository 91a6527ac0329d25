// The footer status line: app and core versions, answered by the Rust `app_info` command.

import { useEffect, useState } from "preact/hooks";
import type { AppInfo } from "@bindings/AppInfo";
import type { IpcError } from "@bindings/IpcError";
import { appInfo } from "./ipc";
import { CommandError, toIpcError } from "./ipc_error";
import { t } from "./i18n";
import { useLanguage } from "./i18n/use_language";
import { versionLine } from "./version_line";

type State = { kind: "loading" } | { kind: "ready"; info: AppInfo } | { kind: "failed"; error: IpcError };

export function StatusLine() {
  const [state, setState] = useState<State>({ kind: "loading" });
  useLanguage(); // re-render in a newly chosen language

  useEffect(() => {
    let live = true;
    appInfo().then(
      (info) => live && setState({ kind: "ready", info }),
      (reason: unknown) =>
        live && setState({ kind: "failed", error: reason instanceof CommandError ? reason.error : toIpcError(reason) }),
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <footer class="statusbar" role="status" aria-live="polite">
      {state.kind === "loading" && <span data-testid="version-line">{t("status.loading")}</span>}
      {state.kind === "ready" && (
        <span data-testid="version-line" data-source="rust" title={state.info.identifier}>
          {versionLine(state.info)}
        </span>
      )}
      {state.kind === "failed" && (
        <span data-testid="version-line" data-source="error" class="status-error" title={state.error.detail?.text ?? ""}>
          {t("status.versions_failed", { message: t(`error.${state.error.code}`) })}
        </span>
      )}
    </footer>
  );
}
