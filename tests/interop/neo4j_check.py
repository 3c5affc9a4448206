"""The Neo4j export loaded by a real Cypher engine, and docs/cypher.md's queries run on it.

    python neo4j_check.py --dir DIR --chain CHAIN --dataset DATASET   # counts
    python neo4j_check.py --dir DIR --report REPORT.json --docs docs/cypher.md [--write-docs]

Neo4j itself cannot be installed from the registries CI reaches (it is a Java distribution,
on neither PyPI, npm nor Debian), so the engine is Kùzu 0.11.3 (PyPI `kuzu`), an embedded
Cypher database, loading the very CSV files `neo4j-admin database import full` reads. Kùzu
needs a schema first: it is generated here from the files' headers (differences with Neo4j,
also in docs/neo4j.md):

- one node table per label (`nodes-<Label>.csv`), primary key `ref` (the `:ID` column); the
  `:LABEL` column is checked and dropped; one rel table per type, with a FROM/TO pair per
  `rels-<TYPE>-<Start>-<End>.csv` file; the `:TYPE` column is checked and dropped;
- types: `int` INT64, `double` DOUBLE, `boolean` BOOLEAN, `string[]` STRING[] (split on
  `;`), no suffix STRING. Every column is read as text (`LOAD WITH HEADERS`) and cast, since
  Kùzu would read `name:type` headers itself and wants `[a,b]` lists.

With --dir/--chain/--dataset: node counts per label and relationship counts per type equal
the dataset's (and every file's row count). With --report/--docs: each query of the docs
returns what the crate's JSON gap report says (compared as sets of normalised rows), and
the answer written under it in the docs is that result; --write-docs rewrites those answers
(after a change of the built-in data) instead of failing on them.
"""

import argparse
import csv
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import kuzu

TYPES = {"": "STRING", "int": "INT64", "double": "DOUBLE", "boolean": "BOOLEAN", "string[]": "STRING[]"}


