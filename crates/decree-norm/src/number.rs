//! One number in Vietnamese (`7,25`, `1.234,5`) or English (`7.25`, `1,234.5`) notation.

/// What the caller knows about the number, used only to settle an ambiguous separator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumberHint {
    /// Nothing known.
    Any,
    /// A whole count (days, cases, documents): `1.000` is one thousand.
    Count,
    /// A score, out of `max` when the document states it.
    Score { max: Option<f64> },
    /// A percentage.
    Percent,
}

/// Parses one number, sign and a trailing `%` allowed, surrounding spaces ignored.
///
/// Rules:
/// - no separator: an integer;
/// - both `.` and `,`: the last one is the decimal mark and occurs once, the other groups
///   thousands (`1,234.5`, `1.234,5`);
/// - one kind occurring twice or more: thousands grouping (`1.234.567`);
/// - one separator once: a decimal mark (`7,25`, `0,537`, `4,9544`), except the ambiguous
///   shape "1–3 digits (not starting with 0), separator, exactly 3 digits" (`1.000`), which
///   is grouping only with [`NumberHint::Count`]. A score or a percentage is never read as
///   grouping: that reading is a thousand times the decimal one and so above any maximum a
///   score has, and `Any` follows the Vietnamese decimal comma/point usage of score tables.
///
/// Grouping must be well formed (a 1–3 digit head, then groups of exactly 3), otherwise
/// `None`; so are `""`, `"abc"`, `"1..2"`, `"1,2,3,4x"`, and values that overflow.
pub fn parse_number(s: &str, hint: NumberHint) -> Option<f64> {
    let t = s.trim();
    let t = t.strip_suffix('%').map_or(t, str::trim_end);
    let (negative, body) = split_sign(t);
    if !is_number_shape(body) {
        return None;
    }
    let plain = plain_digits(body, hint)?;
    let value: f64 = plain.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    Some(if negative { -value } else { value })
}

fn split_sign(t: &str) -> (bool, &str) {
    if let Some(rest) = t.strip_prefix(['-', '\u{2212}']) {
        (true, rest.trim_start())
    } else if let Some(rest) = t.strip_prefix('+') {
        (false, rest.trim_start())
    } else {
        (false, t)
    }
}

/// Digits and separators only, starting and ending with a digit.
fn is_number_shape(body: &str) -> bool {
    let bytes = body.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(a), Some(b)) if a.is_ascii_digit() && b.is_ascii_digit() => {
            bytes.iter().all(|c| c.is_ascii_digit() || *c == b'.' || *c == b',')
        }
        _ => false,
    }
}

/// The number rewritten as `digits[.digits]` for Rust's parser.
fn plain_digits(body: &str, hint: NumberHint) -> Option<String> {
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    match (dots, commas) {
        (0, 0) => Some(body.to_string()),
        (d, c) if d > 0 && c > 0 => {
            let (int_part, frac) = body.rsplit_once(['.', ','])?;
            let decimal = if body.rfind('.') > body.rfind(',') { '.' } else { ',' };
            let group = if decimal == '.' { ',' } else { '.' };
            if int_part.contains(decimal) {
                return None;
            }
            Some(format!("{}.{frac}", join_groups(int_part, group)?))
        }
        (n, 0) | (0, n) if n > 1 => {
            let sep = if dots > 0 { '.' } else { ',' };
            join_groups(body, sep)
        }
        _ => {
            let (int_part, frac) = body.split_once(['.', ','])?;
            let ambiguous = frac.len() == 3 && int_part.len() <= 3 && !int_part.starts_with('0');
            if ambiguous && hint == NumberHint::Count {
                Some(format!("{int_part}{frac}"))
            } else {
                Some(format!("{int_part}.{frac}"))
            }
        }
    }
}

