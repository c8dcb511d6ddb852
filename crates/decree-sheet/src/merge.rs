//! Merged cell regions, as every workbook format reports them.

use calamine::Dimensions;

/// A merged region, inclusive on both ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Merge {
    pub top: u32,
    pub left: u32,
    pub bottom: u32,
    pub right: u32,
}

impl From<&Dimensions> for Merge {
    fn from(d: &Dimensions) -> Self {
        Merge {
            top: d.start.0.min(d.end.0),
            left: d.start.1.min(d.end.1),
            bottom: d.start.0.max(d.end.0),
            right: d.start.1.max(d.end.1),
        }
    }
}
