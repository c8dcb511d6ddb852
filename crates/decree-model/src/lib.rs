//! The records contract (`decree-records/1`, see `CONTRACT.md`) as Rust types.
//!
//! Every field here is part of a contract that downstream systems read; add
//! fields freely, but never rename or drop one without bumping [`SCHEMA_ID`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod provenance;
pub use provenance::Provenance;

/// The schema id written into every output object.
pub const SCHEMA_ID: &str = "decree-records/1";

/// One source document and everything extracted from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Records {
    pub schema: String,
    pub document: Document,
    pub indicators: Vec<Indicator>,
    pub targets: Vec<Target>,
    pub tasks: Vec<Task>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Document {
    /// `sha256:` + hex digest of the source file's bytes.
    pub id: String,
    pub source: Source,
    pub number: Option<String>,
    pub symbol: Option<String>,
    pub doc_type: Option<DocType>,
    pub doc_type_vi: Option<String>,
    pub issuer: Option<String>,
    pub locality: Option<Locality>,
    pub place: Option<String>,
    /// ISO date with the precision the source gives (`2023-06-08`, `2023-12`, `2023`).
    pub issued_on: Option<String>,
    pub title: Option<String>,
    pub period: Option<Period>,
    pub indices: Vec<IndexName>,
    pub signer: Option<Signer>,
    pub recipients: Vec<String>,
}

impl Document {
    /// A document known only by its bytes: every metadata field empty, for
    /// extraction to fill.
    pub fn new(id: String, source: Source) -> Self {
        Self {
            id,
            source,
            number: None,
            symbol: None,
            doc_type: None,
            doc_type_vi: None,
            issuer: None,
            locality: None,
            place: None,
            issued_on: None,
            title: None,
            period: None,
            indices: Vec::new(),
            signer: None,
            recipients: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    pub path: String,
    pub format: Format,
    pub bytes: u64,
    pub pages: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Docx,
    Doc,
    Xlsx,
    Xls,
    Ods,
    Txt,
    Md,
    Html,
    // Scanned page images, read through OCR.
    Png,
    Jpeg,
    Tiff,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    Plan,
    Decision,
    Decree,
    Directive,
    Resolution,
    Report,
    OfficialLetter,
    Program,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Locality {
    pub name: String,
    pub level: Level,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    National,
    Province,
    District,
    Commune,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Period {
    pub from: Option<i32>,
    pub to: Option<i32>,
}

/// The four governance indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub enum IndexName {
    #[serde(rename = "PCI")]
    Pci,
    #[serde(rename = "PAPI")]
    Papi,
    #[serde(rename = "SIPAS")]
    Sipas,
    #[serde(rename = "PAR_INDEX")]
    ParIndex,
}

impl IndexName {
    pub const ALL: [IndexName; 4] = [Self::Pci, Self::Papi, Self::Sipas, Self::ParIndex];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pci => "PCI",
            Self::Papi => "PAPI",
            Self::Sipas => "SIPAS",
            Self::ParIndex => "PAR_INDEX",
        }
    }
}

impl std::fmt::Display for IndexName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Signer {
    pub name: Option<String>,
    pub position: Option<String>,
    pub authority: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Indicator {
    /// `<INDEX>:<code>`, or `<INDEX>` alone for the whole index.
    pub id: String,
    pub index: IndexName,
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
    pub max: Option<f64>,
    pub catalog: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Target {
    pub indicator: String,
    pub baseline: Option<Measure>,
    pub target: Option<Measure>,
    pub direction: Option<Direction>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
}

/// A value as stated for one year: a score, a rank, a tier, or several of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Measure {
    pub year: Option<i32>,
    pub value: Option<f64>,
    pub value_to: Option<f64>,
    pub comparator: Option<Comparator>,
    pub unit: Option<Unit>,
    pub rank: Option<u32>,
    pub rank_to: Option<u32>,
    pub rank_of: Option<u32>,
    pub group: Option<String>,
    /// The cell or phrase exactly as printed.
    pub raw: String,
    /// Extension: the maximum printed with the value (`8,963/9,5` gives 9.5).
    #[serde(default)]
    pub max: Option<f64>,
    /// Extension: the points left to the maximum as printed (`còn lại 0,537 điểm`).
    #[serde(default)]
    pub remaining: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Comparator {
    Eq,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Point,
    Percent,
    Day,
    Hour,
    Case,
    Count,
    Ratio,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Task {
    pub id: String,
    pub kind: TaskKind,
    pub code: Option<String>,
    pub path: Vec<String>,
    pub index: Option<IndexName>,
    pub indicator: Option<String>,
    pub text: String,
    pub result: Option<String>,
    pub lead: Vec<String>,
    pub support: Vec<String>,
    pub monitor: Vec<String>,
    pub deadline: Deadline,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TaskKind {
    Task,
    Duty,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Deadline {
    pub raw: Option<String>,
    pub kind: DeadlineKind,
    /// ISO date, first day of the span (equal to `to` for a single day).
    pub from: Option<String>,
    pub to: Option<String>,
    pub every: Option<Every>,
}

impl Deadline {
    pub fn none() -> Self {
        Self { raw: None, kind: DeadlineKind::None, from: None, to: None, every: None }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DeadlineKind {
    Date,
    Period,
    Recurring,
    Event,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Every {
    Continuous,
    Year,
    Half,
    Quarter,
    Month,
    Week,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    /// A rule code from the contract (`sum_mismatch`, `numbering_gap`, `unparsed`, ...).
    pub rule: String,
    pub severity: Severity,
    pub subjects: Vec<String>,
    pub message: String,
    pub expected: Option<f64>,
    pub actual: Option<f64>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// The JSON Schema of [`Records`], as committed in `schema/decree-records.schema.json`.
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(Records);
    serde_json::to_value(schema).unwrap_or(serde_json::Value::Null)
}
