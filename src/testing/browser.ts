/**
 * Browser-test support: Debian's Chromium driven by playwright-core, a server on a fresh embedded
 * database, and a check that Chinese text renders as glyphs rather than boxes (text assertions pass
 * either way, so the test compares rendered pixels).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp, WEB_DIST } from '../http/app.ts';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from './database.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** Builds web/dist when it is missing (a fresh clone running npm test). */
export async function ensureWebBuilt(): Promise<void> {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)), logLevel: 'warn' });
}

export interface BrowserEnv { browser: Browser; app: FastifyInstance; db: TestDatabase; baseUrl: string; close(): Promise<void> }

/** Starts a server with a city, a county and admin/secret-pass, and a headless Chromium. */
export async function startBrowserEnv(): Promise<BrowserEnv> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk`);
  await ensureWebBuilt();
  const db = await openTestDatabase();
  await seedMinimalOrgs(db);
  const app = await buildApp({ database: db, uploadDir: join(db.dataDir, 'uploads') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    browser, app, db, baseUrl: `http://127.0.0.1:${port}`,
    close: async () => { await browser.close(); await app.close(); await db.dispose(); },
  };
}

/**
 * Renders each of the given characters with the font of `selector` on a canvas and reports whether
 * they are real glyphs: with a missing CJK font every character draws the same .notdef box, so
 * distinct characters yield identical pixels (and match an unassigned code point's box).
 */
export async function chineseGlyphsRender(page: Page, selector: string, chars: string): Promise<{ ok: boolean; distinct: number; boxLike: number }> {
  // Sent as source text: tsx would wrap a function literal in helpers the page does not have.
  return page.evaluate(`(${GLYPH_PROBE})(${JSON.stringify(selector)}, ${JSON.stringify(chars)})`);
}

const GLYPH_PROBE = `function (selector, chars) {
  var el = document.querySelector(selector) || document.body;
  var canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  var g = canvas.getContext('2d');
  g.font = '48px ' + getComputedStyle(el).fontFamily;
  function draw(ch) { g.clearRect(0, 0, 64, 64); g.fillStyle = '#000'; g.fillText(ch, 4, 52); return canvas.toDataURL(); }
  var box = draw(String.fromCodePoint(0xE000));
  var images = Array.from(new Set(Array.from(chars))).map(draw);
  var distinct = new Set(images).size;
  var boxLike = images.filter(function (i) { return i === box; }).length;
  return { ok: distinct === images.length && boxLike === 0, distinct: distinct, boxLike: boxLike };
}`;
