"""decree against the tools users would pick instead, in one run on the same
files: throughput (pages/s for PDF, MB/s for Word), peak RSS, and table-cell
accuracy against the hand-made gold rows in benches/gold/. Called by scripts/bench,
which installs the peers; see there for the options.
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ADAPTERS = HERE / "adapters.py"


# ---------------------------------------------------------------- running tools


def pinned(cmd):
    """Every tool gets one core, so the figures are per core and comparable."""
    return (["taskset", "-c", "0"] if shutil.which("taskset") else []) + cmd


def run_measured(cmd):
    """Runs a command; returns (wall seconds, peak RSS in MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(pinned(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # decree exits 1 when some finding is an error
        raise RuntimeError(f"{' '.join(cmd[:3])}... failed ({proc.returncode}): {err[-500:]}")
    return wall, usage.ru_maxrss / 1024


class Tool:
    """A tool's timed run over a set of files, and the tables it gives for scoring."""

    def __init__(self, name, produces, run, tables=None):
        self.name, self.produces, self.run, self.tables = name, produces, run, tables


def decree_tools(binary, files, work):
    """decree twice: `convert` (records, the job) and `layout` (reading alone, what
    the table extractors do)."""

    def convert():
        out = work / "decree-out"
        return run_measured([binary, "convert", *files, "--out", str(out), "--force", "-j", "1", "-q"])

    def layout():
        return run_measured([binary, "layout", *files])

    def tables():
        result = {}
        for f in files:
            layout = json.loads(subprocess.run([binary, "layout", f], capture_output=True, check=True).stdout)
            result[f] = [
                [[c["text"] for c in sorted(r["cells"], key=lambda c: c["col"])] for r in b["rows"]]
                for b in layout["blocks"]
                if b.get("type") == "table"
            ]
        return result

    return [
        Tool("decree convert", "records: read, extract, check, write JSON", convert, tables),
        Tool("decree layout", "tables and blocks (reading only)", layout),
    ]


def adapter_tool(name, produces, files, work):
    out = work / f"{name}.json"

    def run():
        wall, rss = run_measured([sys.executable, str(ADAPTERS), name, str(out), *files])
        inner = json.loads(out.read_text(encoding="utf-8"))["seconds"]
        return min(wall, inner), rss

    def tables():
        if not out.exists():
            run()
        return json.loads(out.read_text(encoding="utf-8"))["tables"]

    return Tool(name, produces, run, tables)


def per_file_tool(name, produces, files, work, command, parse):
    """A command-line tool run once per file (its normal use)."""

    def target(f):
        return work / f"{name}-{pathlib.Path(f).name}.out"

    def run():
        total, rss = 0.0, 0.0
        for f in files:
            wall, peak = run_measured(command(f, str(target(f))))
            total, rss = total + wall, max(rss, peak)
        return total, rss

    def tables():
        for f in files:
            if not target(f).exists():
                subprocess.run(command(f, str(target(f))), check=True, capture_output=True)
        return {f: parse(target(f).read_text(encoding="utf-8", errors="replace")) for f in files}

    return Tool(name, produces, run, tables)


def layout_text_tables(text):
    """`pdftotext -layout` gives text, not tables: split each line at runs of two or
    more spaces, the way people post-process it."""
    rows = [re.split(r"\s{2,}", line.strip()) for line in text.splitlines() if line.strip()]
    return [rows]


def pandoc_tables(text):
    """Tables from pandoc's JSON AST: Table > bodies > rows > cells > blocks."""
    doc = json.loads(text)
    found = []

    def inline_text(node):
        if isinstance(node, dict):
            t = node.get("t")
            if t == "Str":
                return node["c"]
            if t in ("Space", "SoftBreak"):
                return " "
            if t == "LineBreak":
                return "\n"
            return inline_text(node.get("c", []))
        if isinstance(node, list):
            return "".join(inline_text(n) for n in node)
        return ""

    def block_text(blocks):
        return "\n".join(inline_text(b.get("c", [])) for b in blocks if isinstance(b, dict))

    def row_cells(row):
        return [block_text(cell[4]) for cell in row[1]]

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "Table":
                c = node["c"]
                head, bodies = c[3], c[4]
                rows = [row_cells(r) for r in head[1]]
                for body in bodies:
                    rows += [row_cells(r) for r in body[2] + body[3]]
                found.append(rows)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(doc.get("blocks", []))
    return found


# ---------------------------------------------------------------- scoring


def norm(cell):
    return " ".join(unicodedata.normalize("NFC", str(cell)).split())


def read_gold():
    """Gold rows per fixture: benches/gold/<name>.tsv applies to the fixtures whose
    stem is `<name>` or starts with `<name>_`."""
    gold = {}
    for path in sorted((ROOT / "benches" / "gold").glob("*.tsv")):
        rows = [
            [norm(c) for c in line.split("\t")]
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
        gold[path.stem] = rows
    return gold


def lcs(a, b):
    """Cells of `a` found in `b` in the same order (columns may shift, a cell may
    not be split or merged)."""
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def cell_accuracy(gold_rows, tables):
    """Gold cells exactly right ÷ all gold cells (non-empty). Each gold row is
    scored against the extracted row that matches it best, from any table of
    the file, so tools that do not stitch tables across pages lose nothing for
    that alone."""
    pool = [[norm(c) for c in row if norm(c)] for table in tables for row in table if row]
    by_cell = {}
    for i, row in enumerate(pool):
        for c in set(row):
            by_cell.setdefault(c, []).append(i)
    right = total = 0
    for g in gold_rows:
        cells = [c for c in g if c]
        total += len(cells)
        candidates = {i for c in cells for i in by_cell.get(c, [])}
        right += max((lcs(cells, pool[i]) for i in candidates), default=0)
    return right, total


def accuracy(tool, files, gold):
    def covers(f, name):
        return pathlib.Path(f).stem == name or pathlib.Path(f).name.startswith(name + "_")

    scored = [(f, gold[name]) for f in files for name in gold if covers(f, name)]
    if not scored or tool.tables is None:
        return None
    tables = tool.tables()
    right = total = 0
    for f, rows in scored:
        r, t = cell_accuracy(rows, tables.get(f, []))
        right, total = right + r, total + t
    return {"right": right, "cells": total, "files": len(scored)}


# ---------------------------------------------------------------- report


def pdf_pages(f):
    info = subprocess.run(["pdfinfo", f], capture_output=True, text=True, check=True).stdout
    return next(int(line.split()[1]) for line in info.splitlines() if line.startswith("Pages:"))


def version(cmd, pattern=r"[\d][\w.\-]*"):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True)
        m = re.search(pattern, p.stdout + p.stderr)
        return m.group(0) if m else "?"
    except OSError:
        return "missing"


def py_version(module):
    try:
        from importlib.metadata import version as v

        return v(module)
    except Exception:  # noqa: BLE001 - any failure means "not installed"
        return "missing"


def machine():
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = os.getloadavg()[0]
    return (f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, {platform.system()} {platform.release()}; "
            f"load average {load:.2f} when the run started")


def measure(tools, rounds):
    """Rounds interleave the tools, so drift in the machine touches all alike."""
    times = {t.name: [] for t in tools}
    rss = {t.name: 0.0 for t in tools}
    for r in range(rounds):
        for t in tools:
            seconds, peak = t.run()
            times[t.name].append(seconds)
            rss[t.name] = max(rss[t.name], peak)
            print(f"  round {r + 1}/{rounds} {t.name:16} {seconds:8.3f} s", file=sys.stderr)
    return times, rss


PRODUCES = {
    "decree convert": "records: read, extract, check, write JSON",
    "decree layout": "tables and blocks (reading only)",
    "pdftotext -layout": "text only",
    "pdfplumber": "tables (extract_tables)",
    "camelot-lattice": "tables",
    "camelot-stream": "tables",
    "tabula": "tables (read_pdf)",
    "python-docx": "tables (Document.tables)",
    "docx2python": "tables (body)",
    "pandoc": "document AST (-t json)",
}

KINDS = {
    "pdf": ("PDF", "pages/s", "{files} fixture PDFs ({amount:.0f} pages: the three seeds printed by LibreOffice "
            "and by Chromium)."),
    "docx": ("Word", "MB/s", "{files} .docx files ({amount:.2f} MB: the three seed rebuilds and the Decree "
             "30/2020 files)."),
}


def rows_of(tools, times, rss, acc, amount):
    """The figures of one kind, as stored in results.json."""
    rows = []
    for t in tools:
        med = statistics.median(times[t.name])
        rows.append({"tool": t.name, "median_s": med, "rate": amount / med, "rss_mb": rss[t.name],
                     "accuracy": acc.get(t.name), "runs": times[t.name]})
    return rows


def section(kind, results):
    title, unit, note = KINDS[kind]
    rows = results[kind]
    by_tool = {r["tool"]: r["median_s"] for r in rows}
    convert, layout = by_tool["decree convert"], by_tool["decree layout"]
    amount = rows[0]["rate"] * rows[0]["median_s"]
    files = results.get("files", {}).get(kind, "?")
    lines = [f"## {title}", "", note.format(files=files, amount=amount), ""]
    lines.append(f"| tool | produces | median s | {unit} | ÷ decree convert | ÷ decree layout | peak RSS MB "
                 "| cell accuracy |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        med, a = r["median_s"], r.get("accuracy")
        acc_text = f"{a['right'] / a['cells']:.3f} ({a['right']}/{a['cells']})" if a and a["cells"] else "n/a"
        if r["tool"] == "decree layout":
            acc_text = "(the same tables)"
        lines.append(
            f"| {r['tool']} | {PRODUCES.get(r['tool'], '')} | {med:.3f} | {r['rate']:,.1f} | {med / convert:,.2f} "
            f"| {med / layout:,.2f} | {r['rss_mb']:.0f} | {acc_text} |"
        )
    return lines + [""]


def fixture_files():
    """The PDFs (LibreOffice and Chromium printings) and the .docx files measured."""
    pdfs = sorted(map(str, (ROOT / "fixtures" / "pdf").glob("*.pdf"))) + sorted(
        map(str, (ROOT / "fixtures" / "pdf" / "chromium").glob("*.pdf")))
    docxs = sorted(map(str, (ROOT / "fixtures" / "docx").glob("*.docx"))) + sorted(
        map(str, (ROOT / "fixtures" / "real" / "nd30-2020").glob("*.docx")))
    return pdfs, docxs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--decree", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--report", default=str(ROOT / "BENCHMARKS.md"))
    ap.add_argument("--results", default=str(ROOT / "target" / "bench" / "results.json"))
    ap.add_argument("--skip", default="", help="comma-separated tools to leave out")
    ap.add_argument("--report-only", action="store_true",
                    help="rewrite the report from --results (and --previous) without measuring")
    ap.add_argument("--previous", default=None, help="results of the run to compare with "
                    "(default: the results file as it was before this run)")
    args = ap.parse_args()
    results_path = pathlib.Path(args.results)
    previous_path = pathlib.Path(args.previous) if args.previous else results_path.with_name("previous.json")
    if args.report_only:
        results = json.loads(results_path.read_text(encoding="utf-8"))
        results.setdefault("files", {"pdf": len(fixture_files()[0]), "docx": len(fixture_files()[1])})
        previous = json.loads(previous_path.read_text(encoding="utf-8")) if previous_path.exists() else None
        write_report(pathlib.Path(args.report), results, previous)
        return
    skip = set(filter(None, args.skip.split(",")))

    pdfs, docxs = fixture_files()
    gold = read_gold()
    work = pathlib.Path(tempfile.mkdtemp(prefix="decree-bench-"))
    try:
        pdf_tools = [
            *decree_tools(args.decree, pdfs, work / "pdf"),
            per_file_tool("pdftotext -layout", "text only", pdfs, work,
                          lambda f, o: ["pdftotext", "-layout", f, o], layout_text_tables),
            adapter_tool("pdfplumber", "tables (extract_tables)", pdfs, work),
            adapter_tool("camelot-lattice", "tables", pdfs, work),
            adapter_tool("camelot-stream", "tables", pdfs, work),
            adapter_tool("tabula", "tables (read_pdf)", pdfs, work),
        ]
        docx_tools = [
            *decree_tools(args.decree, docxs, work / "docx"),
            adapter_tool("python-docx", "tables (Document.tables)", docxs, work),
            adapter_tool("docx2python", "tables (body)", docxs, work),
            per_file_tool("pandoc", "document AST (-t json)", docxs, work,
                          lambda f, o: ["pandoc", "-f", "docx", "-t", "json", f, "-o", o], pandoc_tables),
        ]
        pdf_tools = [t for t in pdf_tools if t.name not in skip]
        docx_tools = [t for t in docx_tools if t.name not in skip]
        pages = sum(pdf_pages(f) for f in pdfs)
        megabytes = sum(os.path.getsize(f) for f in docxs) / 1e6

        print(f"PDF: {len(pdfs)} files, {pages} pages", file=sys.stderr)
        pdf_times, pdf_rss = measure(pdf_tools, args.rounds)
        print(f"Word: {len(docxs)} files, {megabytes:.2f} MB", file=sys.stderr)
        docx_times, docx_rss = measure(docx_tools, args.rounds)
        pdf_acc = {t.name: accuracy(t, pdfs, gold) for t in pdf_tools}
        docx_acc = {t.name: accuracy(t, docxs, gold) for t in docx_tools}
    finally:
        shutil.rmtree(work, ignore_errors=True)

    versions = {
        "decree": version([args.decree, "--version"]),
        "git": version(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], r"\w+"),
        "pdftotext": version(["pdftotext", "-v"]),
        "pdfplumber": py_version("pdfplumber"),
        "camelot-py": py_version("camelot-py"),
        "tabula-py": py_version("tabula-py"),
        "java": version(["java", "-version"], r"\d+[\w.\-]*"),
        "python-docx": py_version("python-docx"),
        "docx2python": py_version("docx2python"),
        "pandoc": version(["pandoc", "--version"]),
        "python": platform.python_version(),
    }
    results = {"date": datetime.date.today().isoformat(), "machine": machine(), "rounds": args.rounds,
               "versions": versions, "files": {"pdf": len(pdfs), "docx": len(docxs)},
               "pdf": rows_of(pdf_tools, pdf_times, pdf_rss, pdf_acc, pages),
               "docx": rows_of(docx_tools, docx_times, docx_rss, docx_acc, megabytes)}
    previous = None
    if results_path.exists() and not args.previous:
        results_path.replace(previous_path)
    if previous_path.exists():
        previous = json.loads(previous_path.read_text(encoding="utf-8"))
    results_path.parent.mkdir(parents=True, exist_ok=True)
    results_path.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    write_report(pathlib.Path(args.report), results, previous)


def changes(previous, results):
    """How far each median moved from the previous run: (kind, tool, change)."""
    out = []
    for kind in ("pdf", "docx"):
        before = {r["tool"]: r["median_s"] for r in previous.get(kind, [])}
        out += [(kind, r["tool"], r["median_s"] / before[r["tool"]] - 1) for r in results[kind] if r["tool"] in before]
    return out


def reproducibility(previous, results):
    if not previous:
        return ["## Reproducibility", "", "No earlier run to compare with: run `scripts/bench` again.", ""]
    moved = changes(previous, results)
    for kind, tool, change in moved:
        flag = "" if abs(change) <= 0.15 else "  (over 15%)"
        print(f"{kind:4} {tool:18} {change:+6.1%} against the previous run{flag}", file=sys.stderr)
    worst = max(moved, key=lambda m: abs(m[2]), default=None)
    lines = ["## Reproducibility", "",
             f"Against the previous run ({previous.get('date')}, {previous['versions'].get('git')}), every median "
             f"moved by at most {abs(worst[2]):.1%} ({worst[1]}, {worst[0]})." if worst else "Nothing to compare.",
             "", "| kind | tool | change of the median |", "|---|---|---:|"]
    lines += [f"| {kind} | {tool} | {change:+.1%} |" for kind, tool, change in moved]
    return lines + [""]


def write_report(path, results, previous):
    body = section("pdf", results) + section("docx", results) + reproducibility(previous, results)
    v = results["versions"]
    head = [
        "# Benchmarks",
        "",
        "Written by `scripts/bench`; do not edit by hand. Each figure is the median of "
        f"{results['rounds']} rounds; the rounds interleave the tools. Every tool is pinned to one core "
        "(`taskset -c 0`); decree runs with `-j 1`.",
        "",
        f"- Date: {results['date']}",
        f"- Machine: {results['machine']}",
        f"- Versions: decree {v['decree']} ({v['git']}), pdftotext {v['pdftotext']}, pdfplumber {v['pdfplumber']}, "
        f"camelot-py {v['camelot-py']}, tabula-py {v['tabula-py']} (Java {v['java']}), python-docx {v['python-docx']}, "
        f"docx2python {v['docx2python']}, pandoc {v['pandoc']}, Python {v['python']}",
        "",
    ]
    how = [
        "## How it is measured",
        "",
        "- decree is timed as a whole process, twice: `decree convert FILES --force -j 1` reads, lays out, "
        "extracts records, cross-checks them and writes JSON and NDJSON (fsynced); `decree layout FILES` reads "
        "and lays out only, printing tables and blocks as JSON: the job the table extractors do. The Python peers "
        "are timed inside their process around the extraction loop only (imports and interpreter start left out, "
        "in their favour). `pdftotext -layout` and pandoc run once per file, as they are used.",
        "- Peak RSS is the largest resident set of the tool's process (`wait4`), over all rounds.",
        "- Cell accuracy: the hand-made gold rows in `benches/gold/` (the body rows of seed 000's target "
        "tables, of seed 002's Phụ lục 1, and of the abbreviation table of Decree 30/2020's Phụ lục III, "
        "whose numbers are Word's automatic numbering; see each file's header) against the tables each tool returns for the fixtures made from that seed. "
        "A gold row is scored against the tool's best-matching row from any table of the file; a cell counts "
        "when its text (NFC, whitespace collapsed) equals a cell of that row, in order. Cells right ÷ gold cells. "
        "decree's tables are those of `decree layout`. `pdftotext -layout` gives no tables: its lines are split "
        "at runs of two or more spaces.",
        "- `÷ decree convert` and `÷ decree layout` are the tool's median time over decree's: how many times "
        "faster decree is.",
        "",
    ]
    path.write_text("\n".join(head + body + how), encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
