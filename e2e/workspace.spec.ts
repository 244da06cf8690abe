import type { Page } from '@playwright/test';
import { expect, openBooted, setEditorText, test } from './fixtures.ts';

async function applyNginx(page: Page): Promise<void> {
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-output')).toContainText('pod/nginx created');
  await expect(page.getByTestId('pod-nginx')).toHaveAttribute('data-status', 'Running', {
    timeout: 60_000,
  });
}

/** Leaves the focus on the page itself, where single-key shortcuts apply. */
async function blur(page: Page): Promise<void> {
  await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  });
}

/** Screenshots of a view in both themes, at the smallest supported size and a common one. */
async function shoot(page: Page, name: string): Promise<void> {
  const html = page.locator('html');
  for (let turn = 0; turn < 2; turn++) {
    const theme = await html.getAttribute('data-theme');
    for (const [width, height] of [
      [1280, 720],
      [1440, 900],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: `scratch/${name}-${theme ?? ''}-${width}x${height}.png` });
    }
    // Through the app's own toggle, so Monaco, xterm and the diagram follow.
    await page.getByLabel('Toggle theme').click();
  }
}

test.describe('the workspace', () => {
  test('the events list shows Scheduled, like kubectl get events -w, and selects the pod', async ({
    page,
    problems,
  }) => {
    await openBooted(page);
    await applyNginx(page);
    await page.getByTestId('bottom-tab-events').click();
    const scheduled = page.getByTestId('event-row').filter({ hasText: 'Scheduled' });
    await expect(scheduled).toContainText('pod/nginx');
    await expect(scheduled).toContainText('Successfully assigned default/nginx to node-');
    await expect(page.getByTestId('events-list').locator('th')).toHaveText([
      'NAMESPACE',
      'LAST SEEN',
      'TYPE',
      'REASON',
      'OBJECT',
      'MESSAGE',
    ]);
    await shoot(page, 'events');
    await scheduled.click();
    await expect(page.getByTestId('inspector')).toContainText('pod default/nginx');
    expect(problems).toEqual([]);
  });

  test('a timeline hop, clicked, replays on the diagram', async ({ page, problems }) => {
    await openBooted(page);
    await applyNginx(page);
    await page.getByLabel('Pause').click();
    await page.getByTestId('bottom-tab-timeline').click();
    const timeline = page.getByTestId('timeline');
    await timeline.getByRole('searchbox').fill('pods/default');
    const create = timeline.getByTestId('timeline-row').filter({ hasText: 'POST pods' }).first();
    await expect(create).toContainText('201');
    await create.locator('.timeline-toggle').click();
    await create
      .getByTestId('timeline-hop')
      .filter({ hasText: 'kubectl → kube-apiserver' })
      .click();
    await expect(page.locator('.token text', { hasText: 'POST pods' })).toHaveCount(1);
    await shoot(page, 'timeline');
    expect(problems).toEqual([]);
  });

  test('a component shows its watches and requests; a watch edge its stream', async ({
    page,
    problems,
  }) => {
    await openBooted(page);
    await applyNginx(page);
    await page.getByTestId('component-kube-scheduler').click();
    const inspector = page.getByTestId('inspector');
    await expect(inspector).toContainText('kube-scheduler');
    await expect(inspector.getByTestId('component-watches')).toContainText('pods');
    await shoot(page, 'component-watches');
    await inspector.getByRole('tab', { name: 'Requests' }).click();
    await expect(inspector.getByTestId('component-requests')).toContainText(
      '/api/v1/namespaces/default/pods/nginx/binding',
    );
    await shoot(page, 'component-requests');
    await page.getByTestId('rf__edge-scheduler~apiserver').dispatchEvent('click');
    await expect(inspector).toContainText('watch stream kube-apiserver → kube-scheduler');
    await expect(inspector.getByTestId('edge-events')).toContainText('pods/default/nginx');
    await shoot(page, 'edge-stream');
    expect(problems).toEqual([]);
  });

  test('shortcuts apply, pause, step and show their sheet; editor keys stay the editor’s', async ({
    page,
    problems,
  }) => {
    await openBooted(page);
    await blur(page);
    await page.keyboard.press('Space');
    await expect(page.getByLabel('Play')).toBeVisible();
    const round = page.locator('.clock-bar .round');
    const before = await round.textContent();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('.');
    await expect(round).not.toHaveText(before ?? '');
    await page.keyboard.press('Space');
    await expect(page.getByLabel('Pause')).toBeVisible();

    await page.keyboard.press('ControlOrMeta+s');
    await expect(page.getByTestId('apply-output')).toContainText('pod/nginx created');

    const editor = page.getByTestId('editor').locator('.monaco-editor').first();
    await editor.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' ?.');
    await expect(page.getByTestId('shortcut-sheet')).toBeHidden();
    await expect(page.getByLabel('Pause')).toBeVisible();

    await blur(page);
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcut-sheet')).toContainText(
      'Play or pause the cluster clock',
    );
    for (const turn of [1, 2]) {
      for (const [width, height] of [
        [1280, 720],
        [1440, 900],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.screenshot({ path: `scratch/shortcuts-${turn}-${width}x${height}.png` });
      }
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('shortcut-sheet')).toBeHidden();
      if (turn === 2) break;
      // The sheet is modal: close it to switch themes, then open it again.
      await page.getByLabel('Toggle theme').click();
      await blur(page);
      await page.keyboard.press('?');
    }

    await page.keyboard.press('Control+`');
    await expect(page.getByTestId('terminal').locator('textarea')).toBeFocused();
    expect(problems).toEqual([]);
  });

  test('the theme toggles and is remembered', async ({ page, problems }) => {
    await openBooted(page);
    const html = page.locator('html');
    const first = await html.getAttribute('data-theme');
    await page.getByLabel('Toggle theme').click();
    const second = first === 'dark' ? 'light' : 'dark';
    await expect(html).toHaveAttribute('data-theme', second);
    await page.reload();
    await expect(html).toHaveAttribute('data-theme', second);
    expect(problems).toEqual([]);
  });

  test('the tour shows on a first visit only, and the Help menu brings it back', async ({
    browser,
  }) => {
    // A context without the fixtures' "tour seen" mark: a real first visit.
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await openBooted(page);
    const tour = page.getByTestId('tour');
    await expect(tour).toContainText('Write manifests');
    for (let stop = 1; stop <= 5; stop++) {
      await expect(tour).toContainText(`${stop} / 5`);
      await page.screenshot({ path: `scratch/tour-${stop}-1280x720.png` });
      await page.keyboard.press('Enter');
    }
    await expect(tour).toBeHidden();
    await page.reload();
    await expect(page.getByTestId('booting')).toBeHidden({ timeout: 60_000 });
    await expect(page.getByTestId('apply')).toBeEnabled();
    await expect(tour).toBeHidden();
    await page.getByTestId('help').click();
    await page.getByTestId('help-tour').click();
    await expect(tour).toContainText('1 / 5');
    await page.keyboard.press('Escape');
    await expect(tour).toBeHidden();
    await context.close();
  });

  test('editor tabs persist, and kubectl apply -f reads them by name', async ({
    page,
    problems,
  }) => {
    await openBooted(page);
    await page.getByTestId('editor-tab-new').click();
    await expect(page.getByTestId('editor-tab-manifest-2.yaml')).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await setEditorText(
      page,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: demo}\n',
    );
    await page.getByTestId('editor-tab-manifest-2.yaml').dblclick();
    await page.getByLabel('Rename manifest-2.yaml').fill('settings.yaml');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('editor-tab-settings.yaml')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('booting')).toBeHidden({ timeout: 60_000 });
    await expect(page.getByTestId('editor-tab-settings.yaml')).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(page.getByTestId('editor')).toContainText('name: settings');
    await page.getByTestId('editor-tab-editor.yaml').click();
    await expect(page.getByTestId('editor')).toContainText('name: nginx');

    await page.getByTestId('terminal').click();
    await page.keyboard.type('kubectl apply -f settings.yaml');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('terminal')).toContainText('configmap/settings created');
    await shoot(page, 'tabs');
    expect(problems).toEqual([]);
  });
});
