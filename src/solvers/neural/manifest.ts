/**
 * models/manifest.json: one entry per exported model (written by models/training/manifest.py).
 * Models are data: the neural solvers are built from these entries, nothing else.
 */
import { isNeuralProblem, type NeuralProblem } from './env';

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

export interface Manifest {
  version: number;
  models: ModelEntry[];
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
    if (!m.id || !isNeuralProblem(m.problem) || !m.files?.encoder || !m.files?.step || !m.config) {
      throw new Error(`manifest: entry ${JSON.stringify(m.id)} lacks id / problem / files / config`);
    }
  }
  return doc;
}

export function usableModels(doc: Manifest): ModelEntry[] {
  return doc.models.filter((m) => m.featureVersion === FEATURE_VERSION);
}

export function modelFor(doc: Manifest, problem: NeuralProblem): ModelEntry | undefined {
  return usableModels(doc).find((m) => m.problem === problem);
}
