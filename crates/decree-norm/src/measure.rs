//! Scores, targets and ranks as printed in cells and phrases.

use std::sync::LazyLock;

use decree_model::{Comparator, Measure, Unit};
use regex::{Captures, Regex};

use crate::number::{parse_number, NumberHint};
use crate::text::{clean_text, re};

/// Direction of a score against the previous year, as printed after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    /// "(tăng điểm)".
    Up,
    /// "(giảm điểm)".
    Down,
}

/// A parsed measure plus what the cell says beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureParse {
    pub measure: Measure,
    /// The stated maximum: `1.00/2.5` gives 2.5.
    pub max: Option<f64>,
    pub trend: Option<Trend>,
}

const NUM: &str = r"\d+(?:[.,]\d+)*";

static TREND: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\(?\s*(tăng|giảm)\s+điểm\s*\)?"));
/// "(Vị trí 11)", "xếp vị trí 10-15/63", "xếp hạng 21/63", "hạng 5", "vị trí 01 đến 10 so với 63".
static RANK_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?xi)\(?\s*(?:xếp\s+)?(?:\bvị\s*trí|\bhạng)(?:\s+thứ)?\s*:?\s*(\d{1,3})\b
        (?:\s*(?:-|–|đến)\s*(?:vị\s*trí\s*)?(\d{1,3})\b)?
        (?:\s*(?:/|trên|so\s+với)\s*(\d{1,3})\b)?\s*\)?")
});
/// A rank cell holding only numbers: "57", "08", "10-15/63", "21/63".
static RANK_BARE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\(?\s*(\d{1,3})(?:\s*[-–]\s*(\d{1,3}))?(?:\s*/\s*(\d{1,3}))?\s*\)?$"));
static VALUE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i)([+\-−]?{NUM})(?:\s*(?:-|–|đến)\s*({NUM}))?(?:\s*/\s*({NUM}))?")));
static YEAR_BEFORE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bnăm\s*$"));
static UNIT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\s*(%|điểm\b|ngày\b|giờ\b|tiếng\b|vụ\b|lần\b|doanh\s+nghiệp\b|hồ\s+sơ\b|cuộc\b)"));
static PREFIX_CMP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(không\s+vượt\s+quá|không\s+quá|tối\s+đa|không\s+dưới|không\s+thấp\s+hơn|ít\s+nhất|tối\s+thiểu|ít\s+hơn|thấp\s+hơn|nhỏ\s+hơn|từ|trên|hơn|vượt|dưới)\s*(?:mức\s*)?$",
    )
});
static SUFFIX_CMP: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^\s*(?:\)\s*)?trở\s+(lên|xuống)\b"));
static ANYWHERE_CMP: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(tối\s+đa|tối\s+thiểu|ít\s+nhất)\b"));
/// Named tiers (PCI: Rất tốt … Thấp; PAPI: Cao nhất … Thấp nhất), longest first.
static GROUP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(trung\s+bình\s+cao|trung\s+bình\s+thấp|trung\s+bình|rất\s+tốt|tốt|khá|tương\s+đối\s+thấp|cao\s+nhất|thấp\s+nhất|thấp|xuất\s+sắc)\b",
    )
});
static NHOM: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bnhóm\b"));

fn cap_u32(c: &Captures, i: usize) -> Option<u32> {
    c.get(i).and_then(|m| m.as_str().parse().ok())
}

fn rank_of(c: &Captures) -> Option<(u32, Option<u32>, Option<u32>)> {
    Some((cap_u32(c, 1)?, cap_u32(c, 2), cap_u32(c, 3)))
}

/// A rank cell or phrase: "57", "08", "Vị trí 11", "10-15/63", "21/63", "xếp hạng 21/63"
/// give (rank, rank_to, rank_of). Numbers are returned as printed; checking them against
/// `rank_of` is the cross-checks' job.
pub fn parse_rank(s: &str) -> Option<(u32, Option<u32>, Option<u32>)> {
    let t = clean_text(s);
    RANK_BARE.captures(&t).or_else(|| RANK_PHRASE.captures(&t)).and_then(|c| rank_of(&c))
}

