#!/usr/bin/env bash
# One burst on the lent GPU (device tool): POMO RL at n = 100 on top of the imitation models,
# the step a 2-core CPU cannot afford (a sampled n = 100 rollout with every start, batch 64).
# From the repository root, through the device tool's `run`:
#   command: bash models/training/gpu-burst.sh 3      (minutes per model; 3 fits a 15-minute lease)
#   carry:   ["models/training/labels"]               (for the held-out validation labels)
# Each model starts from its committed imitation resume file (checkpoints/<p>-il/resume.pt), trains
# on the committed training cities that are present (the gitignored districts are not carried) and
# keeps best.pt by the gap to the teacher on the held-out validation labels, as the CPU recipe does.
# It writes <p>.log, <p>-rl-last.pt and <p>-rl-best.pt under $OUT; back here, put them in
# models/training/checkpoints/<p>-rl/ and compare before exporting:
#   /usr/bin/python3 -m models.training.export --problem <p> --checkpoint <p>-rl-best.pt --out /tmp/cand
#   npm run bench -- neural --problem <p> --cities Copenhagen,Liechtenstein --count 16 --models /tmp/cand
# PROBLEMS="pvrp-p pvrp-zc" runs the CAMP-S models instead (from checkpoints/<p>-camp-rl/resume.pt;
# carry the labels for their validation; back here: camp_export --checkpoint <p>-rl-best.pt --out /tmp/cand
# and `npm run bench -- neural --problem <p> --set cities --n 100 --vehicles 7 --count 12 --models /tmp/cand`).
# LR overrides the learning rate (RRNCO-S 1e-4, CAMP-S 5e-5).
# DEVICE=cpu BATCH=4 MINUTES=0.2 runs the same script here as a check (tests nothing on CUDA).
set -euo pipefail
MINUTES=${1:-${MINUTES:-3}}
OUT=${OUT:-/tmp/gpu-burst}
DEVICE=${DEVICE:-cuda}
BATCH=${BATCH:-64}
PY=${PY:-python3}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1 OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
amp=()
[ "$DEVICE" = cuda ] && amp=(--amp)
"$PY" -m models.training.train --smoke --device "$DEVICE" --out "$OUT/smoke" >/dev/null
cities=$("$PY" -c "import json, os; print(','.join(c for c in json.load(open('models/training/cities.json'))['train'] if os.path.exists(f'data/cities/{c}_data.npz')))")
for p in ${PROBLEMS:-atsp acvrp acvrptw}; do
  case $p in
    pvrp-p|pvrp-zc)
      # CAMP-S: POMO RL at the scale the CPU could not afford (every start, batch 64) from the
      # committed RL resume file; validation on the held-out labels at n = 50 and 100, as recipe.sh rl.
      init=models/training/checkpoints/$p-camp-rl/resume.pt
      [ -f "$init" ] || { echo "no checkpoint for $p" >&2; continue; }
      L=models/training/labels
      val=()
      [ -f "$L/val-$p-n100.jsonl" ] && val=(--val-labels "$L/val-$p-n50.jsonl,$L/val-$p-n100.jsonl")
      rm -rf "$OUT/$p-rl"
      "$PY" -m models.training.train --problem "$p" --init "$init" --device "$DEVICE" \
        --batch "$BATCH" --rl-steps 1000000 --rl-n 50:100 --starts 0 --cities "$cities" "${val[@]}" \
        --val-size 72 --val-every 100 --lr "${LR:-5e-5}" --minutes "$MINUTES" --out "$OUT/$p-rl" \
        2>&1 | tee "$OUT/$p.log" | tail -n 2
      ;;
    *)
      init=models/training/checkpoints/$p-il/resume.pt
      [ -f "$init" ] || init=models/training/checkpoints/$p/best.pt
      [ -f "$init" ] || { echo "no checkpoint for $p" >&2; continue; }
      val=()
      [ -f "models/training/labels/val-$p-n100.jsonl" ] && val=(--val-labels "models/training/labels/val-$p-n100.jsonl")
      rm -rf "$OUT/$p-rl"
      "$PY" -m models.training.train --problem "$p" --init "$init" --device "$DEVICE" "${amp[@]}" \
        --batch "$BATCH" --curriculum 100:1000000 --cities "$cities" "${val[@]}" --val-size 64 \
        --val-every 100 --lr "${LR:-1e-4}" --minutes "$MINUTES" --out "$OUT/$p-rl" \
        2>&1 | tee "$OUT/$p.log" | tail -n 2
      ;;
  esac
  cp "$OUT/$p-rl/last.pt" "$OUT/$p-rl-last.pt"
  [ -f "$OUT/$p-rl/best.pt" ] && cp "$OUT/$p-rl/best.pt" "$OUT/$p-rl-best.pt"
  rm -rf "$OUT/$p-rl"
done
rm -rf "$OUT/smoke"
