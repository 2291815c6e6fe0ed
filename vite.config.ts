import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };
import { vmlintRules } from './scripts/vite-plugin-rules';

export default defineConfig({
  plugins: [vmlintRules(), preact(), crx({ manifest: manifest as never })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Our chunks must never be requested from the console's own hosts (a preload <link> would be).
    modulePreload: false,
    sourcemap: false,
    target: 'chrome120',
  },
  // A fixed port range is not needed: the extension is always loaded from dist/.
  server: { port: 5174, strictPort: false, hmr: false },
});