/// The numeric part of a measure.
struct Value {
    value: f64,
    value_to: Option<f64>,
    max: Option<f64>,
    unit: Option<Unit>,
    comparator: Comparator,
}

fn unit_of(word: &str) -> Unit {
    match word.chars().next() {
        Some('%') => Unit::Percent,
        _ => match crate::fold(word).as_str() {
            "diem" => Unit::Point,
            "ngay" => Unit::Day,
            "gio" | "tieng" => Unit::Hour,
            "vu" => Unit::Case,
            _ => Unit::Count,
        },
    }
}

fn hint_for(unit: Option<Unit>, max: Option<f64>) -> NumberHint {
    match unit {
        Some(Unit::Percent) => NumberHint::Percent,
        Some(Unit::Day | Unit::Hour | Unit::Case | Unit::Count) => NumberHint::Count,
        Some(Unit::Point | Unit::Ratio) => NumberHint::Score { max },
        None => NumberHint::Any,
    }
}

/// The comparator a value's surroundings state; in a range "từ" belongs to the range.
fn comparator(before: &str, after: &str, text: &str, range: bool) -> Comparator {
    let word = |m: &str| crate::fold(m);
    let prefix = PREFIX_CMP.captures(before).map(|c| word(&c[1])).filter(|w| !(range && w == "tu"));
    if let Some(w) = prefix {
        return match w.as_str() {
            "khong vuot qua" | "khong qua" | "toi da" => Comparator::Le,
            "khong duoi" | "khong thap hon" | "it nhat" | "toi thieu" | "tu" => Comparator::Ge,
            "duoi" | "it hon" | "thap hon" | "nho hon" => Comparator::Lt,
            _ => Comparator::Gt,
        };
    }
    if let Some(c) = SUFFIX_CMP.captures(after) {
        return if word(&c[1]) == "len" { Comparator::Ge } else { Comparator::Le };
    }
    match ANYWHERE_CMP.captures(text).map(|c| word(&c[1])) {
        Some(w) if w == "toi da" => Comparator::Le,
        Some(_) => Comparator::Ge,
        None => Comparator::Eq,
    }
}

/// The last `chars` characters of `s`, so a look-behind stays cheap on long text.
fn tail(s: &str, chars: usize) -> &str {
    s.char_indices().nth_back(chars.saturating_sub(1)).map_or(s, |(i, _)| &s[i..])
}

/// The first number that is not a year ("năm 2023"), with its range, maximum and unit.
fn find_value(text: &str) -> Option<Value> {
    let c = VALUE
        .captures_iter(text)
        .find(|c| c.get(0).is_some_and(|m| !YEAR_BEFORE.is_match(tail(&text[..m.start()], 12))))?;
    let whole = c.get(0)?;
    let after = &text[whole.end()..];
    let unit_match = UNIT.captures(after);
    let max = c.get(3).and_then(|m| parse_number(m.as_str(), NumberHint::Score { max: None }));
    let unit = unit_match.as_ref().map(|u| unit_of(&u[1])).or(max.map(|_| Unit::Point));
    let hint = hint_for(unit, max);
    let rest = unit_match.as_ref().and_then(|u| u.get(0)).map_or(after, |u| &after[u.end()..]);
    Some(Value {
        value: parse_number(&c[1], hint)?,
        value_to: c.get(2).and_then(|m| parse_number(m.as_str(), hint)),
        max,
        unit,
        comparator: comparator(&text[..whole.start()], rest, text, c.get(2).is_some()),
    })
}

/// A tier named in the text, as printed: after "nhóm", in quotes, or as the whole cell.
fn find_group(text: &str) -> Option<String> {
    let m = GROUP.find(text)?;
    let before = &text[..m.start()];
    let quoted = before.trim_end().ends_with(['“', '"', '\'', '‘']);
    let residue = text.trim_matches(|c: char| !c.is_alphanumeric());
    let alone =
        residue.len() == m.as_str().len() || crate::fold(residue) == format!("{} tro len", crate::fold(m.as_str()));
    (NHOM.is_match(before) || quoted || alone).then(|| m.as_str().to_string())
}

