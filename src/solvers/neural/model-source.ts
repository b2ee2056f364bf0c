/**
 * Where the registered neural solvers read model files from. The registry is shared by the
 * workers and the CLI, which read models differently (fetch from the app's /models/ URL, or
 * the repository's models/ folder), so each entry point configures the source once at start-up.
 */
import type { ModelSource } from './solver';

let configured: ModelSource | null = null;

export function configureModelSource(source: ModelSource): void {
  configured = source;
}

/** A source that reads through whatever is configured when a model is first loaded. */
export const configuredSource: ModelSource = {
  read(file) {
    if (!configured) return Promise.reject(new Error(`model file ${file}: no model source configured (call configureModelSource at start-up)`));
    return configured.read(file);
  },
};
