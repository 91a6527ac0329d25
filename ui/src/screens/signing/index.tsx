// Signing (the officer's screen), and Settings' profiles and sandbox panels.

export function SigningScreen() {
  return null;
}

export function SettingsPanels() {
  return null;
}
