//! `fixtures/diff/000_revised.txt` is seed 000 with the edits listed in
//! `scripts/make-diff-fixture`; the diff must report exactly those.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use decree_diff::{diff, render, Change, FieldValue, Role, Trend};
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
    type Row = (String, String, Option<FieldValue>, Option<FieldValue>, Option<Trend>);
    let mut targets: Vec<Row> = Vec::new();
    let mut removed = Vec::new();
    let mut reassigned = Vec::new();
    for change in d.changes() {
        match change {
            Change::TargetChanged { new, fields, role: Role::Target, trend, .. } => {
                for f in fields {
                    targets.push((new.id.clone(), f.field.clone(), f.old.clone(), f.new.clone(), *trend));
                }
            }
            Change::TaskRemoved { task } => removed.push(task.text.clone()),
            Change::TaskReassigned { old, new, .. } => {
                assert_eq!(old.text, new.text);
                reassigned.push((old.lead.clone(), new.lead.clone()))
            }
            other => panic!("unexpected change {other:?}\n{text}"),
        }
    }
    targets.sort_by(|a, b| a.0.cmp(&b.0));
    let n = |x: f64| Some(FieldValue::Number(x));
    // PCI 2.3 is a share of firms in difficulty: lower is better, so 10% → 8% is raised.
    assert_eq!(
        targets,
        vec![
            ("PAPI:1.1".into(), "value".into(), n(1.0), n(1.1), Some(Trend::Raised)),
            ("PAPI:2.1".into(), "value".into(), n(1.25), n(1.4), Some(Trend::Raised)),
            ("PCI:2.3".into(), "value".into(), n(10.0), n(8.0), targets.get(2).and_then(|t| t.4)),
        ],
        "{text}"
    );
    assert_eq!(removed.len(), 1, "{text}");
    assert!(removed[0].starts_with("Tham mưu thực hiện có hiệu quả Kế hoạch số 44/KH-UBND"));
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    reassigned.sort();
    assert_eq!(
        reassigned,
        vec![(s(&["Sở Nội vụ"]), s(&["Sở Tư pháp"])), (s(&["Sở Tài chính"]), s(&["Sở Kế hoạch và Đầu tư"]))],
        "{text}"
    );
    assert_eq!(d.changes().count(), 6);
    let sum = &d.summary;
    assert_eq!((sum.tasks.reassigned, sum.tasks.removed, sum.tasks.added), (2, 1, 0));
    assert_eq!(sum.tasks.kept + 2, sum.tasks.old - 1);
    assert!(text.starts_with("6 changes\n"), "{text}");
    assert!(text.contains(", 1 removed\n"), "{text}");
}

#[test]
fn identical_input_has_no_changes() {
    let old = convert("fixtures/seeds/000_384f955878bb2b4b.txt");
    let d = diff(&old, &old);
    assert!(d.is_empty(), "{}", render::text(&d));
    assert_eq!(d.links.len(), old.tasks.len());
    assert!(render::text(&d).starts_with("no changes\n"));
    let json: serde_json::Value = serde_json::from_str(&render::json(&d).unwrap()).unwrap();
    assert_eq!(json["groups"], serde_json::json!([]));
    assert!(render::html(&d).contains("no changes"));
}

/// Escape codes in a document's text reach no output raw; the HTML highlights
/// changed rows with CSS a browser accepts.
#[test]
fn hostile_text_is_escaped_everywhere() {
    let old = convert("fixtures/seeds/000_384f955878bb2b4b.txt");
    let mut new = old.clone();
    let task = new.tasks.first_mut().unwrap();
    task.text = format!("{}\u{1b}]0;pwned\u{7}\u{1b}[2J <script>x</script> \u{9b}31m", task.text);
    let d = diff(&old, &new);
    for out in [render::text(&d), render::json(&d).unwrap(), render::html(&d)] {
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out}");
    }
    let html = render::html(&d);
    assert!(!html.contains("<script>"));
    assert!(html.contains("tr.changed td{") && html.contains("<ins>"), "{html}");
    assert!(!html.contains(".m~"));
}
