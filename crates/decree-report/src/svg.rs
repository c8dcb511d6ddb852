//! Charts as inline SVG, drawn here so the report needs no script: text goes
//! through maud's escaping like the rest of the page.

use maud::{html, Markup};

/// Width of every chart, in SVG units (the page scales it).
const WIDTH: f64 = 860.0;
const LABEL: f64 = 300.0;
const BARS: f64 = 340.0;
const ROW: f64 = 18.0;

/// Horizontal bars of counts, one per label.
pub fn count_bars(bars: &[(String, usize)]) -> Markup {
    let top = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f64;
    let height = ROW * bars.len() as f64 + 4.0;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(WIDTH) height=(height) viewBox=(format!("0 0 {WIDTH} {height}")) role="img" {
            @for (i, (label, n)) in bars.iter().enumerate() {
                @let y = ROW * i as f64;
                text x=(LABEL - 6.0) y=(y + 13.0) text-anchor="end" { (label) }
                rect.q x=(LABEL) y=(y + 3.0) width=(px(*n as f64 / top * BARS)) height="12" {}
                text x=(px(LABEL + *n as f64 / top * BARS + 4.0)) y=(y + 13.0) { (n) }
            }
        }
    }
}

/// One indicator's baseline and target, as the chart draws them.
pub struct Pair {
    pub label: String,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    /// The scale's end: the indicator's maximum when known.
    pub max: Option<f64>,
    pub note: String,
}

/// Baseline (grey) against target (green) for each indicator of one index,
/// each row on its own scale; values and ranks printed at the end of each row.
pub fn pairs(rows: &[Pair]) -> Markup {
    let height = ROW * rows.len() as f64 + 4.0;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(WIDTH) height=(height) viewBox=(format!("0 0 {WIDTH} {height}")) role="img" {
            line.g x1=(LABEL) x2=(LABEL) y1="0" y2=(height) {}
            @for (i, r) in rows.iter().enumerate() {
                @let y = ROW * i as f64;
                @let scale = r.max.filter(|m| *m > 0.0).unwrap_or_else(|| decade(r.baseline, r.target));
                text x=(LABEL - 6.0) y=(y + 13.0) text-anchor="end" { (r.label) }
                @if let Some(w) = r.baseline.and_then(|v| bar(v, scale)) {
                    rect.b x=(LABEL) y=(y + 2.0) width=(w) height="6" {}
                }
                @if let Some(w) = r.target.and_then(|v| bar(v, scale)) {
                    rect.t x=(LABEL) y=(y + 9.0) width=(w) height="6" {}
                }
                text x=(LABEL + BARS + 8.0) y=(y + 13.0) { (r.note) }
            }
        }
    }
}

/// One indicator's rank, baseline and target, among `of` (63 provinces unless printed).
pub struct Ranks {
    pub label: String,
    pub baseline: Option<u32>,
    pub target: Option<u32>,
    pub of: u32,
}

/// Ranks on a lane from 1 (left) to the last place: grey dot for the baseline,
/// green for the target, joined when both are known.
pub fn ranks(rows: &[Ranks]) -> Markup {
    let height = ROW * rows.len() as f64 + 18.0;
    let x = |rank: u32, of: u32| px(LABEL + f64::from(rank.saturating_sub(1)) / f64::from(of.max(2) - 1) * BARS);
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(WIDTH) height=(height) viewBox=(format!("0 0 {WIDTH} {height}")) role="img" {
            text x=(LABEL) y="11" { "hạng 1" }
            text x=(LABEL + BARS) y="11" text-anchor="end" { "hạng cuối" }
            @for (i, r) in rows.iter().enumerate() {
                @let y = ROW * i as f64 + 16.0;
                text x=(LABEL - 6.0) y=(y + 11.0) text-anchor="end" { (r.label) }
                line.g x1=(LABEL) x2=(LABEL + BARS) y1=(y + 7.0) y2=(y + 7.0) {}
                @if let (Some(a), Some(b)) = (r.baseline, r.target) {
                    line.j x1=(x(a, r.of)) x2=(x(b, r.of)) y1=(y + 7.0) y2=(y + 7.0) {}
                }
                @if let Some(a) = r.baseline { circle.b cx=(x(a, r.of)) cy=(y + 7.0) r="4" {} }
                @if let Some(b) = r.target { circle.t cx=(x(b, r.of)) cy=(y + 7.0) r="4" {} }
                @let show = |r: Option<u32>| r.map_or("—".to_owned(), |r| r.to_string());
                text x=(LABEL + BARS + 8.0) y=(y + 11.0) { (show(r.baseline)) " → " (show(r.target)) " / " (r.of) }
            }
        }
    }
}

/// Columns of counts with their labels underneath (tasks by quarter).
pub fn columns(cols: &[(String, usize)]) -> Markup {
    let top = cols.iter().map(|c| c.1).max().unwrap_or(0).max(1) as f64;
    let step = (WIDTH / cols.len().max(1) as f64).clamp(40.0, 90.0);
    let width = (step * cols.len() as f64).max(WIDTH / 2.0);
    let (plot, height) = (110.0, 150.0);
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(px(width)) height=(height) viewBox=(format!("0 0 {} {height}", px(width))) role="img" {
            @for (i, (label, n)) in cols.iter().enumerate() {
                @let x = step * i as f64;
                @let h = *n as f64 / top * (plot - 16.0);
                rect class=(if label.starts_with('Q') { "q" } else { "o" })
                    x=(px(x + 6.0)) y=(px(plot - h)) width=(px(step - 12.0)) height=(px(h)) {}
                text x=(px(x + step / 2.0)) y=(px(plot - h - 3.0)) text-anchor="middle" { (n) }
                text x=(px(x + step / 2.0)) y=(plot + 14.0) text-anchor="middle" { (label) }
            }
        }
    }
}

/// Without a maximum, a row's scale is the power of ten above its values
/// (a score of 7,25 on 10, a share of 78 on 100), so scores and percentages
/// in one index both read.
fn decade(a: Option<f64>, b: Option<f64>) -> f64 {
    let top = a.into_iter().chain(b).filter(|v| v.is_finite()).fold(0.0_f64, f64::max);
    if top <= 0.0 {
        return 1.0;
    }
    10f64.powi(top.log10().ceil() as i32).max(top)
}

fn bar(value: f64, scale: f64) -> Option<String> {
    (scale > 0.0 && value.is_finite()).then(|| px((value / scale).clamp(0.0, 1.0) * BARS))
}

/// A coordinate with one decimal: enough on screen, short in the file.
fn px(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_owned)
}
