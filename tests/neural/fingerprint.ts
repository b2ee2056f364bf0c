/**
 * The fingerprint of the parity fixtures' sources: the TypeScript twin of
 * models/training/fingerprint.py (see there for why and what counts); keep the two identical.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ROOT } from '../helpers';

const SOURCES = join('tests', 'fixtures', 'neural', 'sources.json');
const BEGIN = 'parity-fingerprint: begin';
const END = 'parity-fingerprint: end';
const COMMENTS: Record<string, string[]> = { '.py': ['#'], '.ts': ['//', '/*', '*'] };

export function countedLines(path: string, text: string): string[] {
  let lines = text.split('\n').map((line) => line.replace(/[ \t\r]+$/, ''));
  if (lines.some((line) => line.includes(BEGIN))) {
    const kept: string[] = [];
    let inside = false;
    for (const line of lines) {
      if (line.includes(BEGIN)) inside = true;
      else if (line.includes(END)) inside = false;
      else if (inside) kept.push(line);
    }
    lines = kept;
  }
  const comment = COMMENTS[extname(path)];
  return lines.filter((line) => {
    const code = line.replace(/^[ \t]+/, '');
    return code !== '' && !comment.some((c) => code.startsWith(c));
  });
}

export function fingerprint(root: string = ROOT): string {
  const { sources } = JSON.parse(readFileSync(join(root, SOURCES), 'utf8')) as { sources: string[] };
  const h = createHash('sha256');
  for (const rel of sources) h.update(`${rel}\n${countedLines(rel, readFileSync(join(root, rel), 'utf8')).join('\n')}\n`, 'utf8');
  return h.digest('hex').slice(0, 16);
}
