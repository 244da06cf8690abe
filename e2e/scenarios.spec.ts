import { expect, openBooted, test } from './fixtures.ts';

test.describe('scenarios', () => {
  test('a lesson opens from the menu, plays its steps with captions, and replays from its link', async ({
    page,
    problems,
  }) => {
    await openBooted(page);
    await page.getByLabel('Open a lesson').selectOption({ label: 'Why is my Pod Pending?' });
    await expect(page).toHaveURL(/#scenario=/);
    await expect(page.getByTestId('booting')).toBeHidden({ timeout: 60_000 });
    const lesson = page.getByTestId('lesson');
    await expect(lesson).toContainText('Why is my Pod Pending?');
    await expect(page.getByTestId('editor')).toContainText('name: greedy');

    await page.getByTestId('lesson-next').click();
    await expect(page.getByTestId('lesson-step-1')).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('lesson-step-1')).toContainText('pod/greedy created');
    await page.getByTestId('lesson-play').click();
    await expect(page.getByTestId('lesson-done')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('lesson-step-3')).toContainText(
      '0/3 nodes are available: 3 Insufficient cpu.',
    );
    await expect(page.getByTestId('lesson-step-6')).toContainText('pod "greedy" deleted');
    await expect(page.getByTestId('pod-modest')).toHaveAttribute('data-status', 'Running');
    await page.screenshot({ path: 'docs/screenshots/lesson.png' });

    await page.getByTestId('share').click();
    const link = await page.getByTestId('share-link').inputValue();
    expect(link).toContain('#scenario=');
    await page.goto(link);
    await page.reload();
    await expect(page.getByTestId('lesson')).toContainText('Why is my Pod Pending?');
    expect(problems).toEqual([]);
  });

  test('what a learner does is shared as a link that replays it', async ({ page, problems }) => {
    await openBooted(page);
    await page.getByTestId('apply').click();
    await expect(page.getByTestId('apply-output')).toContainText('pod/nginx created');
    await page.getByTestId('terminal').click();
    await page.keyboard.type('kubectl label pod nginx tier=web');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('terminal')).toContainText('pod/nginx labeled');

    await page.getByTestId('share').click();
    const link = await page.getByTestId('share-link').inputValue();
    expect(problems).toEqual([]);
    // Another tab opens the link, as someone it was sent to would.
    const replay = await page.context().newPage();
    await replay.goto(link);
    await expect(replay.getByTestId('booting')).toBeHidden({ timeout: 60_000 });
    await expect(replay.getByTestId('lesson')).toContainText('My cluster');
    await expect(replay.getByTestId('lesson-step-1')).toContainText(
      'kubectl apply -f manifest-1.yaml',
    );
    await replay.getByTestId('lesson-play').click();
    await expect(replay.getByTestId('lesson-done')).toBeVisible({ timeout: 60_000 });
    await expect(replay.getByTestId('lesson')).toContainText('pod/nginx labeled');
  });

  test('a damaged or hostile link says why and starts a fresh cluster', async ({
    page,
    problems,
  }) => {
    await page.goto('/#scenario=not-a-scenario!');
    await expect(page.getByTestId('link-error')).toContainText(
      'The scenario link is damaged: it is not valid base64url.',
    );
    await expect(page.getByTestId('booting')).toBeHidden({ timeout: 60_000 });
    await expect(page.getByTestId('zone-node-3')).toBeVisible();
    await expect(page.getByTestId('lesson')).toHaveCount(0);
    await page.screenshot({ path: 'docs/screenshots/bad-link.png' });
    expect(problems).toEqual([]);
  });
});
