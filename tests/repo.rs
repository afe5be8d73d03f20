//! The repository agrees with itself: what is stated in two places says the same thing.

use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The names under one `[section]` of a TOML file (`name = …` lines), without a TOML parser.
fn keys_of_section(toml: &str, section: &str) -> Vec<String> {
    let mut in_section = false;
    let mut out = Vec::new();
    for line in toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_section = line == format!("[{section}]");
        } else if in_section && !line.starts_with('#') {
            if let Some((k, _)) = line.split_once('=') {
                out.push(k.trim().to_string());
            }
        }
    }
    out.sort();
    out
}

/// The dependencies listed for `package` in a Cargo.lock (names only).
fn locked_dependencies(lock: &str, package: &str) -> Vec<String> {
    let block = lock
        .split("[[package]]")
        .find(|b| b.lines().any(|l| l.trim() == format!("name = \"{package}\"")))
        .unwrap_or_else(|| panic!("{package} is not in the lock file"));
    let mut out: Vec<String> = block
        .split("dependencies = [")
        .nth(1)
        .map(|deps| {
            deps.split(']').next().unwrap_or("")
                .lines()
                .filter_map(|l| l.trim().trim_end_matches(',').strip_prefix('"')?.strip_suffix('"').map(String::from))
                // `"name version"` when two versions of a package are locked
                .map(|d| d.split(' ').next().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// `fuzz/` is its own workspace with its own lock file; `cargo fuzz` rewrites it when a
/// dependency of the crate is missing from it, which left the clone dirty after `.ci/run`.
/// It must lock exactly the crate's dependencies (refresh it with
/// `cargo metadata --format-version 1 --manifest-path fuzz/Cargo.toml > /dev/null`).
#[test]
fn the_fuzz_lock_file_is_in_step_with_cargo_toml() {
    let manifest = keys_of_section(&read("Cargo.toml"), "dependencies");
    assert!(manifest.contains(&"ropey".to_string()), "{manifest:?}");
    let normalise = |v: Vec<String>| -> Vec<String> {
        let mut v: Vec<String> = v.into_iter().map(|n| n.replace('_', "-")).collect();
        v.sort();
        v
    };
    let fuzz_lock = read("fuzz/Cargo.lock");
    assert_eq!(
        normalise(locked_dependencies(&fuzz_lock, "baocao-ls")),
        normalise(manifest.clone()),
        "fuzz/Cargo.lock is out of step with Cargo.toml's [dependencies]"
    );
    // … and at the versions the crate itself is tested with.
    let root_lock = read("Cargo.lock");
    let version_of = |lock: &str, name: &str| -> Vec<String> {
        let mut v: Vec<String> = lock
            .split("[[package]]")
            .filter(|b| b.lines().any(|l| l.trim() == format!("name = \"{name}\"")))
            .filter_map(|b| b.lines().find_map(|l| l.trim().strip_prefix("version = ").map(|v| v.trim_matches('"').to_string())))
            .collect();
        v.sort();
        v
    };
    for dep in locked_dependencies(&root_lock, "baocao-ls").iter().filter(|d| manifest.contains(d)) {
        assert_eq!(version_of(&fuzz_lock, dep), version_of(&root_lock, dep), "{dep}: fuzz/Cargo.lock and Cargo.lock differ");
    }
}

/// The minimum Rust version is stated once, as `rust-version` in Cargo.toml; any document that
/// names a Rust version names that one.
#[test]
fn the_rust_version_is_stated_once() {
    let manifest = read("Cargo.toml");
    let version = manifest
        .lines()
        .find_map(|l| l.trim().strip_prefix("rust-version = "))
        .expect("rust-version in Cargo.toml")
        .trim_matches('"')
        .to_string();
    let mut docs = vec!["README.md".to_string(), "fuzz/README.md".to_string()];
    for dir in ["editors", "editors/nvim", "editors/vscode", "tests/corpus"] {
        if let Ok(rd) = std::fs::read_dir(Path::new(ROOT).join(dir)) {
            for e in rd.flatten() {
                if e.path().extension().is_some_and(|x| x == "md") {
                    docs.push(format!("{dir}/{}", e.file_name().to_string_lossy()));
                }
            }
        }
    }
    for doc in &docs {
        let text = read(doc);
        for (i, _) in text.match_indices("Rust 1.") {
            let stated: String = text[i + "Rust ".len()..].chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            let stated = stated.trim_end_matches('.');
            assert_eq!(stated, version, "{doc} says Rust {stated}; Cargo.toml's rust-version is {version}");
        }
    }
}
