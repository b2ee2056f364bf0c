/**
 * The parity fixtures are a contract only while they are what the sources make: each records the
 * fingerprint of the rules / features sources on both sides it was made from.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NEURAL_PROBLEMS } from '../../src/solvers/neural/env';
import { PVRP_PROBLEMS } from '../../src/solvers/neural/pvrp-env';
import { FIXTURE_DIR } from './fixtures';
import { countedLines, fingerprint } from './fingerprint';

describe('parity fixtures', () => {
  const now = fingerprint();

  it.each([...NEURAL_PROBLEMS, ...PVRP_PROBLEMS])('%s was made from the rules and features sources as they are', (problem) => {
    const made = (JSON.parse(readFileSync(`${FIXTURE_DIR}/${problem}.json`, 'utf8')) as { fingerprint?: string }).fingerprint;
    expect(
      made,
      `tests/fixtures/neural/${problem}.json was made from other versions of the sources in tests/fixtures/neural/sources.json (fingerprint ${made}, now ${now}): ` +
        'regenerate the fixtures (/usr/bin/python3 -m models.training.make_fixtures)',
    ).toBe(now);
  });

  it('counts code only: not comments, blank lines or trailing blanks, and only between markers where a file has them', () => {
    expect(countedLines('a.ts', '/**\n * doc\n */\nconst a = 1;  \r\n\n  // note\n  return a * 2;\n')).toEqual(['const a = 1;', '  return a * 2;']);
    expect(countedLines('a.py', 'x = 1\n# parity-fingerprint: begin\ny = 2  # kept\n\n    # note\n# parity-fingerprint: end\nz = 3\n')).toEqual(['y = 2  # kept']);
  });
});
