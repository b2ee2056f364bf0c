#!/usr/bin/env bash
# Extra training cities: more 3 × 3 km boxes of the training extracts (different districts of the
# same towns), for the neural training's city diversity. The held-out cities (Copenhagen,
# Liechtenstein: models/training/cities.json) get no extra boxes. Seeds 3001… are recorded in
# each meta file. Re-running rebuilds the same files (the builder is deterministic).
# Usage: bash scripts/build-training-cities.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build() { # name extract lat,lon seed points
  npx tsx src/cli/city.ts build "data/osm/$2" --center "$3" --seed "$4" --points "$5" --name "$1" --only \
    --out "data/cities/$1_data.npz" >/dev/null 2>/tmp/build-city-$1.err && echo "built $1" \
    || echo "skipped $1: $(tail -1 /tmp/build-city-$1.err)"
}
# (moscow.osm.pbf's roads fit in one box: Moscow is the only one)
build Campo_Grande_West campo-grande.osm.gz -20.470,-54.590 3003 1000
build Campo_Grande_South campo-grande.osm.gz -20.515,-54.560 3004 1000
build Andorra_Sant_Julia andorra.osm.pbf 42.466,1.492 3005 500
build Andorra_Encamp andorra.osm.pbf 42.535,1.580 3006 500
build Monaco_Roquebrune monaco.osm.pbf 43.760,7.465 3007 1000
build Monaco_Beausoleil monaco.osm.pbf 43.745,7.415 3008 1000
