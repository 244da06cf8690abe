import type { Page } from '@playwright/test';
import { expect, openBooted, setEditorText, test } from './fixtures.ts';

/** One line of JSON (which YAML reads too): Monaco re-indents typed multi-line text. */
const DEPLOYMENT = JSON.stringify({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
    },
  },
});

/** Every Deployment, ReplicaSet and Pod with its resourceVersion and phase, one per line. */
const LISTING =
  'kubectl get deploy,rs,pods -o custom-columns=K:.kind,N:.metadata.name,RV:.metadata.resourceVersion,P:.status.phase';

function screen(page: Page) {
  return page.getByTestId('terminal').locator('.xterm-rows');
}

async function type(page: Page, line: string): Promise<void> {
  await page.getByTestId('terminal').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** The listing's rows (xterm draws one element per row), read once the last pod is printed. */
async function listObjects(page: Page): Promise<string[]> {
  await page.getByTestId('terminal').click();
  await page.keyboard.press('Control+L');
  await type(page, LISTING);
  await expect(screen(page)).toContainText(
    /Pod\s+web-\S+\s+\d+\s+Running[\s\S]*Pod\s+web-\S+\s+\d+\s+Running[\s\S]*Pod\s+web-\S+\s+\d+\s+Running/,
  );
  const rows = await screen(page).locator(':scope > div').allInnerTexts();
  return rows
    .map((row) => row.replace(/\u00a0/g, ' ').trim())
    .filter((row) => /^(Deployment|ReplicaSet|Pod)\s/.test(row));
}

function runningWebPods(page: Page) {
  return page.locator('[data-testid^="pod-web-"][data-status="Running"]');
}

/** Waits until the save has reached `revision`. */
async function savedUpTo(page: Page, revision: number): Promise<void> {
  await expect
    .poll(async () =>
      Number(await page.getByTestId('persist-status').getAttribute('data-revision')),
    )
    .toBeGreaterThanOrEqual(revision);
}

/** Waits until the save has caught up with the paused cluster. */
async function pauseAndSave(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Pause' }).click();
  const status = page.getByTestId('persist-status');
  const settled = async () => Number(await status.getAttribute('data-revision'));
  let last = -1;
  await expect
    .poll(
      async () => {
        const now = await settled();
        const same = now === last && now > 0;
        last = now;
        return same;
      },
      { intervals: [500] },
    )
    .toBe(true);
}

async function reloadRestored(page: Page): Promise<void> {
  await page.reload();
  await expect(page.getByTestId('booting')).toBeHidden({ timeout: 60_000 });
  await expect(page.getByTestId('persist-status')).toHaveAttribute('data-status', 'restored');
}

test.describe('the saved cluster', () => {
  // Each test boots a cluster and restores it at least once.
  test.describe.configure({ timeout: 240_000 });

  test('a reload mid-scenario restores the same objects, running pods, editor and history; Reset clears it', async ({
    page,
    problems,
  }) => {
    await openBooted(page);
    await expect(page.getByTestId('persist-status')).toHaveAttribute('data-status', 'fresh');
    await setEditorText(page, DEPLOYMENT);
    await page.getByTestId('apply').click();
    await expect(page.getByTestId('apply-output')).toContainText('deployment.apps/web created');
    await expect(runningWebPods(page)).toHaveCount(3, { timeout: 60_000 });
    const before = await listObjects(page);
    expect(before).toHaveLength(5);
    await savedUpTo(page, Math.max(...before.map((row) => Number(row.split(/\s+/)[2]))));
    await page.screenshot({ path: 'scratch/persist-before-reload.png' });

    await reloadRestored(page);
    await expect(runningWebPods(page)).toHaveCount(3);
    await expect(page.getByTestId('editor')).toContainText('"image":"nginx:1.27"');
    expect(await listObjects(page)).toEqual(before);
    // ↑ brings back the command typed before the reload.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect(screen(page)).toContainText(`$ ${LISTING.slice(0, 40)}`);
    await page.keyboard.press('Control+C');
    await page.screenshot({ path: 'scratch/persist-after-reload.png' });

    page.once('dialog', (dialog) => {
      void dialog.accept();
    });
    await page.getByTestId('reset-cluster').click();
    await page.waitForEvent('load');
    await expect(page.getByTestId('booting')).toBeHidden({ timeout: 60_000 });
    await expect(page.getByTestId('persist-status')).toHaveAttribute('data-status', 'fresh');
    await expect(page.locator('[data-testid^="pod-web-"]')).toHaveCount(0);
    // The editor text is the learner's, not the cluster's: Reset keeps it.
    await expect(page.getByTestId('editor')).toContainText('"image":"nginx:1.27"');
    await page.screenshot({ path: 'scratch/persist-after-reset.png' });
    expect(problems).toEqual([]);
  });

  test('reloads in the middle of fast writes always restore a consistent revision', async ({
    page,
    problems,
  }) => {
    await openBooted(page);
    await setEditorText(page, DEPLOYMENT);
    await page.getByTestId('apply').click();
    await expect(page.getByTestId('apply-output')).toContainText('deployment.apps/web created');
    await page.getByTestId('speed').selectOption('max');
    for (let reload = 0; reload < 3; reload++) {
      // Closing the page while IndexedDB transactions are in flight aborts them.
      await expect(page.getByTestId('persist-status')).not.toHaveAttribute('data-revision', '0');
      await reloadRestored(page);
      await expect(page.getByTestId('persist-notice')).toBeHidden();
    }
    await expect(runningWebPods(page)).toHaveCount(3, { timeout: 60_000 });
    expect(problems).toEqual([]);
  });

  test('a save written by another version is reported and a fresh cluster starts', async ({
    page,
  }) => {
    await openBooted(page);
    // Paused, the tab writes nothing that would put a good marker back.
    await pauseAndSave(page);
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('k8s-playground');
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction('saved', 'readwrite');
            const saved = tx.objectStore('saved');
            const get = saved.get('marker');
            get.onsuccess = () => {
              saved.put({ ...get.result, format: 99 }, 'marker');
            };
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => {
              reject(new Error('could not write the marker'));
            };
          };
        }),
    );
    await page.reload();
    await expect(page.getByTestId('persist-notice')).toContainText(
      'The saved cluster was written by another version of the playground (format 99, this one reads 1). It was discarded and a fresh cluster started.',
    );
    await expect(page.getByTestId('booting')).toBeHidden({ timeout: 60_000 });
    await expect(page.getByTestId('persist-status')).toHaveAttribute('data-status', 'fresh');
    await page.screenshot({ path: 'scratch/persist-foreign-save.png' });
  });

  test('a paused cluster comes back paused, at the speed it was set to', async ({
    page,
    problems,
  }) => {
    await openBooted(page);
    await page.getByTestId('speed').selectOption('2');
    await pauseAndSave(page);
    await reloadRestored(page);
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
    await expect(page.getByTestId('speed')).toHaveValue('2');
    const clock = await page.getByTestId('clock').innerText();
    await page.screenshot({ path: 'scratch/persist-paused-restored.png' });
    await page.getByRole('button', { name: 'Play' }).click();
    await expect(page.getByTestId('clock')).not.toHaveText(clock);
    expect(problems).toEqual([]);
  });

  test('a scenario link opened on purpose starts its scenario over the saved cluster', async ({
    page,
  }) => {
    await openBooted(page);
    await Promise.all([
      page.waitForEvent('load'),
      page.getByLabel('Open a lesson').selectOption({ index: 1 }),
    ]);
    await expect(page).toHaveURL(/#scenario=/);
    await expect(page.getByTestId('booting')).toBeHidden({ timeout: 60_000 });
    await expect(page.getByTestId('persist-status')).toHaveAttribute('data-status', 'fresh');
    const lessonUrl = page.url();
    // A reload continues the lesson's cluster once something of it is saved...
    await expect(page.getByTestId('persist-status')).not.toHaveAttribute('data-revision', '0');
    await reloadRestored(page);
    expect(page.url()).toBe(lessonUrl);
    // ...while the same link opened afresh (typed, clicked) starts it over.
    await page.goto('about:blank');
    await page.goto(lessonUrl);
    await expect(page.getByTestId('booting')).toBeHidden({ timeout: 60_000 });
    await expect(page.getByTestId('persist-status')).toHaveAttribute('data-status', 'fresh');
  });
});
