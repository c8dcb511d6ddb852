//! Deadline cells to the contract's `{raw, kind, from, to, every}`.

use std::sync::LazyLock;

use decree_model::{Deadline, DeadlineKind, Every};
use regex::Regex;

use crate::date::{atoms, Atom, Span};
use crate::text::{clean_text, fold_keep, re};

/// Text tied to a rule or an event rather than a time: "Theo quy định", "Khi có yêu cầu".
static EVENT_START: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:theo|khi|sau khi|ngay sau khi|tuy theo|tuy thuoc|can cu)\b"));

/// Recurrence words; the one printed first wins ("Thường xuyên, hàng năm" is continuous).
static RECURRENCES: LazyLock<[(Regex, Every); 6]> = LazyLock::new(|| {
    [
        (re(r"\b(?:thuong xuyen|lien tuc|(?:hang|moi) ngay)\b"), Every::Continuous),
        (re(r"\b(?:hang|moi) nam\b"), Every::Year),
        (re(r"\b(?:hang|moi) quy\b"), Every::Quarter),
        (re(r"\b(?:hang|moi) thang\b"), Every::Month),
        (re(r"\b(?:hang|moi) tuan\b"), Every::Week),
        (re(r"\b(?:0?6|sau) thang\b"), Every::Half),
    ]
});
/// After "6 tháng", these make it a span of one year, not a recurrence.
static HALF_OF_YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:(?:dau|cuoi)\b|,?\s*nam\s+\d{4}|[/-]?\s*\d{4})"));
static PERIODIC: LazyLock<Regex> = LazyLock::new(|| re(r"\bdinh ky\b"));

/// Words that may surround date expressions without changing what they mean.
const FILLER: &[&str] = &[
    "truoc", "ngay", "tu", "den", "het", "trong", "vao", "nam", "thang", "quy", "giai", "doan", "va", "cham", "nhat",
    "la", "han", "chot", "hoan", "thanh", "bat", "dau", "ke", "cuoi", "hoac", "thoi", "gian", "ket", "thuc", "khoang",
    "du", "kien", "tai",
];

/// How the words before a date expression bound the span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// "Từ năm 2024": the span opens there.
    From,
    /// "Trước ngày …", "Đến năm 2025", "Chậm nhất …": the span closes there.
    To,
    Plain,
}

/// Normalises one deadline cell.
///
/// `raw` is the trimmed input; an empty (or markup-only) cell is kind `none` with `raw`
/// null, and a cell with no letter or digit (`-`) is kind `none` with its raw kept.
/// Otherwise, in this order:
/// - text starting with Theo / Khi / Sau khi / Tùy theo / Căn cứ is an `event`;
/// - a recurrence word makes it `recurring` (the first printed wins; "Định kỳ" alone
///   gives `every` null);
/// - date expressions, joined only by words like trước, từ, đến, trong, và, giai đoạn,
///   make a `date` (one day) or a `period` (from the first start to the last end; "Từ"
///   leaves the end open, "Đến"/"Trước" the start, except that "Trước ngày D" is the day
///   D). A quarter, half or month without a year takes the year printed next to it, then
///   `context_year`; failing both, a `period` with null bounds;
/// - any other non-empty text (and an impossible date such as `31/02/2023`) is an `event`.
pub fn parse_deadline(raw: &str, context_year: Option<i32>) -> Deadline {
    let trimmed = raw.trim();
    let cleaned = clean_text(trimmed);
    if cleaned.is_empty() {
        return Deadline::none();
    }
    let deadline = |kind, from, to, every| Deadline { raw: Some(trimmed.to_string()), kind, from, to, every };
    if !cleaned.chars().any(char::is_alphanumeric) {
        return deadline(DeadlineKind::None, None, None, None);
    }
    let folded = fold_keep(&cleaned);
    let folded = folded.trim_end_matches(['.', ',', ';', ':', ' ']);
    if EVENT_START.is_match(folded) {
        return deadline(DeadlineKind::Event, None, None, None);
    }
    if let Some(every) = recurrence(folded) {
        return deadline(DeadlineKind::Recurring, None, None, every);
    }
    match when(folded, context_year).or_else(|| when_in_words(folded, context_year)) {
        Some((kind, from, to)) => deadline(kind, from, to, None),
        None => deadline(DeadlineKind::Event, None, None, None),
    }
}