def fail(message):
    print(f"neo4j_check: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def parse_column(name):
    """`capacity:double` -> ("capacity", "double"); `ref:ID(Firm)` -> ("ref", "ID")."""
    if name.startswith(":"):
        return name, "special"
    m = re.fullmatch(r"([^:]+)(?::(.*))?", name)
    base, ty = m.group(1), m.group(2) or ""
    if ty.startswith("ID("):
        return base, "ID"
    return base, ty


def header_of(path):
    with open(path, newline="", encoding="utf-8") as f:
        return next(csv.reader(f))


def rows_of(path):
    with open(path, newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def cast(var, ty):
    if ty in ("", "ID"):
        return var
    if ty == "string[]":
        return f"CASE WHEN {var} IS NULL THEN NULL ELSE string_split({var}, ';') END"
    return f"CAST({var} AS {TYPES[ty]})"


def load(directory):
    """Loads every CSV file of the export into a new Kùzu database; returns the connection."""
    directory = Path(directory)
    db = kuzu.Database(str(Path(tempfile.mkdtemp()) / "db"))
    conn = kuzu.Connection(db)
    node_files = sorted(directory.glob("nodes-*.csv"))
    rel_files = sorted(directory.glob("rels-*.csv"))
    if not node_files or not rel_files:
        fail(f"{directory}: no nodes-*.csv or rels-*.csv")
    copies = []
    for path in node_files:
        label = path.stem[len("nodes-"):]
        header = header_of(path)
        if header[0] != f"ref:ID({label})" or header[1] != ":LABEL":
            fail(f"{path.name}: header starts {header[:2]}")
        cols = [parse_column(h) for h in header]
        props = [(n, t) for n, t in cols if t != "special"]
        ddl = ", ".join(f"`{n}` {TYPES.get('' if t == 'ID' else t)}" for n, t in props)
        conn.execute(f"CREATE NODE TABLE {label}({ddl}, PRIMARY KEY (ref))")
        copies.append((path, label, cols, None))
    pairs = defaultdict(list)
    for path in rel_files:
        rel, start, end = path.stem[len("rels-"):].rsplit("-", 2)
        header = header_of(path)
        if header[:4] != [f":START_ID({start})", f":END_ID({end})", ":TYPE", "key"]:
            fail(f"{path.name}: header starts {header[:4]}")
        cols = [parse_column(h) for h in header]
        pairs[rel].append((start, end, cols))
        copies.append((path, rel, cols, (start, end)))
    for rel, ends in pairs.items():
        props = [(n, t) for n, t in ends[0][2] if t != "special"]
        for _, _, cols in ends[1:]:
            if cols[2:] != ends[0][2][2:]:
                fail(f"{rel}: files with different columns")
        ft = ", ".join(f"FROM {s} TO {e}" for s, e, _ in ends)
        ddl = ", ".join(f"`{n}` {TYPES[t]}" for n, t in props)
        conn.execute(f"CREATE REL TABLE {rel}({ft}, {ddl})")
    for path, table, cols, ends in copies:
        names = [f"c{i}" for i in range(len(cols))]
        schema = ", ".join(f"{n} STRING" for n in names)
        keep = [(v, t) for v, (n, t) in zip(names, cols) if t != "special" or n.startswith((":START_ID", ":END_ID"))]
        ret = ", ".join(cast(v, "" if t == "special" else t) for v, t in keep)
        options = f" (from='{ends[0]}', to='{ends[1]}')" if ends and len(pairs[table]) > 1 else ""
        conn.execute(
            f"COPY {table} FROM (LOAD WITH HEADERS ({schema}) FROM '{path}' "
            f"(header=true, parallel=false) RETURN {ret}){options}"
        )
        # The :LABEL / :TYPE column says what the file name says.
        col = 1 if ends is None else 2
        seen = conn.execute(
            f"LOAD WITH HEADERS ({schema}) FROM '{path}' (header=true, parallel=false) "
            f"RETURN DISTINCT {names[col]}"
        ).get_all()
        if seen and seen != [[table]]:
            fail(f"{path.name}: label/type column holds {seen}")
    return conn, node_files, rel_files


def scalar(conn, query):
    return conn.execute(query).get_next()[0]


def check_counts(conn, node_files, rel_files, chain, data):
    want_nodes = {
        "Graph": 1,
        "Segment": len(chain["segments"]),
        "Product": len(chain["products"]),
        "Region": len(data.get("regions", [])),
        "Firm": len(data.get("firms", [])),
        "Organization": len(data.get("organizations", [])),
    }
    links = Counter(l["kind"].upper() for l in data.get("links", []))
    want_rels = {
        "MAKES": sum(len(f.get("makes", [])) for f in data.get("firms", [])),
        **{k: links.get(k, 0) for k in ["SUPPLIES", "OWNS", "PARTNERS_WITH", "MEMBER_OF", "TRANSFERS_TECHNOLOGY"]},
        "INPUT_OF": sum(
            len(r) if isinstance(r, list) else 1 for p in chain["products"] for r in p.get("inputs", [])
        ),
        "IN_SEGMENT": len(chain["products"]),
        "LOCATED_IN": len(data.get("firms", [])) + sum(1 for o in data.get("organizations", []) if o.get("region")),
        "PART_OF": sum(1 for r in data.get("regions", []) if r.get("parent")),
    }
    file_rows = Counter()
    for path in node_files:
        file_rows[path.stem[len("nodes-"):]] += rows_of(path)
    for path in rel_files:
        file_rows[path.stem[len("rels-"):].rsplit("-", 2)[0]] += rows_of(path)
    for label, n in want_nodes.items():
        got = scalar(conn, f"MATCH (n:{label}) RETURN count(n)")
        if got != n or file_rows[label] != n:
            fail(f"{label}: {got} nodes in Kùzu, {file_rows[label]} rows, the dataset has {n}")
    for rel, n in want_rels.items():
        got = scalar(conn, f"MATCH ()-[r:{rel}]->() RETURN count(r)") if rel in file_rows else 0
        if got != n or file_rows.get(rel, 0) != n:
            fail(f"{rel}: {got} relationships in Kùzu, {file_rows.get(rel, 0)} rows, the dataset has {n}")
    print(f"neo4j_check: {sum(want_nodes.values())} nodes, {sum(want_rels.values())} relationships, per label and type as in the dataset")


# --- docs/cypher.md ------------------------------------------------------------------------

BLOCK = re.compile(
    r"<!-- query: (?P<name>[a-z_]+) (?P<params>\{.*?\}) -->\n```cypher\n(?P<query>.*?)```\n"
    r"(?P<before>.*?)<!-- answer: (?P=name) -->\n```text\n(?P<answer>.*?)```\n",
    re.S,
)


def expected(name, params, report):
    """The rows the crate's report gives for a documented query, normalised."""
    if name == "missing":
        return [[p["product"]] for p in report["products"] if p["status"] == "missing"]
    if name == "status":
        return [[p["product"], p["status"]] for p in report["products"]]
    if name == "upstream_gaps":
        return [[g["product"], sorted(g["requirement"])] for g in report["upstream_gaps"] if g["firm"] == params["firm"]]
    if name == "single_source":
        return [[s["firm"], s["product"], sorted(s["requirement"]), [s["supplier"]]] for s in report["single_source"]]
    if name == "candidates":
        entry = next((c for c in report["candidates"] if c["product"] == params["product"]), {"firms": []})
        return [[c["firm"], c["score"], c["links"], c["proximity"], c["evidence"]] for c in entry["firms"]]
    fail(f"docs: no report section for query `{name}`")


def normalise(rows):
    return sorted(json.dumps([sorted(v) if isinstance(v, list) else v for v in row], ensure_ascii=False) for row in rows)


def render(rows):
    if not rows:
        return "(no rows)\n"
    return "".join(" | ".join(json.dumps(v, ensure_ascii=False) if isinstance(v, list) else str(v) for v in json.loads(r)) + "\n" for r in rows)


def check_docs(conn, docs_path, reports, write):
    text = Path(docs_path).read_text(encoding="utf-8")
    blocks = list(BLOCK.finditer(text))
    names = [b["name"] for b in blocks]
    for need in ["missing", "status", "upstream_gaps", "single_source", "candidates"]:
        if need not in names:
            fail(f"{docs_path}: no query `{need}`")
    out, pos, bad = [], 0, []
    for b in blocks:
        params = json.loads(b["params"])
        if params.get("region") not in reports:
            fail(f"query `{b['name']}`: no --report for region {params.get('region')}")
        report = reports[params["region"]]
        # `region` also names the report to compare with; Kùzu refuses unused parameters.
        used = {k: v for k, v in params.items() if f"${k}" in b["query"]}
        result = conn.execute(b["query"], used)
        got = []
        while result.has_next():
            got.append(result.get_next())
        got_n = normalise(got)
        if got_n != normalise(expected(b["name"], params, report)):
            fail(f"query `{b['name']}` returns {got_n}, the crate's report says {normalise(expected(b['name'], params, report))}")
        answer = render(got_n)
        if answer != b["answer"]:
            bad.append(b["name"])
        out.append(text[pos:b.start("answer")] + answer)
        pos = b.end("answer")
        print(f"neo4j_check: query `{b['name']}`: {len(got)} rows, as the report")
    out.append(text[pos:])
    if bad and write:
        Path(docs_path).write_text("".join(out), encoding="utf-8")
        print(f"neo4j_check: rewrote the answers of {bad} in {docs_path}")
    elif bad:
        fail(f"{docs_path}: the answers written under {bad} are not what the queries return; "
             "regenerate them with tests/interop/regen_cypher_docs.sh")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--chain")
    ap.add_argument("--dataset")
    ap.add_argument("--report", action="append", default=[], help="a gap report JSON; repeat for several regions")
    ap.add_argument("--docs")
    ap.add_argument("--write-docs", action="store_true")
    args = ap.parse_args()
    t0 = time.perf_counter()
    conn, node_files, rel_files = load(args.dir)
    print(f"neo4j_check: Kùzu {kuzu.__version__} loaded {args.dir} in {time.perf_counter() - t0:.2f} s")
    if args.chain and args.dataset:
        chain = json.loads(Path(args.chain).read_text(encoding="utf-8"))
        data = json.loads(Path(args.dataset).read_text(encoding="utf-8"))
        check_counts(conn, node_files, rel_files, chain, data)
    if args.report and args.docs:
        reports = {}
        for path in args.report:
            r = json.loads(Path(path).read_text(encoding="utf-8"))
            reports[r["scope"]["region"]] = r
        check_docs(conn, args.docs, reports, args.write_docs)


if __name__ == "__main__":
    main()
