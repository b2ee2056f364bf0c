#!/usr/bin/env bash
# One burst on the lent GPU (device tool), all three models, resuming the CPU checkpoints.
# From the repository root, through the device tool's `run`:
#   command: bash models/training/gpu-burst.sh 3      (minutes per model; 3 fits a 15-minute lease)
#   carry:   ["models/training/checkpoints"]
# It writes <problem>.log, <problem>-last.pt and <problem>-best.pt under $OUT; back here, copy them
# into models/training/checkpoints/<problem>/ (last.pt, best.pt) and export on the CPU with
# Debian's torch: /usr/bin/python3 -m models.training.export --problem <problem>.
# The curriculum continues where the CPU runs stopped (the position is the global step) and moves
# on to n = 100, which CPU training cannot afford.
set -euo pipefail
MINUTES=${1:-3}
OUT=${OUT:-/tmp/gpu-burst}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
python3 -m models.training.train --smoke --device cuda --out /tmp/smoke >/dev/null
for p in atsp acvrp acvrptw; do
  python3 -m models.training.train --problem "$p" --resume --device cuda --amp --batch 128 \
    --curriculum 20:700,50:1500,100:1000000 --minutes "$MINUTES" --val-every 200 --val-size 64 \
    2>&1 | tee "$OUT/$p.log" | tail -n 3
  cp "models/training/checkpoints/$p/last.pt" "$OUT/$p-last.pt"
  cp "models/training/checkpoints/$p/best.pt" "$OUT/$p-best.pt"
done
