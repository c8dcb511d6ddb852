//! Official PAPI scores by province and year (`data/reference/papi`).

use decree_norm::fold;
use std::collections::HashMap;
use std::sync::LazyLock;

const PAPI_CSV: &str = include_str!("../../../data/reference/papi/agg_province_year.csv");

/// One province's published PAPI scores for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct PapiScores {
    pub province: String,
    pub year: i32,
    /// Dimensions D1..D8 (index 0 is D1); None where not published.
    pub dimensions: [Option<f64>; 8],
    pub total: Option<f64>,
    pub rank: Option<u32>,
}

/// All published scores, keyed by folded province name and year.
#[derive(Debug, Default)]
pub struct OfficialScores {
    papi: HashMap<(String, i32), PapiScores>,
}

static OFFICIAL: LazyLock<OfficialScores> = LazyLock::new(|| OfficialScores::parse(PAPI_CSV));

impl OfficialScores {
    /// The scores shipped with decree.
    pub fn get() -> &'static OfficialScores {
        &OFFICIAL
    }

    /// Parses the reference CSV; malformed lines are skipped.
    pub fn parse(csv: &str) -> Self {
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
        let col = |name: &str| header.iter().position(|h| *h == name);
        let (Some(prov), Some(year)) = (col("province_vi"), col("year")) else { return Self::default() };
        let dims: Vec<Option<usize>> = (1..=8).map(|d| col(&format!("D{d}"))).collect();
        let (total, rank) = (col("total_papi"), col("rank_year"));
        let mut papi = HashMap::new();
        for line in lines {
            let f: Vec<&str> = line.split(',').collect();
            if f.len() != header.len() {
                continue;
            }
            let num = |i: Option<usize>| i.and_then(|i| f.get(i)).and_then(|v| v.parse::<f64>().ok());
            let Some(y) = f.get(year).and_then(|v| v.parse::<i32>().ok()) else { continue };
            let province = f.get(prov).copied().unwrap_or("").to_owned();
            let mut d = [None; 8];
            for (slot, i) in d.iter_mut().zip(&dims) {
                *slot = num(*i);
            }
            let scores = PapiScores {
                province: province.clone(),
                year: y,
                dimensions: d,
                total: num(total),
                rank: num(rank).map(|r| r as u32),
            };
            papi.insert((fold(&province), y), scores);
        }
        Self { papi }
    }

    /// A province's PAPI scores for a year; the name is matched folded.
    pub fn papi(&self, province: &str, year: i32) -> Option<&PapiScores> {
        self.papi.get(&(fold(province), year))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binh_dinh_2022_is_published() {
        let s = OfficialScores::get().papi("Bình Định", 2022);
        let d1 = s.and_then(|s| s.dimensions[0]).unwrap_or(0.0);
        assert!((d1 - 4.3365).abs() < 1e-3, "{d1}");
    }
}
