"""The fingerprint of the parity fixtures' sources.

The fixtures in tests/fixtures/neural/ hold what Python computed (masks, costs, features, model
outputs); the TypeScript tests check the TS side against them. They stay a contract only while
they are regenerated whenever a source that defines the rules or the features changes, on either
side. So make_fixtures records this fingerprint of those sources (listed in
tests/fixtures/neural/sources.json) in every fixture, and tests/neural/fingerprint.test.ts fails
when the sources no longer give the recorded value.

What counts of a file: its lines without trailing blanks, less blank lines and comment lines; in a
file with marker lines ``parity-fingerprint: begin`` / ``end``, only the lines between them.
tests/neural/fingerprint.ts computes the same; keep the two identical.

  /usr/bin/python3 -m models.training.fingerprint    # prints it
"""
from __future__ import annotations

import hashlib
import json
import os
from typing import List

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SOURCES = os.path.join('tests', 'fixtures', 'neural', 'sources.json')
BEGIN = 'parity-fingerprint: begin'
END = 'parity-fingerprint: end'
COMMENTS = {'.py': ('#',), '.ts': ('//', '/*', '*')}


def counted_lines(path: str, text: str) -> List[str]:
    lines = [line.rstrip(' \t\r') for line in text.split('\n')]
    if any(BEGIN in line for line in lines):
        kept, inside = [], False
        for line in lines:
            if BEGIN in line:
                inside = True
            elif END in line:
                inside = False
            elif inside:
                kept.append(line)
        lines = kept
    comment = COMMENTS[os.path.splitext(path)[1]]
    return [line for line in lines if line.lstrip(' \t') and not line.lstrip(' \t').startswith(comment)]


def fingerprint(root: str = REPO_ROOT) -> str:
    with open(os.path.join(root, SOURCES), encoding='utf-8') as f:
        sources = json.load(f)['sources']
    h = hashlib.sha256()
    for rel in sources:
        with open(os.path.join(root, rel), encoding='utf-8', newline='') as f:
            text = f.read()
        h.update((rel + '\n' + '\n'.join(counted_lines(rel, text)) + '\n').encode('utf-8'))
    return h.hexdigest()[:16]


if __name__ == '__main__':
    print(fingerprint())
