//! `fixtures/diff/000_revised.txt` is seed 000 with the edits listed in
//! `scripts/make-diff-fixture`; the diff must report exactly those.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use decree_diff::{diff, render, Change};
use std::path::Path;

fn convert(rel: &str) -> decree_model::Records {
    decree::convert(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)).unwrap().output
}

#[test]
fn revised_copy_reports_exactly_the_edits() {
    let old = convert("fixtures/seeds/000_384f955878bb2b4b.txt");
    let new = convert("fixtures/diff/000_revised.txt");
    let d = diff(&old, &new);
    let text = render::text(&d);
    let mut targets: Vec<(String, String, Option<f64>, Option<f64>)> = Vec::new();
    let mut removed = Vec::new();
    let mut reassigned = Vec::new();
    for change in &d.changes {
        match change {
            Change::TargetChanged { new, fields, .. } => {
                for f in fields {
                    targets.push((new.id.clone(), f.field.clone(), f.old, f.new));
                }
            }
            Change::TaskRemoved { task } => removed.push(task.text.clone()),
            Change::TaskReassigned { old, new } => reassigned.push((old.lead.clone(), new.lead.clone())),
            other => panic!("unexpected change {other:?}\n{text}"),
        }
    }
    targets.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        targets,
        vec![
            ("PAPI:1.1".into(), "target.value".into(), Some(1.0), Some(1.1)),
            ("PAPI:2.1".into(), "target.value".into(), Some(1.25), Some(1.4)),
            ("PCI:2.3".into(), "target.value".into(), Some(10.0), Some(8.0)),
        ],
        "{text}"
    );
    assert_eq!(removed.len(), 1, "{text}");
    assert!(removed[0].starts_with("Tham mưu thực hiện có hiệu quả Kế hoạch số 44/KH-UBND"));
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        reassigned,
        vec![(s(&["Sở Tài chính"]), s(&["Sở Kế hoạch và Đầu tư"])), (s(&["Sở Nội vụ"]), s(&["Sở Tư pháp"])),],
        "{text}"
    );
    assert_eq!(d.changes.len(), 6);
    assert!(text.ends_with("6 changes: 3 targets changed, 2 tasks reassigned, 1 tasks removed\n"), "{text}");
}

#[test]
fn identical_input_has_no_changes() {
    let old = convert("fixtures/seeds/000_384f955878bb2b4b.txt");
    let d = diff(&old, &old);
    assert!(d.is_empty(), "{}", render::text(&d));
    assert_eq!(d.task_pairs.len(), old.tasks.len());
    assert!(render::text(&d).ends_with("no changes\n"));
    let json: serde_json::Value = serde_json::from_str(&render::json(&d).unwrap()).unwrap();
    assert_eq!(json["changes"], serde_json::json!([]));
    assert!(render::html(&d).contains("no changes"));
}
