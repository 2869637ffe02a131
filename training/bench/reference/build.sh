#!/usr/bin/env bash
# Builds the two reference solvers that `npm run bench:solver` can time side
# by side with ours, from their public sources, in a throwaway folder; the
# project does not depend on them.
#
#   bash training/bench/reference/build.sh [OUT_DIR] [PONS_SRC] [C4_SRC]
#
# OUT_DIR defaults to /tmp/c4-reference. PONS_SRC / C4_SRC are checkouts of
# github.com/PascalPons/connect4 and github.com/ChristopheSteininger/c4; when
# absent they are cloned into OUT_DIR. Each solver is linked with our small
# driver (pons-bench.cpp, c4-bench.cpp beside this script): it reads lines
# "moves [score]" on stdin and prints "score nodes cpu_seconds" per line, the
# table cleared before each position. Compiler flags are the projects' own
# (Pons' Makefile: -O3; Steininger's CMakeLists.txt: -O3 -flto). Steininger's
# solver is set to one thread and a table of 2^23 + 9 entries (64 MB, 8 bytes
# each: the same table size as ours at --table-log2 23); TABLE_LOG2 changes it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-/tmp/c4-reference}
pons_src=${2:-}
c4_src=${3:-}
table_log2=${TABLE_LOG2:-23}
mkdir -p "$out"
if [ -z "$pons_src" ]; then
  pons_src=$out/pons-src
  [ -d "$pons_src" ] || git clone --depth 1 https://github.com/PascalPons/connect4 "$pons_src"
fi
if [ -z "$c4_src" ]; then
  c4_src=$out/c4-src
  [ -d "$c4_src" ] || git clone --depth 1 https://github.com/ChristopheSteininger/c4 "$c4_src"
fi

# Pons: his Solver.cpp as published, with our driver.
rm -rf "$out/pons" && mkdir -p "$out/pons" && cp "$pons_src"/*.hpp "$pons_src"/Solver.cpp "$out/pons/"
g++ -std=c++11 -O3 -DNDEBUG -o "$out/pons-bench" "$here/pons-bench.cpp" "$out/pons/Solver.cpp" -I"$out/pons"

# Steininger: one thread, the table size above (an odd prime count of entries).
# The same prime as our table's (src/solver/transposition-table.ts nextPrime).
root=$(cd "$here/../../.." && pwd)
entries=$(cd "$root" && npx tsx -e "import { nextPrime } from './src/solver/transposition-table.ts'; console.log(nextPrime(2 ** $table_log2))")
rm -rf "$out/c4" && mkdir -p "$out/c4" && cp -r "$c4_src/src/solver" "$out/c4/"
sed -i "s/NUM_THREADS = [0-9]*;/NUM_THREADS = 1;/; s/NUM_TABLE_ENTRIES = [0-9]*;/NUM_TABLE_ENTRIES = $entries;/" "$out/c4/solver/settings.h"
g++ -std=c++20 -O3 -flto -DNDEBUG -I"$out/c4" -o "$out/c4-bench" "$here/c4-bench.cpp" \
  "$out"/c4/solver/*.cpp "$out"/c4/solver/parallel/*.cpp "$out"/c4/solver/util/*.cpp -lpthread

echo "PONS_BIN=$out/pons-bench C4_BIN=$out/c4-bench  # Steininger's table: $entries entries"
