#!/usr/bin/env bash
# Appends the machine's load to FILE once a minute until killed: the time,
# the 1/5/15-minute load averages and the three busiest processes. The timed
# and A/B runs start it beside themselves, since their hours only compare
# when the machine was theirs.
#
#   bash training/bench/load-log.sh runs/default-seed1.load.log & loadpid=$!
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: bash training/bench/load-log.sh FILE" >&2; exit 2; }
while true; do
  echo "$(date -Is) $(cut -d' ' -f1-3 /proc/loadavg) $(ps -eo pcpu=,comm= --sort=-pcpu | head -3 | tr -s ' ' | tr '\n' ';')"
  sleep 60
done >> "$1"
