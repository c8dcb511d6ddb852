//! How precisely a number was printed, read from the measure's raw text, so
//! arithmetic checks allow exactly the rounding the printed digits imply.

use decree_model::Measure;

/// Decimal places of the value as printed in `raw` (`4.34` → 2, `85` → 0,
/// `7,25 (Vị trí 11)` → 2, `1.00/2.5` → 2).
pub(crate) fn decimals(m: &Measure) -> u32 {
    let raw = m.raw.trim();
    let number: String = raw
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    let number = number.trim_end_matches(['.', ',']);
    match number.rfind(['.', ',']) {
        // `1.000` in a count is grouping, not three decimals; a score is never
        // printed with a thousands separator, so three digits after one
        // separator in a value above 999 count as grouping.
        Some(i) if number.len() - i - 1 == 3 && m.value.is_some_and(|v| v >= 1000.0) => 0,
        Some(i) => u32::try_from(number.len() - i - 1).unwrap_or(0),
        None => 0,
    }
}

/// Half a unit of the last printed digit.
pub(crate) fn half_unit(m: &Measure) -> f64 {
    0.5 * 10f64.powi(-i32::try_from(decimals(m)).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(raw: &str, v: f64) -> Measure {
        Measure { raw: raw.to_owned(), value: Some(v), ..Measure::default() }
    }

    #[test]
    fn decimals_follow_the_printed_digits() {
        assert_eq!(decimals(&m("4.34", 4.34)), 2);
        assert_eq!(decimals(&m("85", 85.0)), 0);
        assert_eq!(decimals(&m("7,25 (Vị trí 11)", 7.25)), 2);
        assert_eq!(decimals(&m("1.00/2.5", 1.0)), 2);
        assert_eq!(decimals(&m("1.000", 1000.0)), 0);
        assert!((half_unit(&m("87.5", 87.5)) - 0.05).abs() < 1e-12);
    }
}
