use super::*;
use arrow_array::{Array, Int64Array, ListArray, StringArray};
use decree_model::{Deadline, Document, Format, Provenance, Source, Task, TaskKind};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn column<'a>(cols: &'a [Column], name: &str) -> &'a Column {
    cols.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn columns_follow_the_contract() {
    let schema = decree_model::json_schema();
    let task = columns_of(&schema, "Task");
    assert_eq!(column(&task, "text").ty, ColumnType::Utf8);
    assert_eq!(column(&task, "lead").ty, ColumnType::ListUtf8);
    assert_eq!(column(&task, "deadline_kind").ty, ColumnType::Utf8);
    assert_eq!(column(&task, "deadline_every").ty, ColumnType::Utf8);
    assert_eq!(column(&task, "provenance_page").ty, ColumnType::Int64);
    assert_eq!(column(&task, "provenance_bbox").ty, ColumnType::ListFloat64);
    let target = columns_of(&schema, "Target");
    assert_eq!(column(&target, "baseline_value").ty, ColumnType::Float64);
    assert_eq!(column(&target, "target_rank").ty, ColumnType::Int64);
    assert_eq!(column(&target, "target_raw").path, ["target", "raw"]);
    let doc = columns_of(&schema, "Document");
    assert_eq!(column(&doc, "source_format").ty, ColumnType::Utf8);
    assert_eq!(column(&doc, "indices").ty, ColumnType::ListUtf8);
    assert_eq!(column(&doc, "locality_level").ty, ColumnType::Utf8);
}

#[test]
fn every_kind_has_columns_and_no_json_fallback() {
    let schema = decree_model::json_schema();
    for (kind, def) in KINDS {
        let cols = columns_of(&schema, def);
        assert!(cols.len() >= 4, "{kind}: {cols:?}");
        // The contract has no field without a flat form today; a new one
        // falls back to JSON text, which this makes a deliberate choice.
        assert!(cols.iter().all(|c| c.ty != ColumnType::Json), "{kind}: {cols:?}");
    }
}

fn sample() -> Records {
    let source = Source { path: "plan.docx".into(), format: Format::Docx, bytes: 10, pages: None };
    let mut document = Document::new("sha256:abc".into(), source);
    document.title = Some("Kế hoạch nâng cao Chỉ số PAPI".into());
    let task = |n: u32, lead: Vec<&str>| Task {
        id: format!("t{n}"),
        kind: TaskKind::Task,
        code: Some(n.to_string()),
        path: vec!["II".into()],
        index: None,
        indicator: None,
        text: format!("Nhiệm vụ {n}"),
        result: None,
        lead: lead.into_iter().map(str::to_owned).collect(),
        support: vec![],
        monitor: vec![],
        deadline: Deadline::none(),
        provenance: Provenance { page: Some(n), row: Some(n + 1), ..Provenance::default() },
    };
    Records {
        schema: decree_model::SCHEMA_ID.into(),
        document,
        indicators: vec![],
        targets: vec![],
        tasks: vec![task(1, vec!["Sở Nội vụ"]), task(2, vec!["Sở Tư pháp", "Công an tỉnh"])],
        findings: vec![],
    }
}

#[test]
fn written_files_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut sink = ParquetSink::create(dir.path()).unwrap();
    sink.push(&sample()).unwrap();
    let rows = sink.finish().unwrap();
    assert_eq!(rows, [("documents", 1), ("indicators", 0), ("targets", 0), ("tasks", 2), ("findings", 0)]);
    let file = File::open(dir.path().join("tasks.parquet")).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file).unwrap().build().unwrap();
    let batches: Vec<RecordBatch> = reader.collect::<Result<_, _>>().unwrap();
    let batch = &batches[0];
    let get = |name: &str| batch.column_by_name(name).unwrap().clone();
    let text = get("text");
    let text = text.as_any().downcast_ref::<StringArray>().unwrap();
    assert_eq!(text.value(1), "Nhiệm vụ 2");
    let ids = get("document_id");
    assert_eq!(ids.as_any().downcast_ref::<StringArray>().unwrap().value(0), "sha256:abc");
    let page = get("provenance_page");
    assert_eq!(page.as_any().downcast_ref::<Int64Array>().unwrap().value(1), 2);
    let lead = get("lead");
    let lead = lead.as_any().downcast_ref::<ListArray>().unwrap();
    let second = lead.value(1);
    let second = second.as_any().downcast_ref::<StringArray>().unwrap();
    assert_eq!((second.len(), second.value(1)), (2, "Công an tỉnh"));
    let bbox = get("provenance_bbox");
    assert!(bbox.is_null(0));
    let line = get("provenance_line");
    assert!(line.as_any().downcast_ref::<Int64Array>().unwrap().is_null(0));
    assert!(!dir.path().read_dir().unwrap().any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".tmp")));
}

#[test]
fn a_missing_directory_is_created_and_an_unwritable_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a/b");
    ParquetSink::create(&nested).unwrap().finish().unwrap();
    assert!(nested.join("findings.parquet").is_file());
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"x").unwrap();
    let err = ParquetSink::create(&blocker.join("sub")).err().unwrap().to_string();
    assert!(err.contains("sub"), "{err}");
}
