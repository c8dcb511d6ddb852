//! Every layout-analysis threshold in one place. Distances are in PDF points
//! or in multiples of the font size, as each field says; all were set on the
//! fixtures (Word, LibreOffice and Chromium printings of the seeds, Decree 30)
//! and are held by the PDF tests.

/// The layout analysis's tunable numbers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Thresholds {
    /// A gap wider than this fraction of the font size is a space between words.
    pub space_gap: f64,
    /// Rulings closer than this (points) are the same line.
    pub snap: f64,
    /// Rulings this close (points) count as touching.
    pub touch: f64,
    /// Beyond this many merged rulings on a page, grids are not searched (a
    /// hatched drawing, a hostile file): the page reads as text.
    pub max_rulings: usize,
    /// Fewest lines with three or more parts an aligned (unruled) table needs.
    pub min_wide_lines: usize,
    /// Most lines one aligned table takes (bounds the work on a hostile page).
    pub max_lines: usize,
    /// A gap this many font sizes wide separates two cells of a line.
    pub cell_gap: f64,
    /// A river of whitespace is at least this many font sizes wide: wider than a word space.
    pub river: f64,
    /// A gap this many font sizes wide splits a prose line into columns
    /// (letterhead, signature block).
    pub column_gap: f64,
    /// Column boundaries closer than this (points) are the same on two pages.
    pub same_edge: f64,
    /// The share of the page height, top and bottom, where running headers and footers sit.
    pub margin: f64,
}

/// The thresholds in force.
pub(crate) const T: Thresholds = Thresholds {
    space_gap: 0.15,
    snap: 2.0,
    touch: 3.0,
    max_rulings: 4_000,
    min_wide_lines: 3,
    max_lines: 400,
    cell_gap: 0.9,
    river: 0.45,
    column_gap: 2.0,
    same_edge: 3.0,
    margin: 0.1,
};
