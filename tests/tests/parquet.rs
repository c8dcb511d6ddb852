//! The Parquet files hold every record of the seeds, field for field: each leaf
//! of each record's JSON is found again in its column.

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use decree_parquet::columns::{columns_of, lookup};
use decree_parquet::{ParquetSink, KINDS};
use decree_tests::seeds;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;

fn read_back(path: &std::path::Path) -> Vec<RecordBatch> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reader =
        ParquetRecordBatchReaderBuilder::try_new(file).and_then(|b| b.build()).unwrap_or_else(|e| panic!("{e}"));
    reader.collect::<Result<_, _>>().unwrap_or_else(|e| panic!("{e}"))
}

/// A Parquet cell as the JSON the contract would give for it.
fn cell(array: &ArrayRef, row: usize) -> Value {
    if array.is_null(row) {
        return Value::Null;
    }
    match array.data_type() {
        DataType::Utf8 => Value::from(array.as_string::<i32>().value(row)),
        DataType::Int64 => Value::from(array.as_primitive::<Int64Type>().value(row)),
        DataType::Float64 => Value::from(array.as_primitive::<Float64Type>().value(row)),
        DataType::List(_) => {
            let items = array.as_list::<i32>().value(row);
            Value::Array((0..items.len()).map(|i| cell(&items, i)).collect())
        }
        other => panic!("unexpected column type {other}"),
    }
}

/// The JSON leaf a column stands for: enums and strings as they are, numbers
/// compared as numbers.
fn same(json: Option<&Value>, parquet: &Value) -> bool {
    match (json, parquet) {
        (None, Value::Null) => true,
        (Some(Value::Number(a)), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Some(Value::Array(a)), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(Some(x), y))
        }
        (Some(a), b) => a == b,
        (None, _) => false,
    }
}

/// Every leaf path of a JSON value (lists count as leaves).
fn leaves(v: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                prefix.push(k.clone());
                leaves(child, prefix, out);
                prefix.pop();
            }
        }
        _ => out.push(prefix.clone()),
    }
}

#[test]
fn parquet_holds_every_field_of_every_seed_record() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut sink = ParquetSink::create(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let mut all = Vec::new();
    for seed in seeds() {
        let records = decree::convert(&seed).unwrap_or_else(|e| panic!("{e}")).output;
        sink.push(&records).unwrap_or_else(|e| panic!("{e}"));
        all.push(records);
    }
    let rows = sink.finish().unwrap_or_else(|e| panic!("{e}"));
    let schema = decree_model::json_schema();
    for ((kind, def), (written_kind, count)) in KINDS.iter().zip(&rows) {
        assert_eq!(kind, written_kind);
        let mut expected: Vec<(String, Value)> = Vec::new();
        for r in &all {
            let id = r.document.id.clone();
            let values: Vec<Value> = match *kind {
                "documents" => vec![serde_json::to_value(&r.document).unwrap_or_default()],
                "indicators" => r.indicators.iter().map(|x| serde_json::to_value(x).unwrap_or_default()).collect(),
                "targets" => r.targets.iter().map(|x| serde_json::to_value(x).unwrap_or_default()).collect(),
                "tasks" => r.tasks.iter().map(|x| serde_json::to_value(x).unwrap_or_default()).collect(),
                _ => r.findings.iter().map(|x| serde_json::to_value(x).unwrap_or_default()).collect(),
            };
            expected.extend(values.into_iter().map(|v| (id.clone(), v)));
        }
        assert_eq!(*count, expected.len(), "{kind}");
        assert!(!expected.is_empty(), "{kind}: the seeds give records of every kind");
        let columns = columns_of(&schema, def);
        let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        let batches = read_back(&dir.path().join(format!("{kind}.parquet")));
        let mut row = 0;
        for batch in &batches {
            for i in 0..batch.num_rows() {
                let (id, json) = &expected[row];
                let doc_id = cell(batch.column(0), i);
                assert_eq!(doc_id, Value::from(id.as_str()), "{kind} row {row}");
                for c in &columns {
                    let array = batch.column_by_name(&c.name).unwrap_or_else(|| panic!("no column {}", c.name));
                    let got = cell(array, i);
                    assert!(same(lookup(json, &c.path), &got), "{kind} row {row} {}: {got}", c.name);
                }
                let mut paths = Vec::new();
                leaves(json, &mut Vec::new(), &mut paths);
                for p in paths.iter().filter(|p| lookup(json, p).is_some()) {
                    assert!(names.contains(&p.join("_")), "{kind}: field {} has no column", p.join("."));
                }
                row += 1;
            }
        }
        assert_eq!(row, expected.len(), "{kind}");
    }
}
