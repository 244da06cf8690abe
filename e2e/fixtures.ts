import { test as base, expect, type Page } from '@playwright/test';

/**
 * A page that records every console error or warning, page error and failed request. The
 * first-visit tour is marked as seen, so it stays out of specs about other things.
 */
export const test = base.extend<{ problems: string[] }>({
  context: async ({ context }, use) => {
    await context.addInitScript(() => {
      // about:blank has no storage; only the app's pages need the tour marked as seen.
      if (location.protocol.startsWith('http')) localStorage.setItem('k8s-playground.tour', 'done');
    });
    await use(context);
  },
  problems: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`requestfailed: ${request.url()}`));
    await use(problems);
  },
});

export { expect };

/** Opens the app and waits until the cluster has booted (all nodes Ready). */
export async function openBooted(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('booting')).toBeHidden({ timeout: 60_000 });
  await expect(page.getByTestId('apply')).toBeEnabled();
}

/** Replaces the editor's text (Monaco keeps its own model; select all and type over it). */
export async function setEditorText(page: Page, text: string): Promise<void> {
  const editor = page.getByTestId('editor').locator('.monaco-editor').first();
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // Monaco auto-indents typed text; insert it as one paste-like edit instead.
  await page.keyboard.insertText(text);
}
