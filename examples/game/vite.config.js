import { defineConfig } from 'vite';

export default defineConfig({
  // peermatch's Worker entry uses `new URL('./matchmaker.worker.js', import.meta.url)`:
  // the dev server must serve the package as it is rather than pre-bundle it.
  optimizeDeps: { exclude: ['peermatch'] },
  build: { rollupOptions: { input: { game: 'index.html', worker: 'worker.html' } } },
});
