#!/usr/bin/env bash
# Spreadsheet interop: the report, dataset and template workbooks (and their CSV files)
# written by `cargo run --example import --features sheets`, read back by openpyxl in a venv
# (target/interop-venv, as run.sh) and checked by sheets.py against the JSON report.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
venv=${INTEROP_VENV:-$root/target/interop-venv}
out=${INTEROP_OUT:-$root/target/interop}/sheets
if ! "$venv/bin/python" -c 'import openpyxl' 2>/dev/null; then
    echo "interop: installing openpyxl into $venv"
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q 'openpyxl==3.1.*'
fi
rm -rf "$out"
mkdir -p "$out"
import_() { cargo run --quiet --features sheets --example import -- "$@"; }
import_ --report cn-sc-leshan-hitech --report-xlsx "$out/report.xlsx" --report-csv "$out/report-csv" \
    --report-json "$out/report.json" --out "$out/dataset.json" --xlsx "$out/dataset.xlsx" --csv "$out/dataset-csv"
import_ --template "$out/template.xlsx"
cmp "$out/template.xlsx" data/import-template.xlsx
# The workbook written reads back to the same dataset.
import_ "$out/dataset.xlsx" --out "$out/dataset-again.json"
cmp "$out/dataset.json" "$out/dataset-again.json"
"$venv/bin/python" tests/interop/sheets.py --dir "$out"
# A template filled by openpyxl (another writer, with a real date cell) imports; its
# capacity written as a formula, which openpyxl saves with no value, is reported.
"$venv/bin/python" tests/interop/fill_template.py --template data/import-template.xlsx --dir "$out"
import_ "$out/filled.xlsx" --out "$out/filled.json"
"$venv/bin/python" tests/interop/fill_template.py --check "$out/filled.json"
if import_ "$out/formula.xlsx" --out "$out/formula.json" 2>"$out/formula.err"; then
    echo "sheets interop: a formula with no saved value imported" >&2
    exit 1
fi
grep -q '^.*生产 (makes)!D4: 产能 (capacity): the formula =100\*3 has no saved value' "$out/formula.err" || {
    echo "sheets interop: the unsaved formula was not reported as expected:" >&2
    cat "$out/formula.err" >&2
    exit 1
}
echo "sheets interop: a formula with no saved value is reported at its cell"
# Date cells written by openpyxl (as Excel writes them) import as the days written, also
# in a workbook of the 1904 date system.
"$venv/bin/python" tests/interop/sheet_dates.py --write "$out/dates.xlsx"
import_ "$out/dates.xlsx" --out "$out/dates.json"
"$venv/bin/python" tests/interop/sheet_dates.py --check "$out/dates.json"
"$venv/bin/python" tests/interop/sheet_dates.py --write "$out/dates-1904.xlsx" --1904
import_ "$out/dates-1904.xlsx" --out "$out/dates-1904.json"
"$venv/bin/python" tests/interop/sheet_dates.py --check "$out/dates-1904.json" --1904
