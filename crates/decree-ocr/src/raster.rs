//! Page images: decoding under a pixel budget, stamp removal, grey scale,
//! resolution normalisation, deskew, and ruling lines from long dark runs.

use crate::OcrError;
use image::{DynamicImage, ImageReader, Limits};
use std::io::Cursor;

/// Most pixels one page image may have (A3 at 600 dpi is 70 M); checked from
/// the header before any pixel is decoded.
pub const MAX_PIXELS: u64 = 80_000_000;
/// The resolution Tesseract reads best at.
pub const TARGET_DPI: f64 = 300.0;
/// Darker than this is ink.
const INK: u8 = 150;

/// An 8-bit grey image, row-major.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gray {
    pub width: u32,
    pub height: u32,
    pub px: Vec<u8>,
}

impl Gray {
    pub fn new(width: u32, height: u32, fill: u8) -> Self {
        Self { width, height, px: vec![fill; width as usize * height as usize] }
    }

    fn at(&self, x: u32, y: u32) -> u8 {
        self.px.get(y as usize * self.width as usize + x as usize).copied().unwrap_or(255)
    }

    /// Binary PGM, which Leptonica (Tesseract's image library) reads from a pipe.
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.px);
        out
    }
}

pub fn check_budget(width: u64, height: u64) -> Result<(), OcrError> {
    if width == 0 || height == 0 {
        return Err(OcrError::Image(format!("empty image ({width}×{height})")));
    }
    if width.saturating_mul(height) > MAX_PIXELS {
        return Err(OcrError::TooLarge { width, height, budget: MAX_PIXELS });
    }
    Ok(())
}

/// Decodes one image (PNG, JPEG, single-page TIFF) into grey, stamps removed.
pub fn decode(bytes: &[u8]) -> Result<Gray, OcrError> {
    let reader =
        ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| OcrError::Image(e.to_string()))?;
    let (w, h) = reader.into_dimensions().map_err(|e| OcrError::Image(e.to_string()))?;
    check_budget(u64::from(w), u64::from(h))?;
    let mut reader =
        ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| OcrError::Image(e.to_string()))?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let img = reader.decode().map_err(|e| OcrError::Image(e.to_string()))?;
    Ok(to_gray(&img))
}

/// Grey scale with red and pink ink (stamps) turned to paper, so a stamp over
/// a signature does not become text.
pub fn to_gray(img: &DynamicImage) -> Gray {
    match img {
        DynamicImage::ImageLuma8(g) => Gray { width: g.width(), height: g.height(), px: g.as_raw().clone() },
        _ => {
            let rgb = img.to_rgb8();
            let px = rgb.pixels().map(|p| gray_of(p.0)).collect();
            Gray { width: rgb.width(), height: rgb.height(), px }
        }
    }
}

pub fn gray_of([r, g, b]: [u8; 3]) -> u8 {
    let (r, g, b) = (i32::from(r), i32::from(g), i32::from(b));
    if r > 110 && r - g.max(b) > 45 {
        return 255;
    }
    u8::try_from((299 * r + 587 * g + 114 * b) / 1000).unwrap_or(255)
}

/// Scales to [`TARGET_DPI`] when the image is far from it (bilinear).
pub fn normalise(img: Gray, dpi: f64) -> (Gray, f64) {
    if !(dpi.is_finite() && dpi > 0.0) || (250.0..=400.0).contains(&dpi) {
        return (img, if dpi.is_finite() && dpi > 0.0 { dpi } else { TARGET_DPI });
    }
    let f = TARGET_DPI / dpi;
    let (w, h) = ((f64::from(img.width) * f).round().max(1.0), (f64::from(img.height) * f).round().max(1.0));
    if check_budget(w as u64, h as u64).is_err() {
        return (img, dpi);
    }
    let (w, h) = (w as u32, h as u32);
    let mut out = Gray::new(w, h, 255);
    for y in 0..h {
        let sy = (f64::from(y) + 0.5) / f - 0.5;
        let (y0, fy) = (sy.floor().max(0.0) as u32, sy - sy.floor());
        let y1 = (y0 + 1).min(img.height - 1);
        for x in 0..w {
            let sx = (f64::from(x) + 0.5) / f - 0.5;
            let (x0, fx) = (sx.floor().max(0.0) as u32, sx - sx.floor());
            let x1 = (x0 + 1).min(img.width - 1);
            let top = f64::from(img.at(x0, y0)) * (1.0 - fx) + f64::from(img.at(x1, y0)) * fx;
            let bottom = f64::from(img.at(x0, y1)) * (1.0 - fx) + f64::from(img.at(x1, y1)) * fx;
            out.px[y as usize * w as usize + x as usize] = (top * (1.0 - fy) + bottom * fy).round() as u8;
        }
    }
    (out, TARGET_DPI)
}

/// The skew angle (degrees, within ±3) that makes text rows sharpest: the
/// variance of the row profile of ink, sampled on a reduced image.
pub fn skew(img: &Gray) -> f64 {
    let step = 4u32;
    let ink: Vec<(f64, f64)> = (0..img.height / step)
        .flat_map(|y| (0..img.width / step).map(move |x| (x * step, y * step)))
        .filter(|&(x, y)| img.at(x, y) < INK)
        .map(|(x, y)| (f64::from(x), f64::from(y)))
        .collect();
    if ink.len() < 200 {
        return 0.0;
    }
    let rows = (img.height / step + 1) as usize;
    let score = |deg: f64| -> f64 {
        let t = deg.to_radians().tan();
        let mut hist = vec![0u32; rows * 2];
        for &(x, y) in &ink {
            let r = ((y - x * t) / f64::from(step) + rows as f64 / 2.0).round();
            if r >= 0.0 && (r as usize) < hist.len() {
                hist[r as usize] += 1;
            }
        }
        hist.iter().map(|&c| f64::from(c) * f64::from(c)).sum()
    };
    let best = |from: f64, to: f64, by: f64| -> f64 {
        let mut b = (from, f64::MIN);
        let mut d = from;
        while d <= to + 1e-9 {
            let s = score(d);
            if s > b.1 {
                b = (d, s);
            }
            d += by;
        }
        b.0
    };
    let coarse = best(-3.0, 3.0, 0.25);
    best(coarse - 0.25, coarse + 0.25, 0.05)
}

