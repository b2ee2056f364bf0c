/**
 * The solver contract shared by the app's workers and the CLI. A solver is anytime and seeded:
 * it reports its best solution so far through a throttled callback, returns the best found as
 * soon as `signal` aborts (Stop), and never keeps state between runs, so a cancelled run leaves
 * its worker ready for the next one. Solvers return routes only: cost and feasibility come from
 * core/evaluate.
 */
import type { Instance, ProblemKind } from '../core/instance';
import type { Solution } from '../core/solution';

export type SolverFamily = 'construction' | 'classical' | 'neural';

export interface SolverInfo {
  /** Stable id used by the CLI, benchmarks and saved runs. */
  id: string;
  name: string;
  family: SolverFamily;
  problems: ProblemKind[];
  /** Where it can run: 'js' for plain TypeScript, 'wasm' / 'webgpu' / 'node' for ONNX runtimes. */
  backends: string[];
  description: string;
}

export interface SolveOptions {
  /** Wall-clock budget; the solver returns its best by then. */
  timeLimitMs: number;
  seed: number;
  backend?: string;
  params?: Record<string, unknown>;
  /**
   * A solution to start from (the neural + local search variant hands its routes to a classical
   * solver this way). Solvers that cannot use one ignore it; those that can never return worse.
   */
  initial?: Solution;
}

export interface Progress {
  solution: Solution;
  /** Objective of `solution` as the solver sees it (display only; the evaluator decides). */
  cost: number;
  elapsedMs: number;
  /** 0..1 where the solver can tell. */
  fraction?: number;
}

export interface SolveControl {
  onProgress?: (p: Progress) => void;
  /** Aborting means Stop: return the best solution found so far, promptly. */
  signal?: AbortSignal;
}

export interface SolveResult {
  solution: Solution;
  elapsedMs: number;
  timeToBestMs: number;
  iterations?: number;
  /** True when the run ended because `signal` aborted. */
  stopped: boolean;
  /** The runtime that ran it where there is a choice (neural: 'webgpu', 'wasm' or 'node'). */
  backend?: string;
  /**
   * Neural: how long the run waited for its runtime and model sessions before decoding (a first
   * run pays for the runtime's start; 0 when they were warmed up ahead, or by an earlier run).
   */
  startupMs?: number;
}

/** What a warm-up prepares: the runtime a run of this problem kind would use. */
export interface WarmOptions {
  backend?: string;
  params?: Record<string, unknown>;
}

/** A finished warm-up: what ran it and how long it took (0 when it was ready already). */
export interface WarmReport {
  backend: string;
  ms: number;
}

export interface Solver extends SolverInfo {
  solve(instance: Instance, options: SolveOptions, control?: SolveControl): Promise<SolveResult>;
  /**
   * Prepares, ahead of a run, what the first run of `problem` would otherwise start up itself
   * (neural: the ONNX runtime and that problem's model sessions, kept for the runs that follow).
   * Solvers with nothing to prepare leave it out.
   */
  warm?(problem: ProblemKind, options: WarmOptions): Promise<WarmReport>;
}

/** Calls `fn` at most every `intervalMs`, always letting the first call through. */
export function throttle<T>(fn: ((value: T) => void) | undefined, intervalMs: number): (value: T, force?: boolean) => void {
  let last = -Infinity;
  return (value, force = false) => {
    if (!fn) return;
    const now = performance.now();
    if (force || now - last >= intervalMs) {
      last = now;
      fn(value);
    }
  };
}
