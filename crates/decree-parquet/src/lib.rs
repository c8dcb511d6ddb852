//! Parquet output for warehouses that take files: `documents.parquet`,
//! `indicators.parquet`, `targets.parquet`, `tasks.parquet` and
//! `findings.parquet`, one row per record, each row led by its `document_id`.
//! Columns come from the contract's JSON Schema (see [`columns`]), so a field
//! added to the contract becomes a column without code here.

pub mod columns;

use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use columns::{columns_of, lookup, Column, ColumnType};
use decree_model::Records;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde_json::Value;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The files written, with the contract type each holds.
pub const KINDS: [(&str, &str); 5] = [
    ("documents", "Document"),
    ("indicators", "Indicator"),
    ("targets", "Target"),
    ("tasks", "Task"),
    ("findings", "Finding"),
];

/// Rows buffered per kind before they are handed to the writer.
const BATCH_ROWS: usize = 8192;

#[derive(Debug, thiserror::Error)]
pub enum ParquetError {
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot write {path}: {source}")]
    Parquet { path: PathBuf, source: parquet::errors::ParquetError },
    #[error("cannot build the {kind} columns: {source}")]
    Arrow { kind: &'static str, source: ArrowError },
    #[error("cannot serialize a record: {0}")]
    Json(#[from] serde_json::Error),
}

/// Writes records, document by document, into one Parquet file per kind.
/// Files appear under their names only when [`ParquetSink::finish`] succeeds.
pub struct ParquetSink {
    kinds: Vec<KindWriter>,
}

struct KindWriter {
    kind: &'static str,
    columns: Vec<Column>,
    schema: SchemaRef,
    writer: ArrowWriter<File>,
    pending: Vec<(String, Value)>,
    rows: usize,
    tmp: PathBuf,
    path: PathBuf,
}

impl ParquetSink {
    /// Opens the five files in `dir` (created when absent).
    pub fn create(dir: &Path) -> Result<Self, ParquetError> {
        std::fs::create_dir_all(dir).map_err(|source| ParquetError::Io { path: dir.to_owned(), source })?;
        let schema = decree_model::json_schema();
        let kinds = KINDS.iter().map(|&(kind, def)| KindWriter::create(dir, kind, columns_of(&schema, def)));
        Ok(ParquetSink { kinds: kinds.collect::<Result<_, _>>()? })
    }

    /// Adds one document's records.
    pub fn push(&mut self, records: &Records) -> Result<(), ParquetError> {
        let id = records.document.id.as_str();
        for w in &mut self.kinds {
            match w.kind {
                "documents" => w.pending.push((id.to_owned(), serde_json::to_value(&records.document)?)),
                "indicators" => w.extend(id, &records.indicators)?,
                "targets" => w.extend(id, &records.targets)?,
                "tasks" => w.extend(id, &records.tasks)?,
                _ => w.extend(id, &records.findings)?,
            }
            if w.pending.len() >= BATCH_ROWS {
                w.flush()?;
            }
        }
        Ok(())
    }

    /// Closes the files and moves them into place; returns the rows per file.
    pub fn finish(self) -> Result<Vec<(&'static str, usize)>, ParquetError> {
        self.kinds.into_iter().map(KindWriter::finish).collect()
    }
}

/// The Parquet files as one of the batch's sinks.
impl decree_export::Sink for ParquetSink {
    fn name(&self) -> String {
        match self.kinds.first().and_then(|k| k.path.parent()) {
            Some(dir) => format!("the Parquet files in {}", dir.display()),
            None => "the Parquet files".to_owned(),
        }
    }

    fn write(&mut self, records: &Records) -> Result<(), decree_export::SinkError> {
        self.push(records).map_err(|e| decree_export::SinkError::new(self.name(), e))
    }

    fn finish(&mut self) -> Result<Vec<(String, u64)>, decree_export::SinkError> {
        let name = self.name();
        let kinds = std::mem::take(&mut self.kinds);
        let rows: Result<Vec<_>, _> = kinds.into_iter().map(KindWriter::finish).collect();
        let rows = rows.map_err(|e| decree_export::SinkError::new(name, e))?;
        Ok(rows.into_iter().map(|(k, n)| (k.to_owned(), n as u64)).collect())
    }
}

impl KindWriter {
    fn create(dir: &Path, kind: &'static str, columns: Vec<Column>) -> Result<Self, ParquetError> {
        let path = dir.join(format!("{kind}.parquet"));
        let tmp = dir.join(format!(".{kind}.parquet.{}.tmp", std::process::id()));
        let file = File::create(&tmp).map_err(|source| ParquetError::Io { path: tmp.clone(), source })?;
        let schema = arrow_schema(&columns);
        let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(props))
            .map_err(|source| ParquetError::Parquet { path: path.clone(), source })?;
        Ok(KindWriter { kind, columns, schema, writer, pending: Vec::new(), rows: 0, tmp, path })
    }

    fn extend<T: serde::Serialize>(&mut self, id: &str, records: &[T]) -> Result<(), ParquetError> {
        for r in records {
            self.pending.push((id.to_owned(), serde_json::to_value(r)?));
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ParquetError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let batch = record_batch(&self.schema, &self.columns, &self.pending)
            .map_err(|source| ParquetError::Arrow { kind: self.kind, source })?;
        self.writer.write(&batch).map_err(|source| ParquetError::Parquet { path: self.path.clone(), source })?;
        self.rows += self.pending.len();
        self.pending.clear();
        Ok(())
    }

    fn finish(mut self) -> Result<(&'static str, usize), ParquetError> {
        self.flush()?;
        let file =
            self.writer.into_inner().map_err(|source| ParquetError::Parquet { path: self.path.clone(), source })?;
        let io = |source| ParquetError::Io { path: self.path.clone(), source };
        file.sync_all().map_err(io)?;
        drop(file);
        std::fs::rename(&self.tmp, &self.path).map_err(io)?;
        Ok((self.kind, self.rows))
    }
}

/// `document_id` first, then the contract's columns; every column may be null.
fn arrow_schema(columns: &[Column]) -> SchemaRef {
    let mut fields = vec![Field::new("document_id", DataType::Utf8, false)];
    fields.extend(columns.iter().map(|c| Field::new(&c.name, data_type(c.ty), true)));
    Arc::new(Schema::new(fields))
}

fn data_type(ty: ColumnType) -> DataType {
    match ty {
        ColumnType::Utf8 | ColumnType::Json => DataType::Utf8,
        ColumnType::Int64 => DataType::Int64,
        ColumnType::Float64 => DataType::Float64,
        ColumnType::Boolean => DataType::Boolean,
        ColumnType::ListUtf8 => DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))),
        ColumnType::ListFloat64 => DataType::List(Arc::new(Field::new_list_field(DataType::Float64, true))),
    }
}