/// Rotates by `-deg` about the centre (nearest neighbour), undoing a skew.
pub fn rotate(img: &Gray, deg: f64) -> Gray {
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (f64::from(img.width) / 2.0, f64::from(img.height) / 2.0);
    let mut out = Gray::new(img.width, img.height, 255);
    for y in 0..img.height {
        let dy = f64::from(y) - cy;
        for x in 0..img.width {
            let dx = f64::from(x) - cx;
            let (sx, sy) = (c * dx - s * dy + cx, s * dx + c * dy + cy);
            if sx >= 0.0 && sy >= 0.0 && sx < f64::from(img.width) && sy < f64::from(img.height) {
                out.px[y as usize * img.width as usize + x as usize] = img.at(sx as u32, sy as u32);
            }
        }
    }
    out
}

/// A ruling line in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub horizontal: bool,
    pub at: f64,
    pub from: f64,
    pub to: f64,
}

/// Long dark runs: horizontal ones of at least `min_h` pixels and vertical
/// ones of at least `min_v`, small breaks (scan noise) bridged, runs on
/// neighbouring rows or columns (a thick line) merged.
pub fn rules(img: &Gray, min_h: u32, min_v: u32) -> Vec<Rule> {
    let mut out = runs(img.height, img.width, |line, i| img.at(i, line), min_h, true);
    out.extend(runs(img.width, img.height, |line, i| img.at(line, i), min_v, false));
    out
}

fn runs(lines: u32, len: u32, px: impl Fn(u32, u32) -> u8, min: u32, horizontal: bool) -> Vec<Rule> {
    const GAP: u32 = 3;
    let mut found: Vec<(u32, u32, u32)> = Vec::new(); // line, from, to
    for line in 0..lines {
        let (mut start, mut last) = (None::<u32>, 0u32);
        for i in 0..=len {
            let dark = i < len && px(line, i) < INK;
            if dark {
                if start.is_none() {
                    start = Some(i);
                }
                last = i;
            } else if let Some(s) = start {
                if i >= len || i - last > GAP {
                    if last - s + 1 >= min {
                        found.push((line, s, last));
                    }
                    start = None;
                }
            }
        }
    }
    // Merge runs on adjacent lines that overlap (a line several pixels thick).
    let mut merged: Vec<(u32, u32, u32, u32)> = Vec::new(); // first line, last line, from, to
    for (line, from, to) in found {
        match merged.iter_mut().rev().take(8).find(|m| line <= m.1 + 1 && from <= m.3 && to >= m.2) {
            Some(m) => {
                m.1 = line;
                m.2 = m.2.min(from);
                m.3 = m.3.max(to);
            }
            None => merged.push((line, line, from, to)),
        }
    }
    merged
        .into_iter()
        .filter(|m| m.1 - m.0 < 12) // thicker is a filled block, not a line
        .map(|m| Rule { horizontal, at: f64::from(m.0 + m.1) / 2.0, from: f64::from(m.2), to: f64::from(m.3) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn red_is_paper_and_black_is_ink() {
        assert_eq!(gray_of([200, 30, 40]), 255);
        assert!(gray_of([20, 20, 20]) < 30);
        assert!(gray_of([40, 40, 160]) < 100);
    }

    #[test]
    fn a_pixel_budget_refuses_huge_images_before_decoding() {
        assert!(matches!(check_budget(30_000, 30_000), Err(OcrError::TooLarge { .. })));
        assert!(check_budget(2480, 3508).is_ok());
        assert!(check_budget(0, 5).is_err());
    }

    fn lined(deg: f64) -> Gray {
        let mut img = Gray::new(800, 600, 255);
        let t = deg.to_radians().tan();
        for row in (50..550).step_by(30) {
            for x in 100..700u32 {
                let y = (f64::from(row) + f64::from(x) * t) as u32;
                for dy in 0..6 {
                    img.px[(y + dy) as usize * 800 + x as usize] = 0;
                }
            }
        }
        img
    }

    #[test]
    fn skew_is_measured_and_undone() {
        let img = lined(1.2);
        let a = skew(&img);
        assert!((a - 1.2).abs() < 0.15, "{a}");
        let straight = rotate(&img, a);
        let after = skew(&straight);
        // Nearest-neighbour resampling leaves a staircase the estimator reads as a small tilt.
        assert!(after.abs() < 0.35, "{after}");
    }

    #[test]
    fn long_runs_are_rules_and_thick_ones_merge() {
        let mut img = Gray::new(400, 300, 255);
        for y in 100..103 {
            for x in 20..380 {
                img.px[y * 400 + x] = 0;
            }
        }
        for y in 20..280 {
            img.px[y * 400 + 50] = 0;
        }
        let r = rules(&img, 200, 100);
        assert_eq!(r.len(), 2, "{r:?}");
        assert!(r[0].horizontal && (r[0].at - 101.0).abs() < 1.0);
        assert!(!r[1].horizontal && r[1].at == 50.0);
    }
}
