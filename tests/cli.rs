//! The command line: findings as `file:line:col: severity code message` or JSON, the exit
//! status, the outline, clear messages (never a panic) on bad input, and the same rule as the
//! language server for which files are reports.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_baocao-ls"))
}

fn root(p: &str) -> String {
    format!("{}/{p}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_prints_findings_and_exits_1_on_errors() {
    let out = bin().args(["check", &root("examples/bao-cao-mau.txt")]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().any(|l| l.ends_with(":16:75: error plan-percent 515,74 tỷ đồng / 570 tỷ đồng = 90,5%, văn bản ghi 98,3%.")), "{text}");
    assert!(text.lines().all(|l| l.split(':').count() >= 4), "{text}");
}

#[test]
fn json_and_english() {
    let out = bin().args(["check", "--format", "json", "--locale", "en", &root("examples/bao-cao-mau.txt")]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = v.as_array().unwrap().iter().find(|f| f["code"] == "plan-percent").unwrap();
    assert_eq!(first["line"], 16);
    assert_eq!(first["severity"], "error");
    assert!(first["message"].as_str().unwrap().contains("the text says"), "{first}");
    assert_eq!(first["fixes"][0]["edits"][0]["new_text"], "90,5");
}

#[test]
fn a_clean_report_exits_0_and_a_folder_is_checked() {
    let dir = std::env::temp_dir().join(format!("baocao-cli-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("a.txt"), "<!-- baocao-ls on -->\n1. Kinh tế\n2. Xã hội\n").unwrap();
    std::fs::write(dir.join("sub/b.md"), "1. A\n2. B\n").unwrap();
    std::fs::write(dir.join("ignored.pdf"), "x").unwrap();
    let out = bin().args(["check", "--stats"]).arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 tệp (1 báo cáo)"), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_dir_all(&dir).ok();
}

/// A small text with a certain error (heading-duplicate), and nothing else of a report.
const NOT_A_REPORT: &str = "Ghi chú\n\nA. Việc một\nA. Việc hai\n";

/// The rule of the language server (`decide_report`): `*.baocao`, `*.bc.txt`, `*.bc.md` always;
/// other .txt and .md files when they look like a report; `<!-- baocao-ls on/off -->` first.
#[test]
fn check_dir_applies_the_servers_rule_for_what_is_a_report() {
    let dir = std::env::temp_dir().join(format!("baocao-cli-rule-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for d in ["sub", ".hidden", "node_modules/pkg"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    let report = std::fs::read_to_string(root("examples/bao-cao-mau.txt")).unwrap();
    let files = [
        ("notes.txt", NOT_A_REPORT.to_string()),                                    // not a report
        ("sub/notes.md", NOT_A_REPORT.to_string()),                                 // not a report
        ("forced.md", format!("{NOT_A_REPORT}<!-- baocao-ls on -->\n")),           // says it is
        ("notes.baocao", NOT_A_REPORT.to_string()),                                 // the language
        ("notes.bc.txt", NOT_A_REPORT.to_string()),                                 // the language
        ("report.txt", report.clone()),                                             // looks like one
        ("report-off.txt", format!("<!-- baocao-ls off -->\n{report}")),           // says it is not
        (".hidden/report.txt", report.clone()),                                     // hidden folder
        ("node_modules/pkg/report.md", report.clone()),                             // vendored
        ("quoted.md", format!("{NOT_A_REPORT}Write `<!-- baocao-ls on -->` in it.\n")), // an example, not a comment
    ];
    for (name, text) in &files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let out = bin().args(["check", "--stats"]).arg(&dir).output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let checked: std::collections::BTreeSet<String> = stdout
        .lines()
        .map(|l| l.split(':').next().unwrap().strip_prefix(&format!("{}/", dir.display())).unwrap().to_string())
        .collect();
    assert_eq!(
        checked.iter().map(String::as_str).collect::<Vec<_>>(),
        ["forced.md", "notes.baocao", "notes.bc.txt", "report.txt"],
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // Files found in a folder are skipped silently; --stats counts them.
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("8 tệp (4 báo cáo)"), "{stderr}");

    // --force: every file found, as with `baocao.enable: always`; an `off` comment still wins.
    let out = bin().args(["check", "--force"]).arg(&dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    for name in ["notes.txt", "sub/notes.md", "quoted.md"] {
        assert!(stdout.contains(&format!("{}/{name}:", dir.display())), "{name}: {stdout}");
    }
    assert!(!stdout.contains("report-off.txt"), "{stdout}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn check_file_that_is_not_a_report_says_so_in_one_line() {
    let dir = std::env::temp_dir().join(format!("baocao-cli-one-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let notes = dir.join("notes.txt");
    std::fs::write(&notes, NOT_A_REPORT).unwrap();
    for (locale, want) in [("vi", "không giống một báo cáo"), ("en", "does not look like a report")] {
        let out = bin().args(["check", "--locale", locale]).arg(&notes).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(&notes.display().to_string()) && stderr.contains(want) && stderr.contains("--force"), "{stderr}");
    }
    // The project's own README is not a report either (it quotes the comments in code spans).
    let out = bin().args(["check", &root("README.md")]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    // --force checks it anyway: the duplicate heading is an error.
    let out = bin().args(["check", "--force"]).arg(&notes).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("error heading-duplicate"), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(out.stderr.is_empty());
    // A report that says `off`: one line naming the comment, with or without --force.
    let off = dir.join("off.txt");
    std::fs::write(&off, format!("<!-- baocao-ls off -->\n{}", std::fs::read_to_string(root("examples/bao-cao-mau.txt")).unwrap())).unwrap();
    for args in [vec!["check"], vec!["check", "--force"]] {
        let out = bin().args(&args).arg(&off).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(out.stdout.is_empty());
        assert!(stderr.contains("<!-- baocao-ls off -->") && stderr.lines().count() == 1, "{stderr}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// `baocao-ls check .` in the repository: the bundled example and the test reports (the
/// corpus, the fixtures, the parser's fuzz seed, the Word report of tests/docx as .docx and
/// .md), nothing else — no README, no docs, not the small Word seed of the docx fuzz target.
#[test]
fn check_of_the_repository_reports_only_reports() {
    let out = bin().args(["check", "--stats", "."]).current_dir(env!("CARGO_MANIFEST_DIR")).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let files: std::collections::BTreeSet<&str> = stdout.lines().map(|l| l.split(':').next().unwrap()).collect();
    for f in &files {
        assert!(
            ["./examples/", "./tests/corpus/", "./tests/fixtures/", "./fuzz/seeds/parser/", "./tests/docx/"].iter().any(|d| f.starts_with(d)),
            "{f} is not a report: {stdout}"
        );
    }
    assert!(files.contains("./examples/bao-cao-mau.txt"), "{stdout}");
    assert!(files.contains("./tests/docx/bao-cao-hoa-phong.docx") && files.contains("./tests/docx/bao-cao-hoa-phong.md"), "{stdout}");
    // Every fixture and every corpus report is a report by the rule (small fixtures say so).
    for dir in ["tests/fixtures", "tests/corpus"] {
        let n = std::fs::read_dir(root(dir)).unwrap().flatten().filter(|e| e.path().extension().is_some_and(|x| x == "txt")).count();
        let out = bin().args(["check", "--stats", &root(dir)]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("({n} báo cáo)")), "{dir}: {stderr}");
    }
}

#[test]
fn bad_input_is_a_clear_message_and_exit_2() {
    let dir = std::env::temp_dir().join(format!("baocao-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let latin1 = dir.join("latin1.txt");
    std::fs::write(&latin1, b"B\xc1O C\xc1O\n").unwrap();
    for (args, want) in [
        (vec!["check".to_string(), "/nonexistent/report.txt".into()], "không đọc được"),
        (vec!["check".to_string(), latin1.display().to_string()], "không phải văn bản UTF-8"),
        (vec!["outline".to_string(), dir.display().to_string()], "là thư mục"),
        (vec!["check".to_string(), "--locale".into(), "fr".into(), latin1.display().to_string()], "ngôn ngữ"),
    ] {
        let out = bin().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn outline_prints_the_tree() {
    let out = bin().args(["outline", &root("examples/bao-cao-mau.txt")]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Phần thứ nhất KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2024 [Part"), "{text}");
    assert!(text.contains("\n    4. Tài chính - ngân sách [Numbered"), "{text}");
}
