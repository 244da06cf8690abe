// The built app as the browser benches see it: `vite preview` of dist/ on the bench's own port and
// the e2e tests' Chromium (e2e/chromium.ts) with a page on it. Both are stopped when the bench
// ends, however it ends.

import { chromium, type BrowserContextOptions, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_ARGS, systemChromium } from '../e2e/chromium.ts';

async function waitForServer(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no server at ${url}`);
}

export interface Preview {
  /** `http://localhost:<port>`, where the built app is served. */
  origin: string;
  /** Another page, in a fresh context with the same options. */
  newPage(): Promise<Page>;
}

/**
 * Runs a bench against the built app: `fn` gets a page (not yet navigated) and returns the bench's
 * lines. Without a build, the one line says so.
 */
export async function withPreviewPage(
  bench: string,
  port: number,
  fn: (page: Page, preview: Preview) => Promise<string[]>,
  pageOptions: BrowserContextOptions = {},
): Promise<string[]> {
  if (!existsSync('dist/index.html')) return [`${bench}: skipped, run \`npm run build\` first`];
  const origin = `http://localhost:${port}`;
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], {
    stdio: 'ignore',
  });
  try {
    await waitForServer(`${origin}/`);
    const browser = await chromium.launch({
      ...(systemChromium ? { executablePath: systemChromium } : {}),
      args: [...CHROMIUM_ARGS],
    });
    try {
      const newPage = (): Promise<Page> => browser.newPage(pageOptions);
      return await fn(await newPage(), { origin, newPage });
    } finally {
      await browser.close();
    }
  } finally {
    server.kill();
  }
}
