//! The committed JSON Schema is the one the Rust types generate, and every seed's
//! output validates against it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use decree_tests::{bless, convert_to_value, root, seeds};

#[test]
fn committed_schema_matches_the_types() {
    let path = root().join("schema/decree-records.schema.json");
    let generated = serde_json::to_string_pretty(&decree_model::json_schema()).unwrap() + "\n";
    if bless() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "schema/decree-records.schema.json is stale: run `DECREE_BLESS=1 cargo test -p decree-tests --test schema`"
    );
}

#[test]
fn every_seed_output_validates() {
    let schema = decree_model::json_schema();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let seeds = seeds();
    assert!(seeds.len() >= 3, "fixtures/seeds missing");
    for seed in seeds {
        let value = convert_to_value(&seed);
        let errors: Vec<String> =
            validator.iter_errors(&value).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{}: {}", seed.display(), errors.join("; "));
    }
}
