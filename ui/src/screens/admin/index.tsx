// Outbox and Journal: the department admin's screens.

import "./admin.css";

export { OutboxScreen } from "./outbox";
export { JournalScreen } from "./journal";
