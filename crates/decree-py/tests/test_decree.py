"""The Python package against the CLI: run from the repository root with
DECREE_CLI_OUT set to the output of `decree convert fixtures --out DIR`
(scripts/ci-python does both)."""
import json
import os
import pathlib

import pytest

import decree

CLI_OUT = pathlib.Path(os.environ.get("DECREE_CLI_OUT", "missing-DECREE_CLI_OUT"))


def manifest():
    return json.loads((CLI_OUT / "manifest.json").read_text(encoding="utf-8"))["inputs"]


def converted():
    return [e for e in manifest() if e["status"] == "ok"]


def test_the_cli_batch_covers_the_fixtures():
    assert len(converted()) >= 30, "too few fixtures converted by the CLI to compare with"


@pytest.mark.parametrize("entry", converted(), ids=lambda e: e["path"])
def test_records_equal_the_cli_json(entry):
    want = json.loads((CLI_OUT / f"{entry['stem']}.json").read_text(encoding="utf-8"))
    assert decree.convert(entry["path"]) == want


@pytest.mark.parametrize("entry", converted()[::5], ids=lambda e: e["path"])
def test_bytes_with_a_name_equal_the_path(entry):
    data = pathlib.Path(entry["path"]).read_bytes()
    assert decree.convert(data, name=entry["path"]) == decree.convert(pathlib.Path(entry["path"]))


def test_ndjson_lines_equal_the_cli_stream():
    lines = []
    for entry in converted():
        lines += decree.ndjson(decree.convert(entry["path"]))
    want = (CLI_OUT / "records.ndjson").read_text(encoding="utf-8").splitlines()
    assert lines == want


def test_failures_raise_with_the_cli_kind():
    for entry in (e for e in manifest() if e["status"] == "failed"):
        with pytest.raises(decree.DecreeError) as info:
            decree.convert(entry["path"])
        assert (info.value.kind, info.value.path) == (entry["error_kind"], entry["path"])


def test_check_findings_are_in_the_records():
    for entry in converted():
        records = decree.convert(entry["path"])
        for finding in decree.check(records):
            assert finding in records["findings"]


def test_check_refuses_what_is_not_records():
    with pytest.raises(ValueError):
        decree.check({"schema": "decree-records/1"})


def test_layout_has_blocks():
    path = converted()[0]["path"]
    assert decree.layout(path)["blocks"]


def test_errors_carry_kind_and_path(tmp_path):
    missing = tmp_path / "missing.pdf"
    with pytest.raises(decree.FileReadError) as info:
        decree.convert(missing)
    assert (info.value.kind, info.value.path) == ("io", str(missing))
    with pytest.raises(decree.DamagedError) as info:
        decree.convert(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", name="truncated.pdf")
    assert (info.value.kind, info.value.path) == ("damaged", "truncated.pdf")
    with pytest.raises(decree.UnsupportedError):
        decree.convert(bytes(range(256)) * 4, name="blob.bin")


def test_convert_many_keeps_order_and_returns_errors(tmp_path):
    bad = tmp_path / "empty.docx"
    bad.write_bytes(b"")
    paths = [e["path"] for e in converted()] + [str(bad)]
    results = decree.convert_many(paths, threads=2)
    assert results[:-1] == [decree.convert(p) for p in paths[:-1]]
    assert isinstance(results[-1], decree.DecreeError) and results[-1].path == str(bad)
    assert decree.convert_many(paths[:3], threads=1) == results[:3]
