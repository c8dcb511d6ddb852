//! Targets and scores stated in sentences: `Phấn đấu điểm số PCI đạt trên 68,5
//! điểm, xếp vị trí 10-15/63 tỉnh`; `Chỉ số SIPAS xếp hạng 21/63`; `năm 2022 đạt
//! 8,963/9,5 điểm`.

use crate::outline::Outline;
use crate::target_table::indicator_id;
use crate::{indices, Extraction};
use decree_model::{IndexName, Indicator, Measure, Provenance, Target};
use decree_norm::{fold, parse_measure, parse_number, parse_rank, NumberHint};
use regex::Regex;
use std::sync::LazyLock;

static VALUE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)đạt(?:\s+được)?(?:\s+tỷ\s+lệ)?\s+((?:trên|từ|dưới|không\s+dưới|tối\s+thiểu|ít\s+nhất)\s+)?(\d+(?:[.,]\d+)?(?:\s*/\s*\d+(?:[.,]\d+)?)?)\s*(%|điểm)?(\s+trở\s+lên)?",
    )
});
static RANK: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?:xếp\s+hạng|xếp\s+vị\s+trí|xếp\s+thứ|vị\s+trí)\s+(\d{1,2}(?:\s*-\s*\d{1,2})?(?:\s*/\s*\d{1,2})?)")
});
static TOP_GROUP: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)nhóm\s+(\d{1,2})(?:\s*/\s*(\d{1,2}))?\s+(?:tỉnh|địa\s+phương)"));
static TIER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?:nhóm[^.;]{0,60}?)(Rất tốt|Tốt|Khá|Trung bình cao|Trung bình thấp|Trung bình|Thấp)\b"));
static REMAINING: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)còn\s+(?:lại\s+)?(\d+(?:[.,]\d+)?)\s*điểm"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(so\s+với\s+)?năm\s+((?:19|20)\d\d)"));

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("prose target regex {p}: {e}"))
}

/// Words that make a sentence an aim rather than a record (typos seen in plans
/// included: `Phần đầu`, `Phân đầu`).
const AIM_WORDS: [&str; 6] = ["phan dau", "muc tieu", "chi tieu", "de ra", "huong toi", "nang hang"];

pub(crate) fn targets(outline: &Outline, plan_year: Option<i32>, out: &mut Extraction) {
    for item in &outline.items {
        let mut carried: Option<IndexName> = None;
        let mut year_ctx: Option<i32> = None;
        for clause in clauses(&item.text) {
            let named = indices::first(clause);
            let index = named.or(carried);
            carried = index;
            year_ctx = clause_year(clause).or(year_ctx);
            let Some(index) = index else { continue };
            if let Some(mut t) = clause_target(clause, index, plan_year, year_ctx, &item.prov) {
                // A sentence about a component (`Cải cách thể chế năm 2022 đạt
                // 8,963/9,5 điểm`) is that component's, not the index's.
                if let Some(e) = decree_catalog::Catalog::get().find_in_text(Some(index), clause) {
                    t.indicator = crate::link::ensure_entry(out, index, e, &e.name_vi);
                }
                t.direction = crate::link::direction(out, &t.indicator).or(t.direction);
                merge_or_push(out, t);
            }
        }
    }
}

/// Sentences and `;`-clauses: a dot ends a sentence only before a space or the
/// end, so `8.963` and `30/6/2023.` stay whole.
pub(crate) fn clauses(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, ch) in text.char_indices() {
        let ends = ch == ';' || ch == '.' && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
        if ends {
            out.push(&text[start..i]);
            start = i + 1;
        }
    }
    out.push(&text[start..]);
    out.retain(|c| c.trim().len() > 3);
    out
}

fn clause_year(clause: &str) -> Option<i32> {
    YEAR.captures_iter(clause).filter(|c| c.get(1).is_none()).find_map(|c| c.get(2)?.as_str().parse().ok())
}

