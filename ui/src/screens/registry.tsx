// Which component draws each screen's body, under the shell's heading for it (app.tsx).

import type { ScreenId } from "../screens";
import { JournalScreen, OutboxScreen } from "./admin";
import { CounterScreen, DocumentsScreen, StatusScreen } from "./deo";
import { SettingsPanels, SigningScreen } from "./signing";
import { ExplorerScreen } from "./tester";

export function ScreenBody({ id }: { id: ScreenId }) {
  switch (id) {
    case "counter":
      return <CounterScreen />;
    case "status":
      return <StatusScreen />;
    case "documents":
      return <DocumentsScreen />;
    case "outbox":
      return <OutboxScreen />;
    case "journal":
      return <JournalScreen />;
    case "explorer":
      return <ExplorerScreen />;
    case "signing":
      return <SigningScreen />;
    case "settings":
      return <SettingsPanels />;
  }
}
