#!/usr/bin/env bash
# The four targets of issue 6, measured as ratios in one run (see BENCHMARKS.md).
#
#   benches/targets.sh                 # 100k firms: speed, NetworkX, memory
#   GROWTH=1 benches/targets.sh        # and the growth target: a 1M-firm run (~1 minute)
#
# Needs hyperfine and GNU time (/usr/bin/time); the NetworkX comparison needs a python
# with networkx (PYTHON=/path/to/python, default python3) and is skipped without it.
# Files go to $TARGETS_DIR (default /tmp/vrfb-targets). Respects $CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

FIRMS=${FIRMS:-100000}
PYTHON=${PYTHON:-python3}
OUT=${TARGETS_DIR:-/tmp/vrfb-targets}
BIN=${CARGO_TARGET_DIR:-target}/release/examples
CHAIN=data/vrfb.chain.json
mkdir -p "$OUT"

cargo build --quiet --release --example synth --example gap_report --example json_baseline

dataset() { # firms -> file
    local file="$OUT/synth-$1.json"
    [ -s "$file" ] || "$BIN/synth" --firms "$1" --seed 1 --out "$file"
    echo "$file"
}
report() { # file -> the measured command
    echo "$BIN/gap_report --chain $CHAIN --dataset $1 --region cn --format json --out $OUT/report.json"
}
mean() { # hyperfine json, index -> mean seconds
    "$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["mean"])' "$1" "$2" 2>/dev/null ||
        python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["mean"])' "$1" "$2"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

FILE=$(dataset "$FIRMS")
SIZE=$(stat -c %s "$FILE")
echo "dataset: $FILE, $FIRMS firms, $SIZE bytes"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"

# (a) Speed: the whole gap_report process against the JSON syntax check of the same file.
hyperfine --style basic -N -w 1 -r 10 --export-json "$OUT/speed.json" \
    "$(report "$FILE")" "$BIN/json_baseline $FILE" >/dev/null
REPORT_S=$(mean "$OUT/speed.json" 0)
BASELINE_S=$(mean "$OUT/speed.json" 1)
echo "(a) gap_report ${REPORT_S}s, json_baseline ${BASELINE_S}s: $(ratio "$REPORT_S" "$BASELINE_S")x (target <= 4x)"

# (b) Against NetworkX: the same analysis by hand in Python, byte-identical report.
if "$PYTHON" -c 'import networkx' 2>/dev/null; then
    hyperfine --style basic -N -w 0 -r 3 --export-json "$OUT/networkx.json" \
        "$PYTHON benches/networkx_gap.py --chain $CHAIN --dataset $FILE --region cn --out $OUT/nx-report.json" \
        >/dev/null
    NX_S=$(mean "$OUT/networkx.json" 0)
    cmp -s "$OUT/report.json" "$OUT/nx-report.json" && SAME="identical reports" || SAME="REPORTS DIFFER"
    echo "(b) networkx ${NX_S}s: $(ratio "$NX_S" "$REPORT_S")x slower than gap_report, $SAME (target >= 100x)"
else
    echo "(b) skipped: $PYTHON has no networkx (python3 -m venv /tmp/nx && /tmp/nx/bin/pip install networkx)"
fi

# (c) Memory: peak resident set of the gap_report process against the file's size.
/usr/bin/time -v $(report "$FILE") 2>"$OUT/time.txt"
RSS_KB=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$OUT/time.txt")
echo "(c) peak RSS $((RSS_KB / 1024)) MiB: $(ratio "$((RSS_KB * 1024))" "$SIZE")x the file (target <= 1.5x)"

# (d) Growth: 10x the firms should cost about 10x.
if [ "${GROWTH:-0}" = 1 ]; then
    BIG=$(dataset $((FIRMS * 10)))
    hyperfine --style basic -N -w 0 -r 2 --export-json "$OUT/growth.json" \
        "$(report "$FILE")" "$(report "$BIG")" "$BIN/json_baseline $BIG" >/dev/null
    SMALL_S=$(mean "$OUT/growth.json" 0)
    BIG_S=$(mean "$OUT/growth.json" 1)
    BIG_BASE_S=$(mean "$OUT/growth.json" 2)
    /usr/bin/time -v $(report "$BIG") 2>"$OUT/time-big.txt"
    BIG_RSS_KB=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$OUT/time-big.txt")
    echo "(d) $((FIRMS * 10)) firms: ${BIG_S}s, $(ratio "$BIG_S" "$SMALL_S")x the time of $FIRMS (target about 10x);" \
        "peak RSS $((BIG_RSS_KB / 1024)) MiB, $(ratio "$BIG_RSS_KB" "$RSS_KB")x;" \
        "json_baseline ${BIG_BASE_S}s ($(ratio "$BIG_S" "$BIG_BASE_S")x)"
fi
