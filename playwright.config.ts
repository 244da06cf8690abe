import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, systemChromium } from './e2e/chromium.ts';

// E2E_PORT lets several checkouts run their browser tests side by side without reusing each
// other's preview server.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 30_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1440, height: 900 },
        // Debian's chromium when the machine has it (CI and these workstations); otherwise
        // Playwright's own browser, for anyone who ran `npx playwright install chromium`.
        launchOptions: systemChromium
          ? { executablePath: systemChromium, args: [...CHROMIUM_ARGS] }
          : {},
      },
    },
  ],
  // The built app, as users get it; `npm run test:e2e` builds first.
  webServer: {
    command: `npx vite preview --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
