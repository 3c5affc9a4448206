#!/usr/bin/env python3
"""The HTML gap report in a real browser (headless Chromium), with the network off.

For each region it writes the page (the `html_report` example), the JSON report (the
`gap_report` example, computed independently of the page), then:

1. checks that no `src` or `href` in the page names an http(s) URL or any other scheme;
2. runs Chromium on the page with `#select=PRODUCT` for each end product and reads the DOM
   after the page's script has run (`--dump-dom`): every product of the report is on the map
   and in the product table with its status, the chosen end product is marked `selected`,
   and exactly the report's blocking products are marked `blocking`;
3. measures the map at 1024 and 1366 px wide windows (laptop screens): a copy of the page
   with a measuring script appended (after the page's own) writes what it finds into the
   DOM, which `--dump-dom` reads. Each label of the map must be at least 11 px tall on
   screen (its CSS font size times the drawing's screen scale), and the map must be wider
   than its box, so that the box scrolls sideways while the page itself does not;
4. takes a screenshot under target/browser/.

    python3 tests/browser/check.py [--update-docs]

`--update-docs` copies the Leshan and Sichuan screenshots to docs/. Standard library only.
"""
import argparse
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "target", "browser")
REGIONS = [
    # region, screenshot fragment, docs file
    ("cn-sc-leshan-hitech", "#select=grid-storage", "leshan-report.png"),
    ("cn-sc", "#lang=en&select=grid-storage", "sichuan-report.png"),
    ("cn", "", None),
]
CHROMIUM = os.environ.get("CHROMIUM", "chromium")
# Network off: every request goes to a proxy that does not exist.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--no-first-run",
    "--hide-scrollbars",
    "--disable-extensions",
    "--virtual-time-budget=3000",
]


def cargo(*args):
    cmd = ["cargo", "run", "--quiet", *args]
    return subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True).stdout


class Elements(html.parser.HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def parse(text):
    p = Elements()
    p.feed(text)
    return p.tags


def chromium(profile, *args):
    cmd = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args]
    r = subprocess.run(cmd, capture_output=True, timeout=120)
    if r.returncode != 0:
        sys.exit(f"browser: chromium failed ({r.returncode}): {r.stderr.decode(errors='replace')[-2000:]}")
    return r.stdout.decode("utf-8")


def check_self_contained(region, page):
    tags = parse(page)
    for tag, attrs in tags:
        for name in ("src", "href", "xlink:href"):
            value = attrs.get(name)
            if value is None:
                continue
            if "://" in value or value.startswith("//") or (":" in value.split("#")[0] and not value.startswith("#")):
                sys.exit(f"browser: {region}: <{tag} {name}=\"{value}\"> reaches out of the page")
        if tag == "script" and "src" in attrs:
            sys.exit(f"browser: {region}: an external script")
        if tag == "link":
            sys.exit(f"browser: {region}: a <link> element")


def classes(attrs):
    return set((attrs.get("class") or "").split())


def check_dom(region, dom, report, selected):
    tags = parse(dom)
    nodes = {a["data-product"]: a for t, a in tags if t == "g" and "data-product" in a}
    rows = {a["id"][2:]: a for t, a in tags if t == "tr" and a.get("id", "").startswith("p-")}
    for p in report["products"]:
        pid, status = p["product"], p["status"]
        node = nodes.get(pid)
        if node is None or node.get("data-status") != status or f"st-{status}" not in classes(node):
            sys.exit(f"browser: {region}: product {pid} not on the map as {status}: {node}")
        row = rows.get(pid)
        if row is None or row.get("data-status") != status:
            sys.exit(f"browser: {region}: product {pid} has no row with status {status}: {row}")
    if len(nodes) != len(report["products"]):
        sys.exit(f"browser: {region}: {len(nodes)} products on the map, {len(report['products'])} in the report")
    if selected is None:
        if any("selected" in classes(a) or "blocking" in classes(a) for a in nodes.values()):
            sys.exit(f"browser: {region}: a highlight with no end product chosen")
        return 0
    blocked = {b["product"]: b["blocking"] for b in report["closure"]["blocked"]}
    want = set(blocked.get(selected, []))
    got_selected = [pid for pid, a in nodes.items() if "selected" in classes(a)]
    got_blocking = {pid for pid, a in nodes.items() if "blocking" in classes(a)}
    if got_selected != [selected]:
        sys.exit(f"browser: {region}: #select={selected} marked {got_selected} selected")
    if got_blocking != want:
        sys.exit(f"browser: {region}: #select={selected}: blocking {sorted(got_blocking)}, the report says {sorted(want)}")
    svg = [a for t, a in tags if t == "svg" and a.get("id") == "chain-map"]
    if not svg or ("picking" in classes(svg[0])) != True:
        sys.exit(f"browser: {region}: the map is not in highlight mode")
    return len(want)


# Window widths of common laptop screens, and the smallest label height that reads.
WIDTHS = [1024, 1366]
MIN_LABEL_PX = 11.0
# Fragments that jump to a section or a row: each must land below the sticky bar.
ANCHORS = ["candidates", "concentration", "p-stack"]
# Appended to a copy of the page, after the page's own script: measures the map as drawn.
MEASURE = """<script>
window.addEventListener("load",function(){setTimeout(function(){
 var svg=document.getElementById("chain-map"),box=svg.parentNode;
 var scale=svg.getScreenCTM().a,least=1e9,which="";
 svg.querySelectorAll("text").forEach(function(t){
  if(getComputedStyle(t).display==="none"||!t.textContent.trim())return;
  var px=parseFloat(getComputedStyle(t).fontSize)*scale;
  if(px<least){least=px;which=t.getAttribute("class");}
 });
 var m={scale:scale,label_px:least,label:which,box_client:box.clientWidth,box_scroll:box.scrollWidth,
  box_overflow:getComputedStyle(box).overflowX,page_scroll:document.documentElement.scrollWidth,
  viewport:window.innerWidth,scroll_left:box.scrollLeft};
 var sel=svg.querySelector(".node.selected");
 if(sel){var r=sel.getBoundingClientRect(),b=box.getBoundingClientRect();
  m.selected=sel.getAttribute("data-product");m.selected_left=r.left-b.left;m.selected_right=r.right-b.left;m.box_width=b.width;}
 var id=location.hash.slice(1),target=id&&document.getElementById(id);
 if(target){m.target=id;m.target_top=target.getBoundingClientRect().top;
  m.nav_bottom=document.querySelector("nav").getBoundingClientRect().bottom;m.page_y=window.scrollY;}
 document.body.setAttribute("data-measure",JSON.stringify(m));
},0);});
</script>"""


