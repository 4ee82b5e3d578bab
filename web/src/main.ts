/**
 * Entry: Element Plus (whole, Chinese locale), the router, and what a 401 from any API call does.
 */
import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { router } from './router.ts';
import { onUnauthorized } from './api.ts';
import { setUser } from './session.ts';
import { clearCatalog } from './catalog.ts';
import './styles.css';

// The session expired or was revoked: forget the user and come back here after signing in again.
onUnauthorized(() => {
  setUser(null);
  clearCatalog();
  const current = router.currentRoute.value;
  if (current.name !== 'login') void router.push({ name: 'login', query: { redirect: current.fullPath } });
});

createApp(App).use(ElementPlus, { locale: zhCn }).use(router).mount('#app');

// The PWA shell for the field screens (public/sw.js); only in a built app, never in vite dev.
if ('serviceWorker' in navigator && import.meta.env.PROD) void navigator.serviceWorker.register('/sw.js').catch(() => {});
