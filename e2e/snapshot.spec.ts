import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, openBooted, test } from './fixtures.ts';

function screen(page: Page) {
  return page.getByTestId('terminal').locator('.xterm-rows');
}

async function type(page: Page, line: string): Promise<void> {
  await page.getByTestId('terminal').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Saves a snapshot from the menu; the downloaded file's path. */
async function saveFromMenu(page: Page, path: string): Promise<void> {
  await page.getByTestId('snapshot').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('snapshot-save').click();
  await (await download).saveAs(path);
  await expect(page.getByTestId('snapshot-saved')).toContainText('Saved snapshot-rev');
  await page.getByTestId('snapshot-saved').getByRole('button', { name: 'Close' }).click();
}

test.describe('snapshots', () => {
  test('save, change the cluster, restore: the old state is back; a corrupted file changes nothing', async ({
    page,
    problems,
  }) => {
    test.setTimeout(240_000);
    await openBooted(page);
    await type(page, 'kubectl apply -f editor.yaml');
    await expect(page.getByTestId('pod-nginx')).toHaveAttribute('data-status', 'Running', {
      timeout: 60_000,
    });

    await type(page, 'ETCDCTL_API=3 etcdctl get /registry/pods --prefix --keys-only');
    await expect(screen(page)).toContainText('/registry/pods/default/nginx');
    const download = page.waitForEvent('download');
    await type(page, 'etcdctl snapshot save backup.db');
    expect((await download).suggestedFilename()).toBe('backup.db');
    await expect(screen(page)).toContainText('Snapshot saved at backup.db');
    await type(page, 'etcdctl snapshot status backup.db -w table');
    await expect(screen(page)).toContainText(
      /\|\s+HASH\s+\|\s+REVISION\s+\|\s+TOTAL KEYS\s+\|\s+TOTAL SIZE\s+\|/,
    );
    await page.getByTestId('terminal').screenshot({ path: 'scratch/snapshot-terminal.png' });

    await saveFromMenu(page, 'scratch/saved.db');

    await type(page, 'kubectl delete pod nginx --now');
    await expect(page.getByTestId('pod-nginx')).toBeHidden({ timeout: 60_000 });

    await page.getByTestId('snapshot-file').setInputFiles('scratch/saved.db');
    await expect(page.getByTestId('snapshot-confirm')).toContainText('Replace the running cluster');
    await page.screenshot({ path: 'scratch/snapshot-confirm.png' });
    await page.getByTestId('snapshot-confirm-restore').click();
    await expect(page.getByTestId('pod-nginx')).toHaveAttribute('data-status', 'Running', {
      timeout: 60_000,
    });
    await type(page, 'kubectl get pods');
    await expect(screen(page)).toContainText(/nginx\s+1\/1\s+Running\s+0/);
    await page.screenshot({ path: 'scratch/snapshot-restored.png' });

    const corrupted = readFileSync('scratch/saved.db');
    corrupted[40] = (corrupted[40] ?? 0) ^ 0xff;
    writeFileSync('scratch/corrupted.db', corrupted);
    await page.getByTestId('snapshot-file').setInputFiles('scratch/corrupted.db');
    await expect(page.getByTestId('snapshot-error')).toContainText(
      'corrupted.db: snapshot file is corrupted: checksum mismatch',
    );
    await expect(page.getByTestId('snapshot-error')).toContainText('The cluster was not changed.');
    await expect(page.getByTestId('snapshot-confirm')).toBeHidden();
    await expect(page.getByTestId('pod-nginx')).toHaveAttribute('data-status', 'Running');
    await page.screenshot({ path: 'scratch/snapshot-error.png' });

    await page.getByTestId('snapshot-file').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not a snapshot'),
    });
    await expect(page.getByTestId('snapshot-error')).toContainText(
      'notes.txt: not a snapshot file: it does not start with K8SPSNAP',
    );
    expect(problems).toEqual([]);
  });
});
