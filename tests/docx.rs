//! Word files: the report of tests/docx written by hand as Markdown (`bao-cao-hoa-phong.md`,
//! expectations inline as `<!-- expect: CODE SEVERITY -->`) and made by python-docx
//! (`bao-cao-hoa-phong.docx`, by tests/docx/make_fixtures.py; .ci/run makes it again and checks
//! it still reads the same) give the same findings at the same lines; `check` on the .docx
//! points at the lines `convert` prints; bad files get exit status 2 and one line.

use std::path::PathBuf;
use std::process::Command;

use baocao_ls::analysis::{Analysis, Config};

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/docx").join(name)
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_baocao-ls"))
}

/// (line, code, severity) wanted by the comments of a Markdown fixture (0-based lines).
fn expected(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        for part in line.split("<!-- expect:").skip(1) {
            let mut words = part.split("-->").next().unwrap_or("").split_whitespace();
            out.push((i, words.next().unwrap().to_string(), words.next().unwrap().to_string()));
        }
    }
    out.sort();
    out
}

/// (line, code, severity, message) of every finding.
fn findings(a: &Analysis) -> Vec<(usize, String, String, String)> {
    let mut v: Vec<_> = a
        .findings
        .iter()
        .map(|f| (a.line_of(f.range.start), f.code.to_string(), f.severity.as_str().to_string(), f.message.vi.clone()))
        .collect();
    v.sort();
    v
}

fn docx_text() -> String {
    let bytes = std::fs::read(path("bao-cao-hoa-phong.docx")).unwrap();
    baocao_ls::docx::convert(&bytes).unwrap().text
}

#[test]
fn the_markdown_and_the_word_report_give_the_same_findings() {
    let md = std::fs::read_to_string(path("bao-cao-hoa-phong.md")).unwrap();
    let from_md = Analysis::from_text(&md, &Config::default());
    let got: Vec<_> = findings(&from_md).into_iter().map(|(l, c, s, _)| (l, c, s)).collect();
    assert_eq!(got, expected(&md), "the Markdown fixture's findings are not the expected ones");
    assert_eq!(got.len(), 5);

    let from_docx = Analysis::from_text(&docx_text(), &Config::default());
    assert_eq!(findings(&from_docx), findings(&from_md));
    // The same outline: headings numbered by Word's lists, the table under its section.
    assert_eq!(
        baocao_ls::cli::render_outline_with(&from_docx.structure, &from_docx.tables),
        baocao_ls::cli::render_outline_with(&from_md.structure, &from_md.tables)
    );
}

#[test]
fn the_word_report_reads_as_written() {
    let text = docx_text();
    for line in [
        "# I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2024",
        "### 1.2. Thu, chi ngân sách",
        "b) Giảm nghèo: số hộ nghèo còn 41 hộ, tỷ lệ hộ nghèo 2,1% (41/1.850 hộ).",
        "# II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025",
        // Two header rows: "Năm 2024" spans two columns, the other headers two rows.
        "| TT | Nội dung | ĐVT | Năm 2024 |  | % so KH |",
        "|  |  |  | Dự toán | Thực hiện |  |",
        // The unit, merged down the rows, is repeated; nothing else is.
        "| 3 | Thu khác | triệu đồng | 500 | 508 | 104,6 |",
        "Tổng chi ngân sách xã ước thực hiện 9.986 triệu đồng[^2], bảo đảm chi lương và các hoạt động thường xuyên.",
        "[^2]: Không kể khoản chi chuyển nguồn sang năm 2025.",
    ] {
        assert!(text.lines().any(|l| l == line), "no line {line:?} in\n{text}");
    }
}