def measure(profile, region, page, width, fragment=""):
    """What MEASURE finds in the page at a window `width` px wide."""
    path = os.path.join(OUT, f"{region}.measure.html")
    at = page.rindex("</body>")
    with open(path, "w", encoding="utf-8") as f:
        f.write(page[:at] + MEASURE + page[at:])
    dom = chromium(profile, f"--window-size={width},900", "--dump-dom", "file://" + path + fragment)
    for tag, attrs in parse(dom):
        if tag == "body" and "data-measure" in attrs:
            return json.loads(attrs["data-measure"])
    sys.exit(f"browser: {region}: the measuring script did not run at {width} px")


def check_readable(profile, region, page, ends):
    """The map's labels are readable at laptop widths, its box scrolls, not the page, and
    `#select=END` scrolls the box to the chosen end product."""
    found = []
    for width in WIDTHS:
        m = measure(profile, region, page, width)
        if m["label_px"] < MIN_LABEL_PX:
            sys.exit(f"browser: {region}: at {width} px the smallest map label ({m['label']}) is "
                     f"{m['label_px']:.1f} px on screen (scale {m['scale']:.3f}), below {MIN_LABEL_PX}")
        if m["box_overflow"] != "auto" or m["box_scroll"] <= m["box_client"]:
            sys.exit(f"browser: {region}: at {width} px the map box does not scroll: {m}")
        if m["page_scroll"] > m["viewport"]:
            sys.exit(f"browser: {region}: at {width} px the page itself scrolls sideways "
                     f"({m['page_scroll']} px wide in a {m['viewport']} px window)")
        for anchor in ANCHORS:
            t = measure(profile, region, page, width, "#" + anchor)
            if t.get("target") != anchor or t["page_y"] <= 0:
                sys.exit(f"browser: {region}: at {width} px #{anchor} did not scroll the page: {t}")
            if t["target_top"] < t["nav_bottom"]:
                sys.exit(f"browser: {region}: at {width} px #{anchor} is under the sticky bar: its top "
                         f"at {t['target_top']:.0f} px, the bar's bottom at {t['nav_bottom']:.0f} px")
        # The narrowest window: every end product, when chosen, is scrolled into the box.
        for end in ends if width == WIDTHS[0] else ends[:1]:
            t = measure(profile, region, page, width, f"#select={end}")
            if t.get("selected") != end:
                sys.exit(f"browser: {region}: at {width} px #select={end} selected {t.get('selected')}")
            if t["selected_left"] < 0 or t["selected_right"] > t["box_width"]:
                sys.exit(f"browser: {region}: at {width} px #select={end} is out of the map box's view: "
                         f"it spans {t['selected_left']:.0f} to {t['selected_right']:.0f} px of a "
                         f"{t['box_width']:.0f} px box scrolled by {t['scroll_left']} px")
        found.append(f"{width} px: labels {m['label_px']:.1f} px, map {m['box_scroll']} px in a {m['box_client']} px box")
    return "; ".join(found)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--update-docs", action="store_true")
    args = parser.parse_args()
    if shutil.which(CHROMIUM) is None:
        sys.exit(f"browser: `{CHROMIUM}` not found (apt-get install -y chromium)")
    os.makedirs(OUT, exist_ok=True)
    chain = json.loads(open(os.path.join(ROOT, "data", "vrfb.chain.json"), encoding="utf-8").read())
    last = chain["segments"][-1]["id"]
    ends = [p["id"] for p in chain["products"] if p["segment"] == last]
    with tempfile.TemporaryDirectory() as profile:
        for region, fragment, doc in REGIONS:
            page_path = os.path.join(OUT, f"{region}.html")
            cargo("--features", "html", "--example", "html_report", "--", "--region", region, "--out", page_path)
            report = json.loads(cargo("--example", "gap_report", "--", "--region", region, "--format", "json"))
            page = open(page_path, encoding="utf-8").read()
            check_self_contained(region, page)
            url = "file://" + page_path
            check_dom(region, chromium(profile, "--dump-dom", url), report, None)
            highlighted = []
            for end in ends:
                n = check_dom(region, chromium(profile, "--dump-dom", f"{url}#select={end}"), report, end)
                highlighted.append(f"{end}: {n} blocking")
            readable = check_readable(profile, region, page, ends)
            shot = os.path.join(OUT, f"{region}.png")
            chromium(profile, "--window-size=1500,1180", f"--screenshot={shot}", url + fragment)
            print(f"browser: {region}: {len(page.encode())} bytes, {len(report['products'])} products with their status; "
                  f"{'; '.join(highlighted)}; {readable}; screenshot {os.path.relpath(shot, ROOT)} ({os.path.getsize(shot)} bytes): ok")
            if args.update_docs and doc:
                shutil.copyfile(shot, os.path.join(ROOT, "docs", doc))


if __name__ == "__main__":
    main()
