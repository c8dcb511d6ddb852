//! Normalizers for Vietnamese plan text: cleaning and folding, numbers, measures and
//! ranks, dates, deadlines, and agency lists.
//!
//! Every function takes any string and never panics; what it cannot read it returns as
//! `None` (or, for deadlines, as an `event` with the raw text kept).

mod agency;
mod date;
mod deadline;
pub mod lexicon;
mod measure;
mod number;
mod text;

pub use agency::split_agencies;
pub use date::{parse_date, parse_issued};
pub use deadline::parse_deadline;
pub use lexicon::{lexicon, ColumnRole};
pub use measure::{parse_measure, parse_rank, MeasureParse, Trend};
pub use number::{parse_number, NumberHint};
pub use text::{clean_text, fold};
