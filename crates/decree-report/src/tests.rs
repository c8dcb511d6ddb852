#![allow(clippy::unwrap_used)]

use super::*;
use decree_model::*;

const SCRIPT: &str = "<script>alert(1)</script>";
const FORMULA: &str = "=HYPERLINK(\"http://x\",\"y\")";

fn task(text: &str, lead: &str, to: Option<&str>) -> Task {
    Task {
        id: "t1".to_owned(),
        kind: TaskKind::Task,
        code: Some("1".to_owned()),
        path: vec![],
        index: None,
        indicator: None,
        text: text.to_owned(),
        result: None,
        lead: vec![lead.to_owned()],
        support: vec![],
        monitor: vec![],
        deadline: Deadline {
            raw: to.map(str::to_owned),
            kind: if to.is_some() { DeadlineKind::Date } else { DeadlineKind::None },
            from: to.map(str::to_owned),
            to: to.map(str::to_owned),
            every: None,
        },
        provenance: Provenance::line(4),
    }
}

fn batch() -> Batch {
    let source = Source { path: "a/<b>.txt".to_owned(), format: decree_model::Format::Txt, bytes: 1, pages: None };
    let mut document = Document::new("sha256:00".to_owned(), source);
    document.title = Some("Kế hoạch <i>cải thiện</i> & nâng cao".to_owned());
    let measure = |value: f64, rank: u32| Measure {
        value: Some(value),
        rank: Some(rank),
        raw: value.to_string(),
        ..Measure::default()
    };
    let records = Records {
        schema: SCHEMA_ID.to_owned(),
        document,
        indicators: vec![],
        targets: vec![Target {
            indicator: "PAPI:1".to_owned(),
            baseline: Some(measure(4.5, 41)),
            target: Some(measure(5.0, 20)),
            direction: None,
            provenance: Provenance::line(3),
        }],
        tasks: vec![
            task(SCRIPT, "Sở <Nội vụ>", Some("2024-06-30")),
            task(FORMULA, "Sở Tài chính", Some("2024-11-01")),
            task("Thường xuyên rà soát", "Sở Tài chính", None),
        ],
        findings: vec![Finding {
            rule: "unparsed".to_owned(),
            severity: Severity::Warning,
            subjects: vec![],
            message: "Dòng «</table><img src=x onerror=alert(2)>» không đọc được".to_owned(),
            expected: None,
            actual: None,
            provenance: Provenance::line(9),
        }],
    };
    let failure =
        Failure { path: "bad<1>.pdf".to_owned(), error: Some("encrypted & <locked>".to_owned()), error_kind: None };
    Batch { entries: vec![], failures: vec![failure], documents: vec![records] }
}

#[test]
fn document_text_is_escaped_and_shown_literally() {
    let html = render(&batch());
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)"));
    assert!(html.contains("&lt;/table&gt;&lt;img src=x onerror=alert(2)&gt;"));
    assert!(html.contains("encrypted &amp; &lt;locked&gt;"));
    for markup in ["<script", "<img", "<i>", "<b>.txt", "<Nội", "<locked"] {
        assert!(!html.contains(markup), "{markup} unescaped");
    }
}

#[test]
fn tasks_fall_in_their_quarters_and_targets_are_drawn() {
    let html = render(&batch());
    assert!(html.contains(">Q2/2024<") && html.contains(">Q4/2024<"), "quarters");
    assert!(html.contains(">Không rõ hạn<"));
    assert_eq!(html.matches("<rect class=\"b\"").count(), 1, "one baseline bar");
    assert_eq!(html.matches("<rect class=\"t\"").count(), 1, "one target bar");
    assert!(html.contains("4,5 (hạng 41) → 5 (hạng 20)"));
    assert_eq!(html.matches("<circle class=\"t\"").count(), 1, "one target rank");
    assert!(html.contains("41 → 20 / 63"));
}
