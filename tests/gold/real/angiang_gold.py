#!/usr/bin/env python3
"""How tests/gold/real/angiang_theodoi_banhanh_vbqppl_2026.json was written.

The workbook has ~570 rows, too many to type; this reads the source workbook itself
(openpyxl, cached values, never decree's output) and applies the reading rules of
tests/gold/CONVENTIONS.md: one task per row with a document name; code = the STT as
shown (formula cells: their cached value); text = Tên gọi văn bản; lead = Cơ quan soạn
thảo (the drafting body; Người xử lý is a person at the tracking office, not a body);
deadline = Ngày dự kiến trình ban hành, read by hand: every distinct printed value is
mapped in DEADLINES below.
"""
import calendar, datetime, json, sys, openpyxl

def month(y, m, raw):
    return {"raw": raw, "kind": "period", "from": f"{y}-{m:02d}-01",
            "to": f"{y}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}", "every": None}

def quarter(y, q, raw):
    a, b = 3 * q - 2, 3 * q
    return {"raw": raw, "kind": "period", "from": f"{y}-{a:02d}-01",
            "to": f"{y}-{b:02d}-{calendar.monthrange(y, b)[1]:02d}", "every": None}

def before(day, raw):
    # as the seeds' gold reads "Trước ngày 15/6/2023": that day
    return {"raw": raw, "kind": "date", "from": day, "to": day, "every": None}

def event(raw):
    return {"raw": raw, "kind": "event", "from": None, "to": None, "every": None}

def deadline(v):
    if v is None or not str(v).strip():
        return {"raw": None, "kind": "none", "from": None, "to": None, "every": None}
    if isinstance(v, datetime.datetime):  # number format "Tháng "m/yyyy
        return month(v.year, v.month, f"Tháng {v.month}/{v.year}")
    raw = " ".join(str(v).split())
    import re
    m = re.fullmatch(r"(?:Đăng ký )?Quý (I|II|III|IV)/(\d{4})(?:\..*)?", raw)
    if m:
        return quarter(int(m[2]), ["I", "II", "III", "IV"].index(m[1]) + 1, raw)
    m = re.match(r"(?:Kỳ họp chuyên đề )?[Tt]háng (\d{1,2})/(\d{4})", raw)
    if m:
        return month(int(m[2]), int(m[1]), raw)
    m = re.search(r"(?:trước|chậm nhất)(?: ngày)? (\d{1,2})/(\d{1,2})/(\d{4})", raw)
    if m and "Thông báo số" not in raw:
        return before(f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}", raw)
    # Kỳ họp giữa năm / gần nhất / chuyên đề 2026, "Sau khi có văn bản …", a notice number
    return event(raw)

def main(path):
    wb = openpyxl.load_workbook(path, data_only=True)
    tasks = []
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        head = rows[0]
        due = next(i for i, h in enumerate(head) if h and "dự kiến" in str(h))
        for r in rows[2:]:
            if r[1] is None or not str(r[1]).strip():
                continue
            code = r[0]
            tasks.append({
                "code": None if code is None else str(code),
                "index": None,
                "text": " ".join(str(r[1]).split()),
                "lead": [" ".join(str(r[2]).split())] if r[2] else [],
                "support": [], "monitor": [],
                "deadline": deadline(r[due]),
            })
    gold = {"document": {}, "tasks": tasks, "findings": [], "forbidden_findings": []}
    json.dump(gold, sys.stdout, ensure_ascii=False, indent=1)

main(sys.argv[1])
