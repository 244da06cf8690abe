// The product as users run it: the built app in Chromium. Measures how long the Web Workers take
// to start and the cluster to boot, from navigation. Needs `npm run build` first.

import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const PORT = 4179;

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

export async function benchBrowser(): Promise<string[]> {
  if (!existsSync('dist/index.html')) return ['browser: skipped, run `npm run build` first'];
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], {
    stdio: 'ignore',
  });
  try {
    await waitForServer(`http://localhost:${PORT}/`);
    const executablePath =
      process.env.CHROMIUM_PATH ??
      (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
    const browser = await chromium.launch({
      ...(executablePath ? { executablePath } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const samples: { started: number; ready: number }[] = [];
    for (let run = 0; run < 5; run++) {
      const page = await browser.newPage();
      await page.goto(`http://localhost:${PORT}/`);
      await page.waitForFunction(
        () => performance.getEntriesByName('k8s:cluster-ready').length > 0,
        undefined,
        { timeout: 60_000 },
      );
      samples.push(
        await page.evaluate(() => ({
          started: performance.getEntriesByName('k8s:workers-started')[0]?.startTime ?? 0,
          ready: performance.getEntriesByName('k8s:cluster-ready')[0]?.startTime ?? 0,
        })),
      );
      await page.close();
    }
    await browser.close();
    const median = (values: number[]): number =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    return [
      `browser: 8 Web Workers started ${median(samples.map((sample) => sample.started)).toFixed(0)} ms after navigation (median of 5)`,
      `browser: 3-node cluster booted (all nodes Ready, fast-forwarded) ${median(samples.map((sample) => sample.ready)).toFixed(0)} ms after navigation`,
    ];
  } finally {
    server.kill();
  }
}
