import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The console's bundle: served by the responder from dist/ (built by `npm run build:console`). */
export default defineConfig({
  root,
  base: '/',
  // The build reads no .env files and no public/ dir: config comes from the server at run time.
  envDir: false,
  publicDir: false,
  logLevel: 'warn',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // A county intranet console: one modern browser family, no legacy polyfills.
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Libraries change less often than pages: separate chunks stay cached across releases.
        manualChunks: { 'element-plus': ['element-plus', 'element-plus/es/locale/lang/zh-cn'], echarts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'] },
      },
    },
  },
});
