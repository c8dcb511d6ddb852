//! What the interpreter reads off a page: glyphs with positions and rulings.
//! Coordinates are PDF points on the page as displayed (`/Rotate` applied),
//! origin top left, y growing downwards.

/// One shown code.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Glyph {
    pub x0: f64,
    pub x1: f64,
    /// Baseline.
    pub y: f64,
    /// Font size on the page.
    pub size: f64,
    pub bold: bool,
    /// A space character: a word break, not a letter.
    pub space: bool,
    /// The glyph's text is `RawPage::text[start..start + len]`.
    pub start: u32,
    pub len: u32,
}

impl Glyph {
    pub fn top(&self) -> f64 {
        self.y - 0.75 * self.size
    }

    pub fn bottom(&self) -> f64 {
        self.y + 0.25 * self.size
    }

    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }

    pub fn cy(&self) -> f64 {
        self.y - 0.3 * self.size
    }
}

/// A straight ruling: a stroked line, or a filled rectangle thin enough to be one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Ruling {
    pub horizontal: bool,
    /// y of a horizontal ruling, x of a vertical one.
    pub at: f64,
    pub from: f64,
    pub to: f64,
}

/// A page as drawn.
#[derive(Debug, Default, Clone)]
pub(crate) struct RawPage {
    /// 1-based.
    pub number: u32,
    /// The page object (for OCR of its images).
    pub id: lopdf::ObjectId,
    pub width: f64,
    pub height: f64,
    pub text: String,
    pub glyphs: Vec<Glyph>,
    pub rulings: Vec<Ruling>,
    /// Images drawn (a scanned page has one and no text).
    pub images: usize,
    /// Glyphs whose text no map gave.
    pub unmapped: usize,
    /// The interpreter stopped at a work limit.
    pub truncated: bool,
    /// Glyphs not upright on the page as displayed (not kept).
    pub sideways: usize,
}

impl RawPage {
    pub fn glyph_text(&self, g: &Glyph) -> &str {
        let start = g.start as usize;
        self.text.get(start..start + g.len as usize).unwrap_or("")
    }
}

/// A box rounded to a tenth of a point, as provenance records it.
pub(crate) fn round_box(b: [f64; 4]) -> [f64; 4] {
    b.map(|v| (v * 10.0).round() / 10.0)
}
