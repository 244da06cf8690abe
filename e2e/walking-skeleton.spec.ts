import { expect, openBooted, setEditorText, test } from './fixtures.ts';

test.describe("a pod's whole journey", () => {
  test('applying the nginx Pod binds it to a node, runs it and ticks all eleven steps', async ({
    page,
    problems,
  }) => {
    await openBooted(page);
    await expect(page.getByTestId('zone-node-1')).toBeVisible();
    await page.getByTestId('diagram').screenshot({ path: 'docs/screenshots/booted.png' });

    await page.getByTestId('apply').click();
    await expect(page.getByTestId('apply-output')).toContainText('pod/nginx created');

    const pod = page.getByTestId('pod-nginx');
    await expect(pod).toHaveAttribute('data-status', 'Running', { timeout: 60_000 });
    // Bound: the chip is drawn inside one of the node zones, not in the unscheduled tray.
    const chip = await pod.boundingBox();
    const zones = await Promise.all(
      ['node-1', 'node-2', 'node-3'].map((name) => page.getByTestId(`zone-${name}`).boundingBox()),
    );
    const inside = zones.filter(
      (zone) =>
        zone &&
        chip &&
        chip.x >= zone.x &&
        chip.y >= zone.y &&
        chip.x + chip.width <= zone.x + zone.width &&
        chip.y + chip.height <= zone.y + zone.height,
    );
    expect(inside).toHaveLength(1);
    await expect(page.getByTestId('zone-Not scheduled yet')).toContainText('none');
    await expect(page.getByTestId('steps-progress')).toHaveText('11/11', { timeout: 60_000 });
    for (let step = 1; step <= 11; step++) {
      await expect(page.getByTestId(`step-${step}`)).toHaveAttribute('data-done', 'true');
    }
    await expect(page.getByTestId('step-2')).toContainText('txn put /registry/pods/default/nginx');
    // The API server's handler chain for the create: every stage passed, in order.
    const chain = page.getByTestId('step-2').getByTestId('handler-chain').getByRole('listitem');
    await expect(chain).toHaveText([
      'authn ✓ kubernetes-admin',
      'authz ✓ create pods in default',
      /^mutating admission ✓ NamespaceLifecycle, LimitRanger, ServiceAccount, /,
      'validation ✓ Pod is valid',
      'validating admission ✓ LimitRanger, Priority, ResourceQuota',
    ]);
    await expect(page.getByTestId('step-5')).toContainText(
      'POST /api/v1/namespaces/default/pods/nginx/binding',
    );
    await page.screenshot({ path: 'docs/screenshots/pod-running.png' });
    expect(problems).toEqual([]);
  });

  test("an invalid pod is refused with the API server's message and changes nothing", async ({
    page,
    problems,
  }) => {
    await openBooted(page);
    await page.getByLabel('Load an example').selectOption({ label: 'Invalid Pod (no image)' });
    await expect(page.getByTestId('editor')).toContainText('name: broken');
    await page.getByTestId('apply').click();
    await expect(page.getByTestId('apply-output')).toContainText(
      'The Pod "broken" is invalid: spec.containers[0].image: Required value',
    );
    await expect(page.getByTestId('pod-broken')).toHaveCount(0);
    // The chain stopped at validation, before anything reached etcd.
    const chain = page.getByTestId('step-2').getByTestId('handler-chain').getByRole('listitem');
    await expect(chain).toHaveText([
      'authn ✓ kubernetes-admin',
      'authz ✓ create pods in default',
      /^mutating admission ✓ /,
      'validation ✗ Pod "broken" is invalid: spec.containers[0].image: Required value',
    ]);
    await expect(page.getByTestId('step-2')).toHaveAttribute('data-done', 'false');
    await page.screenshot({ path: 'docs/screenshots/invalid-pod.png' });
    expect(problems).toEqual([]);
  });

  test('an unknown kind gets kubectl\'s "no matches for kind" error', async ({
    page,
    problems,
  }) => {
    await openBooted(page);
    await setEditorText(page, 'apiVersion: v1\nkind: Pood\nmetadata:\n  name: typo\n');
    await page.getByTestId('apply').click();
    await expect(page.getByTestId('apply-output')).toContainText(
      'error: resource mapping not found for name: "typo" namespace: "" from "editor.yaml": no matches for kind "Pood" in version "v1"',
    );
    await expect(page.getByTestId('apply-output')).toContainText('ensure CRDs are installed first');
    expect(problems).toEqual([]);
  });

  test('YAML that does not parse is marked and nothing is sent', async ({ page, problems }) => {
    await openBooted(page);
    await setEditorText(page, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n');
    await page.getByTestId('apply').click();
    await expect(page.getByTestId('apply-output')).toContainText(
      'Not sent: the YAML does not parse.',
    );
    await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeAttached();
    expect(problems).toEqual([]);
  });
});

test('a pod that fits nowhere stays Pending and the steps panel says why', async ({
  page,
  problems,
}) => {
  await openBooted(page);
  await page.getByLabel('Load an example').selectOption({ label: 'Pod that fits nowhere' });
  await expect(page.getByTestId('editor')).toContainText('name: greedy');
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-output')).toContainText('pod/greedy created');
  await expect(page.getByTestId('scheduling-failure')).toContainText(
    'FailedScheduling: 0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
  );
  await expect(page.getByTestId('pod-greedy')).toHaveAttribute('data-status', 'Pending');
  await expect(page.getByTestId('step-4')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('step-5')).toHaveAttribute('data-done', 'false');
  await page.screenshot({ path: 'docs/screenshots/unschedulable.png' });
  expect(problems).toEqual([]);
});

test('a ReplicaSet of three runs three pods spread over the nodes', async ({ page, problems }) => {
  await openBooted(page);
  await page.getByLabel('Load an example').selectOption({ label: 'ReplicaSet of 3' });
  await expect(page.getByTestId('editor')).toContainText('kind: ReplicaSet');
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-output')).toContainText('replicaset.apps/web created');
  await expect(page.locator('[data-testid^="pod-web-"][data-status="Running"]')).toHaveCount(3, {
    timeout: 60_000,
  });
  await expect(page.getByTestId('steps-progress')).toHaveText('11/11');
  expect(problems).toEqual([]);
});
