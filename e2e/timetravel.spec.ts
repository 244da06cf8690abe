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

function webPods(page: Page) {
  return page.locator('[data-testid^="pod-web-"]');
}

async function expectRunningWebPods(page: Page, count: number): Promise<void> {
  await expect(webPods(page)).toHaveCount(count, { timeout: 60_000 });
  for (const pod of await webPods(page).all())
    await expect(pod).toHaveAttribute('data-status', 'Running', { timeout: 60_000 });
}

/** A booted cluster whose Deployment web has run one pod, then been scaled up to three. */
async function scaleUpWeb(page: Page): Promise<void> {
  await openBooted(page);
  // Image pulls and start-ups take virtual seconds: let them pass quickly.
  await page.getByTestId('speed').selectOption('10');
  await type(page, 'kubectl create deployment web --image=nginx:1.27');
  await expect(screen(page)).toContainText('deployment.apps/web created');
  await expectRunningWebPods(page, 1);
  await type(page, 'kubectl scale deployment web --replicas=3');
  await expect(screen(page)).toContainText('deployment.apps/web scaled');
  await expectRunningWebPods(page, 3);
}

/** Steps back through notable revisions until the label shows the Deployment's scale-up, then one more. */
async function scrubToBeforeScaleUp(page: Page): Promise<void> {
  const slider = page.getByRole('slider');
  await slider.focus();
  const label = page.getByTestId('timetravel-label');
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('PageUp');
    await expect(page.getByTestId('timetravel-banner')).toBeVisible();
    if ((await label.textContent())?.includes('deployments/web updated')) break;
  }
  await expect(label).toContainText('deployments/web updated');
  await page.keyboard.press('ArrowLeft');
}

test.describe('time travel', () => {
  test('scrubs back before a scale-up, read-only, and comes back to live', async ({
    page,
    problems,
  }) => {
    test.setTimeout(180_000);
    await scaleUpWeb(page);

    await scrubToBeforeScaleUp(page);
    const banner = page.getByTestId('timetravel-banner');
    await expect(banner).toContainText(/Viewing rev \d+ of \d+ — read-only/);
    await expect(page.getByTestId('past-badge')).toContainText('read-only');
    await expectRunningWebPods(page, 1);
    await expect(page.getByTestId('apply')).toBeDisabled();
    await page.screenshot({ path: 'scratch/timetravel-past.png' });

    await type(page, 'kubectl get pods');
    await expect(screen(page)).toContainText('kubectl talks to the live cluster, but you are');

    // Dragging to the far left shows the cluster booting, before the Deployment existed; Home, rev 1.
    const track = await page.getByRole('slider').boundingBox();
    if (!track) throw new Error('the timeline has no box');
    await page.mouse.move(track.x + track.width - 2, track.y + track.height / 2);
    await page.mouse.down();
    await page.mouse.move(track.x + 1, track.y + track.height / 2, { steps: 8 });
    await page.mouse.up();
    await expect(webPods(page)).toHaveCount(0);
    await page.keyboard.press('Home');
    await expect(page.getByTestId('timetravel-label')).toHaveText('rev 1 · etcd starts empty');

    await page.getByTestId('back-to-live').click();
    await expect(banner).toBeHidden();
    await expect(page.getByTestId('past-badge')).toBeHidden();
    await expectRunningWebPods(page, 3);
    await expect(page.getByTestId('apply')).toBeEnabled();
    await page.screenshot({ path: 'scratch/timetravel-live.png' });

    // Forking from before the scale-up: a new live cluster with one pod, which takes kubectl.
    await scrubToBeforeScaleUp(page);
    await expectRunningWebPods(page, 1);
    await page.getByTestId('fork').click();
    await expect(page.getByTestId('forked-from')).toContainText(
      /forked from rev \d+ at 00:00:\d\d/,
    );
    await expect(banner).toBeHidden();
    await expect(page.getByTestId('booting')).toBeHidden({ timeout: 60_000 });
    await expectRunningWebPods(page, 1);
    await type(page, 'clear');
    await type(page, 'kubectl get deployment web');
    await expect(screen(page)).toContainText(/web\s+1\/1\s+1\s+1/);
    await type(page, 'kubectl scale deployment web --replicas=2');
    await expect(screen(page)).toContainText('deployment.apps/web scaled');
    await expectRunningWebPods(page, 2);
    await page.screenshot({ path: 'scratch/timetravel-forked.png' });
    expect(problems).toEqual([]);
  });

  test('after a reload, revisions from before it keep their times, and a fork starts there', async ({
    page,
    problems,
  }) => {
    test.setTimeout(180_000);
    await scaleUpWeb(page);
    await page.getByRole('button', { name: 'Pause' }).click();
    const saved = page.getByTestId('persist-status');
    await expect(saved).not.toHaveAttribute('data-revision', '0');
    // The paused cluster writes nothing more: the save has caught up once two reads agree.
    let previous = -1;
    await expect
      .poll(
        async () => {
          const revision = Number(await saved.getAttribute('data-revision'));
          const caughtUp = revision === previous;
          previous = revision;
          return caughtUp;
        },
        { intervals: [500] },
      )
      .toBe(true);

    await page.reload();
    await expect(page.getByTestId('booting')).toBeHidden({ timeout: 60_000 });
    await expect(saved).toHaveAttribute('data-status', 'restored');
    await scrubToBeforeScaleUp(page);
    await expect(page.getByTestId('timetravel-label')).toHaveText(/^rev \d+ · 00:00:\d\d · /);
    await expectRunningWebPods(page, 1);
    const label = (await page.getByTestId('timetravel-label').textContent()) ?? '';
    const [, forkRevision, forkTime] = /^rev (\d+) · (\S+)/.exec(label) ?? [];
    await page.getByTestId('fork').click();
    await expect(page.getByTestId('forked-from')).toHaveText(
      `forked from rev ${forkRevision ?? ''} at ${forkTime ?? ''}`,
    );
    await expect(page.getByTestId('booting')).toBeHidden({ timeout: 60_000 });
    await expectRunningWebPods(page, 1);
    await page.screenshot({ path: 'scratch/timetravel-fork-after-reload.png' });
    expect(problems).toEqual([]);
  });
});
