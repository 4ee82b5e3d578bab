/**
 * /public/assets/verify.js: the browser build of browser/verify-client.ts with the pure draw verifier,
 * bundled once per process by esbuild (it ships with tsx, which runs the server) with node:crypto and
 * Buffer replaced by browser/node-shims.ts. A prebuilt web/dist/portal/verify.js is used when present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./browser/verify-client.ts', import.meta.url));
const SHIMS = fileURLToPath(new URL('./browser/node-shims.ts', import.meta.url));
const PREBUILT = fileURLToPath(new URL('../../../web/dist/portal/verify.js', import.meta.url));

let built: Promise<string> | null = null;

export async function buildVerifyScript(): Promise<string> {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [ENTRY], bundle: true, write: false, format: 'iife', target: 'es2020', minify: true, platform: 'browser',
    charset: 'utf8', legalComments: 'none', inject: [SHIMS], alias: { 'node:crypto': SHIMS }, logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

export function portalVerifyScript(): Promise<string> {
  built ??= existsSync(PREBUILT) ? Promise.resolve(readFileSync(PREBUILT, 'utf8')) : buildVerifyScript();
  built.catch(() => { built = null; });
  return built;
}
