//! `--parquet DIR`: the Parquet writer when built with the `parquet` feature,
//! and a clear refusal when not, so the flag means the same in every build.

use anyhow::Result;
use decree_model::Records;
use std::path::Path;

#[cfg(feature = "parquet")]
pub struct Sink(decree_parquet::ParquetSink);

#[cfg(feature = "parquet")]
impl Sink {
    pub fn create(dir: &Path) -> Result<Self> {
        Ok(Sink(decree_parquet::ParquetSink::create(dir)?))
    }

    pub fn push(&mut self, records: &Records) -> Result<()> {
        Ok(self.0.push(records)?)
    }

    pub fn finish(self) -> Result<Vec<(&'static str, usize)>> {
        Ok(self.0.finish()?)
    }
}

/// Refuses `--parquet` up front in a build without it, before any work is done.
pub fn ensure_available(dir: &Path) -> Result<()> {
    if cfg!(feature = "parquet") {
        Ok(())
    } else {
        anyhow::bail!(
            "cannot write Parquet to {}: this decree was built without Parquet support; \
             rebuild it with `cargo build --release --features parquet`",
            dir.display()
        )
    }
}

#[cfg(not(feature = "parquet"))]
pub enum Sink {}

#[cfg(not(feature = "parquet"))]
impl Sink {
    pub fn create(dir: &Path) -> Result<Self> {
        ensure_available(dir)?;
        anyhow::bail!("Parquet support is missing")
    }

    pub fn push(&mut self, _records: &Records) -> Result<()> {
        match *self {}
    }

    pub fn finish(self) -> Result<Vec<(&'static str, usize)>> {
        match self {}
    }
}
