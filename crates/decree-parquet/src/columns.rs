//! Columns derived from the records contract's JSON Schema, so the Parquet
//! files follow the contract as it grows: nested objects are flattened with
//! `_` (`provenance_page`, `target_value`), lists of strings and numbers stay
//! lists, and anything else is kept as JSON text.

use serde_json::{Map, Value};

/// The type a column holds in Parquet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Utf8,
    Int64,
    Float64,
    Boolean,
    ListUtf8,
    ListFloat64,
    /// A value with no flat form, written as its JSON text.
    Json,
}

/// One column: its name, where its value sits in a record, and its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub path: Vec<String>,
    pub ty: ColumnType,
}

/// The columns of the record type `def` (a `$defs` name such as `Task`).
pub fn columns_of(schema: &Value, def: &str) -> Vec<Column> {
    let defs = schema.get("$defs").and_then(Value::as_object);
    let mut out = Vec::new();
    if let Some(node) = defs.and_then(|d| d.get(def)) {
        walk(node, defs, &mut Vec::new(), &mut out, 0);
    }
    out
}

/// `$ref`s nest a few levels; the limit only guards against a cyclic schema.
const MAX_DEPTH: usize = 8;

fn walk(node: &Value, defs: Option<&Map<String, Value>>, path: &mut Vec<String>, out: &mut Vec<Column>, depth: usize) {
    let node = resolve(node, defs);
    let props = node.get("properties").and_then(Value::as_object);
    match props {
        Some(props) if depth < MAX_DEPTH => {
            for (key, child) in props {
                path.push(key.clone());
                walk(child, defs, path, out, depth + 1);
                path.pop();
            }
        }
        _ => out.push(Column { name: path.join("_"), path: path.clone(), ty: leaf_type(node, defs) }),
    }
}

/// Follows `$ref` and unwraps `anyOf: [X, null]`, the form schemars gives `Option<X>`.
fn resolve<'a>(node: &'a Value, defs: Option<&'a Map<String, Value>>) -> &'a Value {
    let mut node = node;
    for _ in 0..MAX_DEPTH {
        if let Some(name) = node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
            match defs.and_then(|d| d.get(name)) {
                Some(target) => node = target,
                None => return node,
            }
        } else if let Some(inner) = non_null_alternative(node) {
            node = inner;
        } else {
            return node;
        }
    }
    node
}

fn non_null_alternative(node: &Value) -> Option<&Value> {
    let alternatives = node.get("anyOf")?.as_array()?;
    let mut rest = alternatives.iter().filter(|a| a.get("type").and_then(Value::as_str) != Some("null"));
    let only = rest.next()?;
    rest.next().is_none().then_some(only)
}

/// The first non-null JSON type of a node.
fn json_type(node: &Value) -> Option<&str> {
    match node.get("type")? {
        Value::String(t) => Some(t),
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null"),
        _ => None,
    }
}

fn leaf_type(node: &Value, defs: Option<&Map<String, Value>>) -> ColumnType {
    match json_type(node) {
        Some("string") => ColumnType::Utf8,
        Some("integer") => ColumnType::Int64,
        Some("number") => ColumnType::Float64,
        Some("boolean") => ColumnType::Boolean,
        Some("array") => {
            let items = node.get("items").map(|i| resolve(i, defs));
            match items.and_then(json_type) {
                Some("string") => ColumnType::ListUtf8,
                Some("number" | "integer") => ColumnType::ListFloat64,
                _ => ColumnType::Json,
            }
        }
        _ => ColumnType::Json,
    }
}

/// The value at `path` in a record, `None` when absent or null.
pub fn lookup<'a>(record: &'a Value, path: &[String]) -> Option<&'a Value> {
    let mut v = record;
    for key in path {
        v = v.get(key)?;
    }
    (!v.is_null()).then_some(v)
}
