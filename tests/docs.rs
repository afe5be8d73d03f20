//! README stays true: it lists every diagnostic code, and starts with the two commands.

use baocao_ls::checks::CHECKS;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

#[test]
fn readme_lists_every_diagnostic_code() {
    let r = readme();
    for c in CHECKS {
        assert!(r.contains(&format!("| `{}` |", c.code)), "README does not list {}", c.code);
    }
}

#[test]
fn readme_starts_with_the_two_commands() {
    let r = readme();
    let block: Vec<&str> = r.split("```").nth(1).expect("a code block").lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(block[1].starts_with("cargo run --release -- check examples/"), "{block:?}");
    assert!(block[2].starts_with("cargo test"), "{block:?}");
    let example = block[1].split_whitespace().nth(5).expect("the example path");
    assert!(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/")).join(example).exists(), "{example} is missing");
}
