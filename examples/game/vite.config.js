import { defineConfig } from 'vite';

// peermatch's Worker entries use `new URL('./x.js', import.meta.url)`: let Vite
// process the package as source rather than pre-bundle it.
export default defineConfig({ optimizeDeps: { exclude: ['peermatch'] } });
