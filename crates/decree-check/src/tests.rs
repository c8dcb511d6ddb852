//! Every rule fires on a contradiction and stays silent on a consistent case.

use super::*;
use decree_model::*;

fn doc(locality: Option<Locality>) -> Document {
    Document {
        locality,
        ..Document::new("sha256:0".into(), Source { path: "t.txt".into(), format: Format::Txt, bytes: 0, pages: None })
    }
}

fn records(indicators: Vec<Indicator>, targets: Vec<Target>, tasks: Vec<Task>) -> Records {
    Records { schema: SCHEMA_ID.into(), document: doc(None), indicators, targets, tasks, findings: vec![] }
}

fn ind(index: IndexName, code: &str, parent: Option<&str>, max: Option<f64>) -> Indicator {
    let id = if code.is_empty() { index.as_str().to_owned() } else { format!("{index}:{code}") };
    Indicator {
        id: id.clone(),
        index,
        code: code.into(),
        name: code.into(),
        parent: parent.map(Into::into),
        max,
        catalog: Some(id),
    }
}

fn m(raw: &str, year: i32) -> Measure {
    let value = raw.split('/').next().and_then(|v| v.replace(',', ".").parse().ok());
    Measure { year: Some(year), value, raw: raw.into(), ..Measure::default() }
}

fn target(indicator: &str, base: Option<&str>, goal: Option<&str>, row: u32) -> Target {
    Target {
        indicator: indicator.into(),
        baseline: base.map(|b| m(b, 2022)),
        target: goal.map(|g| m(g, 2023)),
        direction: None,
        provenance: Provenance { table: Some(0), row: Some(row), line: Some(row + 10), ..Provenance::default() },
    }
}

fn task(id: &str, code: Option<&str>, path: &[&str], lead: &[&str], deadline: DeadlineKind) -> Task {
    Task {
        id: id.into(),
        kind: TaskKind::Task,
        code: code.map(Into::into),
        path: path.iter().map(|s| s.to_string()).collect(),
        index: None,
        indicator: None,
        text: format!("Nhiệm vụ {id}"),
        result: None,
        lead: lead.iter().map(|s| s.to_string()).collect(),
        support: vec![],
        monitor: vec![],
        deadline: Deadline { raw: None, kind: deadline, from: None, to: None, every: None },
        provenance: Provenance::line(1),
    }
}

fn rules(r: &Records) -> Vec<String> {
    check(r, &Reference::shipped()).into_iter().map(|f| f.rule).collect()
}

fn papi_dimension(parent_raw: &str) -> Records {
    let inds = vec![
        ind(IndexName::Papi, "1", Some("PAPI"), Some(10.0)),
        ind(IndexName::Papi, "1.1", Some("PAPI:1"), Some(2.5)),
        ind(IndexName::Papi, "1.2", Some("PAPI:1"), Some(2.5)),
        ind(IndexName::Papi, "1.3", Some("PAPI:1"), Some(2.5)),
        ind(IndexName::Papi, "1.4", Some("PAPI:1"), Some(2.5)),
    ];
    let ts = vec![
        target("PAPI:1", Some(parent_raw), None, 1),
        target("PAPI:1.1", Some("0.88"), None, 2),
        target("PAPI:1.2", Some("1.25"), None, 3),
        target("PAPI:1.3", Some("1.24"), None, 4),
        target("PAPI:1.4", Some("0.96"), None, 5),
    ];
    records(inds, ts, vec![])
}

#[test]
fn sum_within_rounding_is_silent_and_beyond_it_fires() {
    // 0.88 + 1.25 + 1.24 + 0.96 = 4.33; 4.34 is within the printed rounding.
    assert!(!rules(&papi_dimension("4.34")).contains(&"sum_mismatch".to_owned()));
    assert!(rules(&papi_dimension("4.54")).contains(&"sum_mismatch".to_owned()));
}

fn sipas_group(parent_raw: &str) -> Records {
    let mut inds = vec![ind(IndexName::Sipas, "II", Some("SIPAS"), None)];
    let mut ts = vec![target("SIPAS:II", Some(parent_raw), None, 1)];
    for (i, v) in ["90", "88", "82", "87.5", "82"].iter().enumerate() {
        let code = format!("II.{}", i + 1);
        inds.push(ind(IndexName::Sipas, &code, Some("SIPAS:II"), None));
        ts.push(target(&format!("SIPAS:{code}"), Some(v), None, 2 + i as u32));
    }
    records(inds, ts, vec![])
}

#[test]
fn mean_mismatch_fires_on_sipas_group_ii_and_not_on_the_true_mean() {
    let found = check(&sipas_group("85.5"), &Reference::shipped());
    let f = found.iter().find(|f| f.rule == "mean_mismatch").unwrap();
    assert_eq!(f.expected, Some(85.9));
    assert!(!rules(&sipas_group("85.9")).contains(&"mean_mismatch".to_owned()));
}

#[test]
fn max_totals() {
    let mut r = papi_dimension("4.34");
    assert!(!rules(&r).contains(&"max_total_mismatch".to_owned()));
    r.indicators[1].max = Some(3.0);
    assert!(rules(&r).contains(&"max_total_mismatch".to_owned()));
}

#[test]
fn remaining_points() {
    let mut t = target("PAR_INDEX:1", Some("8,963/9,5"), None, 1);
    if let Some(b) = t.baseline.as_mut() {
        b.value = Some(8.963);
        b.max = Some(9.5);
        b.remaining = Some(0.537);
    }
    let mut r = records(vec![ind(IndexName::ParIndex, "1", Some("PAR_INDEX"), Some(9.5))], vec![t], vec![]);
    assert!(!rules(&r).contains(&"remaining_mismatch".to_owned()));
    if let Some(b) = r.targets[0].baseline.as_mut() {
        b.remaining = Some(0.637);
    }
    assert!(rules(&r).contains(&"remaining_mismatch".to_owned()));
}