/// A table cell or phrase holding a score or target: `7,25 (Vị trí 11)`,
/// `5.00/10.0 (Vị trí 20)`, `7.53/9.50 (giảm điểm)`, `trên 68,5 điểm`, `từ 85% trở lên`,
/// `xếp vị trí 10-15/63`, `nhóm Tốt`. `None` when it holds no number, rank or tier.
///
/// A bare number is a value, never a rank: the caller knows a rank column and uses
/// [`parse_rank`]. A value with no comparator word is `eq`; a range (`10-15`) is `eq`
/// with `value_to`; `x/Y` sets the maximum and the unit `point`. A count unit (ngày, vụ,
/// lần, hồ sơ, doanh nghiệp) reads `1.000` as a thousand (see [`parse_number`]).
pub fn parse_measure(raw: &str, year: Option<i32>) -> Option<MeasureParse> {
    let raw = raw.trim();
    let mut text = clean_text(raw);
    let trend = TREND.captures(&text).map(|c| if crate::fold(&c[1]) == "tang" { Trend::Up } else { Trend::Down });
    text = TREND.replace_all(&text, " ").into_owned();
    let rank = RANK_PHRASE.captures(&text).and_then(|c| rank_of(&c));
    text = RANK_PHRASE.replace_all(&text, " ").into_owned();
    let value = find_value(&text);
    let group = find_group(&text);
    if value.is_none() && rank.is_none() && group.is_none() {
        return None;
    }
    let (rank, rank_to, rank_of) = rank.map_or((None, None, None), |(r, t, o)| (Some(r), t, o));
    let measure = Measure {
        year,
        value: value.as_ref().map(|v| v.value),
        value_to: value.as_ref().and_then(|v| v.value_to),
        comparator: value.as_ref().map(|v| v.comparator),
        unit: value.as_ref().and_then(|v| v.unit),
        rank,
        rank_to,
        rank_of,
        group,
        raw: raw.to_string(),
        max: value.as_ref().and_then(|v| v.max),
        remaining: None,
    };
    Some(MeasureParse { measure, max: value.and_then(|v| v.max), trend })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    fn m(raw: &str) -> Measure {
        parse_measure(raw, Some(2023)).unwrap().measure
    }

    fn value(raw: &str) -> (Option<f64>, Option<Comparator>, Option<Unit>) {
        let x = m(raw);
        (x.value, x.comparator, x.unit)
    }

    #[test]
    fn score_with_rank() {
        let x = m("7,25 (Vị trí 11)");
        assert_eq!((x.value, x.rank, x.unit, x.comparator), (Some(7.25), Some(11), None, Some(Comparator::Eq)));
        assert_eq!((x.year, x.raw.as_str()), (Some(2023), "7,25 (Vị trí 11)"));
        let p = parse_measure("5.00/10.0 (Vị trí 20)", None).unwrap();
        assert_eq!(
            (p.measure.value, p.max, p.measure.rank, p.measure.unit),
            (Some(5.0), Some(10.0), Some(20), Some(Unit::Point))
        );
        let x = m("84.5 (Vị trí 27)");
        assert_eq!((x.value, x.rank), (Some(84.5), Some(27)));
        let x = m("7.50/10.0 (Vị trí 08)");
        assert_eq!((x.value, x.rank), (Some(7.5), Some(8)));
    }

    #[test]
    fn maxima_and_trends() {
        let p = parse_measure("1.00/2.5", None).unwrap();
        assert_eq!((p.measure.value, p.max, p.trend), (Some(1.0), Some(2.5), None));
        let p = parse_measure("7.53/9.50 (giảm điểm)", None).unwrap();
        assert_eq!((p.measure.value, p.max, p.trend), (Some(7.53), Some(9.5), Some(Trend::Down)));
        let p = parse_measure("9.13/10.00 (tăng điểm)", None).unwrap();
        assert_eq!((p.measure.value, p.max, p.trend, p.measure.rank), (Some(9.13), Some(10.0), Some(Trend::Up), None));
        assert_eq!(parse_measure("2.00/3.33", None).unwrap().max, Some(3.33));
    }

    #[test]
    fn units() {
        use Comparator::Eq;
        assert_eq!(value("53.53 điểm"), (Some(53.53), Some(Eq), Some(Unit::Point)));
        assert_eq!(value("6.8 điểm"), (Some(6.8), Some(Eq), Some(Unit::Point)));
        assert_eq!(value("2.37 vụ"), (Some(2.37), Some(Eq), Some(Unit::Case)));
        assert_eq!(value("0.86%"), (Some(0.86), Some(Eq), Some(Unit::Percent)));
        assert_eq!(value("85%"), (Some(85.0), Some(Eq), Some(Unit::Percent)));
        assert_eq!(value("7 ngày"), (Some(7.0), Some(Eq), Some(Unit::Day)));
        assert_eq!(value("3 giờ"), (Some(3.0), Some(Eq), Some(Unit::Hour)));
        assert_eq!(value("2 lần"), (Some(2.0), Some(Eq), Some(Unit::Count)));
        assert_eq!(value("1.000 doanh nghiệp"), (Some(1000.0), Some(Eq), Some(Unit::Count)));
        assert_eq!(value("500 hồ sơ"), (Some(500.0), Some(Eq), Some(Unit::Count)));
        assert_eq!(value("24"), (Some(24.0), Some(Eq), None));
        assert_eq!(value("1.57"), (Some(1.57), Some(Eq), None));
        assert_eq!(value("0%"), (Some(0.0), Some(Eq), Some(Unit::Percent)));
        assert_eq!(value("-0,5"), (Some(-0.5), Some(Eq), None));
    }

    #[test]
    fn comparators() {
        use Comparator::*;
        assert_eq!(value("trên 68,5 điểm"), (Some(68.5), Some(Gt), Some(Unit::Point)));
        assert_eq!(value("từ 85% trở lên"), (Some(85.0), Some(Ge), Some(Unit::Percent)));
        assert_eq!(value("đạt từ 87% trở lên"), (Some(87.0), Some(Ge), Some(Unit::Percent)));
        assert_eq!(value("85% trở lên"), (Some(85.0), Some(Ge), Some(Unit::Percent)));
        assert_eq!(value("dưới 5%"), (Some(5.0), Some(Lt), Some(Unit::Percent)));
        assert_eq!(value("không quá 3 ngày"), (Some(3.0), Some(Le), Some(Unit::Day)));
        assert_eq!(value("tối đa 3 ngày"), (Some(3.0), Some(Le), Some(Unit::Day)));
        assert_eq!(value("3 ngày (tối đa)"), (Some(3.0), Some(Le), Some(Unit::Day)));
        assert_eq!(value("ít nhất 03 lần"), (Some(3.0), Some(Ge), Some(Unit::Count)));
        assert_eq!(value("tối thiểu 50%"), (Some(50.0), Some(Ge), Some(Unit::Percent)));
        assert_eq!(value("Trên 90% TTHC"), (Some(90.0), Some(Gt), Some(Unit::Percent)));
        assert_eq!(value("không dưới 80%"), (Some(80.0), Some(Ge), Some(Unit::Percent)));
        assert_eq!(value("3 ngày trở xuống"), (Some(3.0), Some(Le), Some(Unit::Day)));
    }

    #[test]
    fn ranges_and_ranks() {
        let x = m("10-15");
        assert_eq!((x.value, x.value_to, x.comparator, x.rank), (Some(10.0), Some(15.0), Some(Comparator::Eq), None));
        let x = m("từ 10 đến 15%");
        assert_eq!(
            (x.value, x.value_to, x.unit, x.comparator),
            (Some(10.0), Some(15.0), Some(Unit::Percent), Some(Comparator::Eq))
        );
        assert_eq!(m("ít hơn 5 ngày").comparator, Some(Comparator::Lt));
        assert_eq!(m("cao hơn 5 điểm").comparator, Some(Comparator::Gt));
        let x = m("Vị trí 08");
        assert_eq!((x.value, x.comparator, x.rank), (None, None, Some(8)));
        let x = m("xếp vị trí 10-15/63");
        assert_eq!((x.value, x.rank, x.rank_to, x.rank_of), (None, Some(10), Some(15), Some(63)));
        let x = m("xếp hạng 21/63");
        assert_eq!((x.value, x.rank, x.rank_to, x.rank_of), (None, Some(21), None, Some(63)));
        let x = m("hạng 5");
        assert_eq!((x.value, x.rank), (None, Some(5)));
        let x = m("từ vị trí 01 đến 10 so với 63 tỉnh");
        assert_eq!((x.rank, x.rank_to, x.rank_of), (Some(1), Some(10), Some(63)));
    }

    #[test]
    fn prose_target() {
        let x = m("Phấn đấu điểm số PCI đạt trên 68,5 điểm, xếp vị trí 10-15/63 tỉnh, thành phố trên cả nước");
        assert_eq!((x.value, x.comparator, x.unit), (Some(68.5), Some(Comparator::Gt), Some(Unit::Point)));
        assert_eq!((x.rank, x.rank_to, x.rank_of), (Some(10), Some(15), Some(63)));
        let x = m("Chỉ số SIPAS năm 2023 đạt từ 85% trở lên");
        assert_eq!((x.value, x.comparator), (Some(85.0), Some(Comparator::Ge)));
        let x = m("Chỉ số PCI xếp hạng 21/63 tỉnh, thành phố");
        assert_eq!((x.value, x.rank, x.rank_of), (None, Some(21), Some(63)));
    }

    #[test]
    fn groups() {
        assert_eq!(m("nhóm Tốt").group.as_deref(), Some("Tốt"));
        assert_eq!(m("Trung bình cao").group.as_deref(), Some("Trung bình cao"));
        assert_eq!(m("Khá").group.as_deref(), Some("Khá"));
        assert_eq!(m("Rất tốt").group.as_deref(), Some("Rất tốt"));
        assert_eq!(m("nhóm địa phương có chất lượng điều hành “Tốt”").group.as_deref(), Some("Tốt"));
        let x = m("Nhóm các tỉnh, thành phố Trung bình cao trở lên");
        assert_eq!((x.group.as_deref(), x.comparator), (Some("Trung bình cao"), None));
        let x = m("7,5 (nhóm Khá)");
        assert_eq!((x.value, x.group.as_deref()), (Some(7.5), Some("Khá")));
        assert_eq!(parse_measure("Cán bộ nhà nước thân thiện tốt hơn", None), None);
    }

    #[test]
    fn nothing_to_measure() {
        for raw in ["", "   ", "Thường xuyên", "-", "Vị trí", "(Vị trí)", "Điểm", "Theo Kế hoạch"] {
            assert_eq!(parse_measure(raw, None), None, "{raw:?}");
        }
    }

    #[test]
    fn raw_is_trimmed_input() {
        assert_eq!(m("  <b>7,25</b>\n(Vị trí 11) ").raw, "<b>7,25</b>\n(Vị trí 11)");
        assert_eq!(m("  <b>7,25</b>\n(Vị trí 11) ").rank, Some(11));
    }

    #[test]
    fn ranks() {
        assert_eq!(parse_rank("57"), Some((57, None, None)));
        assert_eq!(parse_rank("08"), Some((8, None, None)));
        assert_eq!(parse_rank("Vị trí 11"), Some((11, None, None)));
        assert_eq!(parse_rank("(Vị trí 11)"), Some((11, None, None)));
        assert_eq!(parse_rank("10-15/63"), Some((10, Some(15), Some(63))));
        assert_eq!(parse_rank("21/63"), Some((21, None, Some(63))));
        assert_eq!(parse_rank("xếp hạng 21/63"), Some((21, None, Some(63))));
        assert_eq!(parse_rank(" 20 "), Some((20, None, None)));
        for s in ["", "Vị trí", "7.5", "abc", "1234", "-"] {
            assert_eq!(parse_rank(s), None, "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*", year in proptest::option::of(0i32..3000)) {
            if let Some(p) = parse_measure(&s, year) {
                prop_assert_eq!(p.measure.raw, s.trim());
                prop_assert_eq!(p.measure.year, year);
            }
            let _ = parse_rank(&s);
        }

        #[test]
        fn never_panics_measurelike(s in "(Vị trí |xếp hạng |trên |từ |trở lên|%|điểm|/|[0-9.,-]| ){0,20}") {
            if let Some(p) = parse_measure(&s, None) {
                prop_assert_eq!(p.measure.value.is_some(), p.measure.comparator.is_some());
            }
        }
    }
}
