//! Layout fixtures, one behaviour each (`tests/layouts/<behaviour>.json`, a hand-written
//! [`Layout`] built from real sentences of the seeds): each goes through extraction and
//! the cross-checks, and its records are held by a snapshot
//! (`tests/layouts/snapshots/<behaviour>.snap`). Bless changes with `INSTA_UPDATE=always`
//! or `cargo insta review`, after reading them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use decree_layout::Layout;
use decree_model::{Document, Format, Source};
use decree_tests::root;
use serde_json::Value;

/// The records of one layout, as extraction and the checks make them.
fn records(layout: &Layout) -> Value {
    let source = Source { path: "layout.json".into(), format: Format::Txt, bytes: 0, pages: layout.pages };
    let mut records = decree_extract::extract(layout, &[], Document::new("sha256:0".into(), source));
    records.findings.extend(decree::check(&records));
    let mut v = serde_json::to_value(&records).unwrap();
    if let Some(doc) = v["document"].as_object_mut() {
        doc.remove("id");
        doc.remove("source");
    }
    prune(&mut v);
    v
}

/// Leaves out nulls and empty lists, so a snapshot shows what the fixture produced.
fn prune(v: &mut Value) {
    match v {
        Value::Object(o) => {
            o.retain(|_, x| !(x.is_null() || x.as_array().is_some_and(Vec::is_empty)));
            o.values_mut().for_each(prune);
        }
        Value::Array(a) => a.iter_mut().for_each(prune),
        _ => {}
    }
}

fn fixtures() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root().join("tests/layouts"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_layout_fixture_matches_its_snapshot() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 40, "{} layout fixtures", fixtures.len());
    for path in fixtures {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let layout: Layout = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        insta::with_settings!({ snapshot_path => "../layouts/snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_json_snapshot!(name, records(&layout));
        });
    }
}