#[test]
fn numbering_gaps_and_duplicates_in_lists() {
    let path = ["II. NHIỆM VỤ", "1.1. Chỉ số"];
    let good: Vec<Task> = ["(1)", "(2)", "(3)"]
        .iter()
        .enumerate()
        .map(|(i, c)| task(&format!("t{i}"), Some(c), &path, &["X"], DeadlineKind::None))
        .collect();
    assert!(rules(&records(vec![], vec![], good)).iter().all(|r| r != "numbering_gap" && r != "duplicate_code"));
    let bad: Vec<Task> = ["(1)", "(3)", "(3)", "(4)"]
        .iter()
        .enumerate()
        .map(|(i, c)| task(&format!("t{i}"), Some(c), &path, &["X"], DeadlineKind::None))
        .collect();
    let found = rules(&records(vec![], vec![], bad));
    assert!(found.contains(&"numbering_gap".to_owned()));
    assert!(found.contains(&"duplicate_code".to_owned()));
}

#[test]
fn numbering_of_table_indicators() {
    let inds =
        vec![ind(IndexName::Papi, "5.1", Some("PAPI:5"), None), ind(IndexName::Papi, "5.3", Some("PAPI:5"), None)];
    let ts = vec![target("PAPI:5.1", Some("2.39"), None, 1), target("PAPI:5.3", Some("2.18"), None, 2)];
    assert!(rules(&records(inds.clone(), ts, vec![])).contains(&"numbering_gap".to_owned()));
    let ts = vec![target("PAPI:5.1", Some("2.39"), None, 1), target("PAPI:5.2", Some("2.18"), None, 2)];
    assert!(!rules(&records(inds, ts, vec![])).contains(&"numbering_gap".to_owned()));
}

#[test]
fn target_below_baseline_respects_direction() {
    let mut t = target("PAR_INDEX:3", Some("12.74"), Some("12.50"), 1);
    let inds = vec![ind(IndexName::ParIndex, "3", Some("PAR_INDEX"), None)];
    assert!(!rules(&records(inds.clone(), vec![t.clone()], vec![])).contains(&"target_below_baseline".to_owned()));
    t.direction = Some(Direction::Up);
    assert!(rules(&records(inds.clone(), vec![t.clone()], vec![])).contains(&"target_below_baseline".to_owned()));
    t.direction = Some(Direction::Down);
    assert!(!rules(&records(inds, vec![t], vec![])).contains(&"target_below_baseline".to_owned()));
}

#[test]
fn exceeds_max_and_rank_range() {
    let inds = vec![ind(IndexName::Papi, "1.1", Some("PAPI:1"), Some(2.5))];
    let ok = target("PAPI:1.1", Some("2.40"), None, 1);
    assert!(!rules(&records(inds.clone(), vec![ok], vec![])).contains(&"exceeds_max".to_owned()));
    let over = target("PAPI:1.1", Some("2.60"), None, 1);
    assert!(rules(&records(inds.clone(), vec![over], vec![])).contains(&"exceeds_max".to_owned()));
    let mut ranked = target("PAPI:1.1", Some("2.40"), None, 1);
    if let Some(b) = ranked.baseline.as_mut() {
        b.rank = Some(20);
        b.rank_of = Some(63);
    }
    assert!(!rules(&records(inds.clone(), vec![ranked.clone()], vec![])).contains(&"rank_out_of_range".to_owned()));
    if let Some(b) = ranked.baseline.as_mut() {
        b.rank = Some(70);
    }
    assert!(rules(&records(inds, vec![ranked], vec![])).contains(&"rank_out_of_range".to_owned()));
}

#[test]
fn missing_lead_and_deadline_only_where_the_table_has_them() {
    let mut a = task("a", Some("1"), &["Phụ lục 1"], &["Sở Nội vụ"], DeadlineKind::Recurring);
    let mut b = task("b", Some("2"), &["Phụ lục 1"], &[], DeadlineKind::None);
    a.provenance.table = Some(1);
    b.provenance.table = Some(1);
    let found = rules(&records(vec![], vec![], vec![a.clone(), b.clone()]));
    assert!(found.contains(&"missing_lead".to_owned()));
    assert!(found.contains(&"missing_deadline".to_owned()));
    // A table with neither column raises neither.
    a.lead.clear();
    a.deadline.kind = DeadlineKind::None;
    let found = rules(&records(vec![], vec![], vec![a, b]));
    assert!(!found.contains(&"missing_lead".to_owned()) && !found.contains(&"missing_deadline".to_owned()));
}

#[test]
fn official_scores_match_binh_dinh_2022_and_a_wrong_one_fires() {
    let loc = Locality { name: "Bình Định".into(), level: Level::Province };
    let inds = vec![ind(IndexName::Papi, "1", Some("PAPI"), Some(10.0))];
    let mut r = records(inds, vec![target("PAPI:1", Some("4.34"), None, 1)], vec![]);
    r.document.locality = Some(loc);
    assert!(!rules(&r).contains(&"official_mismatch".to_owned()));
    r.targets[0].baseline = Some(m("4.44", 2022));
    assert!(rules(&r).contains(&"official_mismatch".to_owned()));
}

#[test]
fn unknown_indicator_is_reported_once() {
    let mut i = ind(IndexName::Pci, "1.1", Some("PCI:1"), None);
    i.catalog = None;
    let found = rules(&records(vec![i], vec![], vec![]));
    assert_eq!(found.iter().filter(|r| *r == "unknown_indicator").count(), 1);
}
