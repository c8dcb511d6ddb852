//! `--parquet DIR`: the Parquet writer when built with the `parquet` feature,
//! and a clear refusal when not, so the flag means the same in every build.

use anyhow::Result;
use decree_export::Sink;
use std::path::Path;

/// The Parquet files in `dir` as a sink.
#[cfg(feature = "parquet")]
pub fn sink(dir: &Path) -> Result<Box<dyn Sink>> {
    Ok(Box::new(decree_parquet::ParquetSink::create(dir)?))
}

#[cfg(not(feature = "parquet"))]
pub fn sink(dir: &Path) -> Result<Box<dyn Sink>> {
    ensure_available(dir)?;
    anyhow::bail!("Parquet support is missing")
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
