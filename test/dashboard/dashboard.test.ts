import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium, launchChromium } from '../helpers/chromium';
import { VALID_CREDIT_CODE } from '../api/support/fixture-source';
import { eventually, startTestGateway, type TestGateway } from '../api/support/test-gateway';

const browser = ensureChromium();
const SCREENSHOT = path.resolve('test-results/dashboard.png');

describe.skipIf('skip' in browser)(`dashboard in headless Chromium${'skip' in browser ? ` (skipped: ${browser.skip})` : ''}`, () => {
  let g: TestGateway;
  let context: BrowserContext;
  let chromiumHandle: Awaited<ReturnType<typeof launchChromium>> | undefined;
  const problems: string[] = [];

  async function signIn(token: string): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
    await page.goto(`${g.gw.url}/`);
    await page.locator('#token-input').fill(token);
    await page.locator('#token-form button[type=submit]').click();
    await page.locator('[data-test="who"]').filter({ hasText: '·' }).waitFor();
    return page;
  }

  beforeAll(async () => {
    g = await startTestGateway();
    await g.addFixtureAdapter('fx-people');
    g.source.rows.push(
      { id: 'p1', name: '甲公司', code: VALID_CREDIT_CODE, kind: '企业', gx: '2026-01-05 08:00:01' },
      { id: 'p2', name: '乙合作社', code: VALID_CREDIT_CODE, kind: '合作社', gx: '2026-01-05 08:00:02' },
    );
    chromiumHandle = await launchChromium((browser as { path: string }).path, { viewport: { width: 1400, height: 1000 } });
    context = chromiumHandle.context;
  }, 240_000);
  afterAll(async () => {
    await chromiumHandle?.close();
    await g?.stop();
  });

  it('an operator pulls, sees the quarantine by reason, replays a fixed record and sees it delivered', async () => {
    const page = await signIn(g.tokens.operator);
    expect(await page.locator('[data-test="who"]').textContent()).toBe('ops-alice · operator');

    await page.locator('#nav a[data-view="adapters"]').click();
    const row = page.locator('tr[data-adapter-id="fx-people"]');
    expect(await row.locator('[data-test="adapter-state"]').textContent()).toBe('idle');
    expect(await row.textContent()).toContain('never');
    await row.locator('[data-test="pull-now"]').click();
    await page.locator('[data-test="adapter-note"]').filter({ hasText: 'pull queued' }).waitFor();
    await eventually(
      async () => (await g.t.db.query(`SELECT count(*)::int AS n FROM quarantine WHERE resolved_at IS NULL`)).rows[0].n === 1,
    );
    await page.locator('tr[data-adapter-id="fx-people"] td').filter({ hasText: '· ok' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('tr[data-adapter-id="fx-people"] [data-test="adapter-state"]').textContent()).toBe('idle');

    await page.locator('#nav a[data-view="quarantine"]').click();
    const group = page.locator('tr[data-reason="UNKNOWN_CODE"]');
    await group.waitFor();
    expect(await group.textContent()).toContain('fx-people');
    const entry = page.locator('tbody tr[data-quarantine-id]').filter({ hasText: 'p2' });
    expect(await entry.textContent()).toContain('kind "合作社" is not in the translation table');

    g.source.labels.set('合作社', 'COOPERATIVE');
    await entry.locator('[data-test="replay-one"]').click();
    const result = page.locator('[data-test="replay-result"]');
    await result.waitFor();
    expect(await result.textContent()).toContain('1 mapped, 0 still quarantined');
    await eventually(
      async () =>
        (await g.t.db.query(`SELECT state FROM national_record_states WHERE record_id = 'fx:people:p2'`)).rows[0]?.state === 'accepted',
    );

    await page.goto(`${g.gw.url}/#/lineage?recordId=fx:people:p2`);
    await page.locator('[data-test="lineage-version"][data-state="accepted"]').waitFor();
    expect(await page.locator('[data-test="lineage-record"] h2').first().textContent()).toBe('fx-people / people / p2');

    await page.locator('#nav a[data-view="overview"]').click();
    await page.locator('[data-test="interface"][data-interface="subjects"]').waitFor();
    await page.locator('[data-test="chart-throughput"] polyline').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-test="adapter-tile"][data-adapter-id="fx-people"] [data-health]').getAttribute('data-health')).toBe(
      'green',
    );
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000);

    const html = await page.content();
    expect(html).not.toContain(g.tokens.operator);
    expect(html).not.toContain(g.tokens.admin);
    expect(problems).toEqual([]);
  });

  it('works read-only with a viewer token: no replay, pull or resume buttons', async () => {
    g.source.rows.push({ id: 'p3', name: '丙', code: VALID_CREDIT_CODE, kind: '未知', gx: '2026-01-05 08:00:03' });
    await g.gw.pullNow('fx-people');
    const page = await signIn(g.tokens.viewer);
    expect(await page.locator('[data-test="who"]').textContent()).toBe('viewer-bob · viewer');
    await page.locator('#nav a[data-view="quarantine"]').click();
    await page.locator('tbody tr[data-quarantine-id]').filter({ hasText: 'p3' }).waitFor();
    expect(await page.locator('[data-test="replay-one"], [data-test="replay-group"], [data-test="replay-filter"]').count()).toBe(0);
    await page.locator('tbody tr[data-quarantine-id] [data-test="details"]').first().click();
    await page.locator('[data-test="quarantine-detail"]').waitFor();
    expect(await page.locator('[data-test="payload-editor"]').count()).toBe(0);
    await page.locator('#nav a[data-view="adapters"]').click();
    await page.locator('tr[data-adapter-id="fx-people"]').waitFor();
    expect(await page.locator('[data-test="pull-now"], [data-test="toggle"]').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('asks for a token again when the token is refused', async () => {
    const page = await context.newPage();
    await page.goto(`${g.gw.url}/`);
    await page.locator('#token-input').fill('tgw_wrong');
    await page.locator('#token-form button[type=submit]').click();
    await page.locator('#sign-in-error').filter({ hasText: 'refused' }).waitFor();
    expect(await page.locator('#nav').isHidden()).toBe(true);
  });
});
