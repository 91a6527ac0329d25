import { render } from "preact";
import { App } from "./app";
import { initLanguage } from "./i18n";
import { firstScreenShown } from "./ipc";
import "./fonts.css";
import "./styles.css";

initLanguage();

const root = document.getElementById("app");
if (root) {
  render(<App />, root);
  // Two frames: the first screen has been painted, not just laid out.
  requestAnimationFrame(() => requestAnimationFrame(() => void firstScreenShown().catch(() => {})));
}
