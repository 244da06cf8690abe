import type { Page } from '@playwright/test';
import { expect, openBooted, test } from './fixtures.ts';

/** The terminal's screen, one string per row (xterm draws rows as DOM elements). */
function screen(page: Page) {
  return page.getByTestId('terminal').locator('.xterm-rows');
}

async function type(page: Page, line: string): Promise<void> {
  await page.getByTestId('terminal').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

test.describe('the terminal', () => {
  test('runs kubectl against the tab’s cluster: get, apply from the editor, watch and Ctrl-C', async ({
    page,
    problems,
  }) => {
    await openBooted(page);
    await expect(screen(page)).toContainText('Type help for examples.');

    await type(page, 'kubectl get nodes');
    await expect(screen(page)).toContainText(/NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
    await expect(screen(page)).toContainText(/node-1\s+Ready\s+<none>/);

    await page.getByTestId('terminal').screenshot({ path: 'docs/screenshots/terminal.png' });
    await type(page, 'kubectl apply -f editor.yaml');
    await expect(screen(page)).toContainText('pod/nginx created');
    await expect(page.getByTestId('pod-nginx')).toHaveAttribute('data-status', 'Running', {
      timeout: 60_000,
    });

    await type(page, 'k get pods -w');
    await expect(screen(page)).toContainText(/nginx\s+1\/1\s+Running\s+0/);
    await page.keyboard.press('Control+C');
    await expect(screen(page)).toContainText('^C');

    await type(page, 'kubectl get pod missing');
    await expect(screen(page)).toContainText(
      'Error from server (NotFound): pods "missing" not found',
    );
    await type(page, 'ls');
    await expect(screen(page)).toContainText('sh: ls: command not found');

    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect(screen(page)).toContainText('$ kubectl get pod missing');
    await page.getByTestId('terminal').screenshot({ path: 'docs/screenshots/terminal.png' });
    await page.screenshot({ path: 'docs/screenshots/workspace-terminal.png' });
    expect(problems).toEqual([]);
  });
});
