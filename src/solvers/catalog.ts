/**
 * What the page knows of the solvers, without their code: the main bundle imports this, and only
 * the workers and the CLI import the implementations (through registry.ts). Generated from the
 * registry by scripts/solver-catalog.ts; tests/ui/solver-catalog.test.ts keeps the two equal.
 */
import type { SolverInfo } from './solver';

export const SOLVER_CATALOG: readonly SolverInfo[] = [
  {
    id: 'nearest',
    name: 'Nearest neighbour',
    family: 'construction',
    problems: ['atsp', 'acvrp', 'acvrptw', 'pvrp-p', 'pvrp-zc'],
    backends: ['js'],
    description: 'Greedy construction: always drive to the cheapest next client the rules allow.',
  },
  {
    id: 'savings',
    name: 'Clarke–Wright savings',
    family: 'construction',
    problems: ['acvrp', 'acvrptw', 'pvrp-p', 'pvrp-zc'],
    backends: ['js'],
    description: 'Start with one route per client, then join routes end-to-start by decreasing saving c(i,0) + c(0,j) − c(i,j).',
  },
  {
    id: 'regret',
    name: 'Regret-3 insertion',
    family: 'construction',
    problems: ['acvrp', 'acvrptw', 'pvrp-p', 'pvrp-zc'],
    backends: ['js'],
    description: 'Insert first the client whose 3 best routes differ most in cost; a new route per vehicle type is an option while the fleet allows.',
  },
  {
    id: 'sisr',
    name: 'SISR ruin & recreate',
    family: 'classical',
    problems: ['acvrp', 'acvrptw', 'pvrp-p', 'pvrp-zc'],
    backends: ['js'],
    description: 'String removals + greedy insertion with blinks, simulated annealing (Christiaens & Vanden Berghe 2020).',
  },
  {
    id: 'atsp-ils',
    name: 'ATSP iterated Or-3opt',
    family: 'classical',
    problems: ['atsp'],
    backends: ['js'],
    description: 'Orientation-preserving 3-opt over neighbour lists with localised double-bridge kicks (iterated local search).',
  },
  {
    id: 'neural',
    name: 'Neural (POMO ×8)',
    family: 'neural',
    problems: ['acvrp', 'acvrptw', 'atsp', 'pvrp-p', 'pvrp-zc'],
    backends: ['webgpu', 'wasm', 'node'],
    description: 'RRNCO-S policy (CAMP-S for PVRP-P / PVRP-ZC): greedy from every start (a spread set of them past ~250 stops) on 8 coordinate symmetries, then sampling until the time limit (CAMP-S: the clients of random pairs of vehicles re-decoded as their own instances until the time limit). VRPs from 60 stops: groups of neighbouring routes re-decoded as small instances (~30 stops; from 150 stops ~100, right after the first greedy; from 450 stops the first answer decodes sectors of ~300 stops around the depot side by side instead of the whole) until the time limit, in place of sampling; where routes average 15 stops or more, every fifth pass re-decodes each route alone. ATSP from 60 stops: windows of ~50 stops of the tour re-decoded as paths until the time limit, in place of sampling (from 150 stops right after the first greedy).',
  },
  {
    id: 'neural-greedy',
    name: 'Neural greedy',
    family: 'neural',
    problems: ['acvrp', 'acvrptw', 'atsp', 'pvrp-p', 'pvrp-zc'],
    backends: ['webgpu', 'wasm', 'node'],
    description: 'RRNCO-S policy (CAMP-S for PVRP-P / PVRP-ZC): one greedy rollout from every start (a spread set of them past ~250 stops), no augmentation. VRPs from 450 stops: sectors of ~300 stops around the depot decoded side by side, then four greedy passes that re-decode groups of neighbouring routes (~100 stops) and keep them where cheaper, and where routes average 15 stops or more one that re-decodes every route alone; ATSP from 200 stops: four greedy passes that re-decode windows of ~50 stops of the tour as paths. The answer does not depend on the time limit.',
  },
  {
    id: 'neural-ls',
    name: 'Neural + local search',
    family: 'neural',
    problems: ['acvrp', 'acvrptw', 'atsp', 'pvrp-p', 'pvrp-zc'],
    backends: ['webgpu', 'wasm', 'node'],
    description: 'RRNCO-S policy (CAMP-S for PVRP-P / PVRP-ZC), greedy POMO ×8 (×1 past ~250 stops; VRPs from 450 stops: sectors of ~300 stops decoded side by side), then the classical search (atsp-ils / sisr) polishes its best routes for the rest of the time.',
  },
];
