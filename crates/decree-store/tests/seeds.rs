//! The warehouse on the seeds: loading is idempotent and the README's queries answer.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use decree_model::Records;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

fn seeds() -> Vec<Records> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|f| decree::convert(f).unwrap().output).collect()
}

fn loaded() -> Connection {
    let mut conn = Connection::open_in_memory().unwrap();
    decree_store::init(&conn).unwrap();
    for records in seeds() {
        decree_store::load(&mut conn, &records).unwrap();
    }
    conn
}

#[test]
fn loading_twice_changes_no_count() {
    let mut conn = loaded();
    let first = decree_store::counts(&conn).unwrap();
    for records in seeds() {
        decree_store::load(&mut conn, &records).unwrap();
    }
    assert_eq!(decree_store::counts(&conn).unwrap(), first);
    let tasks = first.iter().find(|(t, _)| *t == "tasks").unwrap().1;
    assert!(tasks > 400, "{first:?}");
    // A second init on an existing store is a version check, not a re-creation.
    decree_store::init(&conn).unwrap();
}

/// Extracts a fenced ```sql block from the README by its leading comment line.
fn readme_query(title: &str) -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md")).unwrap();
    let start = readme.find(&format!("-- {title}")).unwrap_or_else(|| panic!("README has no query `{title}`"));
    let end = start + readme[start..].find("```").unwrap();
    readme[start..end].to_string()
}

fn rows(conn: &Connection, sql: &str) -> Vec<Vec<String>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        (0..n)
            .map(|i| {
                let v: rusqlite::types::Value = r.get(i)?;
                Ok(match v {
                    rusqlite::types::Value::Null => String::new(),
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Real(f) => f.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    rusqlite::types::Value::Blob(_) => "<blob>".into(),
                })
            })
            .collect()
    })
    .unwrap()
    .map(|r| r.unwrap())
    .collect()
}

#[test]
fn readme_query_so_noi_vu_tasks() {
    let conn = loaded();
    let found = rows(&conn, &readme_query("Which tasks does Sở Nội vụ lead, and when are they due?"));
    // Sở Nội vụ leads 7 tasks across the seeds; the view has exactly its lead rows.
    assert!(found.len() >= 5, "{} rows", found.len());
    let direct: i64 = conn
        .query_row("SELECT count(*) FROM task_agencies WHERE role = 'lead' AND name = 'Sở Nội vụ'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(found.len() as i64, direct);
    assert!(found.iter().any(|r| r.iter().any(|c| c == "2023-06-15" || c.starts_with("2023"))));
}

#[test]
fn readme_query_papi_targets_by_province() {
    let conn = loaded();
    let found = rows(&conn, &readme_query("Every PAPI target by province, with baseline and target"));
    assert!(!found.is_empty());
    // Bình Định's 2023 plan (seed 000): PAPI 1.1 Tri thức công dân, 0.88 → 1.00 of 2.5.
    assert!(
        found.iter().any(|r| r.iter().any(|c| c == "Bình Định")
            && r.iter().any(|c| c == "PAPI:1.1")
            && r.iter().any(|c| c == "0.88")
            && r.iter().any(|c| c == "1")),
        "{found:?}"
    );
    let papi: i64 =
        conn.query_row("SELECT count(*) FROM targets WHERE indicator_id LIKE 'PAPI%'", [], |r| r.get(0)).unwrap();
    assert_eq!(found.len() as i64, papi);
}

#[test]
fn agencies_are_normalized() {
    let conn = loaded();
    let n: i64 = conn
        .query_row(
            "SELECT count(DISTINCT agency_printed) FROM v_tasks_by_agency WHERE agency = 'Ủy ban nhân dân cấp huyện'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(n >= 3, "{n} spellings of UBND cấp huyện");
    let vptk: i64 = conn
        .query_row(
            "SELECT count(*) FROM v_tasks_by_agency WHERE agency = 'Công chức Văn phòng - Thống kê'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(vptk >= 50);
}
