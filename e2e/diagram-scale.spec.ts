// The diagram at scale (issue 8): 100 nodes with 1,000 pods fold into node cards with phase bars,
// stay under React Flow's ~1,000-element budget, and open on click; frame times while trace
// events animate are measured and printed, never asserted (bench/diagram-bench.ts measures too).

import { expect, test } from './fixtures.ts';
import {
  describeFigures,
  measureFrames,
  openLargeCluster,
  runPods,
  speedForTraceRate,
} from './diagram-scale.ts';

test.describe('the diagram at scale', () => {
  test('100 nodes with 1,000 pods fold into cards that open on click while hops animate', async ({
    page,
    problems,
  }) => {
    // Booting 100 nodes and running 1,000 pods takes minutes on two shared cores.
    test.setTimeout(30 * 60_000);
    await openLargeCluster(page, 100);
    const diagram = page.getByTestId('diagram');
    await expect(page.locator('.group-card.group-node')).toHaveCount(100);

    await runPods(page, 1000);
    await expect(page.getByTestId('summary-node-7')).toHaveText(/^\d+ pods/);
    expect(Number(await diagram.getAttribute('data-elements'))).toBeLessThan(1000);

    await speedForTraceRate(page, 200);
    const figures = await measureFrames(page, 10_000);
    console.log(`diagram at scale: ${describeFigures(figures)}`);
    test.info().annotations.push({ type: 'frame times', description: describeFigures(figures) });
    await diagram.screenshot({ path: test.info().outputPath('diagram-100-nodes.png') });

    await page.getByTestId('speed').selectOption('1');
    await page.getByTestId('zone-node-7').click();
    await expect(page.locator('.react-flow__node[data-id="kubelet:node-7"]')).toBeVisible();
    await expect(page.getByTestId('zone-node-7')).not.toHaveAttribute('data-collapsed');
    // Its ten or so pods fit the chip threshold, so the opened node draws a chip per pod.
    await expect(page.locator('.react-flow__node-pod .pod').first()).toBeVisible();
    await expect(page.getByTestId('inspector')).toContainText('node-7');
    expect(problems).toEqual([]);
  });
});
