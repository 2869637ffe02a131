#!/usr/bin/env bash
# A/B of two recipe configs side by side, one core each (serial mode, so
# each arm is deterministic and uses one thread), resumable: an arm whose
# run folder has a checkpoint goes on with --resume. The machine's load is
# logged once a minute beside the runs. Compare with `npm run ab`.
#
#   bash training/bench/ab-pair.sh seeds/ab/base.json seeds/ab/forced.json
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bash training/bench/ab-pair.sh CONFIG_A CONFIG_B" >&2; exit 2; }
cd "$(dirname "$0")/../.."
mkdir -p runs/ab
arm() {
  local config=$1 name
  name=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$config','utf8')).name)")
  local dir="runs/ab/$name"
  local resume=()
  [ -f "$dir/checkpoint.bin" ] && resume=(--resume)
  node --import tsx training/cli/train.ts --config "$config" --out "$dir" --workers 0 "${resume[@]}" >> "runs/ab/$name.metrics.log" 2>> "runs/ab/$name.train.log"
}
bash training/bench/load-log.sh runs/ab/load.log &
loadpid=$!
trap 'kill $loadpid 2>/dev/null' EXIT
arm "$1" & a=$!
arm "$2" & b=$!
status=0
wait $a || status=$?
wait $b || status=$?
exit $status
