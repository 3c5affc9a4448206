#!/usr/bin/env bash
# The targets of issue 11 ("One core"), measured as ratios in one run (see docs/BENCHMARKS.md).
#
#   benches/targets.sh                    # both shapes at 100k firms (about two minutes)
#   GROWTH=1 benches/targets.sh           # and the growth target: 1M firms of each shape
#                                         # (two files of ~0.8 GB, several minutes, ~5 GB RAM)
#   SHAPES=deep RUNS=3 benches/targets.sh # one shape; the fastest of 3 runs of each command
#
# For each shape of `examples/synth.rs` (`registry`: the built-in VRFB template; `deep`: a
# generated template of 240 products), it writes the file with seed 1 and runs, each under
# GNU time (/usr/bin/time -f '%e %M'), at country scope (`--region cn`):
#
#   json_baseline FILE                            the serde_json syntax check: the time unit
#   json_baseline --walk FILE                     every value read, nothing kept: the floor of
#                                                 any reader on serde_json (no target)
#   gap_report ... --out report.md                the Markdown report     time <= 3x, RSS <= 1.5x
#   gap_report ... --format json --out ...        the JSON report         time <= 3x, RSS <= 1.5x
#   export --format F ... --out ...               every export            time <= 5x, RSS <= 2x
#
# and prints each time as a ratio to the syntax check's and each peak RSS as a ratio to
# the file's size. GROWTH=1 adds the 1M-firm file of each shape: the syntax check and the
# two reports again, whose times must be at most 11x those at 100k.
#
# Needs GNU time at /usr/bin/time. Files go to $TARGETS_DIR (default /tmp/vrfb-targets).
# Respects $CARGO_TARGET_DIR. FIRMS (default 100000) sets the smaller size.
set -euo pipefail
cd "$(dirname "$0")/.."

FIRMS=${FIRMS:-100000}
SHAPES=${SHAPES:-registry deep}
RUNS=${RUNS:-1}
OUT=${TARGETS_DIR:-/tmp/vrfb-targets}
BIN=${CARGO_TARGET_DIR:-target}/release/examples
EXPORTS="json node-link graphml cytoscape cytoscape-style dot neo4j"
mkdir -p "$OUT"

cargo build --quiet --release --example synth --example gap_report --example json_baseline \
    --example export

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')," \
    "$(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"

generate() { # shape firms -> writes $OUT/SHAPE-FIRMS.json (and its template for deep)
    local args=(--firms "$2" --seed 1 --out "$OUT/$1-$2.json")
    [ "$1" = deep ] && args+=(--shape deep --chain-out "$OUT/deep.chain.json")
    "$BIN/synth" "${args[@]}"
}
chain_of() { # shape -> the template file
    if [ "$1" = deep ]; then echo "$OUT/deep.chain.json"; else echo data/vrfb.chain.json; fi
}

# measure NAME COMMAND... -> sets TIME (s) and RSS (KB): the fastest of $RUNS runs and its
# peak resident set. A command that fails stops the script with its standard error.
measure() {
    local name=$1 t m
    shift
    TIME=""
    for _ in $(seq "$RUNS"); do
        if ! /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/stderr.txt"; then
            echo "$name failed: $*" >&2
            cat "$OUT/stderr.txt" >&2
            exit 1
        fi
        read -r t m <"$OUT/time.txt"
        if [ -z "$TIME" ] || awk -v a="$t" -v b="$TIME" 'BEGIN { exit !(a < b) }'; then
            TIME=$t
            RSS=$m
        fi
    done
}

