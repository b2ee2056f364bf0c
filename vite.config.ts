import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const MODELS_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), 'models');
const MODEL_FILE = /^[\w.-]+\.(onnx|json)$/;

function modelFiles(): string[] {
  return existsSync(MODELS_DIR) ? readdirSync(MODELS_DIR).filter((f) => MODEL_FILE.test(f)) : [];
}

/**
 * The neural models live in the repository's top-level models/ (next to their training code),
 * not in public/: this serves them at /models/ in development and copies them into the build.
 */
function modelsPlugin(): Plugin {
  return {
    name: 'routelab-models',
    configureServer(server) {
      server.middlewares.use('/models', (req, res, next) => {
        const [path, query] = (req.url ?? '').split('?');
        // A query (`?import`, `?url`, `?raw`) is Vite's module pipeline importing the file
        // (registry.ts imports manifest.json): answering it with the raw file breaks the module graph.
        if (query !== undefined) return next();
        const file = decodeURIComponent(path.replace(/^\//, ''));
        if (!MODEL_FILE.test(file) || !existsSync(join(MODELS_DIR, file))) return next();
        res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        res.end(readFileSync(join(MODELS_DIR, file)));
      });
    },
    generateBundle() {
      for (const file of modelFiles()) this.emitFile({ type: 'asset', fileName: `models/${file}`, source: readFileSync(join(MODELS_DIR, file)) });
    },
  };
}

// Cross-origin isolation lets onnxruntime-web use threads (docs/neural-runtime.md, docs/deploy.md).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), modelsPlugin()],
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2048 },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
