// The diagram at scale in the built app (issue 8): 100 nodes, 1,000 pods, the clock at the
// slowest speed giving ≥ 200 trace events/s; median fps and p95 frame time from
// requestAnimationFrame over 10 s, with the load average. Needs `npm run build` first.

import {
  describeFigures,
  measureFrames,
  openLargeCluster,
  runPods,
  speedForTraceRate,
} from '../e2e/diagram-scale.ts';
import { withPreviewPage } from './preview-page.ts';

const PORT = 4178;

export function benchDiagram(): Promise<string[]> {
  return withPreviewPage(
    'diagram',
    PORT,
    async (page) => {
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
      return [
        `diagram: 100 nodes booted in ${((booted - started) / 1000).toFixed(0)} s, 1,000 pods bound to nodes ${((running - booted) / 1000).toFixed(0)} s later (max speed)`,
        `diagram: ${elements ?? '?'} React Flow elements; ${describeFigures(figures)}`,
      ];
    },
    { baseURL: `http://localhost:${PORT}`, viewport: { width: 1440, height: 900 } },
  );
}
