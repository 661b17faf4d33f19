#!/usr/bin/env bash
# Verification throughput of passeur (C++ Google Benchmark) and of Digital Bazaar's npm verifier
# on the same signed credential, one core each; prints both medians and the ratio.
#
# Usage: bench/credential_compare.sh BENCH_BINARY CREDENTIAL [-- NODE_BENCH_OPTIONS...]
#   BENCH_BINARY  passeur's credential bench (bench/credential_bench.cpp); it is run with
#                 PASSEUR_BENCH_CREDENTIAL=CREDENTIAL in its environment, which it must verify,
#                 --benchmark_filter=$CPP_FILTER (default "BM_Verify$"), 5 repetitions, JSON output.
#                 The first benchmark whose median is reported is used; items_per_second when it
#                 sets it, else 1 / real time per iteration.
#   CREDENTIAL    a signed credential both verify (e.g. bench/data/ob3_badge_signed.json); it
#                 should have no credentialStatus (else pass the status lists: -- --doc FILE).
# Environment: CPP_FILTER, NODE (default node), NODE_N (verifications per node run, 200).
# Exit: 0 when both ran; 1 when either failed (a credential that does not verify fails the npm
# bench); 2 on a usage error.
set -euo pipefail

usage() { echo "usage: $0 BENCH_BINARY CREDENTIAL [-- NODE_BENCH_OPTIONS...]" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
bench_binary=$1
credential=$2
shift 2
if [[ $# -gt 0 ]]; then
  [[ $1 == "--" ]] || usage
  shift
fi
[[ -x $bench_binary ]] || { echo "$0: $bench_binary is not an executable" >&2; exit 2; }
[[ -r $credential ]] || { echo "$0: cannot read $credential" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
node=${NODE:-node}
cpp_filter=${CPP_FILTER:-BM_Verify$}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== passeur: $bench_binary (filter $cpp_filter)"
PASSEUR_BENCH_CREDENTIAL=$credential "$bench_binary" --benchmark_filter="$cpp_filter" \
  --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_format=json >"$tmp/cpp.json"
cpp=$("$node" -e '
  const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const unit = {ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1};
  const median = report.benchmarks.find(b => b.aggregate_name === "median");
  if (!median) { console.error("no median in the C++ bench output"); process.exit(1); }
  const perSecond = median.items_per_second ?? 1 / (median.real_time * unit[median.time_unit]);
  const used = report.context.credential;
  console.log(`${perSecond.toFixed(1)} ${median.run_name ?? median.name} ${used ?? "-"}`);
' "$tmp/cpp.json")
read -r cpp_per_second cpp_name cpp_credential <<<"$cpp"
echo "passeur $cpp_name: median $cpp_per_second verifications/s"
if [[ $cpp_credential != "-" && $(realpath "$cpp_credential") != $(realpath "$credential") ]]; then
  echo "$0: the C++ bench verified $cpp_credential, not $credential" >&2
  exit 1
fi

echo "== npm: @digitalbazaar/vc (node $("$node" --version))"
"$node" "$here/credential_npm_bench.mjs" "$credential" --n "${NODE_N:-200}" --runs 5 "$@" --json \
  >"$tmp/npm.json"
npm_per_second=$("$node" -e '
  console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).median_per_second)
' "$tmp/npm.json")
echo "npm @digitalbazaar/vc: median $npm_per_second verifications/s"

"$node" -e '
  const [cpp, npm] = process.argv.slice(1).map(Number);
  console.log(`ratio passeur / npm: ${(cpp / npm).toFixed(1)} (${cpp} vs ${npm} verifications/s, ` +
    "median of 5 runs each, one core)");
' "$cpp_per_second" "$npm_per_second"
