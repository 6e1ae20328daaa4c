import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium, launchChromium } from '../helpers/chromium';
import { advanceCase, storeNoticeRevision } from '../../src/db/queries/notices';
import { insertNationalRecord, notice, traceCode } from '../notices/support';
import { startTestGateway, type TestGateway } from '../api/support/test-gateway';

const browser = ensureChromium();
const SCREENSHOT = path.resolve('test-results/dashboard-cases-phone.png');
const LOT = traceCode('01', 61);

describe.skipIf('skip' in browser)(`dashboard Cases view on a phone${'skip' in browser ? ` (skipped: ${browser.skip})` : ''}`, () => {
  let g: TestGateway;
  let context: BrowserContext;
  let chromiumHandle: Awaited<ReturnType<typeof launchChromium>> | undefined;
  const problems: string[] = [];

  beforeAll(async () => {
    g = await startTestGateway();
    await insertNationalRecord(g.gw.db, 'batches', 'ui-b1', { traceCode: LOT, productCode: 'VEG_LEAFY', quantity: 80, unit: 'KG' });
    await insertNationalRecord(g.gw.db, 'trades', 'ui-t1', {
      traceCode: traceCode('05', 62),
      parentTraceCode: LOT,
      quantity: 5,
      unit: 'KG',
    });
    await storeNoticeRevision(
      g.gw.db,
      notice({
        noticeId: 'NT20261205200001',
        kind: 'RECALL',
        traceCodes: [LOT],
        actionsRequired: ['TRACE', 'OFF_SHELF'],
        hazard: 'chlorpyrifos above the limit',
      }),
      'received',
    );
    await advanceCase(g.gw.db, 'NT20261205200001', 'acknowledged');
    // A phone: 390 × 844 CSS pixels.
    chromiumHandle = await launchChromium((browser as { path: string }).path, { viewport: { width: 390, height: 844 } });
    context = chromiumHandle.context;
  }, 240_000);
  afterAll(async () => {
    await chromiumHandle?.close();
    await g?.stop();
  });

  it('an operator opens the case, records an action, closes it, and the page never scrolls sideways', async () => {
    const page: Page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
    await page.goto(`${g.gw.url}/`);
    await page.locator('#token-input').fill(g.tokens.operator);
    await page.locator('#token-form button[type=submit]').click();
    await page.locator('[data-test="who"]').filter({ hasText: '·' }).waitFor();

    await page.locator('#nav a[data-view="cases"]').click();
    const row = page.locator('tr[data-test="case-row"][data-notice="NT20261205200001"]');
    await row.waitFor();
    expect(await row.locator('[data-test="case-state"]').textContent()).toBe('acknowledged');
    await row.locator('a').first().click();
    await page.locator('[data-test="chain"]').waitFor();
    expect(await page.locator('[data-test="chain"] tbody tr').count()).toBe(2);
    expect(await page.locator('[data-test="close-case"]').isDisabled()).toBe(true);
    // Evaluated in the page (a string, so the test needs no DOM types).
    const fits = () => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1');
    const wide = () =>
      page.evaluate(
        `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map((e) => e.tagName + '.' + e.className)`,
      );
    expect(await fits(), JSON.stringify(await wide())).toBe(true);

    await page.locator('[data-test="action-kind"]').selectOption('OFF_SHELF');
    await page.locator('form.case-action input[name="quantity"]').fill('5');
    await page.locator('form.case-action input[name="unit"]').fill('KG');
    await page.locator('form.case-action input[name="note"]').fill('stall 3');
    await page.locator('form.case-action button[type=submit]').click();
    await page.locator('[data-test="actions"] tbody tr').first().waitFor();
    expect(await page.locator('[data-test="actions"]').textContent()).toContain('stall 3');
    await page.locator('[data-test="close-case"]:not([disabled])').click();
    await page.locator('[data-test="case-state"]').filter({ hasText: 'closed' }).waitFor();
    expect(await fits()).toBe(true);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    const events = await g.t.db.query(`SELECT action FROM events WHERE subject = 'NT20261205200001' AND actor = 'ops-alice' ORDER BY id`);
    expect(events.rows.map((e) => e.action)).toEqual(['notice:action', 'notice:closed']);
    expect(problems).toEqual([]);
  }, 120_000);
});
