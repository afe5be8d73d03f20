//! The outline of each corpus report, checked as a whole tree against a snapshot that was
//! reviewed by hand (see the notes at the top of each file in tests/snapshots/). When the parser
//! changes on purpose, regenerate with `BAOCAO_UPDATE_SNAPSHOTS=1 cargo test --test
//! outline_snapshots`, then read the diff line by line before committing it.

mod common;

use baocao_ls::analysis::{Analysis, Config};
use baocao_ls::cli::render_outline;

fn check(name: &str) {
    let text = common::corpus(&format!("{name}.txt"));
    let a = Analysis::from_text(&text, &Config::default());
    let got = render_outline(&a.structure);
    let path = format!("{}/tests/snapshots/{name}.outline", env!("CARGO_MANIFEST_DIR"));
    let file = std::fs::read_to_string(&path).unwrap_or_default();
    let notes: String = file.lines().filter(|l| l.starts_with('#')).map(|l| format!("{l}\n")).collect();
    let want: String = file.lines().filter(|l| !l.starts_with('#')).map(|l| format!("{l}\n")).collect();
    if std::env::var_os("BAOCAO_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, format!("{notes}{got}")).unwrap();
        return;
    }
    if got != want {
        let diff: Vec<String> = want
            .lines()
            .zip(got.lines().chain(std::iter::repeat("<missing>")))
            .filter(|(w, g)| w != g)
            .take(10)
            .map(|(w, g)| format!("- {w}\n+ {g}"))
            .collect();
        panic!("outline of {name} changed:\n{}\n(got {} lines, want {})", diff.join("\n"), got.lines().count(), want.lines().count());
    }
}

#[test]
fn khe_tre() {
    check("khe-tre-2020");
}

#[test]
fn huong_tra() {
    check("huong-tra-2021");
}

#[test]
fn cam_giang() {
    check("cam-giang-2021");
}