/// A session named by its month (`Phiên họp tháng 9/2025`, `Kỳ họp thứ 10 (tháng
/// 10/2025)`, `Kỳ họp chuyên đề tháng 5/2026`) or a registration (`Đăng ký Quý II/2026`):
/// the month or quarter it names. A session without one (`Kỳ họp giữa năm 2026`) stays
/// an event.
static SESSION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:(?:phien|ky) hop(?: thu \d+| chuyen de| thuong le| bat thuong)?|dang ky)\s*\(?\s*((?:thang|quy) [^()]*?)\)?$",
    )
});
/// `… phải xử lý trước 31/5/2026`, `… chậm nhất ngày 31/12/2024` inside a longer note.
static DUE_BY: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:truoc|cham nhat)(?: ngay)? (\d{1,2}/\d{1,2}/\d{4})\b"));

/// Deadlines inside words the date rules do not cover: a session's month, the
/// first statement of a note (`Quý I/2026. Có trong danh sách …`, `Tháng 6/2026 (có
/// trong …)`), then a due day anywhere in it.
fn when_in_words(folded: &str, context_year: Option<i32>) -> Option<When> {
    if let Some(m) = SESSION.captures(folded).and_then(|c| c.get(1)) {
        return when(m.as_str().trim(), context_year);
    }
    let first = folded.split(['(', ';']).next().unwrap_or("").split(". ").next().unwrap_or("").trim();
    if first.len() < folded.len() {
        if let Some(w) = when(first.trim_end_matches(['.', ',', ' ']), context_year) {
            return Some(w);
        }
    }
    let day = DUE_BY.captures(folded)?.get(1)?.as_str();
    when(&format!("truoc ngay {day}"), context_year)
}

