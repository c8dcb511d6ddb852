//! Dates: the issue line, single date expressions, and the spans deadlines are made of.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::text::{clean_text, fold_keep, re};

/// Years outside this range are taken for other numbers (counts, document numbers).
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// A date expression found in folded text (see [`crate::text::fold_keep`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Span {
    Day { y: Option<i32>, m: u32, d: u32 },
    Month { y: Option<i32>, m: u32 },
    Quarters { y: Option<i32>, first: u32, last: u32 },
    Half { y: Option<i32>, second: bool },
    Year { y: i32 },
}

impl Span {
    pub(crate) fn year(self) -> Option<i32> {
        match self {
            Span::Day { y, .. } | Span::Month { y, .. } | Span::Quarters { y, .. } | Span::Half { y, .. } => y,
            Span::Year { y } => Some(y),
        }
    }

    /// The same span with a missing year filled in.
    pub(crate) fn or_year(self, year: i32) -> Span {
        let fill = |y: Option<i32>| Some(y.unwrap_or(year));
        match self {
            Span::Day { y, m, d } => Span::Day { y: fill(y), m, d },
            Span::Month { y, m } => Span::Month { y: fill(y), m },
            Span::Quarters { y, first, last } => Span::Quarters { y: fill(y), first, last },
            Span::Half { y, second } => Span::Half { y: fill(y), second },
            Span::Year { .. } => self,
        }
    }

    pub(crate) fn is_day(self) -> bool {
        matches!(self, Span::Day { .. })
    }

    /// First and last month of the span, as (month, day) bounds.
    fn month_range(self) -> (u32, u32) {
        match self {
            Span::Day { m, .. } | Span::Month { m, .. } => (m, m),
            Span::Quarters { first, last, .. } => (first * 3 - 2, last * 3),
            Span::Half { second: false, .. } => (1, 6),
            Span::Half { second: true, .. } => (7, 12),
            Span::Year { .. } => (1, 12),
        }
    }

    /// ISO first day, `None` while the year is unknown.
    pub(crate) fn start(self) -> Option<String> {
        let y = self.year()?;
        let day = if let Span::Day { d, .. } = self { d } else { 1 };
        Some(iso_day(y, self.month_range().0, day))
    }

    /// ISO last day, `None` while the year is unknown.
    pub(crate) fn end(self) -> Option<String> {
        let y = self.year()?;
        let m = self.month_range().1;
        let day = if let Span::Day { d, .. } = self { d } else { days_in_month(y, m) };
        Some(iso_day(y, m, day))
    }

    fn is_valid(self) -> bool {
        let year_ok = self.year().is_none_or(|y| YEARS.contains(&y));
        let shape_ok = match self {
            // Without a year, 29 February is allowed until one is known.
            Span::Day { y, m, d } => (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y.unwrap_or(2000), m),
            Span::Month { m, .. } => (1..=12).contains(&m),
            Span::Quarters { first, last, .. } => (1..=4).contains(&first) && (first..=4).contains(&last),
            Span::Half { .. } | Span::Year { .. } => true,
        };
        year_ok && shape_ok
    }
}

fn iso_day(y: i32, m: u32, d: u32) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Every date expression shape, longest first at each position (the regex prefers the
/// first alternative that matches). Runs on `fold_keep` text.
static ATOM: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?x)
      \b(?:ngay\s*)?(?P<d1>\d{1,2})\s*[/.-]\s*(?P<m1>\d{1,2})\s*[/.-]\s*(?P<y1>\d{4})\b
    | \bngay\s+(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})\s*,?\s*nam\s+(?P<y2>\d{4})\b
    | \b(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})\b
    | \b(?P<six>0?6)\s+thang\s+(?:(?P<h1>dau|cuoi)\s+)?nam\b(?:\s*(?P<y4>\d{4})\b)?
    | \bnua\s+(?P<h2>dau|cuoi)\s+nam\b(?:\s*(?P<y10>\d{4})\b)?
    | \bquy\s+(?P<qs>(?:iv|i{1,3}|[1-4])(?:\s*(?:,|va\b|-|den\b)\s*(?:quy\s+)?(?:iv|i{1,3}|[1-4]))*)\b
        (?:\s*[/,-]?\s*(?:nam\s+)?(?P<y5>\d{4})\b)?
    | \b(?:thang\s*)?(?P<m6>\d{1,2})\s*[/-]\s*(?P<y6>\d{4})\b
    | \bthang\s+(?P<m7>\d{1,2})\b(?:\s*,?\s*nam\s+(?P<y7>\d{4})\b)?
    | \bngay\s+(?P<d8>\d{1,2})\s*/\s*(?P<m8>\d{1,2})\b
    | \b(?:nam\s+)?(?P<y9>\d{4})\b
    ")
});
static QUARTER: LazyLock<Regex> = LazyLock::new(|| re(r"\b(iv|i{1,3}|[1-4])\b"));

