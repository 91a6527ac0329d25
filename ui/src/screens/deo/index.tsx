// Counter, Status and Documents: the DEO's screens (bodies under the shell's heading).

import "./deo.css";

export { CounterScreen } from "./counter";
export { DocumentsScreen } from "./documents";
export { StatusScreen } from "./status";
