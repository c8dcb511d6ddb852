//! OCR of scanned pages for decree.
//!
//! A page image (an image-only PDF page, or a `.png`/`.jpg`/`.tif` input) is
//! decoded under a pixel budget, red stamps turned to paper, scaled to 300 dpi
//! and deskewed ([`raster`]); Tesseract reads it ([`engine`]); words are
//! corrected against the Vietnamese syllable inventory and the body gazetteer
//! ([`correct`]); ruling lines come from long dark runs in the image. Words and
//! rulings then go through decree-pdf's own line, column and table assembly,
//! so a scan gives the same layout as a born-digital PDF.
//!
//! Results are cached by a hash of the page image's source bytes
//! ([`Ocr::cache`]), so a repeated batch does not OCR again.

use decree_layout::{Layout, Note};
use decree_pdf::{lopdf, PageAsk, PageOcr, ScanPage, ScanRule, ScanWord};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Duration;

mod cache;
pub mod correct;
pub mod engine;
mod pages;
pub mod raster;
mod reader;

pub use engine::PACKAGES;
pub use reader::{ImageReader, ScanPdfReader};

/// Why a page image could not be read.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    #[error("OCR engine unavailable ({why}): install the Debian packages {packages}")]
    EngineMissing { why: String, packages: &'static str },
    #[error("cannot render the page ({0}): install poppler-utils (pdftoppm)")]
    RendererMissing(String),
    #[error("image unreadable: {0}")]
    Image(String),
    #[error("image of {width}×{height} pixels is over the budget of {budget} pixels")]
    TooLarge { width: u64, height: u64, budget: u64 },
    #[error("OCR took longer than the page time limit ({0} s)")]
    Timeout(u64),
    #[error("OCR engine failed: {0}")]
    Engine(String),
}

/// OCR settings.
#[derive(Debug, Clone)]
pub struct Ocr {
    /// Where results are cached (`None`: no cache).
    pub cache: Option<PathBuf>,
    /// Longest one page may take in the engine.
    pub page_limit: Duration,
    /// Snap words to the syllable inventory and the gazetteer.
    pub correct: bool,
}

impl Default for Ocr {
    fn default() -> Self {
        Self { cache: cache::default_dir(), page_limit: Duration::from_secs(60), correct: true }
    }
}

impl Ocr {
    /// Settings from the environment: `DECREE_OCR_CACHE` (a directory, or
    /// `off`; default `$XDG_CACHE_HOME/decree/ocr`, else `~/.cache/decree/ocr`),
    /// `DECREE_OCR_TIMEOUT` (seconds per page, default 60),
    /// `DECREE_OCR_CORRECT=0` (raw engine words, for measuring).
    pub fn from_env() -> Self {
        let mut ocr = Self::default();
        if let Ok(s) = std::env::var("DECREE_OCR_TIMEOUT") {
            if let Ok(n) = s.parse::<u64>() {
                ocr.page_limit = Duration::from_secs(n.max(1));
            }
        }
        ocr.correct = std::env::var("DECREE_OCR_CORRECT").map_or(true, |v| v != "0");
        ocr
    }

    /// Reads an image input (`.png`, `.jpg`, `.tif` with any number of pages).
    pub fn read_image(&self, bytes: &[u8]) -> Result<(Layout, Vec<Note>), OcrError> {
        engine::available()?;
        let images = pages::image_pages(bytes)?;
        let results: Vec<Result<ScanPage, OcrError>> =
            images.into_par_iter().map(|(number, key, load)| self.scan(number, None, &key, load)).collect();
        let mut scans = Vec::new();
        let mut notes = Vec::new();
        for (i, r) in results.into_iter().enumerate() {
            let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
            match r {
                Ok(s) => scans.push(s),
                // One page only: its error is the document's.
                Err(e) if i == 0 && scans.is_empty() && notes.is_empty() && number == 1 => return Err(e),
                Err(e) => notes.push(Note::new("ocr_failed", number, format!("Trang {number}: {e}"))),
            }
        }
        let (layout, mut more) = decree_pdf::layout_of_scans(scans);
        notes.append(&mut more);
        Ok((layout, notes))
    }

    /// Reads a PDF, OCR-ing the pages that have no text layer or a garbage one.
    pub fn read_pdf(&self, bytes: &[u8]) -> Result<(Layout, Vec<Note>), decree_pdf::PdfError> {
        decree_pdf::read_pdf_with_ocr(bytes, self)
    }