/// One date expression and where it sits in the folded text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Atom {
    pub start: usize,
    pub end: usize,
    pub span: Span,
}

fn num<T: std::str::FromStr>(c: &Captures, name: &str) -> Option<T> {
    c.name(name).and_then(|m| m.as_str().parse().ok())
}

fn quarter_number(s: &str) -> Option<u32> {
    match s {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    }
}

/// The span one atom match describes; `None` for an impossible date.
fn span_of(c: &Captures) -> Option<Span> {
    let day = |d: &str, m: &str, y: &str| -> Option<Span> {
        Some(Span::Day { y: Some(num(c, y)?), m: num(c, m)?, d: num(c, d)? })
    };
    let span = if c.name("d1").is_some() {
        day("d1", "m1", "y1")?
    } else if c.name("d2").is_some() {
        day("d2", "m2", "y2")?
    } else if c.name("d3").is_some() {
        day("d3", "m3", "y3")?
    } else if c.name("six").is_some() {
        // "6 tháng năm 2023", with neither half named, is the first-half report.
        let second = c.name("h1").is_some_and(|h| h.as_str() == "cuoi");
        Span::Half { y: num(c, "y4"), second }
    } else if let Some(h) = c.name("h2") {
        Span::Half { y: num(c, "y10"), second: h.as_str() == "cuoi" }
    } else if let Some(qs) = c.name("qs") {
        let quarters: Vec<u32> = QUARTER.find_iter(qs.as_str()).filter_map(|m| quarter_number(m.as_str())).collect();
        let first = *quarters.iter().min()?;
        let last = *quarters.iter().max()?;
        Span::Quarters { y: num(c, "y5"), first, last }
    } else if c.name("m6").is_some() {
        Span::Month { y: num(c, "y6"), m: num(c, "m6")? }
    } else if c.name("m7").is_some() {
        Span::Month { y: num(c, "y7"), m: num(c, "m7")? }
    } else if c.name("d8").is_some() {
        Span::Day { y: None, m: num(c, "m8")?, d: num(c, "d8")? }
    } else {
        Span::Year { y: num(c, "y9")? }
    };
    span.is_valid().then_some(span)
}

/// All date expressions in folded text, in order; `None` when one of them is impossible
/// (`31/02/2023`), so the caller does not build on a misread.
pub(crate) fn atoms(folded: &str) -> Option<Vec<Atom>> {
    ATOM.captures_iter(folded)
        .map(|c| {
            let whole = c.get(0)?;
            Some(Atom { start: whole.start(), end: whole.end(), span: span_of(&c)? })
        })
        .collect()
}

fn iso(span: Span) -> Option<String> {
    match span {
        Span::Day { .. } => span.start(),
        Span::Month { y, m } => Some(format!("{:04}-{m:02}", y?)),
        Span::Year { y } => Some(format!("{y:04}")),
        Span::Quarters { .. } | Span::Half { .. } => None,
    }
}

/// A date expression as ISO with the precision it gives: `30/6/2023` → `2023-06-30`,
/// `ngày 10 tháng 3 năm 2023` → `2023-03-10`, `06/2023` and `tháng 6 năm 2023` →
/// `2023-06`, `năm 2023` → `2023`. `None` for anything else or an impossible date.
pub fn parse_date(s: &str) -> Option<String> {
    let folded = fold_keep(&clean_text(s));
    let folded = folded.trim_end_matches(['.', ',', ';', ' ']);
    let found = atoms(folded)?;
    match found.as_slice() {
        [one] if one.start == 0 && one.end == folded.len() => iso(one.span),
        _ => None,
    }
}

static ISSUED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?xi)^
      (?:(?P<place>[^,\d]{1,80}?)\s*,\s*)?
      ngày\s*
      (?:
        (?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*,?\s*năm\s*(?P<y>\d{4})
      | (?P<d2>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4})
      )
      \s*\.?$")
});

