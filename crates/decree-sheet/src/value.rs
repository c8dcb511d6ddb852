//! Typed cell values as the text extraction reads.
//!
//! Extraction works on text cells, so a value is written the way the project's
//! number and date parsers read it back exactly:
//! - a number in its shortest round-trip form at Excel's 15 significant digits
//!   (`7.25`, `0.3` for a stored `0.30000000000000004`), never with an exponent,
//!   point as decimal mark, no grouping. The one shape the parser may read as
//!   thousands grouping (`1.234`: 1–3 digits, a point, exactly 3 digits) gets a
//!   trailing zero (`1.2340`), which reads as the same number under every hint;
//! - a percent-formatted number multiplied by 100 in decimal (no binary rounding:
//!   `0.85` gives `85%`, `0.0086` gives `0.86%`);
//! - literal text of an `.xlsx` number format kept around the number
//!   (`0" ngày"` gives `7 ngày`), since it is often the unit;
//! - a date as `dd/mm/yyyy` (with `hh:mm` when it has a time), or `mm/yyyy` and
//!   `yyyy` when the `.xlsx` format shows only those parts;
//! - booleans `TRUE`/`FALSE`, errors as Excel prints them (`#DIV/0!`).

use crate::text::clean_cell;
use calamine::{Data, DataRef, ExcelDateTime};

/// What a cell's style says about how to write its value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellStyle {
    pub percent: bool,
    /// Date parts the number format shows; `None` when unknown.
    pub date_parts: Option<DateParts>,
    /// Literal text the format prints before and after the number.
    pub prefix: String,
    pub suffix: String,
    /// Decimal places the format prints (`0.00` → 2): the printed precision,
    /// which the arithmetic checks read from the text.
    pub decimals: Option<usize>,
    pub bold: bool,
}

/// Which parts of a date a format shows, and whether day and month are printed
/// without a leading zero (`d/m/yyyy` gives `30/9/2024`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateParts {
    pub day: bool,
    pub month: bool,
    pub year: bool,
    pub time: bool,
    pub short_day: bool,
    pub short_month: bool,
}

impl CellStyle {
    /// From an `.xlsx` cell style (calamine gives the number format code).
    pub fn of_xlsx(style: Option<&calamine::Style>) -> Self {
        let Some(style) = style else {
            return Self::default();
        };
        let bold = style.font.as_ref().is_some_and(calamine::Font::is_bold);
        let mut out = style.number_format.as_ref().map(|f| Self::of_format_code(&f.format_code)).unwrap_or_default();
        out.bold = bold;
        out
    }

    /// Reads an Excel number format code: its first section (the one for positive
    /// numbers), outside brackets (`[Red]`, `[$-42A]`) and quotes.
    pub fn of_format_code(code: &str) -> Self {
        let mut scan = Scan::default();
        let mut chars = code.chars().peekable();
        while let Some(ch) = chars.next() {
            if ch == ';' {
                break;
            }
            scan.step(ch, &mut chars);
            scan.prev = ch;
        }
        scan.finish()
    }
}

/// State of a left-to-right read of a format code.
#[derive(Default)]
struct Scan {
    out: CellStyle,
    parts: DateParts,
    literal: String,
    seen_digit: bool,
    /// Counting the digit placeholders after the decimal point.
    counting: bool,
    prev: char,
    minutes: bool,
    /// Length of the current `d` or month-`m` run: 1 means no leading zero.
    run: u32,
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

impl Scan {
    fn step(&mut self, ch: char, chars: &mut Chars) {
        if !matches!(ch, '0' | '#' | '?') {
            self.counting = false;
        }
        match ch {
            '"' => self.literal.extend(chars.by_ref().take_while(|q| *q != '"')),
            '\\' => self.literal.extend(chars.next()),
            '[' => chars.by_ref().take_while(|q| *q != ']').for_each(drop),
            '_' | '*' => {
                chars.next();
            }
            '%' => self.out.percent = true,
            '.' if self.seen_digit && self.out.decimals.is_none() => {
                self.out.decimals = Some(0);
                self.counting = true;
            }
            '0' | '#' | '?' => self.placeholder(),
            'd' | 'D' => {
                self.run = if matches!(self.prev, 'd' | 'D') { self.run + 1 } else { 1 };
                self.parts.day = true;
                self.parts.short_day = self.run == 1 && !next_is(chars, 'd');
            }
            'y' | 'Y' => self.parts.year = true,
            'h' | 'H' | 's' | 'S' => self.parts.time = true,
            'm' | 'M' => self.month_or_minutes(chars),
            _ => {}
        }
    }

