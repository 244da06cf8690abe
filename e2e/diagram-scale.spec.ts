// The diagram at scale (issue 8): past 12 nodes, nodes fold into cards with phase bars and open on
// click; frame times while trace events animate are printed, never asserted. The 100-node,
// 1,000-pod figures come from `npm run bench diagram` (bench/diagram-bench.ts), which takes minutes.

import { expect, test } from './fixtures.ts';
import { describeFigures, measureFrames, openLargeCluster, runPods } from './diagram-scale.ts';

test.describe('the diagram at scale', () => {
  test('20 nodes with 300 pods fold into cards that open on click while hops animate', async ({
    page,
    problems,
  }) => {
    test.setTimeout(5 * 60_000);
    await openLargeCluster(page, 20);
    const diagram = page.getByTestId('diagram');
    await expect(page.locator('.group-card.group-node')).toHaveCount(20);

    await runPods(page, 300);
    // Fifteen pods a node is past the 12 chips a node draws: each card shows a summary.
    await expect(page.getByTestId('summary-node-7')).toHaveText(/^\d+ pods/);
    expect(Number(await diagram.getAttribute('data-elements'))).toBeLessThan(1000);

    await page.getByTestId('speed').selectOption('10');
    const figures = await measureFrames(page, 5_000);
    console.log(`diagram at scale: ${describeFigures(figures)}`);
    test.info().annotations.push({ type: 'frame times', description: describeFigures(figures) });
    await diagram.screenshot({ path: test.info().outputPath('diagram-20-nodes.png') });

    await page.getByTestId('speed').selectOption('1');
    await page.getByTestId('zone-node-7').click();
    await expect(page.locator('.react-flow__node[data-id="kubelet:node-7"]')).toBeVisible();
    await expect(page.getByTestId('zone-node-7')).not.toHaveAttribute('data-collapsed');
    // An opened node draws up to 60 chips: one per pod here.
    await expect(page.locator('.react-flow__node-pod .pod').first()).toBeVisible();
    await expect(page.getByTestId('inspector')).toContainText('node-7');
    expect(problems).toEqual([]);
  });
});
