// Outbox and Journal: the department admin's screens.

export function OutboxScreen() {
  return null;
}

export function JournalScreen() {
  return null;
}
