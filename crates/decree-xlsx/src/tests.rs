#![allow(clippy::unwrap_used)]

use super::*;
use calamine::{open_workbook, Data, Reader, Xlsx};
use decree_model::*;

const SCRIPT: &str = "<script>alert(1)</script>";
const FORMULA: &str = "=HYPERLINK(\"http://x\",\"y\")";

fn task(id: &str, text: &str, deadline: Deadline) -> Task {
    Task {
        id: id.to_owned(),
        kind: TaskKind::Task,
        code: Some("-1".to_owned()),
        path: vec!["Phụ lục 2".to_owned()],
        index: Some(IndexName::Pci),
        indicator: None,
        text: text.to_owned(),
        result: None,
        lead: vec!["Sở Nội vụ".to_owned()],
        support: vec![],
        monitor: vec![],
        deadline,
        provenance: Provenance::line(7).in_table(1, 2),
    }
}

fn sample(dir: &Path) -> Records {
    let source = dir.join("nguồn 1.txt");
    let mut document = Document::new(
        "sha256:00".to_owned(),
        Source { path: source.display().to_string(), format: decree_model::Format::Txt, bytes: 1, pages: None },
    );
    document.number = Some("+107/KH-UBND".to_owned());
    document.issued_on = Some("2023-06-08".to_owned());
    let dated = Deadline {
        raw: Some("Trước 30/6/2024".to_owned()),
        kind: DeadlineKind::Date,
        from: Some("2024-06-30".to_owned()),
        to: Some("2024-06-30".to_owned()),
        every: None,
    };
    let measure = |value: f64, rank: u32| Measure {
        year: Some(2023),
        value: Some(value),
        rank: Some(rank),
        raw: format!("{value}"),
        ..Measure::default()
    };
    Records {
        schema: SCHEMA_ID.to_owned(),
        document,
        indicators: vec![],
        targets: vec![Target {
            indicator: "PAPI:1".to_owned(),
            baseline: Some(measure(4.5, 20)),
            target: Some(measure(5.0, 10)),
            direction: Some(Direction::Up),
            provenance: Provenance::page(3),
        }],
        tasks: vec![
            task("t1", SCRIPT, dated),
            task("t2", FORMULA, Deadline::none()),
            task("t3", "@SUM(1)", Deadline::none()),
        ],
        findings: vec![],
    }
}

fn write(dir: &Path, records: &Records) -> PathBuf {
    let path = dir.join("out").join("batch.xlsx");
    let mut sink = XlsxSink::create(&path).unwrap();
    sink.push(records).unwrap();
    let rows = sink.finish().unwrap();
    assert_eq!(rows, [("Văn bản", 1), ("Chỉ số", 0), ("Chỉ tiêu", 1), ("Nhiệm vụ", 3), ("Phát hiện", 0)]);
    path
}

#[test]
fn hostile_text_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), &sample(dir.path()));
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let tasks = book.worksheet_range("Nhiệm vụ").unwrap();
    let text_col = 3;
    assert_eq!(tasks.get((1, text_col)), Some(&Data::String(SCRIPT.to_owned())));
    assert_eq!(tasks.get((2, text_col)), Some(&Data::String(FORMULA.to_owned())));
    assert_eq!(tasks.get((3, text_col)), Some(&Data::String("@SUM(1)".to_owned())));
    assert_eq!(tasks.get((1, 1)), Some(&Data::String("-1".to_owned())));
    let formulas = book.worksheet_formula("Nhiệm vụ").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no cell is a formula");
    let docs = book.worksheet_range("Văn bản").unwrap();
    assert_eq!(docs.get((1, 0)), Some(&Data::String("+107/KH-UBND".to_owned())));
}

#[test]
fn numbers_dates_and_links_are_typed() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), &sample(dir.path()));
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let targets = book.worksheet_range("Chỉ tiêu").unwrap();
    assert_eq!(targets.get((0, 4)), Some(&Data::String("Điểm cơ sở".to_owned())));
    assert_eq!(targets.get((1, 4)), Some(&Data::Float(4.5)));
    assert_eq!(targets.get((1, 5)), Some(&Data::Float(20.0)));
    assert_eq!(targets.get((1, 14)), Some(&Data::Float(3.0)), "page");
    let tasks = book.worksheet_range("Nhiệm vụ").unwrap();
    match tasks.get((1, 9)) {
        Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), 45473.0, "30/06/2024"),
        other => panic!("deadline not a date: {other:?}"),
    }
    // The link shows the file name; its target is relative to the workbook.
    assert_eq!(tasks.get((1, 18)), Some(&Data::String("nguồn 1.txt".to_owned())));
    let bytes = std::fs::read(&path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut rels = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/_rels/sheet4.xml.rels").unwrap(), &mut rels).unwrap();
    assert!(rels.contains("Target=\"../nguồn%201.txt\""), "{rels}");
}

#[test]
fn every_row_has_a_cell_per_column() {
    let dir = tempfile::tempdir().unwrap();
    let r = sample(dir.path());
    let indicator = Indicator {
        id: "PAPI:1".to_owned(),
        index: IndexName::Papi,
        code: "1".to_owned(),
        name: "Tham gia của người dân ở cấp cơ sở".to_owned(),
        parent: None,
        max: Some(10.0),
        catalog: None,
    };
    let finding = Finding {
        rule: "unparsed".to_owned(),
        severity: Severity::Warning,
        subjects: vec![],
        message: "m".to_owned(),
        expected: None,
        actual: None,
        provenance: Provenance::line(1),
    };
    let with_where = |n: usize| n + vocab::WHERE.len();
    assert_eq!(document_row(&r).len(), vocab::DOCUMENTS.len());
    assert_eq!(indicator_row("x", &indicator).len(), with_where(vocab::INDICATORS.len()));
    assert_eq!(target_row("x", &r.targets[0], Some(&indicator)).len(), with_where(vocab::TARGETS.len()));
    assert_eq!(task_row("x", &r.tasks[0]).len(), with_where(vocab::TASKS.len()));
    assert_eq!(finding_row("x", &finding).len(), with_where(vocab::FINDINGS.len()));
}
