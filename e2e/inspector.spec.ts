import { expect, openBooted, test } from './fixtures.ts';

test.describe('the inspector', () => {
  test("a running pod's inspector shows why it landed on its node, its YAML, events and owners", async ({
    page,
    problems,
  }) => {
    await openBooted(page);
    await page.getByTestId('apply').click();
    const pod = page.getByTestId('pod-nginx');
    await expect(pod).toHaveAttribute('data-status', 'Running', { timeout: 60_000 });

    await pod.click();
    const inspector = page.getByTestId('inspector');
    await expect(inspector).toContainText('pod default/nginx');
    await expect(inspector.getByTestId('why-table')).toBeVisible();
    const chosen = inspector.locator('tr.chosen');
    await expect(chosen).toHaveCount(1);
    const node = (await chosen.locator('td').first().textContent())?.replace(' ✓', '') ?? '';
    await expect(inspector).toContainText(`Running on ${node}`);
    await expect(inspector.locator('.why-summary')).toContainText(`Bound to ${node}`);
    await page.screenshot({ path: 'docs/screenshots/inspector-why-here.png' });

    await inspector.getByRole('tab', { name: 'YAML' }).click();
    await expect(inspector.getByTestId('inspector-yaml')).toContainText(`nodeName: ${node}`);
    await inspector.getByRole('tab', { name: 'Events' }).click();
    await expect(inspector.getByTestId('inspector-events')).toContainText(
      `Successfully assigned default/nginx to ${node}`,
    );
    await expect(inspector.getByTestId('inspector-events')).toContainText('Started');
    await inspector.getByRole('tab', { name: 'Owners' }).click();
    await expect(inspector).toContainText('No controller owns this pod');

    await page.keyboard.press('Escape');
    await expect(inspector).toBeHidden();
    expect(problems).toEqual([]);
  });

  test('a pending pod explains, node by node, which filter turned it away', async ({
    page,
    problems,
  }) => {
    await openBooted(page);
    await page.getByLabel('Load an example').selectOption({ label: 'Pod that fits nowhere' });
    await expect(page.getByTestId('editor')).toContainText('name: greedy');
    await page.getByTestId('apply').click();
    await expect(page.getByTestId('apply-output')).toContainText('pod/greedy created');
    const pod = page.getByTestId('pod-greedy');
    await expect(pod).toHaveAttribute('data-status', 'Pending');

    await pod.click();
    const inspector = page.getByTestId('inspector');
    await expect(inspector.getByTestId('why-message')).toContainText(
      'FailedScheduling 0/3 nodes are available: 3 Insufficient cpu.',
    );
    for (const node of ['node-1', 'node-2', 'node-3'])
      await expect(inspector.getByTestId(`why-row-${node}`)).toContainText(
        '✗ NodeResourcesFit: Insufficient cpu',
      );
    await expect(inspector).toContainText('The pod requests more than the node has left');
    await page.screenshot({ path: 'docs/screenshots/inspector-why-pending.png' });
    expect(problems).toEqual([]);
  });
});
