import type { FrameLocator, Page } from '@playwright/test';
import { deflateSync, strToU8 } from 'fflate';
import { expect, test } from './fixtures.ts';

const PROTOCOL = { protocol: 'k8s-playground-embed', version: 1 };

/** A widget on the example page: the <k8s-playground> element's frame, or a bare iframe. */
function widget(page: Page, id: string): FrameLocator {
  return page.frameLocator(`k8s-playground#${id} iframe, iframe#${id}`);
}

/** A docs page at the preview server's origin, written by the test. */
async function docsPage(page: Page, body: string): Promise<void> {
  await page.route('**/docs-page.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><title>docs</title><link rel="icon" href="data:,"></head><body>${body}</body></html>`,
    }),
  );
  await page.goto('/docs-page.html');
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

  test('the example page drives two widgets: an element with a lesson and an iframe with a custom image', async ({
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
    const hello = widget(page, 'hello-app');
    await booted(rollout);
    await booted(hello);
    // A frame at another origin (127.0.0.1 is not localhost) tries to drive the iframe's widget,
    // and to pass for the element's widget by posting a widget message to the page. (The
    // element's frame, in its shadow root, is not among the page's window.frames at all.)
    const stranger = new URL(page.url());
    stranger.hostname = '127.0.0.1';
    stranger.pathname = '/embed.html';
    const target = await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.id = 'stranger';
      frame.src = src;
      document.body.append(frame);
      const hello = document.querySelector<HTMLIFrameElement>('iframe#hello-app');
      const index = Array.from({ length: window.length }, (_, i) => window[i]).indexOf(
        hello?.contentWindow ?? undefined,
      );
      return new Promise<number>((resolve) => {
        frame.addEventListener('load', () => {
          resolve(index);
        });
      });
    }, stranger.href);
    expect(target).toBeGreaterThanOrEqual(0);
    const frame = page.frames().find((candidate) => candidate.url().startsWith(stranger.origin));
    if (!frame) throw new Error('no stranger frame');
    await frame.evaluate(
      ({ index, forged, step }) => {
        window.parent.postMessage(forged, '*');
        window.parent.frames[index]?.postMessage(step, '*');
      },
      {
        index: target,
        forged: { ...PROTOCOL, type: 'error', code: 'cluster', message: 'forged by a stranger' },
        step: { ...PROTOCOL, type: 'step' },
      },
    );
    await expect(page.locator('#hello-app-log')).toContainText(
      `error (origin): ignored a message from ${stranger.origin}, which is not an allowed origin`,
    );
    await expect(page.locator('#rollout-log')).not.toContainText('forged');
    await expect(page.locator('#hello-app-log')).not.toContainText('forged');
    await expect(hello.getByTestId('embed-progress')).toHaveText(/^0\//);
    await expect(hello.getByTestId('embed-caption')).toContainText('press play');
  });

  test('the element with attributes alone plays a lesson at its own size', async ({
    page,
    problems,
  }) => {
    // No script of the author's: the element is in the page before its definition loads.
    await docsPage(
      page,
      `<k8s-playground lesson="create-a-pod" theme="dark" autoplay label="A pod, live"
        style="width: 480px; height: 320px"></k8s-playground>
       <script src="/k8s-playground.js"></script>`,
    );
    const frame = page.locator('k8s-playground iframe');
    await expect(frame).toHaveAttribute('title', 'A pod, live');
    expect(await frame.boundingBox()).toMatchObject({ width: 480, height: 320 });
    const inner = page.frameLocator('k8s-playground iframe');
    await expect(inner.getByTestId('embed-progress')).toHaveText('5/5', { timeout: 150_000 });
    await expect(inner.getByTestId('embed-output')).toContainText('Started');
    await page.screenshot({ path: 'scratch/embed-element-480x320.png' });
    expect(problems).toEqual([]);
  });

  test("the element's methods wait for its widget, and its events report back", async ({
    page,
    problems,
  }) => {
    await docsPage(page, '<script src="/k8s-playground.js"></script>');
    const loaded = await page.evaluate(async () => {
      const { images, scenario } = (await (await fetch('/embed-example.json')).json()) as {
        images: unknown;
        scenario: unknown;
      };
      const element = document.createElement('k8s-playground') as HTMLElement & {
        registerImages(images: unknown): void;
        load(scenario: unknown): void;
      };
      const seen: string[] = [];
      for (const type of ['ready', 'loaded', 'step', 'event', 'error'])
        element.addEventListener(type, () => seen.push(type));
      document.body.append(element);
      // Called at once, long before the widget is ready: the element holds them until then.
      element.registerImages(images);
      element.load(scenario);
      return new Promise<{ seen: string[]; detail: unknown }>((resolve) => {
        element.addEventListener('loaded', (event) => {
          resolve({ seen, detail: (event as CustomEvent).detail });
        });
      });
    });
    expect(loaded.seen).toEqual(['ready', 'loaded']);
    expect(loaded.detail).toEqual({
      ...PROTOCOL,
      type: 'loaded',
      title: 'Your own app on Kubernetes',
      steps: 6,
      images: ['example.com/hello-app:1.0'],
    });
    expect(problems).toEqual([]);
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

    const { script: _script, ...withoutScript } = hostile;
    await page.goto('/embed-example.html');
    const hello = widget(page, 'hello-app');
    await booted(hello);
    await page.evaluate(
      (message) => {
        const frame = document.querySelector<HTMLIFrameElement>('iframe#hello-app');
        frame?.contentWindow?.postMessage(message, window.location.origin);
      },
      { ...PROTOCOL, type: 'load', scenario: { ...withoutScript, nodes: 99 } },
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
        // The frame is too small for the minimap to earn its place over the diagram.
        await expect(page.locator('.react-flow__minimap')).toHaveCount(1);
        await expect(page.locator('.react-flow__minimap')).toBeHidden();
        await page.screenshot({ path: `scratch/embed-${width}x${height}-${theme}.png` });
        expect(problems).toEqual([]);
      });
});
