#!/usr/bin/env bash
# Runs the cargo fuzz targets (fuzz/fuzz_targets/) for a while each and records what
# ran: target, seconds (wall), executions, corpus size, outcome and CPU seconds (user +
# system of the fuzzing process), one line per run appended to fuzz/runs.tsv (the
# CPU-hours per target in docs/reliability.md are its sums; runs recorded before the
# CPU column ran alone on an idle core, so their wall seconds were CPU seconds).
#
#   scripts/fuzz.sh                         # every target, 60 s each
#   scripts/fuzz.sh --seconds 3600 sync_binary sync_json sync_gzip
#   scripts/fuzz.sh --seconds 20 --no-record --without-server   # CI's bounded run
#
# `--without-server` leaves out the targets that need the server crate (csv_import, and
# the phone check in parsers): the rest build in minutes instead of a quarter hour.
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). A crash
# stops the script with the reproducer's path (fuzz/artifacts/TARGET/): turn it into a
# regression test, fix, and run again.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
record=1
features=(--features server)
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --no-record) record=0; shift ;;
        --without-server) features=(); shift ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) targets+=("$1"); shift ;;
    esac
done
if [ ${#targets[@]} -eq 0 ]; then
    targets=(sync_binary sync_json sync_gzip parsers op_apply)
    [ ${#features[@]} -gt 0 ] && targets+=(csv_import)
fi

cargo +nightly fuzz build -O "${features[@]}" >/dev/null
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
for target in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$target"
    log=$(mktemp)
    echo "== $target: ${seconds}s"
    status=ok
    dirs=("fuzz/corpus/$target")
    [ -d "fuzz/seeds/$target" ] && dirs+=("fuzz/seeds/$target")
    timer=()
    [ -x /usr/bin/time ] && timer=(/usr/bin/time -f '%U %S' -o "$log.cpu")
    if ! "${timer[@]}" cargo +nightly fuzz run -O "${features[@]}" "$target" "${dirs[@]}" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        >"$log" 2>&1; then
        status=crash
    fi
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
    corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
    cpu=$(awk 'END { printf "%d", $1 + $2 }' "$log.cpu" 2>/dev/null || echo 0)
    rm -f "$log.cpu"
    echo "   $status: ${execs:-0} executions, corpus $corpus, ${cpu}s CPU"
    if [ "$record" = 1 ]; then
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$rev" "$target" "$seconds" \
            "${execs:-0}" "$corpus" "$status" "$cpu" >>fuzz/runs.tsv
    fi
    if [ "$status" = crash ]; then
        grep -E 'panicked|ERROR|SUMMARY|Test unit written' "$log" | head -20 || true
        echo "reproduce: cargo +nightly fuzz run -O $target fuzz/artifacts/$target/<file>"
        rm -f "$log"
        exit 1
    fi
    rm -f "$log"
done
