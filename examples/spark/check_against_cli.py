#!/usr/bin/env python3
"""Checks the Spark job's tables against a CLI batch of the same inputs:

    python examples/spark/check_against_cli.py SPARK_OUT CLI_OUT

The `record` column of all five tables, sorted, must equal the CLI's
records.ndjson sorted, byte for byte; the failures table must list the same
inputs with the same error kinds as the CLI's errors.ndjson. Exits 1 on a
difference, printing the first few."""
import json
import pathlib
import sys

import pyarrow.parquet as pq

TABLES = ("documents", "indicators", "targets", "tasks", "findings")


def column(path, name):
    # A table Spark wrote no rows to has no Parquet file.
    if not any(path.rglob("*.parquet")):
        return []
    # Partition columns are not needed here, and all-null ones cannot be typed.
    return pq.read_table(path, columns=[name], partitioning=None).column(name).to_pylist()


def main():
    spark_out, cli_out = (pathlib.Path(a) for a in sys.argv[1:3])
    spark = sorted(line.encode("utf-8") for t in TABLES for line in column(spark_out / t, "record"))
    cli = sorted((cli_out / "records.ndjson").read_bytes().splitlines())
    problems = []
    if spark != cli:
        only_spark, only_cli = sorted(set(spark) - set(cli)), sorted(set(cli) - set(spark))
        problems.append(f"records differ: {len(spark)} from Spark, {len(cli)} from the CLI")
        problems += [f"  only Spark: {line[:160]!r}" for line in only_spark[:3]]
        problems += [f"  only CLI:   {line[:160]!r}" for line in only_cli[:3]]
    failures = pq.read_table(spark_out / "failures").to_pylist()
    errors = [json.loads(l) for l in (cli_out / "errors.ndjson").read_text(encoding="utf-8").splitlines()]
    # A CLI from before error kinds were written is compared by path alone.
    kinds = all("error_kind" in e for e in errors)
    got = sorted((f["path"], f["error_kind"] if kinds else None) for f in failures)
    want = sorted((e["path"], e.get("error_kind")) for e in errors)
    if got != want:
        problems.append(f"failures differ: Spark {got}, CLI {want}")
    for p in problems:
        print(p)
    print(f"spark vs cli: {len(spark)} records, {len(got)} failures; "
          + ("identical" if not problems else "DIFFERENT"))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
