//! The command line: findings as `file:line:col: severity code message` or JSON, the exit
//! status, the outline, and clear messages (never a panic) on bad input.

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
    std::fs::write(dir.join("a.txt"), "1. Kinh tế\n2. Xã hội\n").unwrap();
    std::fs::write(dir.join("sub/b.md"), "1. A\n2. B\n").unwrap();
    std::fs::write(dir.join("ignored.pdf"), "x").unwrap();
    let out = bin().args(["check", "--stats"]).arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 tệp"), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_dir_all(&dir).ok();
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
