//! Snapshot of each seed's whole JSON output (`cargo insta review` to accept).

#![allow(clippy::unwrap_used)]

use decree_tests::{convert_to_value, seeds};

#[test]
fn seed_outputs() {
    for seed in seeds() {
        let name = seed.file_stem().unwrap().to_string_lossy().into_owned();
        let value = convert_to_value(&seed);
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_json_snapshot!(name, value);
        });
    }
}
