#!/usr/bin/env python3
"""Converts a folder (or bucket) of documents with decree on Spark and writes
Parquet: documents, indicators, targets, tasks and findings partitioned by
province and year, and failures with their error kind.

    python examples/spark/convert_to_parquet.py INPUT OUT [--master local[2]]

Spark reads the files with the binaryFile source; each worker calls the
decree Python package on the bytes (mapInArrow), so the engine schedules,
retries and scales while decree stays a function. Each table has the
contract's top-level fields as columns (nested values as JSON text), the
`record` column holding the CLI's NDJSON line byte for byte, and the
`province` and `year` partition columns taken from the document.
"""
import argparse
import json
import os
import pathlib
import sys
from urllib.parse import unquote, urlparse

import pyarrow as pa
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "schema" / "decree-records.schema.json"
# NDJSON kind -> the contract's definition and the table it goes to.
TABLES = {"document": ("Document", "documents"), "indicator": ("Indicator", "indicators"),
          "target": ("Target", "targets"), "task": ("Task", "tasks"), "finding": ("Finding", "findings")}
FIELDS = ("kind", "document_id", "province", "year", "path", "record", "error_kind", "error")
ROWS = pa.schema([(n, pa.string()) for n in FIELDS])
ROWS_DDL = ", ".join(f"{n} string" for n in FIELDS)


def contract_columns():
    """Each table's columns: the contract's fields, from the schema itself."""
    defs = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]
    return {kind: list(defs[name]["properties"]) for kind, (name, _) in TABLES.items()}


def source_name(url, relative_to):
    """The name the CLI would give the file: its path relative to where it was run."""
    parsed = urlparse(url)
    if parsed.scheme not in ("", "file"):
        return url
    path = unquote(parsed.path)
    try:
        return os.path.relpath(path, relative_to) if relative_to else path
    except ValueError:
        return path


def partition_keys(document):
    """Province (a province-level issuer's locality) and year (of issue) of a document."""
    locality = document.get("locality") or {}
    province = locality.get("name") if locality.get("level") == "province" else None
    issued = document.get("issued_on") or ""
    return province, issued[:4] or None


OWN_OUTPUTS = ('{"schema":"decree-records/1"', '{"decree_version":', '{"kind":"document","document_id":')


def own_output(content):
    """decree's own outputs (records JSON, manifest, NDJSON, error list) are never
    inputs: the same test as the CLI's (crates/decree-cli, `own_output`)."""
    compact = "".join(bytes(content[:512]).decode("utf-8", "replace").split())
    return compact.startswith(OWN_OUTPUTS) or (
        compact.startswith("{") and '"error_kind":' in compact and '"path":' in compact)


def convert_batches(relative_to):
    import decree  # imported on the worker

    def rows(path, content):
        if own_output(content):
            return
        name = source_name(path, relative_to)
        try:
            records = decree.convert(content, name=name)
        except decree.DecreeError as e:
            yield ("failure", None, None, None, name, None, e.kind, e.reason)
            return
        province, year = partition_keys(records["document"])
        doc_id = records["document"]["id"]
        # A line's "kind" is the record's own for tasks ("duty", ...); the
        # lines come in the contract's order, so the table is told by position.
        kinds = ["document"] + [k for k in ("indicator", "target", "task", "finding") for _ in records[k + "s"]]
        for kind, line in zip(kinds, decree.ndjson(records)):
            yield (kind, doc_id, province, year, name, line, None, None)

    def run(batches):
        for batch in batches:
            out = [r for p, c in zip(batch.column("path").to_pylist(), batch.column("content").to_pylist())
                   for r in rows(p, c)]
            yield pa.RecordBatch.from_arrays([pa.array(col, pa.string()) for col in zip(*out)] if out else
                                             [pa.array([], pa.string()) for _ in ROWS], schema=ROWS)
    return run


def remove(spark, url):
    """Deletes a folder through Hadoop's file system, so buckets work too."""
    path = spark.sparkContext._jvm.org.apache.hadoop.fs.Path(url)
    path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).delete(path, True)


def empty_files(spark, url):
    """Zero-byte files, which Spark's file sources drop before any task sees them."""
    jvm = spark.sparkContext._jvm
    root = jvm.org.apache.hadoop.fs.Path(url)
    files = root.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).listFiles(root, True)
    found = []
    while files.hasNext():
        f = files.next()
        name = f.getPath().getName()
        if f.getLen() == 0 and not name.startswith((".", "_")):
            found.append(f.getPath().toString())
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="folder or bucket URL of documents")
    ap.add_argument("out", help="folder or bucket URL for the Parquet tables")
    ap.add_argument("--master", default=None, help="Spark master, e.g. local[2] (default: spark-submit's)")
    ap.add_argument("--relative-to", default=os.getcwd(),
                    help="local paths are named relative to this folder, as the CLI run there would (empty: absolute)")
    ap.add_argument("--split-mb", type=int, default=32,
                    help="input split size; files are packed into splits of this size, each a task")
    args = ap.parse_args()

    # Workers run this interpreter (with decree installed) unless told otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("decree-convert")
    if args.master:
        builder = builder.master(args.master)
    # Small splits so many small files still make many tasks, without a shuffle of their bytes.
    builder = builder.config("spark.sql.files.maxPartitionBytes", f"{args.split_mb}m")
    spark = builder.getOrCreate()
    files = (spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(args.input)
             .select("path", "content"))
    # Convert once into a staging table the five tables are then cut from:
    # each write would otherwise run every conversion again.
    staging = f"{args.out}/_converted"
    converted = files.mapInArrow(convert_batches(args.relative_to), ROWS_DDL)
    empty = spark.createDataFrame([(p, b"") for p in empty_files(spark, args.input)], files.schema)
    converted = converted.unionByName(empty.mapInArrow(convert_batches(args.relative_to), ROWS_DDL))
    converted.write.mode("overwrite").parquet(staging)
    rows = spark.read.parquet(staging)

    columns = contract_columns()
    for kind, (_, table) in TABLES.items():
        fields = [F.get_json_object("record", f"$.{c}").alias(c) for c in columns[kind] if c != "id" or kind != "document"]
        (rows.where(F.col("kind") == kind)
         .select("document_id", *fields, "record", F.col("path").alias("source_path"), "province", "year")
         .write.mode("overwrite").partitionBy("province", "year").parquet(f"{args.out}/{table}"))
    (rows.where(F.col("kind") == "failure").select("path", "error_kind", "error")
     .write.mode("overwrite").parquet(f"{args.out}/failures"))
    remove(spark, staging)
    spark.stop()


if __name__ == "__main__":
    main()
