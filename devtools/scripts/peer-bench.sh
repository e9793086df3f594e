#!/usr/bin/env bash
# The peer's benchmark and mpsim's view benchmark one after the other, for figures from one
# run on one machine: miniprogram-simulate mounting and updating the same 1,000-item list
# (`bench.js` of the oracle set up beside the repository, `./setup.sh` there), then
# `cargo bench -p mpsim-devtools --bench view`. A developer's tool; no test needs it.
#
#     devtools/scripts/peer-bench.sh [ORACLE_DIR]    (default: ../shared/oracle)
set -euo pipefail
oracle="$(cd "${1:-$(dirname "$0")/../../../shared/oracle}" && pwd)"
cd "$(dirname "$0")/../.."
node "$oracle/bench.js" --runs=5
cargo bench -p mpsim-devtools --bench view
