/**
 * models/manifest.json: one entry per exported model (written by models/training/manifest.py).
 * Models are data: the neural solvers are built from these entries, nothing else. Two families:
 * RRNCO-S (atsp, acvrp, acvrptw) and CAMP-S (pvrp-p, pvrp-zc, `family: 'camp-s'`).
 */
import { isNeuralProblem, type NeuralProblem } from './env';
import { isPvrpProblem, type PvrpProblem } from './pvrp-env';

export interface TensorSpec {
  name: string;
  dtype: 'float32' | 'bool' | 'int32';
  /** Symbolic axes: A = augmentations, N = nodes, S = rollouts per augmentation. */
  shape: (number | string)[];
}

export interface ModelConfig {
  problem: NeuralProblem;
  d: number;
  layers: number;
  ffn: number;
  k: number;
  heads: number;
  nab_hidden: number;
  dec_ffn: number;
  clip: number;
  /** Subtracted from the depot's logit inside the step graph (absent in older entries: 0). */
  depot_penalty?: number;
}

export interface ModelEntry {
  id: string;
  family: string;
  problem: NeuralProblem;
  featureVersion: number;
  /** Paths relative to the manifest's folder. */
  files: { encoder: string; step: string };
  bytes?: { encoder: number; step: number };
  opset: number;
  params: number;
  config: ModelConfig;
  nodeFeatures: string[];
  context: string[];
  io: { encoder: { inputs: TensorSpec[]; outputs: TensorSpec[] }; step: { inputs: TensorSpec[]; outputs: TensorSpec[] } };
  sizes?: { trainedN: number[]; minN: number };
  training?: Record<string, unknown>;
  validation?: Record<string, unknown>;
}

/** CAMP-S (PVRP-P, PVRP-ZC): models/training/camp_manifest.py; its graphs: camp_export.py. */
export interface CampModelConfig extends Omit<ModelConfig, 'problem'> {
  problem: PvrpProblem;
  comm_layers: number;
  /** Profile-attention blocks (camp_model.ProfileBlock); absent in models exported before them. */
  prof_layers?: number;
}

export interface CampModelEntry extends Omit<ModelEntry, 'problem' | 'config'> {
  family: 'camp-s';
  problem: PvrpProblem;
  config: CampModelConfig;
  vehicleFeatures: string[];
}

export interface Manifest {
  version: number;
  models: (ModelEntry | CampModelEntry)[];
}

/** The CAMP-S feature layout this runtime builds (pvrp-features.ts). */
export const CAMP_FEATURE_VERSION = 1;

export function isCampEntry(m: ModelEntry | CampModelEntry): m is CampModelEntry {
  return m.family === 'camp-s';
}

/** The feature layout this runtime builds (features.ts); entries with another version are refused. */
export const FEATURE_VERSION = 1;

export function parseManifest(text: string): Manifest {
  return checkManifest(JSON.parse(text));
}

/** An already parsed manifest (a JSON import), checked like parseManifest's. */
export function checkManifest(value: unknown): Manifest {
  const doc = value as Manifest;
  if (!doc || !Array.isArray(doc.models)) throw new Error('manifest: expected { version, models: [...] }');
  for (const m of doc.models) {
    const problemOk = isCampEntry(m) ? isPvrpProblem(m.problem) : isNeuralProblem(m.problem);
    if (!m.id || !problemOk || !m.files?.encoder || !m.files?.step || !m.config) {
      throw new Error(`manifest: entry ${JSON.stringify(m.id)} lacks id / problem / files / config`);
    }
  }
  return doc;
}

/** The RRNCO-S entries this runtime can run. */
export function usableModels(doc: Manifest): ModelEntry[] {
  return doc.models.filter((m): m is ModelEntry => !isCampEntry(m) && m.featureVersion === FEATURE_VERSION);
}

/** The CAMP-S entries this runtime can run. */
export function campModels(doc: Manifest): CampModelEntry[] {
  return doc.models.filter((m): m is CampModelEntry => isCampEntry(m) && m.featureVersion === CAMP_FEATURE_VERSION);
}

export function modelFor(doc: Manifest, problem: NeuralProblem): ModelEntry | undefined {
  return usableModels(doc).find((m) => m.problem === problem);
}

/**
 * How much training a model had, for report headers: its own steps, and those of the checkpoint
 * it started from (`--init`, e.g. RL after imitation), which its own count leaves out.
 */
export function trainingSteps(entry: Pick<ModelEntry, 'training'>): string {
  const t = entry.training ?? {};
  const own = typeof t.steps === 'number' ? t.steps : undefined;
  const init = t.init as { step?: unknown } | null | undefined;
  const before = init && typeof init.step === 'number' ? init.step : undefined;
  if (own === undefined) return 'steps unknown';
  return before === undefined ? `${own} steps` : `${own} steps after ${before} of its init`;
}
