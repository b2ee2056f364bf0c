/**
 * How promptly a run stops, measured so that a busy machine cannot fail it: the CPU time this
 * process spends between Stop and the answer (what a solver still computes once told to stop)
 * must stay small, while the wall clock, which other processes stretch, only has to stay within
 * what a loaded 2-core machine keeps. Raw stop latency is a benchmark's to measure.
 */
import { expect } from 'vitest';

export const STOP_CPU_MS = 200;
export const STOP_WALL_MS = 2000;

export interface Mark {
  wall: number;
  cpu: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export function mark(): Mark {
  return { wall: performance.now(), cpu: cpuMs() };
}

/** Asserts that the time since `stopAt` (taken when Stop was given) is a prompt stop. */
export function expectPromptStop(stopAt: Mark): void {
  const cpu = cpuMs() - stopAt.cpu;
  const wall = performance.now() - stopAt.wall;
  expect(cpu, `CPU time after Stop (wall ${wall.toFixed(0)} ms)`).toBeLessThan(STOP_CPU_MS);
  expect(wall, 'wall time after Stop').toBeLessThan(STOP_WALL_MS);
}