/// The date line under the header: `Bình Định, ngày 08 tháng 06 năm 2023` gives
/// `(Some("Bình Định"), Some("2023-06-08"))`. Blank day or month lower the precision
/// (`2023-12`, `2024`); an impossible date gives the place with no date. `None` when the
/// line is not a date line.
pub fn parse_issued(line: &str) -> Option<(Option<String>, Option<String>)> {
    let cleaned = clean_text(line);
    let cleaned = cleaned.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    let c = ISSUED.captures(cleaned)?;
    let place = c.name("place").map(|m| m.as_str().trim().to_string()).filter(|p| !p.is_empty());
    let y: Option<i32> = num(&c, "y").or(num(&c, "y2"));
    let m: Option<u32> = num(&c, "m").or(num(&c, "m2"));
    let d: Option<u32> = num(&c, "d").or(num(&c, "d2"));
    let span = match (y, m, d) {
        (Some(y), Some(m), Some(d)) => Span::Day { y: Some(y), m, d },
        (Some(y), Some(m), None) => Span::Month { y: Some(y), m },
        (Some(y), None, _) => Span::Year { y },
        (None, _, _) => return None,
    };
    Some((place, if span.is_valid() { iso(span) } else { None }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("30/6/2023"), s("2023-06-30"));
        assert_eq!(parse_date("05/02/2021"), s("2021-02-05"));
        assert_eq!(parse_date("ngày 10 tháng 3 năm 2023"), s("2023-03-10"));
        assert_eq!(parse_date("Ngày 10 tháng 3 năm 2023."), s("2023-03-10"));
        assert_eq!(parse_date("06/2023"), s("2023-06"));
        assert_eq!(parse_date("tháng 6 năm 2023"), s("2023-06"));
        assert_eq!(parse_date("Tháng 06/2023"), s("2023-06"));
        assert_eq!(parse_date("năm 2023"), s("2023"));
        assert_eq!(parse_date("2023-06-08"), s("2023-06-08"));
        assert_eq!(parse_date("31.12.2024"), s("2024-12-31"));
    }

    #[test]
    fn date_validation() {
        assert_eq!(parse_date("29/2/2024"), s("2024-02-29"));
        assert_eq!(parse_date("29/2/2023"), None);
        assert_eq!(parse_date("29/2/1900"), None);
        assert_eq!(parse_date("29/2/2000"), s("2000-02-29"));
        assert_eq!(parse_date("31/4/2023"), None);
        assert_eq!(parse_date("0/4/2023"), None);
        assert_eq!(parse_date("13/2023"), None);
        assert_eq!(parse_date("10/13/2023"), None);
        assert_eq!(parse_date("1/1/1800"), None);
    }

    #[test]
    fn not_dates() {
        for t in [
            "",
            "Thường xuyên",
            "Quý III/2023",
            "30/6",
            "ngày 30/6",
            "30/6/2023 và 31/12/2023",
            "Trước ngày 30/6/2023",
            "abc 2023",
        ] {
            assert_eq!(parse_date(t), None, "{t:?}");
        }
    }

    #[test]
    fn issued_lines() {
        assert_eq!(parse_issued("Bình Định, ngày 08 tháng 06 năm 2023"), Some((s("Bình Định"), s("2023-06-08"))));
        assert_eq!(parse_issued("Phú Sơn, ngày tháng 12 năm 2023"), Some((s("Phú Sơn"), s("2023-12"))));
        assert_eq!(parse_issued("Hà Nội, ngày 05 tháng 3 năm 2020"), Some((s("Hà Nội"), s("2020-03-05"))));
        assert_eq!(parse_issued("ngày    tháng    năm 2024"), Some((None, s("2024"))));
        assert_eq!(parse_issued("*Đồng Nai, ngày 10 tháng 10 năm 2024*"), Some((s("Đồng Nai"), s("2024-10-10"))));
        assert_eq!(parse_issued("**Hà Nội, ngày 05/3/2020**"), Some((s("Hà Nội"), s("2020-03-05"))));
        assert_eq!(parse_issued("  Hà Nội ,  NGÀY 5 THÁNG 3 NĂM 2020. "), Some((s("Hà Nội"), s("2020-03-05"))));
        assert_eq!(parse_issued("Hà Nội, ngày 31 tháng 02 năm 2020"), Some((s("Hà Nội"), None)));
    }

    #[test]
    fn issued_rejects_other_lines() {
        for t in [
            "",
            "Số: 107 /KH-UBND",
            "Kế hoạch số 44/KH-UBND ngày 10 tháng 3 năm 2023 của Ủy ban nhân dân tỉnh",
            "(Kèm theo Kế hoạch số /KH-UBND ngày tháng 10 năm 2024 của Chủ tịch Ủy ban nhân dân tỉnh)",
            "Căn cứ Quyết định số 1, ngày 10 tháng 3 năm 2023",
            "Bình Định, ngày 08 tháng 06",
        ] {
            assert_eq!(parse_issued(t), None, "{t:?}");
        }
    }

    #[test]
    fn spans() {
        let q = Span::Quarters { y: Some(2023), first: 3, last: 3 };
        assert_eq!((q.start(), q.end()), (s("2023-07-01"), s("2023-09-30")));
        let h = Span::Half { y: Some(2024), second: false };
        assert_eq!((h.start(), h.end()), (s("2024-01-01"), s("2024-06-30")));
        let m = Span::Month { y: Some(2024), m: 2 };
        assert_eq!(m.end(), s("2024-02-29"));
        assert_eq!(Span::Month { y: None, m: 2 }.end(), None);
    }
}