/// `1.234.567` with `sep = '.'` gives `1234567`; malformed grouping gives `None`.
fn join_groups(s: &str, sep: char) -> Option<String> {
    let mut parts = s.split(sep);
    let head = parts.next()?;
    let head_ok = (1..=3).contains(&head.len()) && head.bytes().all(|b| b.is_ascii_digit());
    if !head_ok || head.starts_with('0') {
        return None;
    }
    let mut out = head.to_string();
    for part in parts {
        if part.len() != 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        out.push_str(part);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    fn num_any(s: &str) -> Option<f64> {
        parse_number(s, NumberHint::Any)
    }

    #[test]
    fn decimal_marks() {
        assert_eq!(num_any("7,25"), Some(7.25));
        assert_eq!(num_any("7.25"), Some(7.25));
        assert_eq!(num_any("0,537"), Some(0.537));
        assert_eq!(num_any("4,9544"), Some(4.9544));
        assert_eq!(num_any("53.53"), Some(53.53));
        assert_eq!(num_any("10.0"), Some(10.0));
    }

    #[test]
    fn ambiguous_three_digits() {
        assert_eq!(parse_number("1.000", NumberHint::Count), Some(1000.0));
        assert_eq!(parse_number("1,000", NumberHint::Count), Some(1000.0));
        assert_eq!(parse_number("1.000", NumberHint::Score { max: Some(10.0) }), Some(1.0));
        assert_eq!(parse_number("1.000", NumberHint::Score { max: None }), Some(1.0));
        assert_eq!(parse_number("1.000", NumberHint::Percent), Some(1.0));
        assert_eq!(num_any("1.000"), Some(1.0));
        assert_eq!(num_any("12,500"), Some(12.5));
        // Not the ambiguous shape: a leading zero or a four-digit head.
        assert_eq!(parse_number("0.125", NumberHint::Count), Some(0.125));
        assert_eq!(parse_number("1234.567", NumberHint::Count), Some(1234.567));
        assert_eq!(parse_number("2.37", NumberHint::Count), Some(2.37));
    }

    #[test]
    fn grouping() {
        assert_eq!(num_any("1.234.567"), Some(1_234_567.0));
        assert_eq!(num_any("1,234,567"), Some(1_234_567.0));
        assert_eq!(num_any("1,234.5"), Some(1234.5));
        assert_eq!(num_any("1.234,5"), Some(1234.5));
        assert_eq!(num_any("12.345.678,25"), Some(12_345_678.25));
        assert_eq!(num_any("1.2.3"), None);
        assert_eq!(num_any("1.2,5"), None);
        assert_eq!(num_any("1,234.5,6"), None);
        assert_eq!(num_any("1.234,5.6"), None);
        assert_eq!(num_any("0.123.456"), None);
        assert_eq!(num_any("01.123.456"), None);
    }

    #[test]
    fn signs_percent_spaces() {
        assert_eq!(num_any("85%"), Some(85.0));
        assert_eq!(num_any("85 %"), Some(85.0));
        assert_eq!(num_any("0.86%"), Some(0.86));
        assert_eq!(num_any("-0,5"), Some(-0.5));
        assert_eq!(num_any("\u{2212}2"), Some(-2.0));
        assert_eq!(num_any("+3"), Some(3.0));
        assert_eq!(num_any("  24  "), Some(24.0));
        assert_eq!(num_any("08"), Some(8.0));
    }

    #[test]
    fn rejects() {
        for s in [
            "",
            " ",
            "abc",
            "1..2",
            "1,2,3,4x",
            "1,2,3,4",
            ".5",
            "5.",
            "-",
            "+",
            "%",
            "1 2",
            "7,25 (Vị trí 11)",
            "1e5",
            "--1",
        ] {
            assert_eq!(num_any(s), None, "{s:?}");
        }
        assert_eq!(num_any(&"9".repeat(400)), None);
    }

    proptest! {
        #[test]
        fn decimals_round_trip(int in -99_999i64..99_999, frac in 0u32..10_000, places in 1usize..=4, comma in any::<bool>()) {
            let frac = frac % 10u32.pow(places as u32);
            let sign = if int < 0 { "-" } else { "" };
            let dot = format!("{sign}{}.{frac:0places$}", int.unsigned_abs());
            let expected: f64 = dot.parse().unwrap();
            let text = if comma { dot.replace('.', ",") } else { dot.clone() };
            prop_assert_eq!(parse_number(&text, NumberHint::Any), Some(expected));
            prop_assert_eq!(parse_number(&text, NumberHint::Score { max: None }), Some(expected));
        }

        #[test]
        fn formatted_floats_round_trip(v in -1.0e6f64..1.0e6, places in 1usize..=4) {
            let dot = format!("{v:.places$}");
            let expected: f64 = dot.parse().unwrap();
            prop_assert_eq!(parse_number(&dot, NumberHint::Percent), Some(expected));
            prop_assert_eq!(parse_number(&dot.replace('.', ","), NumberHint::Percent), Some(expected));
        }

        #[test]
        fn grouped_integers_round_trip(n in 1_000u64..10_000_000_000, comma in any::<bool>()) {
            let digits = n.to_string();
            let sep = if comma { ',' } else { '.' };
            let mut grouped = String::new();
            for (i, ch) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(sep);
                }
                grouped.push(ch);
            }
            prop_assert_eq!(parse_number(&grouped, NumberHint::Count), Some(n as f64));
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = parse_number(&s, NumberHint::Any);
            let _ = parse_number(&s, NumberHint::Count);
        }

        #[test]
        fn never_panics_numberish(s in "[-+ 0-9.,%\u{2212}]{0,30}") {
            if let Some(v) = parse_number(&s, NumberHint::Count) {
                prop_assert!(v.is_finite());
            }
        }
    }
}
