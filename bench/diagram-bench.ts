// The diagram at scale in the built app (issue 8): 100 nodes, 1,000 pods, the clock at the
// slowest speed giving ≥ 200 trace events/s; median fps and p95 frame time from
// requestAnimationFrame over 10 s, with the load average. Needs `npm run build` first.

import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  describeFigures,
  measureFrames,
  openLargeCluster,
  runPods,
  speedForTraceRate,
} from '../e2e/diagram-scale.ts';

const PORT = 4178;

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

export async function benchDiagram(): Promise<string[]> {
  if (!existsSync('dist/index.html')) return ['diagram: skipped, run `npm run build` first'];
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
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const page = await browser.newPage({
      baseURL: `http://localhost:${PORT}`,
      viewport: { width: 1440, height: 900 },
    });
    // The first-visit tour would cover the terminal.
    await page.addInitScript(() => {
      localStorage.setItem('k8s-playground.tour', 'done');
    });
    const started = performance.now();
    await openLargeCluster(page, 100);
    const booted = performance.now();
    await runPods(page, 1000);
    const running = performance.now();
    await speedForTraceRate(page, 200);
    const figures = await measureFrames(page, 10_000);
    const elements = await page.getByTestId('diagram').getAttribute('data-elements');
    await browser.close();
    return [
      `diagram: 100 nodes booted in ${((booted - started) / 1000).toFixed(0)} s, 1,000 pods bound to nodes ${((running - booted) / 1000).toFixed(0)} s later (max speed)`,
      `diagram: ${elements ?? '?'} React Flow elements; ${describeFigures(figures)}`,
    ];
  } finally {
    server.kill();
  }
}
