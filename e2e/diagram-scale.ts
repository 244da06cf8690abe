// Driving the diagram at scale (issue 8: 1,000 pods on 100 nodes, ~200 trace events/s): boot a
// big cluster through `?nodes=`, create the pods with kubectl at full speed, then measure frame
// times with requestAnimationFrame. Shared by e2e/diagram-scale.spec.ts and bench/diagram-bench.ts;
// nothing here asserts a timing.
// The page functions below run in the browser; bench/ compiles this file too, without DOM types.
/// <reference lib="dom" />

import type { Page } from '@playwright/test';
import { loadavg } from 'node:os';

export interface FrameFigures {
  frames: number;
  medianFps: number;
  p95FrameMs: number;
  traceEventsPerSecond: number;
  speed: string;
  /** The machine's 1-minute load average when the window closed (2 shared cores). */
  loadAverage: number;
}

/** Opens the app on a fresh cluster of `nodes` nodes and waits until every node is Ready. */
export async function openLargeCluster(page: Page, nodes: number): Promise<void> {
  await page.goto(`/?nodes=${nodes}`);
  await page.getByTestId('booting').waitFor({ state: 'hidden', timeout: 600_000 });
}

async function kubectl(page: Page, line: string): Promise<void> {
  await page.getByTestId('terminal').locator('.xterm').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/**
 * A Deployment of `replicas` pods, run at max speed until every pod is bound to a node (the
 * kubelets are still starting containers), then back to 1×.
 */
export async function runPods(page: Page, replicas: number): Promise<void> {
  await kubectl(page, `kubectl create deployment web --image=nginx:1.27 --replicas=${replicas}`);
  await page.getByTestId('speed').selectOption('max');
  await page.waitForFunction(
    (wanted) => {
      let pods = 0;
      for (const bar of document.querySelectorAll('.group-card.group-node .phase'))
        pods += Number(bar.getAttribute('data-count'));
      return pods >= wanted;
    },
    replicas,
    { timeout: 900_000, polling: 1000 },
  );
  await page.getByTestId('speed').selectOption('1');
}

async function traceSeq(page: Page): Promise<number> {
  return Number(await page.getByTestId('diagram').getAttribute('data-trace-seq'));
}

/** Trace records the diagram received per second over `ms`. */
async function traceRate(page: Page, ms: number): Promise<number> {
  const before = await traceSeq(page);
  await page.waitForTimeout(ms);
  return ((await traceSeq(page)) - before) / (ms / 1000);
}

/**
 * The slowest clock speed (of the clock bar's) at which the cluster sends at least `perSecond`
 * trace events, or the fastest offered; the clock is left at it.
 */
export async function speedForTraceRate(page: Page, perSecond: number): Promise<string> {
  for (const speed of ['1', '2', '5', '10', '100']) {
    await page.getByTestId('speed').selectOption(speed);
    if ((await traceRate(page, 3000)) >= perSecond) return speed;
  }
  return '100';
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

/** Frame times from requestAnimationFrame over `ms` while the cluster runs at its current speed. */
export async function measureFrames(page: Page, ms: number): Promise<FrameFigures> {
  const before = await traceSeq(page);
  // A string, not a function: tsx (the bench's loader) wraps named closures in a `__name`
  // helper that does not exist in the page.
  const deltas = await page.evaluate<number[]>(`new Promise((resolve) => {
    const times = [];
    let last = 0;
    let end = 0;
    const tick = (now) => {
      if (last) times.push(now - last);
      else end = now + ${ms};
      last = now;
      if (now < end || !end) requestAnimationFrame(tick);
      else resolve(times);
    };
    requestAnimationFrame(tick);
  })`);
  const after = await traceSeq(page);
  const sorted = [...deltas].sort((a, b) => a - b);
  return {
    frames: deltas.length,
    medianFps: 1000 / percentile(sorted, 0.5),
    p95FrameMs: percentile(sorted, 0.95),
    traceEventsPerSecond: (after - before) / (ms / 1000),
    speed: await page.getByTestId('speed').inputValue(),
    loadAverage: loadavg()[0] ?? 0,
  };
}

export function describeFigures(figures: FrameFigures): string {
  return (
    `median ${figures.medianFps.toFixed(1)} fps, p95 frame ${figures.p95FrameMs.toFixed(1)} ms ` +
    `over ${figures.frames} frames, ${figures.traceEventsPerSecond.toFixed(0)} trace events/s ` +
    `at ${figures.speed}×, load average ${figures.loadAverage.toFixed(2)} (2 cores, shared)`
  );
}