    /// One page: from the cache, or decoded, normalised and recognised.
    fn scan(
        &self,
        number: u32,
        size_pt: Option<(f64, f64)>,
        key: &[u8],
        load: pages::Loader<'_>,
    ) -> Result<ScanPage, OcrError> {
        let key = cache::key(key, self.correct);
        if let Some(hit) = self.cache.as_deref().and_then(|dir| cache::get(dir, &key)) {
            return Ok(ScanPage { number, ..hit });
        }
        let img = load()?;
        let page = self.recognise(number, size_pt, img)?;
        if let Some(dir) = self.cache.as_deref() {
            cache::put(dir, &key, &page);
        }
        Ok(page)
    }

    fn recognise(&self, number: u32, size_pt: Option<(f64, f64)>, img: raster::Gray) -> Result<ScanPage, OcrError> {
        // Without a page size (an image input), assume an A4 page's width.
        let width_in = size_pt.map_or(8.27, |(w, _)| w / 72.0);
        let dpi = f64::from(img.width) / width_in;
        let (img, dpi) = raster::normalise(img, dpi);
        let angle = raster::skew(&img);
        let img = if angle.abs() >= 0.1 { raster::rotate(&img, angle) } else { img };
        let rules = raster::rules(&img, (dpi * 1.2) as u32, (dpi * 0.3) as u32);
        let tsv = engine::run(&img.to_pgm(), dpi, self.page_limit)?;
        let words = engine::parse_tsv(&tsv);
        let pt = 72.0 / dpi;
        let (width, height) = size_pt.unwrap_or((f64::from(img.width) * pt, f64::from(img.height) * pt));
        let mut page = ScanPage { number, width, height, words: lay_words(&words, pt), rules: Vec::new() };
        page.rules = rules
            .into_iter()
            .map(|r| ScanRule { horizontal: r.horizontal, at: r.at * pt, from: r.from * pt, to: r.to * pt })
            .collect();
        if self.correct {
            correct_page(&mut page);
        }
        Ok(page)
    }
}

/// Words in points, each with its line's baseline and size; noise that is
/// neither confident nor a syllable (signatures, speckles) left out.
fn lay_words(words: &[engine::TWord], pt: f64) -> Vec<ScanWord> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let line = words[i].line;
        let j = words[i..].iter().position(|w| w.line != line).map_or(words.len(), |k| i + k);
        let members = &words[i..j];
        // Medians: a stamp or a descender in the line must not move it.
        let median = |mut v: Vec<f64>| -> f64 {
            v.sort_by(f64::total_cmp);
            v.get(v.len().saturating_sub(1) / 2).copied().unwrap_or(0.0)
        };
        let baseline = median(members.iter().map(|w| w.top + w.height).collect()) * pt;
        let size = (median(members.iter().map(|w| w.height).collect()) * pt / 0.85).max(4.0);
        for w in members {
            if is_noise(w) {
                continue;
            }
            out.push(ScanWord { text: w.text.clone(), x0: w.left * pt, x1: (w.left + w.width) * pt, baseline, size });
        }
        i = j;
    }
    out
}

fn is_noise(w: &engine::TWord) -> bool {
    let letters = w.text.chars().filter(|c| c.is_alphanumeric()).count();
    if letters == 0 {
        return w.conf < 50.0 || w.text.chars().count() > 3;
    }
    w.conf < 30.0 && !correct::is_syllable(&w.text.to_lowercase())
}

fn correct_page(page: &mut ScanPage) {
    for w in &mut page.words {
        w.text = correct::correct_word(&w.text);
    }
    // Body names run along a line: words sharing a baseline.
    let mut start = 0;
    while start < page.words.len() {
        let base = page.words[start].baseline;
        let end = page.words[start..].iter().position(|w| w.baseline != base).map_or(page.words.len(), |k| start + k);
        let mut texts: Vec<String> = page.words[start..end].iter().map(|w| w.text.clone()).collect();
        correct::snap_bodies(&mut texts);
        for (w, t) in page.words[start..end].iter_mut().zip(texts) {
            w.text = t;
        }
        start = end;
    }
}

impl PageOcr for Ocr {
    fn garbage(&self, text: &str) -> bool {
        correct::is_garbage(text)
    }

    fn ocr(&self, bytes: &[u8], doc: &lopdf::Document, asks: &[PageAsk]) -> Vec<Result<ScanPage, String>> {
        if let Err(e) = engine::available() {
            return asks.iter().map(|_| Err(e.to_string())).collect();
        }
        let file = pages::TempPdf::new(bytes);
        asks.par_iter()
            .map(|ask| {
                let (key, load) = pages::pdf_page(doc, ask, &file);
                self.scan(ask.number, Some((ask.width, ask.height)), &key, load).map_err(|e| e.to_string())
            })
            .collect()
    }
}
