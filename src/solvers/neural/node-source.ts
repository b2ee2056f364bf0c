/** Model files from the file system, for the CLI and tests (never imported by browser code). */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifest, type Manifest } from './manifest';
import type { ModelSource } from './solver';

export const MODELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../models');

export function fileSource(dir: string = MODELS_DIR): ModelSource {
  return { read: async (file) => new Uint8Array(await readFile(join(dir, file))) };
}

export async function readManifest(path: string = join(MODELS_DIR, 'manifest.json')): Promise<Manifest> {
  return parseManifest(await readFile(path, 'utf8'));
}
