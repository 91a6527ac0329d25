// Which component draws each screen's body, under the shell's heading for it (app.tsx). Each
// area's code is loaded when one of its screens is first opened, so start-up parses only the
// shell and the first screen (less JavaScript for WebKit to compile and keep).

import { useEffect, useState } from "preact/hooks";
import type { ComponentType } from "preact";
import type { ScreenId } from "../screens";

const AREAS: Record<ScreenId, () => Promise<ComponentType>> = {
  counter: () => import("./deo").then((m) => m.CounterScreen),
  status: () => import("./deo").then((m) => m.StatusScreen),
  documents: () => import("./deo").then((m) => m.DocumentsScreen),
  outbox: () => import("./admin").then((m) => m.OutboxScreen),
  journal: () => import("./admin").then((m) => m.JournalScreen),
  explorer: () => import("./tester").then((m) => m.ExplorerScreen),
  signing: () => import("./signing").then((m) => m.SigningScreen),
  settings: () => import("./signing").then((m) => m.SettingsPanels),
};

const loaded = new Map<ScreenId, ComponentType>();

export function ScreenBody({ id }: { id: ScreenId }) {
  const [Body, setBody] = useState<ComponentType | undefined>(() => loaded.get(id));
  useEffect(() => {
    const ready = loaded.get(id);
    if (ready) {
      setBody(() => ready);
      return;
    }
    let current = true;
    setBody(undefined);
    void AREAS[id]().then((component) => {
      loaded.set(id, component);
      if (current) setBody(() => component);
    });
    return () => {
      current = false;
    };
  }, [id]);
  return Body ? <Body key={id} /> : null;
}
