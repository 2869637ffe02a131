#!/usr/bin/env bash
# One timed run of seeds/default.json with another RNG seed, resumable: the
# folder runs/default-seed<N>/ goes on with --resume once it has a
# checkpoint. The machine's load is logged once a minute beside the run
# (runs/default-seed<N>.load.log), since a timed run needs the machine to
# itself. Stop it with a kill of this script's process group; start it again
# to go on.
#
#   nohup bash training/bench/seed-run.sh 1 > /dev/null 2>&1 &
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: bash training/bench/seed-run.sh SEED" >&2; exit 2; }
cd "$(dirname "$0")/../.."
seed=$1
dir="runs/default-seed$seed"
resume=()
[ -f "$dir/checkpoint.bin" ] && resume=(--resume)
mkdir -p runs
bash training/bench/load-log.sh "runs/default-seed$seed.load.log" &
loadpid=$!
trap 'kill $loadpid 2>/dev/null' EXIT
echo "$(date -Is) start ${resume[*]:-new} (git $(git rev-parse --short HEAD))" >> "runs/default-seed$seed.load.log"
node --import tsx training/cli/train.ts --config seeds/default.json --seed "$seed" "${resume[@]}" \
  >> "runs/default-seed$seed.metrics.log" 2>> "runs/default-seed$seed.train.log"
