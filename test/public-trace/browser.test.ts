import fs from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import type { BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium, launchChromium } from '../helpers/chromium';
import type { TestGateway } from '../api/support/test-gateway';
import {
  AMOUNT,
  FARMER_ID,
  FARMER_PHONE,
  MARKET_PHONE,
  TICKET,
  UNIT_PRICE,
  UNKNOWN,
  startSeededGateway,
  storeNoticeOnBatch,
} from './support/seed';

const browser = ensureChromium();
const SCREENSHOT = path.resolve('test-results/public-trace.png');
const RATE_LIMIT = 12;

describe.skipIf('skip' in browser)(
  `public trace page on a phone-sized headless Chromium${'skip' in browser ? ` (skipped: ${browser.skip})` : ''}`,
  () => {
    let g: TestGateway;
    let chromium: Awaited<ReturnType<typeof launchChromium>>;
    let context: BrowserContext;
    let addressSeq = 0;

    /** A page whose requests come from their own client address (the gateway trusts one proxy hop here). */
    async function visitor(): Promise<Page> {
      const page = await context.newPage();
      await page.setExtraHTTPHeaders({ 'x-forwarded-for': `203.0.113.${++addressSeq}` });
      return page;
    }

    beforeAll(async () => {
      ({ g } = await startSeededGateway({
        PUBLIC_TRACE_CACHE_SECONDS: '0',
        PUBLIC_TRACE_RATE_LIMIT: String(RATE_LIMIT),
        PUBLIC_TRACE_TRUST_PROXY_HOPS: '1',
      }));
      // An iPhone-sized viewport, and no JavaScript at all: the page must not need it.
      chromium = await launchChromium((browser as { path: string }).path, {
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        javaScriptEnabled: false,
      });
      context = chromium.context;
    }, 240_000);
    afterAll(async () => {
      await chromium?.close();
      await g?.stop();
    });

    it('shows the product, its origin, producer (masked), market, certificate, test and steps, fitting 390 px, with nothing private', async () => {
      const page = await visitor();
      const res = await page.goto(`${g.gw.url}/t/${TICKET}`);
      expect(res?.status()).toBe(200);
      const text = (testId: string) => page.locator(`[data-test="${testId}"]`).innerText();
      expect(await text('trace-code')).toContain(TICKET);
      expect(await text('product-name')).toBe('菠菜');
      expect(await text('product-category')).toBe('叶菜类蔬菜');
      expect(await text('origin')).toBe('甘肃省 620123');
      expect(await text('producer')).toBe('张**');
      expect(await text('market')).toBe('兰州大青山农贸市场');
      expect(await text('certificate-no')).toBe('HGZ-2026-0001');
      expect(await text('test-conclusion')).toBe('合格');
      expect(await page.locator('[data-test="step"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')))).toEqual([
        'production',
        'certificate',
        'inspection',
        'transport',
        'entry',
        'sale',
      ]);
      expect(await page.locator('[data-test="step"][data-step="sale"]').innerText()).toContain('李*');
      expect(await page.locator('[data-test="warning"]').count()).toBe(0);

      const all = await page.locator('body').innerText();
      const html = await page.content();
      for (const secret of [
        FARMER_ID,
        FARMER_PHONE,
        MARKET_PHONE,
        String(UNIT_PRICE),
        String(AMOUNT),
        '张三丰',
        '王建国',
        'fx:',
        'fx-national',
      ]) {
        expect(all, secret).not.toContain(secret);
        expect(html, secret).not.toContain(secret);
      }
      // Readable on a phone: nothing wider than the screen, text not shrunk.
      expect(await page.locator('html').evaluate((e) => e.scrollWidth)).toBeLessThanOrEqual(390);
      expect(
        await page
          .locator('[data-test="product-name"]')
          .evaluate((e) =>
            parseFloat(
              (e.ownerDocument.defaultView as unknown as { getComputedStyle(x: unknown): { fontSize: string } }).getComputedStyle(e)
                .fontSize,
            ),
          ),
      ).toBeGreaterThanOrEqual(14);
      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      await page.close();
    });

    it('carries a QR code that decodes to the page address and leads back to the page', async () => {
      const page = await visitor();
      await page.goto(`${g.gw.url}/t/${TICKET}`);
      const qr = page.locator('[data-test="qr"]');
      await qr.scrollIntoViewIfNeeded();
      expect(
        await qr.evaluate(
          (img) =>
            (img as unknown as { complete: boolean; naturalWidth: number }).complete &&
            (img as unknown as { naturalWidth: number }).naturalWidth > 0,
        ),
      ).toBe(true);
      const png = PNG.sync.read(await qr.screenshot());
      const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(decoded?.data).toBe(`http://localhost:${g.gw.port}/t/${TICKET}`);
      const again = await page.goto(decoded!.data);
      expect(again?.status()).toBe(200);
      expect(await page.locator('[data-test="trace-code"]').innerText()).toContain(TICKET);
      await page.close();
    });

    it('opens with a warning while an open notice names the goods the ticket was sold from', async () => {
      await storeNoticeOnBatch(g, { noticeId: 'NT20260107000002' });
      const page = await visitor();
      await page.goto(`${g.gw.url}/t/${TICKET}`);
      const warning = page.locator('[data-test="warning"]');
      expect(await warning.count()).toBe(1);
      expect(await warning.getAttribute('role')).toBe('alert');
      const said = await warning.innerText();
      expect(said).toContain('问题产品通报');
      expect(said).toContain('毒死蜱残留超标');
      expect(said).toContain('下架');
      expect(said).not.toContain('13700001111');
      // Prominent: above the product, on the first screen.
      const [w, p] = [await warning.boundingBox(), await page.locator('[data-test="product"]').boundingBox()];
      expect(w!.y).toBeLessThan(p!.y);
      expect(w!.y).toBeLessThan(844);
      await page.screenshot({ path: path.resolve('test-results/public-trace-warning.png') });
      await page.close();
    });

    it('answers an unknown code with a friendly 404 page', async () => {
      const page = await visitor();
      const res = await page.goto(`${g.gw.url}/t/${UNKNOWN}`);
      expect(res?.status()).toBe(404);
      expect(await page.locator('[data-test="not-found"]').innerText()).toContain('没有找到该追溯码的记录');
      const malformed = await page.goto(`${g.gw.url}/t/12345`);
      expect(malformed?.status()).toBe(404);
      await page.close();
    });

    it('past the limit for one address: 429 with Retry-After and a page saying so', async () => {
      const page = await visitor();
      let last = null;
      // Each visit is one or two requests (the QR code may come from the browser's cache): past the limit within RATE_LIMIT + 1 visits.
      for (let i = 0; i <= RATE_LIMIT; i++) {
        last = await page.goto(`${g.gw.url}/t/${TICKET}`);
        if (last?.status() === 429) break;
      }
      expect(last?.status()).toBe(429);
      expect(Number(await last!.headerValue('retry-after'))).toBeGreaterThan(0);
      expect(await page.locator('[data-test="rate-limited"]').innerText()).toContain('查询次数过多');
      // Another address still gets the page.
      const other = await visitor();
      expect((await other.goto(`${g.gw.url}/t/${TICKET}`))?.status()).toBe(200);
      await page.close();
      await other.close();
    });
  },
);
