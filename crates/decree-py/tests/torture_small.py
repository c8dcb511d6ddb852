#!/usr/bin/env python3
"""A small torture corpus (the cheap inputs of scripts/torture) for the Spark
job's failures table:

    torture_small.py DIR                  # writes DIR/in
    torture_small.py DIR --check SPARK    # SPARK/failures lists exactly the bad ones
"""
import os
import pathlib
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[3]
SEED = ROOT / "fixtures/seeds/002_20ed74e4e97bd4cb.txt"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(xml):
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def corpus():
    seed = SEED.read_bytes()
    ents = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10)]
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [' + "".join(ents) + ']>'
            f'<w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    bad = {
        "empty.pdf": b"",
        "empty.docx": b"",
        "truncated.pdf": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog",
        "encrypted.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + b"EncryptedPackage" * 64,
        "binary.txt": bytes(range(256)) * 256,
        "entity-bomb.docx": docx(bomb),
    }
    good = {"empty.txt": b"", "truncated.txt": seed[: len(seed) // 2], "wrong-extension.pdf": seed}
    return bad, good


def main():
    d = pathlib.Path(sys.argv[1])
    bad, good = corpus()
    if "--check" not in sys.argv:
        (d / "in").mkdir(parents=True, exist_ok=True)
        for name, data in {**bad, **good}.items():
            (d / "in" / name).write_bytes(data)
        return
    import pyarrow.parquet as pq
    spark = pathlib.Path(sys.argv[sys.argv.index("--check") + 1])
    failed = sorted(pathlib.Path(f["path"]).name for f in pq.read_table(spark / "failures").to_pylist())
    print("failures table:", ", ".join(failed))
    if failed != sorted(bad):
        print(f"expected exactly the bad inputs {sorted(bad)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
