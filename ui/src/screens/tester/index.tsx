// Explorer: the tester's screen (requests, envelopes, history, crypto workbench).

export function ExplorerScreen() {
  return null;
}
