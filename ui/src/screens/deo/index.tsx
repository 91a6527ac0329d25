// Counter, Status and Documents: the DEO's screens.

export function CounterScreen() {
  return null;
}

export function StatusScreen() {
  return null;
}

export function DocumentsScreen() {
  return null;
}
