import type { FrameLocator, Page } from '@playwright/test';
import { deflateSync, strToU8 } from 'fflate';
import { expect, test } from './fixtures.ts';

const PROTOCOL = { protocol: 'k8s-playground-embed', version: 1 };

function widget(page: Page, id: string): FrameLocator {
  return page.frameLocator(`iframe#${id}`);
}

async function booted(frame: FrameLocator): Promise<void> {
  await expect(frame.getByTestId('embed-play')).toBeEnabled({ timeout: 90_000 });
}

/** As share links encode a scenario: deflated JSON in base64url. */
function encoded(value: unknown): string {
  const bytes = deflateSync(strToU8(JSON.stringify(value)));
  return Buffer.from(bytes).toString('base64url');
}

test.describe('embed widget', () => {
  test.setTimeout(240_000);

  test('the example page drives two widgets: a lesson and a custom image', async ({
    page,
    problems,
  }) => {
    await page.goto('/embed-example.html');
    const rollout = widget(page, 'rollout');
    const hello = widget(page, 'hello-app');
    await booted(rollout);
    await expect(rollout.getByTestId('embed-caption')).toContainText('press play');

    await page.locator('[data-widget="rollout"][data-send="step"]').click();
    await expect(rollout.getByTestId('embed-caption')).toContainText('Deployment');
    await expect(rollout.getByTestId('embed-progress')).toHaveText(/^1\//, { timeout: 60_000 });
    await expect(page.locator('#rollout-log')).toContainText('step 1 started: kubectl apply');
    await expect(page.locator('#rollout-log')).toContainText('event Normal ScalingReplicaSet');

    await booted(hello);
    await expect(page.locator('#hello-app-log')).toContainText(
      'loaded "Your own app on Kubernetes" (6 steps)',
    );
    await page.locator('[data-widget="hello-app"][data-send="play"]').click();
    await expect(hello.getByTestId('embed-output')).toContainText('hello-app 1.0 starting', {
      timeout: 120_000,
    });
    await expect(hello.getByTestId('embed-output')).toContainText('Hello from hello-app 1.0!', {
      timeout: 120_000,
    });
    await expect(hello.getByTestId('embed-progress')).toHaveText('6/6');
    await expect(page.locator('#hello-app-log')).toContainText('step 6 finished');
    await page.screenshot({ path: 'scratch/embed-example.png', fullPage: true });
    expect(problems).toEqual([]);
  });

  test('a message from another origin is ignored and reported to the page', async ({ page }) => {
    await page.goto('/embed-example.html');
    const rollout = widget(page, 'rollout');
    await booted(rollout);
    // A frame at another origin (127.0.0.1 is not localhost) tries to drive the widget.
    const stranger = new URL(page.url());
    stranger.hostname = '127.0.0.1';
    stranger.pathname = '/embed.html';
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.id = 'stranger';
      frame.src = src;
      document.body.append(frame);
      return new Promise((resolve) => {
        frame.addEventListener('load', resolve);
      });
    }, stranger.href);
    const frame = page.frames().find((candidate) => candidate.url().startsWith(stranger.origin));
    if (!frame) throw new Error('no stranger frame');
    await frame.evaluate(
      (message) => {
        window.parent.frames[0]?.postMessage(message, '*');
      },
      { ...PROTOCOL, type: 'step' },
    );
    await expect(page.locator('#rollout-log')).toContainText(
      `error (origin): ignored a message from ${stranger.origin}, which is not an allowed origin`,
    );
    await expect(rollout.getByTestId('embed-progress')).toHaveText(/^0\//);
    await expect(rollout.getByTestId('embed-caption')).toContainText('press play');
  });

  test('a hostile scenario, in the URL or in a message, shows a message and runs nothing', async ({
    page,
  }) => {
    const hostile = {
      version: 1,
      title: '<img src=x onerror="document.title=1">',
      seed: 1,
      speed: 1,
      nodes: 1,
      files: [],
      steps: [],
      script: 'alert(1)',
    };
    await page.goto(`/embed.html?scenario=${encoded(hostile)}`);
    await expect(page.getByTestId('embed-notice')).toContainText(
      'The scenario link is refused: scenario.script: unknown field.',
    );
    await expect(page.locator('img')).toHaveCount(0);
    await expect(page.getByTestId('embed-booting')).toHaveCount(0);

    await page.goto('/embed-example.html');
    const hello = widget(page, 'hello-app');
    await booted(hello);
    await page.evaluate(
      (message) => {
        const frame = document.querySelector<HTMLIFrameElement>('iframe#hello-app');
        frame?.contentWindow?.postMessage(message, window.location.origin);
      },
      { ...PROTOCOL, type: 'load', scenario: { ...hostile, script: undefined, nodes: 99 } },
    );
    await expect(page.locator('#hello-app-log')).toContainText(
      'error (scenario): scenario.nodes: must be between 1 and 12',
    );
    await expect(hello.getByTestId('embed-notice')).toContainText('scenario.nodes');
    await expect(hello.locator('.embed-title')).toHaveText('Your own app on Kubernetes');
    await expect(hello.locator('img')).toHaveCount(0);
  });

  for (const theme of ['light', 'dark'] as const)
    for (const [width, height] of [
      [480, 320],
      [800, 500],
    ] as const)
      test(`the widget at ${width}×${height}, ${theme}`, async ({ page, problems }) => {
        await page.setViewportSize({ width, height });
        await page.goto(`/embed.html?lesson=create-a-pod&theme=${theme}`);
        await expect(page.getByTestId('embed-play')).toBeEnabled({ timeout: 90_000 });
        await page.getByTestId('embed-step').click();
        await expect(page.getByTestId('embed-output')).toContainText('pod/nginx created');
        await page.getByTestId('embed-step').click();
        await expect(page.getByTestId('embed-progress')).toHaveText(/^2\//, { timeout: 60_000 });
        await page.screenshot({ path: `scratch/embed-${width}x${height}-${theme}.png` });
        expect(problems).toEqual([]);
      });
});
