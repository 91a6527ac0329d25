import type { AppInfo } from "@bindings/AppInfo";
import { t } from "./i18n";

/** "Kendra Desk 0.1.0 · core 0.1.0 · Tauri 2.x · debug build" from the `app_info` answer. */
export function versionLine(info: AppInfo): string {
  return t("status.versions", {
    app: info.app_name,
    app_version: info.app_version,
    core_version: info.core_version,
    tauri_version: info.tauri_version,
    profile: t(`status.profile.${info.build_profile}`),
  });
}
