//! The embedded warehouse: decree records in SQLite.
//!
//! [`open`] creates or checks the schema (`schema.sql`, versioned with
//! `PRAGMA user_version`); [`load`] replaces one document's rows in a single
//! transaction, so loading the same output twice leaves the store unchanged.

use decree_catalog::Gazetteer;
use decree_model::{Document, Finding, Indicator, Measure, Records, Target, Task};
pub use rusqlite::Connection;
use rusqlite::{params, Transaction};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The schema version this crate writes and reads.
pub const SCHEMA_VERSION: i64 = 1;

const SCHEMA_SQL: &str = include_str!("schema.sql");

/// The tables, children first (the order rows are deleted in).
pub const TABLES: [&str; 6] = ["task_agencies", "tasks", "targets", "indicators", "findings", "documents"];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the store has schema version {found}; this decree reads version {SCHEMA_VERSION}")]
    Version { found: i64 },
    #[error("cannot encode a record field: {0}")]
    Json(#[from] serde_json::Error),
    /// Two records of one document with the same key: a bug upstream, refused
    /// rather than letting the second replace the first.
    #[error("document {document} has two {table} rows with the key {key}; nothing of it was loaded")]
    Duplicate { document: String, table: &'static str, key: String },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// How long a writer waits for another process's transaction on the same store.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// Opens (creating when absent) the store at `path` with its schema ready.
pub fn open(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    init(&conn)?;
    Ok(conn)
}

/// Creates the schema on an empty database, or checks the version of an existing one.
/// The version is read inside a write transaction, so two processes opening a
/// new store at once take turns: the second sees the first one's schema.
pub fn init(conn: &Connection) -> Result<()> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let created = create_schema(conn);
    let end = if created.is_ok() { "COMMIT" } else { "ROLLBACK" };
    conn.execute_batch(end)?;
    created
}

fn create_schema(conn: &Connection) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    match found {
        0 => Ok(conn.execute_batch(&format!("{SCHEMA_SQL} PRAGMA user_version = {SCHEMA_VERSION};"))?),
        SCHEMA_VERSION => Ok(()),
        found => Err(StoreError::Version { found }),
    }
}

/// Row counts loaded for one document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Loaded {
    pub indicators: usize,
    pub targets: usize,
    pub tasks: usize,
    pub task_agencies: usize,
    pub findings: usize,
}

/// Loads one document's records, replacing whatever the store held for its id.
pub fn load(conn: &mut Connection, records: &Records) -> Result<Loaded> {
    refuse_duplicates(records)?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let id = records.document.id.as_str();
    for table in TABLES {
        let column = if table == "documents" { "id" } else { "document_id" };
        tx.execute(&format!("DELETE FROM {table} WHERE {column} = ?1"), [id])?;
    }
    insert_document(&tx, &records.document)?;
    let mut loaded = Loaded::default();
    for indicator in &records.indicators {
        loaded.indicators += insert_indicator(&tx, id, indicator)?;
    }
    for (seq, target) in records.targets.iter().enumerate() {
        loaded.targets += insert_target(&tx, id, seq, target)?;
    }
    for task in &records.tasks {
        loaded.tasks += insert_task(&tx, id, task)?;
        loaded.task_agencies += insert_agencies(&tx, id, task)?;
    }
    for (seq, finding) in records.findings.iter().enumerate() {
        loaded.findings += insert_finding(&tx, id, seq, finding)?;
    }
    tx.commit()?;
    Ok(loaded)
}

/// Refuses a document whose indicators or tasks share an id: the store keys
/// rows by id, and a silent replacement would lose a record.
fn refuse_duplicates(records: &Records) -> Result<()> {
    let document = &records.document.id;
    let dup = |table: &'static str, ids: Vec<&str>| {
        let mut seen = std::collections::HashSet::new();
        match ids.into_iter().find(|id| !seen.insert(*id)) {
            Some(key) => Err(StoreError::Duplicate { document: document.clone(), table, key: key.to_owned() }),
            None => Ok(()),
        }
    };
    dup("indicators", records.indicators.iter().map(|i| i.id.as_str()).collect())?;
    dup("tasks", records.tasks.iter().map(|t| t.id.as_str()).collect())
}

/// The store as one of the batch's sinks: each document loaded in its own
/// transaction; `finish` reports the rows the store holds.
pub struct StoreSink {
    conn: Connection,
    path: PathBuf,
}

impl StoreSink {
    pub fn open(path: &Path) -> Result<Self> {
        Ok(StoreSink { conn: open(path)?, path: path.to_owned() })
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

impl decree_export::Sink for StoreSink {
    fn name(&self) -> String {
        self.path.display().to_string()
    }

    fn write(&mut self, records: &Records) -> std::result::Result<(), decree_export::SinkError> {
        load(&mut self.conn, records).map(|_| ()).map_err(|e| decree_export::SinkError::new(self.name(), e))
    }

    fn finish(&mut self) -> std::result::Result<Vec<(String, u64)>, decree_export::SinkError> {
        let counts = counts(&self.conn).map_err(|e| decree_export::SinkError::new(self.name(), e))?;
        Ok(counts.into_iter().map(|(t, n)| (t.to_owned(), u64::try_from(n).unwrap_or(0))).collect())
    }
}

/// Rows per table, in [`TABLES`] order.
pub fn counts(conn: &Connection) -> Result<Vec<(&'static str, i64)>> {
    TABLES.iter().map(|t| Ok((*t, conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?))).collect()
}

/// The serde name of a unit enum (`"province"`, `"recurring"`), for storing as text.
fn tag<T: Serialize>(value: &T) -> Option<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Some(s),
        _ => None,
    }
}

