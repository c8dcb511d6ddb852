"""What each peer tool is asked to do, the way its documentation shows: extract
the tables of every file. Run as

    python3 adapters.py TOOL OUT.json FILE...

It writes {"seconds": s, "tables": {file: [table, ...]}} where a table is a list of
rows and a row a list of cell texts. `seconds` covers the extraction loop only,
after the imports, which favours the peers (decree is timed as a whole process).
"""
import json
import sys
import time


def pdfplumber_tables(files):
    import pdfplumber

    out = {}
    for f in files:
        with pdfplumber.open(f) as pdf:
            out[f] = [t for page in pdf.pages for t in page.extract_tables()]
    return out


def camelot_tables(flavor):
    def run(files):
        import camelot

        out = {}
        for f in files:
            tables = camelot.read_pdf(f, pages="all", flavor=flavor)
            out[f] = [t.df.values.tolist() for t in tables]
        return out

    return run


def tabula_tables(files):
    import tabula

    out = {}
    for f in files:
        frames = tabula.read_pdf(f, pages="all", multiple_tables=True, silent=True)
        # tabula puts the first row in the frame's header; keep it as a row.
        out[f] = [[list(map(str, df.columns))] + df.astype(str).values.tolist() for df in frames]
    return out


def python_docx_tables(files):
    import docx

    out = {}
    for f in files:
        document = docx.Document(f)
        out[f] = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return out


def docx2python_tables(files):
    from docx2python import docx2python

    out = {}
    for f in files:
        with docx2python(f) as content:
            # body: tables > rows > cells > paragraphs; a paragraph-only block
            # is a one-cell table, kept: the scorer only credits cells it can match.
            out[f] = [[["\n".join(cell) for cell in row] for row in table] for table in content.body]
    return out


TOOLS = {
    "pdfplumber": pdfplumber_tables,
    "camelot-lattice": camelot_tables("lattice"),
    "camelot-stream": camelot_tables("stream"),
    "tabula": tabula_tables,
    "python-docx": python_docx_tables,
    "docx2python": docx2python_tables,
}


def main():
    tool, out, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    run = TOOLS[tool]
    start = time.perf_counter()
    tables = run(files)
    seconds = time.perf_counter() - start
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"seconds": seconds, "tables": tables}, fh, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main()
