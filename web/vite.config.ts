/**
 * Vite config for the admin front end. Root is web/ so `npm run build` (run from the repo root with
 * --config web/vite.config.ts) writes web/dist, which the server serves as static files.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  server: {
    // The API server runs separately in development; the session cookie stays same-origin via the proxy.
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Element Plus is imported whole (simpler than per-component imports). Libraries go to one
    // long-cached vendor chunk (~1 MB, 330 kB gzipped) so an app change does not invalidate it;
    // the views are split per route by the router's lazy imports.
    chunkSizeWarningLimit: 1300,
    rolldownOptions: {
      output: {
        // ECharts (~1 MB) only for the 监督统计 page: its own chunk, loaded with that view.
        codeSplitting: { groups: [{ name: 'echarts', test: /node_modules[\\/](echarts|zrender|vue-echarts)[\\/]/, priority: 10 }, { name: 'vendor', test: /node_modules/ }] },
      },
    },
  },
});
