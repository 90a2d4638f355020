import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';

// The root npm scripts run Vite from the repository root, so every path is anchored to this file.
const webDir = fileURLToPath(new URL('.', import.meta.url));

/** One line with the total JavaScript the portal ships, and what the first screen loads, so growth is noticed. */
function reportJavaScriptSize(): Plugin {
  return {
    name: 'report-javascript-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const size = (list: typeof chunks) => {
        const raw = list.reduce((n, c) => n + Buffer.byteLength(c.code), 0);
        const gz = list.reduce((n, c) => n + gzipSync(c.code).length, 0);
        return `${(raw / 1024).toFixed(1)} kB (${(gz / 1024).toFixed(1)} kB gzip)`;
      };
      const entry = chunks.filter((c) => c.isEntry);
      const initial = chunks.filter((c) => c.isEntry || entry.some((e) => e.imports.includes(c.fileName)));
      this.info(`JavaScript shipped: ${size(chunks)} in ${chunks.length} files; first screen loads ${size(initial)}`);
    },
  };
}

export default defineConfig({
  root: webDir,
  plugins: [vue(), reportJavaScriptSize()],
  define: {
    // The portal uses only the Composition API; dropping the Options API and devtools hooks
    // keeps the shipped runtime smaller.
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Every supported browser has native modulepreload; the polyfill would only add bytes.
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
    rolldownOptions: {
      output: {
        // Vue and the router change less often than the portal, so they get a chunk of their own
        // that browsers can keep cached across releases; the charting library goes in another,
        // fetched only by the pages that draw charts.
        codeSplitting: {
          groups: [
            { name: 'charts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 2 },
            { name: 'vendor', test: /node_modules/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
  preview: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
