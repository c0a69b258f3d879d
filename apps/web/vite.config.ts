import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const serverUrl = process.env.VITE_SERVER_URL ?? 'http://localhost:8000';

// The web app is built into dist/web, which the server serves at `/`; `npm run dev:web` serves it
// from source and passes API calls to a running server.
export default defineConfig({
  root: here,
  plugins: [react()],
  resolve: {
    alias: { '@app/contracts': path.resolve(here, '../../libs/contracts/src') },
  },
  build: {
    outDir: process.env.WEB_OUT_DIR ?? path.resolve(here, '../../dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 700,
    sourcemap: process.env.WEB_SOURCEMAP === '1',
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: serverUrl, changeOrigin: false }, '/health': serverUrl },
  },
});