    fn placeholder(&mut self) {
        if !self.seen_digit {
            self.out.prefix = std::mem::take(&mut self.literal);
        }
        self.seen_digit = true;
        if self.counting {
            self.out.decimals = self.out.decimals.map(|d| d + 1);
        }
    }

    /// `m` after an hour or before seconds is minutes (`mm` is one token).
    fn month_or_minutes(&mut self, chars: &Chars) {
        let continues = matches!(self.prev, 'm' | 'M');
        if !continues {
            let next = chars.clone().find(|n| !matches!(n, 'm' | 'M'));
            self.minutes = matches!(self.prev, 'h' | 'H' | ':') || next.is_some_and(|n| matches!(n, ':' | 's' | 'S'));
        }
        if self.minutes {
            self.parts.time = true;
        } else {
            self.run = if continues { self.run + 1 } else { 1 };
            self.parts.month = true;
            self.parts.short_month = self.run == 1 && !next_is(chars, 'm');
        }
    }

    fn finish(mut self) -> CellStyle {
        if self.seen_digit {
            self.out.suffix = self.literal;
        } else if self.parts != DateParts::default() {
            self.out.date_parts = Some(self.parts);
        }
        self.out
    }
}

fn next_is(chars: &Chars, c: char) -> bool {
    chars.clone().next().is_some_and(|n| n.eq_ignore_ascii_case(&c))
}

/// The text of one cell, or `None` when it is empty.
pub fn text_of(data: &Data, style: &CellStyle) -> Option<String> {
    let text = match data {
        Data::Empty => return None,
        Data::String(s) => clean_cell(s),
        Data::Float(v) => decorate(number_value(*v, style), style),
        // i64 → f64 loses nothing below 2^53, far above any value in a plan.
        Data::Int(i) => decorate(number_value(*i as f64, style), style),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(dt) => excel_date(dt, style.date_parts),
        Data::DateTimeIso(s) => iso_date(s).unwrap_or_else(|| s.clone()),
        Data::DurationIso(s) => iso_duration(s).unwrap_or_else(|| s.clone()),
        Data::Error(e) => e.to_string(),
    };
    Some(text).filter(|t| !t.is_empty())
}

/// [`text_of`] for a cell borrowed from calamine's `.xlsx` cell reader: shared
/// strings are cleaned straight from the workbook's table, not copied first.
pub fn text_of_ref(data: &DataRef, style: &CellStyle) -> Option<String> {
    match data {
        DataRef::SharedString(s) => Some(clean_cell(s)).filter(|t| !t.is_empty()),
        DataRef::String(s) => Some(clean_cell(s)).filter(|t| !t.is_empty()),
        other => text_of(&Data::from(other.clone()), style),
    }
}

/// The number as text; a format printing more decimals than the shortest form
/// has (`0.00` for 1.5) pads it (`1.50`), which keeps the value exact and tells
/// the checks how precisely it was printed.
fn number_value(v: f64, style: &CellStyle) -> String {
    let decimals = style.decimals.unwrap_or(0);
    if style.percent {
        format!("{}%", pad(shift_point(&shortest(v), 2), decimals))
    } else {
        let mut s = pad(shortest(v), decimals);
        if ambiguous_grouping(&s) {
            s.push('0');
        }
        s
    }
}

fn pad(mut s: String, decimals: usize) -> String {
    let have = s.split_once('.').map_or(0, |(_, frac)| frac.len());
    if have < decimals {
        if have == 0 {
            s.push('.');
        }
        s.extend(std::iter::repeat_n('0', decimals - have));
    }
    s
}

fn decorate(number: String, style: &CellStyle) -> String {
    let prefix = style.prefix.trim_start();
    let suffix = style.suffix.trim_end();
    if prefix.is_empty() && suffix.is_empty() {
        return number;
    }
    clean_cell(&format!("{prefix}{number}{suffix}"))
}

/// A number as the extractor's number parser reads it back exactly.
pub fn number_text(v: f64) -> String {
    number_value(v, &CellStyle::default())
}

/// Shortest round-trip form at 15 significant digits, no exponent (Rust's
/// `Display` for `f64` never uses one).
fn shortest(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    // Row numbers and counts: whole numbers print exactly, no rounding needed.
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    // Excel keeps 15 significant digits; past them a stored value is binary noise.
    let v: f64 = format!("{v:.14e}").parse().unwrap_or(v);
    let s = format!("{v}");
    if s == "-0" {
        "0".to_owned()
    } else {
        s
    }
}

/// `1.234`: what the number parser reads as thousands grouping for counts.
fn ambiguous_grouping(s: &str) -> bool {
    let t = s.trim_start_matches('-');
    t.split_once('.')
        .is_some_and(|(int, frac)| frac.len() == 3 && (1..=3).contains(&int.len()) && !int.starts_with('0'))
}

/// Moves the decimal point of a plain decimal number `places` to the right.
fn shift_point(s: &str, places: usize) -> String {
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let mut digits: Vec<char> = int.chars().chain(frac.chars()).collect();
    let point = int.len() + places;
    while digits.len() < point {
        digits.push('0');
    }
    let (int, frac) = digits.split_at(point);
    let int: String = int.iter().collect();
    let int = match int.trim_start_matches('0') {
        "" => "0",
        t => t,
    };
    let frac: String = frac.iter().collect();
    let frac = frac.trim_end_matches('0');
    let mut out = String::new();
    if negative && (int != "0" || !frac.is_empty()) {
        out.push('-');
    }
    out.push_str(int);
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

fn excel_date(dt: &ExcelDateTime, parts: Option<DateParts>) -> String {
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    if dt.is_duration() {
        let total = dt.as_f64() * 24.0;
        let hours = total.trunc();
        let minutes = ((total - hours) * 60.0).round();
        return format!("{hours}:{minutes:02}");
    }
    let has_time = h != 0 || mi != 0 || s != 0;
    let time_only = dt.as_f64() < 1.0;
    let parts = parts.unwrap_or(DateParts {
        day: !time_only,
        month: !time_only,
        year: !time_only,
        time: has_time,
        ..DateParts::default()
    });
    date_text(y, mo, d, (h, mi, s), parts)
}

fn date_text(y: u16, mo: u8, d: u8, (h, mi, s): (u8, u8, u8), parts: DateParts) -> String {
    let time = if s != 0 { format!("{h:02}:{mi:02}:{s:02}") } else { format!("{h:02}:{mi:02}") };
    let day = if parts.short_day { d.to_string() } else { format!("{d:02}") };
    let month = if parts.short_month { mo.to_string() } else { format!("{mo:02}") };
    let date = if parts.day || !parts.month && parts.year && parts.time {
        format!("{day}/{month}/{y:04}")
    } else if parts.month {
        format!("{month}/{y:04}")
    } else if parts.year {
        format!("{y:04}")
    } else {
        return time;
    };
    if parts.time {
        format!("{date} {time}")
    } else {
        date
    }
}

/// `.ods` dates: `2023-06-30` or `2023-06-30T14:30:00`.
fn iso_date(s: &str) -> Option<String> {
    let (date, time) = s.split_once('T').unwrap_or((s, ""));
    let mut ymd = date.splitn(3, '-').map(|p| p.parse::<u16>().ok());
    let (y, mo, d) = (ymd.next()??, ymd.next()??, ymd.next()??);
    let mut hms = time.split(':').map(|p| p.split('.').next().and_then(|x| x.parse::<u8>().ok()));
    let h = hms.next().flatten().unwrap_or(0);
    let mi = hms.next().flatten().unwrap_or(0);
    let sec = hms.next().flatten().unwrap_or(0);
    let parts =
        DateParts { day: true, month: true, year: true, time: h != 0 || mi != 0 || sec != 0, ..DateParts::default() };
    let mo = u8::try_from(mo).ok()?;
    let d = u8::try_from(d).ok()?;
    Some(date_text(y, mo, d, (h, mi, sec), parts))
}

/// `.ods` times: `PT14H30M00S`.
fn iso_duration(s: &str) -> Option<String> {
    let body = s.strip_prefix("PT")?;
    let (h, rest) = body.split_once('H')?;
    let (m, _) = rest.split_once('M')?;
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    Some(format!("{h:02}:{m:02}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use decree_norm::{parse_number, NumberHint};

    #[test]
    fn numbers_read_back_exactly() {
        for v in [7.25, 0.5, 68.5, 1.0, 100.0, 0.1 + 0.2, 1234.5, 1.234, 12.345, 0.537, -0.5, 1e21, 1e-7] {
            let t = number_text(v);
            assert!(!t.contains('e'), "{t}");
            let back = parse_number(&t, NumberHint::Count).unwrap();
            let expect: f64 = format!("{v:.14e}").parse().unwrap();
            assert_eq!(back, expect, "{v} -> {t}");
        }
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(1.234), "1.2340");
        assert_eq!(number_text(7.0), "7");
        assert_eq!(number_text(-0.0), "0");
    }

    #[test]
    fn percent_shifts_in_decimal() {
        let pct = CellStyle::of_format_code("0%");
        assert_eq!(number_value(0.85, &pct), "85%");
        assert_eq!(number_value(0.0086, &pct), "0.86%");
        assert_eq!(number_value(1.0, &pct), "100%");
        assert_eq!(number_value(0.2496, &pct), "24.96%");
        assert_eq!(number_value(0.0, &pct), "0%");
        assert_eq!(number_value(-0.05, &pct), "-5%");
        assert_eq!(number_value(12.0, &pct), "1200%");
        assert_eq!(number_value(0.855, &CellStyle::of_format_code("0.00%")), "85.50%");
    }

    #[test]
    fn printed_decimals_pad_never_round() {
        let two = CellStyle::of_format_code("#,##0.00");
        assert_eq!(two.decimals, Some(2));
        assert_eq!(number_value(1.0, &two), "1.00");
        assert_eq!(number_value(4.3, &two), "4.30");
        assert_eq!(number_value(0.8567, &two), "0.8567");
        assert_eq!(number_value(1.234, &CellStyle::of_format_code("0.000")), "1.2340");
        assert_eq!(CellStyle::of_format_code("0.0\" điểm\"").decimals, Some(1));
        assert_eq!(CellStyle::of_format_code("0").decimals, None);
        assert_eq!(CellStyle::of_format_code("0.00E+00").decimals, Some(2));
    }

    #[test]
    fn format_codes() {
        let p = CellStyle::of_format_code("0.00%");
        assert!(p.percent && p.date_parts.is_none());
        let unit = CellStyle::of_format_code("0\" ngày\"");
        assert_eq!((unit.prefix.as_str(), unit.suffix.as_str()), ("", " ngày"));
        let d = CellStyle::of_format_code("[$-42A]dd/mm/yyyy;@").date_parts.unwrap();
        assert!(d.day && d.month && d.year && !d.time);
        let m = CellStyle::of_format_code("mm/yyyy").date_parts.unwrap();
        assert!(!m.day && m.month && m.year);
        let t = CellStyle::of_format_code("h:mm").date_parts.unwrap();
        assert!(t.time && !t.month);
        let ms = CellStyle::of_format_code("mm:ss").date_parts.unwrap();
        assert!(ms.time && !ms.month);
        assert_eq!(CellStyle::of_format_code("General"), CellStyle::default());
        assert!(!CellStyle::of_format_code("\"%\"0").percent);
    }

    #[test]
    fn typed_values() {
        let plain = CellStyle::default();
        let unit = CellStyle::of_format_code("0\" ngày\"");
        assert_eq!(text_of(&Data::Float(7.0), &unit).unwrap(), "7 ngày");
        assert_eq!(text_of(&Data::Int(3), &plain).unwrap(), "3");
        assert_eq!(text_of(&Data::Empty, &plain), None);
        assert_eq!(text_of(&Data::String("  ".into()), &plain), None);
        assert_eq!(text_of(&Data::DateTimeIso("2023-06-30".into()), &plain).unwrap(), "30/06/2023");
        assert_eq!(text_of(&Data::DurationIso("PT14H30M00S".into()), &plain).unwrap(), "14:30");
        let dt = ExcelDateTime::new(45107.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(text_of(&Data::DateTime(dt), &plain).unwrap(), "30/06/2023");
        let month = CellStyle::of_format_code("mm/yyyy");
        assert_eq!(text_of(&Data::DateTime(dt), &month).unwrap(), "06/2023");
        let short = CellStyle::of_format_code("d/m/yyyy");
        assert_eq!(text_of(&Data::DateTime(dt), &short).unwrap(), "30/6/2023");
    }
}