#[test]
fn check_on_a_docx_gives_the_lines_of_convert() {
    let docx = path("bao-cao-hoa-phong.docx");
    let conv = bin().arg("convert").arg(&docx).output().unwrap();
    assert_eq!(conv.status.code(), Some(0));
    let md = String::from_utf8(conv.stdout).unwrap();
    assert_eq!(md, docx_text());
    let out = bin().arg("check").arg(&docx).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = md.lines().collect();
    let mut seen = Vec::new();
    for f in report.lines() {
        // path:line:col: severity code message
        let rest = f.strip_prefix(&format!("{}:", docx.display())).unwrap_or_else(|| panic!("{f}"));
        let mut it = rest.splitn(3, ':');
        let line: usize = it.next().unwrap().parse().unwrap();
        let col: usize = it.next().unwrap().parse().unwrap();
        let code = it.next().unwrap().split_whitespace().nth(1).unwrap().to_string();
        // The column points at the figure the finding is about, in convert's line.
        let at: String = lines[line - 1].chars().skip(col - 1).take(5).collect();
        seen.push((line, code, at));
    }
    assert_eq!(
        seen,
        [
            (23, "plan-percent".to_string(), "98,7%".to_string()),
            (36, "cross-mention".to_string(), "10.51".to_string()),
            (36, "sum-parts".to_string(), "10.51".to_string()),
            (39, "plan-percent".to_string(), "104,6".to_string()),
            (45, "ratio-percent".to_string(), "2,1% ".to_string()),
        ]
    );
    // A folder holding the .docx checks it too (Word's `~$` lock file is left alone).
    let dir = std::env::temp_dir().join(format!("baocao-docx-dir-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(&docx, dir.join("bao-cao.docx")).unwrap();
    std::fs::write(dir.join("~$o-cao.docx"), b"\x0bWord lock").unwrap();
    let out = bin().arg("check").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 5);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_dir_all(&dir).ok();
}

/// A zip holding `parts`, compressed with deflate.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(content).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A zip bomb: `word/document.xml` of 65 MB of spaces inside a valid document, about 65 KB
/// compressed.
fn zip_bomb() -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(false);
    w.start_file("word/document.xml", opts).unwrap();
    w.write_all(b"<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>").unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..65 {
        w.write_all(&chunk).unwrap();
    }
    w.write_all(b"</w:t></w:r></w:p></w:body></w:document>").unwrap();
    w.finish().unwrap().into_inner()
}

fn ole(streams: &[&str]) -> Vec<u8> {
    let mut v = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    v.resize(512, 0);
    for s in streams {
        v.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        v.resize(v.len() + 64, 0);
    }
    v
}

#[test]
fn bad_word_files_exit_2_with_one_line() {
    let good = std::fs::read(path("bao-cao-hoa-phong.docx")).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("van-ban.docx", "Đây là văn bản thường.\n".as_bytes().to_vec(), "không phải tệp Word .docx", "not a Word .docx file"),
        ("cu.docx", ole(&["Root Entry", "WordDocument", "1Table"]), "Word 97-2003 (.doc)", "Word 97-2003 file (.doc)"),
        ("mat-khau.docx", ole(&["Root Entry", "EncryptionInfo", "EncryptedPackage"]), "đặt mật khẩu", "password-protected"),
        ("cut.docx", good[..good.len() / 3].to_vec(), "bị hỏng hoặc không trọn vẹn", "damaged or incomplete"),
        ("bom.docx", zip_bomb(), "quá lớn khi giải nén", "possibly a zip bomb"),
        ("khong-co-document.docx", zip_of(&[("word/styles.xml", b"<w:styles/>")]), "thiếu phần word/document.xml", "word/document.xml is missing"),
        ("xml-hong.docx", zip_of(&[("word/document.xml", b"<w:document><w:body><w:p></w:body></w:document>")]), "không phải XML hợp lệ", "not well-formed XML"),
        ("rong.docx", Vec::new(), "không phải tệp Word .docx", "not a Word .docx file"),
    ];
    let dir = std::env::temp_dir().join(format!("baocao-docx-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes, vi, en) in &cases {
        let file = dir.join(name);
        std::fs::write(&file, bytes).unwrap();
        for (args, want) in [
            (vec!["check"], vi),
            (vec!["check", "--locale", "en"], en),
            (vec!["convert"], vi),
            (vec!["convert", "--locale", "en"], en),
            (vec!["outline"], vi),
        ] {
            let out = bin().args(&args).arg(&file).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{name} {args:?}: {err}");
            assert!(out.stdout.is_empty() || args[0] == "outline", "{name} {args:?}");
            assert_eq!(err.lines().count(), 1, "{name} {args:?}: {err}");
            assert!(err.starts_with("baocao-ls: ") && err.contains(*want), "{name} {args:?}: {err}");
            assert!(!err.contains("panicked"), "{name}: {err}");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Bytes of the fixture cut, flipped and shuffled never make the reader panic.
#[test]
fn damaged_copies_of_the_fixture_never_panic() {
    let good = std::fs::read(path("bao-cao-hoa-phong.docx")).unwrap();
    for n in (0..good.len()).step_by(997) {
        let _ = baocao_ls::docx::convert(&good[..n]);
    }
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..300 {
        let mut b = good.clone();
        for _ in 0..1 + next() % 8 {
            let i = (next() % b.len() as u64) as usize;
            b[i] = next() as u8;
        }
        baocao_ls::fuzzing::docx(&b);
    }
}
