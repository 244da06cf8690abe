// The product as users run it: the built app in Chromium. Measures how long the Web Workers take
// to start and the cluster to boot, from navigation. Needs `npm run build` first.

import { withPreviewPage } from './preview-page.ts';

const PORT = 4179;

export function benchBrowser(): Promise<string[]> {
  return withPreviewPage('browser', PORT, async (first, preview) => {
    const samples: { started: number; ready: number }[] = [];
    for (let run = 0; run < 5; run++) {
      const page = run === 0 ? first : await preview.newPage();
      await page.goto(`${preview.origin}/`);
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
    const median = (values: number[]): number =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    return [
      `browser: 8 Web Workers started ${median(samples.map((sample) => sample.started)).toFixed(0)} ms after navigation (median of 5)`,
      `browser: 3-node cluster booted (all nodes Ready, fast-forwarded) ${median(samples.map((sample) => sample.ready)).toFixed(0)} ms after navigation`,
    ];
  });
}