/// `Some(every)` when the text recurs; `Some(None)` for a bare "Định kỳ".
fn recurrence(folded: &str) -> Option<Option<Every>> {
    let first = RECURRENCES
        .iter()
        .filter_map(|(pattern, every)| {
            pattern
                .find_iter(folded)
                .find(|m| *every != Every::Half || !HALF_OF_YEAR.is_match(&folded[m.end()..]))
                .map(|m| (m.start(), *every))
        })
        .min_by_key(|(start, _)| *start);
    match first {
        Some((_, every)) => Some(Some(every)),
        None if PERIODIC.is_match(folded) => Some(None),
        None => None,
    }
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

fn mode_before(glue: &str) -> Mode {
    match words(glue).last() {
        Some("tu") => Mode::From,
        Some("den" | "het" | "truoc" | "nhat" | "han" | "chot") => Mode::To,
        _ => Mode::Plain,
    }
}

/// The date expressions of a text made only of them and filler words, with their modes.
fn dated_atoms(folded: &str) -> Option<Vec<(Mode, Atom)>> {
    let found = atoms(folded)?;
    let mut out = Vec::with_capacity(found.len());
    let mut prev_end = 0;
    for atom in found {
        let glue = folded.get(prev_end..atom.start)?;
        if !words(glue).all(|w| FILLER.contains(&w)) {
            return None;
        }
        out.push((mode_before(glue), atom));
        prev_end = atom.end;
    }
    let tail = folded.get(prev_end..)?;
    (!out.is_empty() && words(tail).all(|w| FILLER.contains(&w))).then_some(out)
}

/// A missing year comes from the nearest expression after, then before, then the context.
fn fill_years(spans: &mut [Span], context_year: Option<i32>) {
    let mut after = vec![None; spans.len()];
    let mut next = None;
    for (i, span) in spans.iter().enumerate().rev() {
        after[i] = next;
        next = span.year().or(next);
    }
    let mut before = None;
    for (i, span) in spans.iter_mut().enumerate() {
        let printed = span.year();
        if let Some(y) = after[i].or(before).or(context_year) {
            *span = span.or_year(y);
        }
        before = printed.or(before);
    }
}

type When = (DeadlineKind, Option<String>, Option<String>);

fn when(folded: &str, context_year: Option<i32>) -> Option<When> {
    let dated = dated_atoms(folded)?;
    let modes: Vec<Mode> = dated.iter().map(|(m, _)| *m).collect();
    let mut spans: Vec<Span> = dated.iter().map(|(_, a)| a.span).collect();
    fill_years(&mut spans, context_year);
    if let ([mode], [span]) = (modes.as_slice(), spans.as_slice()) {
        let span = *span;
        return Some(match mode {
            _ if span.year().is_none() && span.is_day() => (DeadlineKind::Date, None, None),
            Mode::From => (DeadlineKind::Period, span.start(), None),
            Mode::To | Mode::Plain if span.is_day() => (DeadlineKind::Date, span.start(), span.end()),
            Mode::To => (DeadlineKind::Period, None, span.end()),
            Mode::Plain => (DeadlineKind::Period, span.start(), span.end()),
        });
    }
    if spans.iter().any(|s| s.year().is_none()) {
        return Some((DeadlineKind::Period, None, None));
    }
    // ISO strings of one width order like the dates they name.
    let from = if modes.first() == Some(&Mode::To) { None } else { spans.iter().filter_map(|s| s.start()).min() };
    let to = if modes.last() == Some(&Mode::From) { None } else { spans.iter().filter_map(|s| s.end()).max() };
    Some((DeadlineKind::Period, from, to))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    fn check(
        raw: &str,
        ctx: Option<i32>,
        kind: DeadlineKind,
        from: Option<&str>,
        to: Option<&str>,
        every: Option<Every>,
    ) {
        let d = parse_deadline(raw, ctx);
        let expected = Deadline {
            raw: Some(raw.trim().to_string()),
            kind,
            from: from.map(String::from),
            to: to.map(String::from),
            every,
        };
        assert_eq!(d, expected, "{raw:?}");
    }

    fn date(raw: &str, day: &str) {
        check(raw, None, DeadlineKind::Date, Some(day), Some(day), None);
    }

    fn period(raw: &str, ctx: Option<i32>, from: Option<&str>, to: Option<&str>) {
        check(raw, ctx, DeadlineKind::Period, from, to, None);
    }

    fn recurring(raw: &str, every: Option<Every>) {
        check(raw, None, DeadlineKind::Recurring, None, None, every);
    }

    fn event(raw: &str) {
        check(raw, Some(2023), DeadlineKind::Event, None, None, None);
    }

    #[test]
    fn sessions_and_notes_as_the_real_documents_write_them() {
        // NQ 96/2025/UBTVQH15 and the An Giang tracking workbook.
        period("Phiên họp tháng 9/2025", None, Some("2025-09-01"), Some("2025-09-30"));
        period("Kỳ họp thứ 10 (tháng 10/2025)", None, Some("2025-10-01"), Some("2025-10-31"));
        period(" Kỳ họp chuyên đề tháng 5/2026", None, Some("2026-05-01"), Some("2026-05-31"));
        period("Đăng ký Quý II/2026", None, Some("2026-04-01"), Some("2026-06-30"));
        period("Quý I/2026", None, Some("2026-01-01"), Some("2026-03-31"));
        period("Tháng 03/2026", None, Some("2026-03-01"), Some("2026-03-31"));
        date("07/04/2024", "2024-04-07");
        date("trước ngày 31/3/2023", "2023-03-31");
        date("Phải xử lý trước 31/5/2026", "2026-05-31");
        date("Có trong danh sách phải xử lý chậm nhất 31/5/2026", "2026-05-31");
        date("Đăng ký kỳ họp HĐND gần nhất. Phải xử lý trước 31/5/2026", "2026-05-31");
        period(
            "Quý I/2026. Có trong danh sách phải xử lý trước 31/5/2026",
            None,
            Some("2026-01-01"),
            Some("2026-03-31"),
        );
        period("Tháng 6/2026 (có trong DS xử lý chậm nhất 31/5/2026)", None, Some("2026-06-01"), Some("2026-06-30"));
        // Consistent cases that stay events: no month, a notice's date, an event.
        event("Kỳ họp giữa năm 2026");
        event("Kỳ họp gần nhất 2026");
        event("Thông báo số 326/TB-TTHĐND ngày 17/12/2025");
        event("Công an tỉnh đề nghị chuyển sang Kỳ họp giữa năm 2026");
    }

    #[test]
    fn empty() {
        assert_eq!(parse_deadline("", None), Deadline::none());
        assert_eq!(parse_deadline("   \n ", Some(2023)), Deadline::none());
        assert_eq!(parse_deadline("<p></p>", None), Deadline::none());
        check("-", None, DeadlineKind::None, None, None, None);
    }

    #[test]
    fn single_days() {
        date("31/12/2024", "2024-12-31");
        date("Trước ngày 30/6/2023", "2023-06-30");
        date("trước 15/12/2023", "2023-12-15");
        date("Chậm nhất ngày 30/9/2023", "2023-09-30");
        date("Trước ngày 31/8/2023.", "2023-08-31");
        date("  Trước   ngày\n30/11/2024 ", "2024-11-30");
        date("**Trước ngày 30/6/2023**", "2023-06-30");
        date("ngày 10 tháng 3 năm 2023", "2023-03-10");
        check("Trước ngày 15/12", Some(2023), DeadlineKind::Date, Some("2023-12-15"), Some("2023-12-15"), None);
        check("Trước ngày 15/12", None, DeadlineKind::Date, None, None, None);
    }

    #[test]
    fn quarters_and_halves() {
        period("Quý III/2023", None, Some("2023-07-01"), Some("2023-09-30"));
        period("Quý IV năm 2023", None, Some("2023-10-01"), Some("2023-12-31"));
        period("Quý IV năm \n2024", None, Some("2024-10-01"), Some("2024-12-31"));
        period("Quý I, II/2023", None, Some("2023-01-01"), Some("2023-06-30"));
        period("Quý 2/2024", None, Some("2024-04-01"), Some("2024-06-30"));
        period("6 tháng đầu năm 2023", None, Some("2023-01-01"), Some("2023-06-30"));
        period("6 tháng cuối năm 2023", None, Some("2023-07-01"), Some("2023-12-31"));
        period("06 tháng cuối năm", Some(2024), Some("2024-07-01"), Some("2024-12-31"));
        period("Quý III", Some(2023), Some("2023-07-01"), Some("2023-09-30"));
        period("Quý III", None, None, None);
        period("Trong Quý II", None, None, None);
    }

    #[test]
    fn months() {
        period("Tháng 06/2023", None, Some("2023-06-01"), Some("2023-06-30"));
        period("Trong tháng 06/2023", None, Some("2023-06-01"), Some("2023-06-30"));
        period("Tháng 11/2023", None, Some("2023-11-01"), Some("2023-11-30"));
        period("Tháng 6 năm 2023", None, Some("2023-06-01"), Some("2023-06-30"));
        period("Tháng 02/2024", None, Some("2024-02-01"), Some("2024-02-29"));
        period("Tháng 06/2023 và Tháng 12/2023", None, Some("2023-06-01"), Some("2023-12-31"));
        period("Tháng 6 và tháng 12/2023", None, Some("2023-06-01"), Some("2023-12-31"));
        period("Tháng 9", Some(2023), Some("2023-09-01"), Some("2023-09-30"));
        period("Tháng 9", None, None, None);
    }

    #[test]
    fn years() {
        period("Năm 2024", None, Some("2024-01-01"), Some("2024-12-31"));
        period("2024", None, Some("2024-01-01"), Some("2024-12-31"));
        period("2023-2025", None, Some("2023-01-01"), Some("2025-12-31"));
        period("Giai đoạn 2023 - 2025", None, Some("2023-01-01"), Some("2025-12-31"));
        period("Giai đoạn 2023 – 2025", None, Some("2023-01-01"), Some("2025-12-31"));
        period("Từ năm 2024", None, Some("2024-01-01"), None);
        period("Đến năm 2025", None, None, Some("2025-12-31"));
        period("Từ năm 2023 đến năm 2025", None, Some("2023-01-01"), Some("2025-12-31"));
        period("Từ ngày 01/6/2023 đến ngày 30/6/2023", None, Some("2023-06-01"), Some("2023-06-30"));
        period("Từ tháng 6/2023", None, Some("2023-06-01"), None);
        period("Trước Quý III/2023", None, None, Some("2023-09-30"));
    }

    #[test]
    fn recurrences() {
        use Every::*;
        recurring("Thường xuyên", Some(Continuous));
        recurring("Liên tục", Some(Continuous));
        recurring("thường xuyên, liên tục", Some(Continuous));
        recurring("Hàng năm", Some(Year));
        recurring("Hằng năm", Some(Year));
        recurring("Định kỳ hàng năm", Some(Year));
        recurring("Quý IV hàng năm", Some(Year));
        recurring("Hàng quý", Some(Quarter));
        recurring("Hằng quý", Some(Quarter));
        recurring("Hàng tháng", Some(Month));
        recurring("Hằng tháng", Some(Month));
        recurring("Báo cáo kết quả hằng tháng", Some(Month));
        recurring("6 tháng", Some(Half));
        recurring("Định kỳ 6 tháng", Some(Half));
        recurring("Định kỳ 06 tháng/lần", Some(Half));
        recurring("Hàng tuần", Some(Week));
        recurring("Thường xuyên, hàng năm", Some(Continuous));
        recurring("Thường xuyên (Báo cáo kết quả hằng tháng)", Some(Continuous));
        recurring("Hằng quý, 06 tháng, năm", Some(Quarter));
        recurring("THƯỜNG XUYÊN.", Some(Continuous));
        recurring("Định kỳ", None);
    }

    #[test]
    fn events() {
        for raw in [
            "Theo quy định",
            "<p>Theo quy định</p>",
            "Theo Kế hoạch",
            "Theo Kế hoạch tuyển dụng",
            "Theo Kế hoạch năm 2023",
            "Theo Kế hoạch cải cách hành chính hàng năm của phường",
            "Theo chế độ báo cáo định ký",
            "Theo thông báo kết quả kiểm tra",
            "Trước bầu cử",
            "Sau khi ban hành",
            "Khi có yêu cầu",
            "Theo lộ trình",
            "Công khai kịp thời sau khi phương án được cấp có thẩm quyền phê duyệt",
            "Trước bầu cử năm 2026",
            "Trước ngày 31/02/2023",
            "20",
            "Vị trí",
        ] {
            event(raw);
        }
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*", ctx in proptest::option::of(-5000i32..5000)) {
            let d = parse_deadline(&s, ctx);
            prop_assert_eq!(d.kind == DeadlineKind::None && d.raw.is_none(), clean_text(&s).is_empty());
        }

        #[test]
        fn never_panics_datelike(s in "(Quý|Tháng|tháng|ngày|Từ|đến|Trước|năm|[0-9/.,-]| |I|V){0,24}") {
            let d = parse_deadline(&s, Some(2023));
            if let (Some(f), Some(t)) = (&d.from, &d.to) {
                prop_assert!(f <= t, "{:?}", d);
            }
        }
    }
}
