/** The experiment source worker's logic: a file's range, inline instances, and located errors as answers. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleInstance } from '../../src/core/cities/sampler';
import { routelabToJson } from '../../src/core/formats/routelab-json';
import { SourceHost } from '../../src/workers/experiment-source-host';
import { SOURCE_NOT_OPEN } from '../../src/workers/experiment-source-protocol';
import { bundledCity, repoPath } from '../helpers';

const bytes = () => new Uint8Array(readFileSync(repoPath('e2e', 'fixtures', 'rrnco-rcvrp-batch.npz')));

describe('experiment source host', () => {
  it('opens a range of a batch and builds its instances by position', () => {
    const host = new SourceHost();
    const opened = host.open({ key: 'x', source: { kind: 'file', file: 'rrnco-rcvrp-batch.npz', from: 1, to: 2 }, definitionFile: 'def.json', bytes: bytes() });
    expect(opened).toEqual({ ok: true, value: { count: 2, first: 1 } });
    const inst = host.instance({ key: 'x', position: 1 });
    expect(inst.ok && (inst.value as { name: string }).name).toBe('rrnco-rcvrp-batch#2');
    host.close({ key: 'x' });
    const gone = host.instance({ key: 'x', position: 0 });
    expect(!gone.ok && gone.error.expected).toBe(SOURCE_NOT_OPEN);
  });

  it('a range past the file names the definition and the field', () => {
    const reply = new SourceHost().open({ key: 'x', source: { kind: 'file', file: 'rrnco-rcvrp-batch.npz', to: 5 }, definitionFile: 'def.json', bytes: bytes() });
    expect(!reply.ok && reply.error).toMatchObject({ file: 'def.json', field: 'instances.to' });
  });

  it('a broken problem file is reported against itself', () => {
    const reply = new SourceHost().open({ key: 'x', source: { kind: 'file', file: 'broken.npz' }, definitionFile: 'def.json', bytes: new Uint8Array([0x50, 0x4b, 1, 2]) });
    expect(!reply.ok && reply.error.file).toBe('broken.npz');
  });

  it('inline instances are the RouteLab JSON they were saved as; a bad one names its place', () => {
    const inst = sampleInstance(bundledCity('Monaco'), { problem: 'acvrp', n: 10, seed: 4 });
    const host = new SourceHost();
    host.open({ key: 'i', source: { kind: 'inline', instances: [routelabToJson(inst), { n: 'x' }] }, definitionFile: 'exp.json' });
    const back = host.instance({ key: 'i', position: 0 });
    expect(back.ok && (back.value as { distance: Float64Array }).distance).toEqual(inst.distance);
    const bad = host.instance({ key: 'i', position: 1 });
    expect(!bad.ok && bad.error).toMatchObject({ file: 'exp.json', field: 'instances.instances[1].n' });
  });
});