fn insert_document(tx: &Transaction, d: &Document) -> Result<usize> {
    let indices = serde_json::to_string(&d.indices)?;
    let signer = d.signer.as_ref();
    Ok(tx.execute(
        "INSERT INTO documents (id, source_path, format, number, symbol, doc_type, issuer, locality, locality_level,
            place, issued_on, title, period_from, period_to, indices, signer_name, signer_position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            d.id,
            d.source.path,
            tag(&d.source.format),
            d.number,
            d.symbol,
            d.doc_type.as_ref().and_then(tag),
            d.issuer,
            d.locality.as_ref().map(|l| l.name.as_str()),
            d.locality.as_ref().and_then(|l| tag(&l.level)),
            d.place,
            d.issued_on,
            d.title,
            d.period.as_ref().and_then(|p| p.from),
            d.period.as_ref().and_then(|p| p.to),
            indices,
            signer.and_then(|s| s.name.as_deref()),
            signer.and_then(|s| s.position.as_deref()),
        ],
    )?)
}

fn insert_indicator(tx: &Transaction, doc: &str, i: &Indicator) -> Result<usize> {
    Ok(tx.execute(
        "INSERT INTO indicators (document_id, id, index_name, code, name, parent, max, catalog)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![doc, i.id, i.index.as_str(), i.code, i.name, i.parent, i.max, i.catalog],
    )?)
}

fn insert_target(tx: &Transaction, doc: &str, seq: usize, t: &Target) -> Result<usize> {
    let empty = Measure::default();
    let b = t.baseline.as_ref().unwrap_or(&empty);
    let g = t.target.as_ref().unwrap_or(&empty);
    // An absent measure stores NULL raw text, not the empty string of the default.
    let raw = |m: &Option<Measure>| m.as_ref().map(|m| m.raw.clone());
    Ok(tx.execute(
        "INSERT INTO targets (document_id, seq, indicator_id, direction,
            baseline_year, baseline_value, baseline_value_to, baseline_comparator, baseline_rank, baseline_rank_to,
            baseline_rank_of, baseline_group, baseline_raw,
            target_year, target_value, target_value_to, target_comparator, target_rank, target_rank_to,
            target_rank_of, target_group, target_raw, target_max, line, page)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
            ?22, ?23, ?24, ?25)",
        params![
            doc,
            seq as i64,
            t.indicator,
            t.direction.as_ref().and_then(tag),
            b.year,
            b.value,
            b.value_to,
            b.comparator.as_ref().and_then(tag),
            b.rank,
            b.rank_to,
            b.rank_of,
            b.group,
            raw(&t.baseline),
            g.year,
            g.value,
            g.value_to,
            g.comparator.as_ref().and_then(tag),
            g.rank,
            g.rank_to,
            g.rank_of,
            g.group,
            raw(&t.target),
            g.max,
            t.provenance.line,
            t.provenance.page,
        ],
    )?)
}

fn insert_task(tx: &Transaction, doc: &str, t: &Task) -> Result<usize> {
    let d = &t.deadline;
    Ok(tx.execute(
        "INSERT INTO tasks (document_id, id, kind, code, path, index_name, indicator_id, text, result,
            deadline_raw, deadline_kind, deadline_from, deadline_to, deadline_every, line, page)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            doc,
            t.id,
            tag(&t.kind),
            t.code,
            serde_json::to_string(&t.path)?,
            t.index.map(|i| i.as_str()),
            t.indicator,
            t.text,
            t.result,
            d.raw,
            tag(&d.kind),
            d.from,
            d.to,
            d.every.as_ref().and_then(tag),
            t.provenance.line,
            t.provenance.page,
        ],
    )?)
}

fn insert_agencies(tx: &Transaction, doc: &str, t: &Task) -> Result<usize> {
    let gazetteer = Gazetteer::get();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO task_agencies (document_id, task_id, role, position, name, canonical, known)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut n = 0;
    for (role, names) in [("lead", &t.lead), ("support", &t.support), ("monitor", &t.monitor)] {
        for (position, name) in names.iter().enumerate() {
            let known = gazetteer.lookup(name);
            let canonical = known.map_or(name.trim(), |a| a.name.as_str());
            n += stmt.execute(params![doc, t.id, role, position as i64, name, canonical, known.is_some()])?;
        }
    }
    Ok(n)
}

fn insert_finding(tx: &Transaction, doc: &str, seq: usize, f: &Finding) -> Result<usize> {
    Ok(tx.execute(
        "INSERT INTO findings (document_id, seq, rule, severity, subjects, message, expected, actual, line, page)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            doc,
            seq as i64,
            f.rule,
            tag(&f.severity),
            serde_json::to_string(&f.subjects)?,
            f.message,
            f.expected,
            f.actual,
            f.provenance.line,
            f.provenance.page,
        ],
    )?)
}