fn clause_target(
    clause: &str,
    index: IndexName,
    plan_year: Option<i32>,
    year: Option<i32>,
    prov: &Provenance,
) -> Option<Target> {
    let mut m = Measure { raw: clause.trim().to_owned(), ..Measure::default() };
    if let Some(c) = VALUE.captures(clause) {
        let phrase = c.get(0).map_or("", |x| x.as_str());
        let body = phrase.trim_start_matches(|ch: char| !ch.is_ascii_digit() && !"tTdDkK".contains(ch));
        let parsed = parse_measure(body, None).or_else(|| parse_measure(phrase, None));
        if let Some(p) = parsed {
            m.value = p.measure.value;
            m.comparator = p.measure.comparator;
            m.unit = p.measure.unit;
            m.max = p.max;
        }
        m.remaining =
            REMAINING.captures(clause).and_then(|c| parse_number(c.get(1)?.as_str(), NumberHint::Score { max: m.max }));
    }
    if let Some((r, to, of)) = RANK.captures(clause).and_then(|c| parse_rank(c.get(1)?.as_str())) {
        (m.rank, m.rank_to, m.rank_of) = (Some(r), to, of);
    } else if let Some(c) = TOP_GROUP.captures(clause) {
        m.rank = Some(1);
        m.rank_to = c.get(1).and_then(|x| x.as_str().parse().ok());
        m.rank_of = c.get(2).and_then(|x| x.as_str().parse().ok());
    }
    m.group = TIER.captures(clause).and_then(|c| c.get(1)).map(|g| g.as_str().to_owned());
    if m.value.is_none() && m.rank.is_none() && m.group.is_none() {
        return None;
    }
    let folded = fold(clause);
    let aim = AIM_WORDS.iter().any(|w| folded.contains(w)) || matches!((year, plan_year), (Some(y), Some(p)) if y >= p);
    m.year = if aim { year.or(plan_year) } else { year.or(plan_year.map(|p| p - 1)) };
    let indicator = indicator_id(index, "");
    let (baseline, target) = if aim { (None, Some(m)) } else { (Some(m), None) };
    Some(Target { indicator, baseline, target, direction: None, provenance: prov.clone() })
}

/// Statements of one paragraph about the same index and side merge into one
/// target (`nhóm “Tốt”` in one sentence, the score in the next).
fn merge_or_push(out: &mut Extraction, t: Target) {
    ensure_index_indicator(out, &t.indicator);
    if let Some(last) = out.targets.last_mut() {
        let same_place = last.indicator == t.indicator && last.provenance == t.provenance;
        if same_place && compatible(&last.target, &t.target) && compatible(&last.baseline, &t.baseline) {
            merge_side(&mut last.target, &t.target);
            merge_side(&mut last.baseline, &t.baseline);
            return;
        }
    }
    out.targets.push(t);
}

/// Two statements conflict when both give a value, or both a rank.
fn compatible(old: &Option<Measure>, new: &Option<Measure>) -> bool {
    match (old, new) {
        (Some(o), Some(n)) => !(o.value.is_some() && n.value.is_some() || o.rank.is_some() && n.rank.is_some()),
        _ => true,
    }
}

fn merge_side(old: &mut Option<Measure>, new: &Option<Measure>) {
    match (old.as_mut(), new) {
        (_, None) => {}
        (None, Some(n)) => *old = Some(n.clone()),
        (Some(o), Some(n)) => {
            o.value = o.value.or(n.value);
            o.comparator = o.comparator.or(n.comparator);
            o.unit = o.unit.or(n.unit);
            o.rank = o.rank.or(n.rank);
            o.rank_to = o.rank_to.or(n.rank_to);
            o.rank_of = o.rank_of.or(n.rank_of);
            o.group = o.group.clone().or(n.group.clone());
            o.raw = format!("{}; {}", o.raw, n.raw);
        }
    }
}

fn ensure_index_indicator(out: &mut Extraction, id: &str) {
    if out.indicators.iter().any(|i| i.id == id) {
        return;
    }
    let Some(index) = IndexName::ALL.into_iter().find(|i| i.as_str() == id) else {
        return;
    };
    out.indicators.push(Indicator {
        id: id.to_owned(),
        index,
        code: String::new(),
        name: indices::display_name(index).to_owned(),
        parent: None,
        max: None,
        catalog: Some(index.as_str().to_owned()),
    });
}