# row NAME TIME RSS BASE SIZE TIME_TARGET RSS_TARGET -> one line of the table
row() {
    awk -v name="$1" -v t="$2" -v kb="$3" -v base="$4" -v size="$5" -v tt="$6" -v rt="$7" 'BEGIN {
        if (base < 0.01) base = 0.01  # the resolution of %e
        tr = t / base; rr = kb * 1024 / size
        holds = (tt == "" ? "" : ((tr <= tt && rr <= rt) ? "yes" : "NO"))
        printf "  %-32s %7.2f s %6.2fx %5s  %7.0f MB %5.2fx %5s  %s\n", name, t, tr,
            (tt == "" ? "" : "<=" tt), kb * 1024 / 1e6, rr, (rt == "" ? "" : "<=" rt), holds
    }'
}
header() {
    printf "  %-32s %9s %7s %5s  %10s %6s %5s  %s\n" command time xbase tgt "peak RSS" xfile tgt holds
}

# reports SHAPE FIRMS -> measures the syntax check and the two reports; sets BASE, MD, JS
reports() {
    local file="$OUT/$1-$2.json" chain
    chain=$(chain_of "$1")
    measure json_baseline "$BIN/json_baseline" "$file"
    BASE=$TIME
    row json_baseline "$TIME" "$RSS" "$BASE" "$(stat -c %s "$file")" "" ""
    measure walk "$BIN/json_baseline" --walk "$file"
    row "json_baseline --walk (the floor)" "$TIME" "$RSS" "$BASE" "$(stat -c %s "$file")" "" ""
    local analysis=(--chain "$chain" --dataset "$file" --region cn)
    measure markdown "$BIN/gap_report" "${analysis[@]}" --out "$OUT/report.md"
    MD=$TIME
    row "gap_report (Markdown)" "$TIME" "$RSS" "$BASE" "$(stat -c %s "$file")" 3 1.5
    measure json "$BIN/gap_report" "${analysis[@]}" --format json --out "$OUT/report.json"
    JS=$TIME
    row "gap_report --format json" "$TIME" "$RSS" "$BASE" "$(stat -c %s "$file")" 3 1.5
}

declare -A SMALL_MD SMALL_JS SMALL_BASE
for shape in $SHAPES; do
    generate "$shape" "$FIRMS" 2>"$OUT/synth.txt"
    file="$OUT/$shape-$FIRMS.json"
    size=$(stat -c %s "$file")
    echo
    echo "shape $shape, $FIRMS firms: $file, $size bytes ($(sed 's/^synth: [^:]*: //' "$OUT/synth.txt"))"
    header
    reports "$shape" "$FIRMS"
    SMALL_MD[$shape]=$MD
    SMALL_JS[$shape]=$JS
    SMALL_BASE[$shape]=$BASE
    chain=$(chain_of "$shape")
    for format in $EXPORTS; do
        args=(--format "$format" --chain "$chain" --dataset "$file" --out "$OUT/export.$format")
        # Country scope: the gap status of each product, where the export takes a region.
        case $format in json | cytoscape-style) ;; *) args+=(--region cn) ;; esac
        rm -rf "$OUT/export.$format"
        measure "export $format" "$BIN/export" "${args[@]}"
        row "export --format $format" "$TIME" "$RSS" "$BASE" "$size" 5 2
    done
done

if [ "${GROWTH:-0}" = 1 ]; then
    BIG=$((FIRMS * 10))
    for shape in $SHAPES; do
        generate "$shape" "$BIG" 2>"$OUT/synth.txt"
        file="$OUT/$shape-$BIG.json"
        echo
        echo "growth, shape $shape, $BIG firms: $file, $(stat -c %s "$file") bytes"
        header
        reports "$shape" "$BIG"
        awk -v s="$shape" -v n="$FIRMS" -v bm="$MD" -v bj="$JS" -v bb="$BASE" \
            -v sm="${SMALL_MD[$shape]}" -v sj="${SMALL_JS[$shape]}" -v sb="${SMALL_BASE[$shape]}" 'BEGIN {
            printf "  against %d firms: Markdown %.1fx, JSON %.1fx (target <= 11x: %s, %s); syntax check %.1fx\n",
                n, bm / sm, bj / sj, (bm / sm <= 11 ? "yes" : "NO"), (bj / sj <= 11 ? "yes" : "NO"), bb / sb
        }'
    done
fi