fn record_batch(schema: &SchemaRef, columns: &[Column], rows: &[(String, Value)]) -> Result<RecordBatch, ArrowError> {
    let mut ids = StringBuilder::new();
    for (id, _) in rows {
        ids.append_value(id);
    }
    let mut arrays: Vec<ArrayRef> = vec![Arc::new(ids.finish())];
    for c in columns {
        let values = rows.iter().map(|(_, r)| lookup(r, &c.path));
        arrays.push(column_array(c.ty, values));
    }
    RecordBatch::try_new(schema.clone(), arrays)
}

fn column_array<'a>(ty: ColumnType, values: impl Iterator<Item = Option<&'a Value>>) -> ArrayRef {
    match ty {
        ColumnType::Utf8 | ColumnType::Json => {
            let mut b = StringBuilder::new();
            values.for_each(|v| b.append_option(v.map(text)));
            Arc::new(b.finish())
        }
        ColumnType::Int64 => {
            let mut b = Int64Builder::new();
            values.for_each(|v| b.append_option(v.and_then(Value::as_i64)));
            Arc::new(b.finish())
        }
        ColumnType::Float64 => {
            let mut b = Float64Builder::new();
            values.for_each(|v| b.append_option(v.and_then(Value::as_f64)));
            Arc::new(b.finish())
        }
        ColumnType::Boolean => {
            let mut b = BooleanBuilder::new();
            values.for_each(|v| b.append_option(v.and_then(Value::as_bool)));
            Arc::new(b.finish())
        }
        ColumnType::ListUtf8 => {
            let mut b = ListBuilder::new(StringBuilder::new());
            for v in values {
                let items = v.and_then(Value::as_array);
                items.into_iter().flatten().for_each(|item| b.values().append_value(text(item)));
                b.append(items.is_some());
            }
            Arc::new(b.finish())
        }
        ColumnType::ListFloat64 => {
            let mut b = ListBuilder::new(Float64Builder::new());
            for v in values {
                let items = v.and_then(Value::as_array);
                items.into_iter().flatten().for_each(|item| b.values().append_option(item.as_f64()));
                b.append(items.is_some());
            }
            Arc::new(b.finish())
        }
    }
}

/// A string as itself; anything else as its JSON text.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
