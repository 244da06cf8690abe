// The Chromium the browser tests (playwright.config.ts) and the browser benches
// (bench/preview-page.ts) launch: Debian's when the machine has it, with the same flags in both.

import { existsSync } from 'node:fs';

/** CHROMIUM_PATH, else Debian's chromium when installed; undefined means Playwright's own browser. */
export const systemChromium: string | undefined =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

// Containers have no sandbox or GPU, and background downloads would only add noise.
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
