/// <reference lib="dom" />
// IndexedDB persistence in the built app, in Chromium: a 3-node cluster boots and runs a
// Deployment of 30 nginx pods at full speed while the tab saves every revision. Each IndexedDB
// transaction leaves a `k8s:persist-write` measure (revisions, bytes); reloading then times reading
// the save back. Needs `npm run build` first.

import type { Page } from '@playwright/test';
import { withPreviewPage } from './preview-page.ts';

const PORT = 4180;
const REPLICAS = 30;

interface WriteSample {
  duration: number;
  revisions: number;
  bytes: number;
}

/**
 * IndexedDB's own ceiling in this Chromium for the same layout: `batches` transactions, each
 * putting `perBatch` revisions of `bytes` characters and a marker, in a scratch database.
 */
function rawCeiling(
  page: Page,
  batches: number,
  perBatch: number,
  bytes: number,
): Promise<{ ms: number }> {
  return page.evaluate(
    async ({ batches, perBatch, bytes }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('persist-bench', 1);
        open.onupgradeneeded = () => {
          open.result.createObjectStore('revisions');
          open.result.createObjectStore('saved');
        };
        open.onsuccess = () => {
          resolve(open.result);
        };
        open.onerror = () => {
          reject(new Error('cannot open the bench database'));
        };
      });
      const value = 'x'.repeat(bytes);
      const started = performance.now();
      for (let batch = 0; batch < batches; batch++) {
        const tx = db.transaction(['revisions', 'saved'], 'readwrite');
        for (let i = 0; i < perBatch; i++) {
          const revision = batch * perBatch + i;
          tx.objectStore('revisions').put(
            [{ key: `/registry/pods/default/p${i}`, value }],
            revision,
          );
        }
        tx.objectStore('saved').put({ revision: (batch + 1) * perBatch }, 'marker');
        await new Promise<void>((resolve) => {
          tx.oncomplete = () => {
            resolve();
          };
        });
      }
      const ms = performance.now() - started;
      db.close();
      indexedDB.deleteDatabase('persist-bench');
      return { ms };
    },
    { batches, perBatch, bytes },
  );
}

async function typeInTerminal(page: Page, line: string): Promise<void> {
  await page.getByTestId('terminal').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

function writes(page: Page): Promise<WriteSample[]> {
  return page.evaluate(() =>
    performance.getEntriesByName('k8s:persist-write').map((entry) => {
      const { detail } = entry as unknown as { detail: { revisions: number; bytes: number } };
      return { duration: entry.duration, ...detail };
    }),
  );
}

export function benchPersist(): Promise<string[]> {
  return withPreviewPage(
    'persist',
    PORT,
    async (page, { origin }) => {
      await page.goto(`${origin}/`);
      await page.waitForFunction(
        () => performance.getEntriesByName('k8s:cluster-ready').length > 0,
        undefined,
        { timeout: 60_000 },
      );
      const started = Date.now();
      await typeInTerminal(
        page,
        `kubectl create deployment web --image=nginx --replicas=${REPLICAS}`,
      );
      await page.getByTestId('speed').selectOption('max');
      const running = page.locator('[data-testid^="pod-web-"][data-status="Running"]');
      while ((await running.count()) < REPLICAS) {
        if (Date.now() - started > 180_000) throw new Error('the pods did not all start');
        await page.waitForTimeout(250);
      }
      const wall = (Date.now() - started) / 1000;
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.waitForTimeout(1000);
      const samples = await writes(page);
      const ceiling = await rawCeiling(page, 200, 100, 1500);
      const revisionsSaved = Number(
        await page.getByTestId('persist-status').getAttribute('data-revision'),
      );
      await page.reload();
      await page.waitForFunction(
        () => performance.getEntriesByName('k8s:cluster-ready').length > 0,
        undefined,
        { timeout: 60_000 },
      );
      const load = await page.evaluate(() => {
        const entry = performance.getEntriesByName('k8s:persist-load')[0] as unknown as
          { duration: number; detail: { revisions: number } } | undefined;
        return {
          ms: entry?.duration ?? 0,
          revisions: entry?.detail.revisions ?? 0,
          ready: performance.getEntriesByName('k8s:cluster-ready')[0]?.startTime ?? 0,
        };
      });

      const total = samples.reduce(
        (sum, sample) => ({
          duration: sum.duration + sample.duration,
          revisions: sum.revisions + sample.revisions,
          bytes: sum.bytes + sample.bytes,
        }),
        { duration: 0, revisions: 0, bytes: 0 },
      );
      const latencies = samples.map((sample) => sample.duration).sort((a, b) => a - b);
      const median = latencies[Math.floor(latencies.length / 2)] ?? 0;
      const kb = total.bytes / 1e3;
      const ceilingSeconds = ceiling.ms / 1000;
      return [
        `persist: ${samples.length} IndexedDB transactions saved ${total.revisions} revisions (${(kb / 1e3).toFixed(2)} MB of keys and values, checkpoints included) up to revision ${revisionsSaved}: ${(total.revisions / samples.length).toFixed(1)} revisions and ${(kb / samples.length).toFixed(0)} KB per transaction`,
        `persist: the tab kept up with everything the cluster wrote at full speed, ${(total.revisions / wall).toFixed(0)} revisions/s and ${(kb / wall).toFixed(0)} KB/s over ${wall.toFixed(1)} s; median transaction ${median.toFixed(0)} ms from put to commit (the page's main thread is busy drawing meanwhile)`,
        `persist: IndexedDB's ceiling in this Chromium for the same layout (200 transactions × 100 revisions of 1.5 KB): ${((200 * 100) / ceilingSeconds).toFixed(0)} revisions/s, ${((200 * 100 * 1500) / 1e6 / ceilingSeconds).toFixed(1)} MB/s`,
        `persist: reading the save back (${load.revisions} revisions after the checkpoint) took ${load.ms.toFixed(0)} ms; the restored cluster was ready ${load.ready.toFixed(0)} ms after navigation`,
      ];
    },
    { viewport: { width: 1440, height: 900 } },
  );
}
