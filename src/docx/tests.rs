//! The .docx reader on packages built here (XML written by hand, stored in a zip).

use std::io::Write;

use super::*;

/// A zip holding `parts` (name, content), stored uncompressed.
pub(crate) fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(content.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn document(body: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"#)
}

fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

fn md(parts: &[(&str, &str)]) -> String {
    convert(&zip_of(parts)).unwrap().text
}

#[test]
fn paragraphs_tabs_breaks_and_entities() {
    let body = format!(
        "{}{}<w:p/>{}",
        p("Tổng thu ngân sách 15.340 triệu đồng."),
        r#"<w:p><w:r><w:tab/><w:t>Dòng một</w:t><w:br/><w:t>dòng hai &amp; ba</w:t></w:r></w:p>"#,
        r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r></w:p>"#
    );
    let out = convert(&zip_of(&[("word/document.xml", &document(&body))])).unwrap();
    assert_eq!(out.text, "Tổng thu ngân sách 15.340 triệu đồng.\n\nDòng một\ndòng hai & ba\n\na b\n");
    assert_eq!(out.source_at(0), Some(Source::Paragraph { index: 0 }));
    assert_eq!(out.source_at(out.text.find("dòng hai").unwrap()), Some(Source::Paragraph { index: 1 }));
    assert_eq!(out.source_at(out.text.find("a b").unwrap()), Some(Source::Paragraph { index: 3 }));
}

#[test]
fn deleted_text_field_codes_and_fallbacks_are_left_out() {
    let body = r#"<w:p><w:r><w:t>Còn </w:t></w:r><w:del><w:r><w:delText>bỏ </w:delText></w:r></w:del><w:ins><w:r><w:t>thêm </w:t></w:r></w:ins><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>3</w:t></w:r><mc:AlternateContent xmlns:mc="x"><mc:Choice/><mc:Fallback><w:r><w:t>lặp</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>"#;
    assert_eq!(md(&[("word/document.xml", &document(body))]), "Còn thêm 3\n");
}

const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/><w:pStyle w:val="Heading1"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/><w:pStyle w:val="Heading2"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/><w:suff w:val="space"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="&#61623;"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"#;

const STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="u3"><w:name w:val="Tiêu đề 3"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Muc"><w:name w:val="Mục"/><w:pPr><w:outlineLvl w:val="3"/></w:pPr></w:style>
</w:styles>"#;

fn styled(style: &str, text: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
}

fn listed(num: u32, ilvl: u8, text: &str) -> String {
    format!(r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
}

#[test]
fn headings_and_numbers_as_word_draws_them() {
    let body = [
        styled("Heading1", "KINH TẾ"),
        styled("Heading2", "Nông nghiệp"),
        listed(1, 2, "Trồng trọt"),
        listed(1, 2, "Chăn nuôi"),
        styled("Heading2", "Thương mại"),
        listed(1, 2, "Chợ"),
        listed(2, 0, "Giáo dục"),
        listed(2, 1, "Mầm non"),
        listed(2, 0, "Y tế"),
        styled("Heading1", "XÃ HỘI"),
        styled("u3", "Tiêu đề tiếng Việt"),
        styled("Muc", "Mức đề cương"),
        listed(3, 0, "Đếm lại"),
        listed(2, 0, "Đếm tiếp"),
    ]
    .concat();
    let got = md(&[("word/document.xml", &document(&body)), ("word/styles.xml", STYLES), ("word/numbering.xml", NUMBERING)]);
    let want = "# I. KINH TẾ\n\n## 1. Nông nghiệp\n\n1.1. Trồng trọt\n\n1.2. Chăn nuôi\n\n## 2. Thương mại\n\n2.1. Chợ\n\n\
                a) Giáo dục\n\n- Mầm non\n\nb) Y tế\n\n# II. XÃ HỘI\n\n### Tiêu đề tiếng Việt\n\n#### Mức đề cương\n\na) Đếm lại\n\nc) Đếm tiếp\n";
    assert_eq!(got, want);
}

#[test]
fn a_table_of_contents_is_left_out() {
    let styles = r#"<w:styles xmlns:w="x"><w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style></w:styles>"#;
    let body = [styled("TOC1", "I. KINH TẾ\t3"), p("I. KINH TẾ")].concat();
    assert_eq!(md(&[("word/document.xml", &document(&body)), ("word/styles.xml", styles)]), "I. KINH TẾ\n");
}

#[test]
fn number_formats() {
    use numbering::Format;
    assert_eq!(Format::UpperRoman.write(14), "XIV");
    assert_eq!(Format::LowerRoman.write(9), "ix");
    assert_eq!(Format::LowerLetter.write(28), "bb");
    assert_eq!(Format::UpperLetter.write(3), "C");
    assert_eq!(Format::DecimalZero.write(7), "07");
}

fn tc(text: &str, props: &str) -> String {
    format!(r#"<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>"#, p(text))
}

fn tr(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

#[test]
fn merged_cells_are_written_once() {
    let vr = r#"<w:vMerge w:val="restart"/>"#;
    let vc = "<w:vMerge/>";
    let span2 = r#"<w:gridSpan w:val="2"/>"#;
    let table = [
        "<w:tbl><w:tblGrid/>".to_string(),
        tr(&[tc("TT", vr), tc("Chỉ tiêu", vr), tc("ĐVT", vr), tc("Năm 2024", span2), tc("% so KH", vr)]),
        tr(&[tc("", vc), tc("", vc), tc("", vc), tc("Kế hoạch", ""), tc("Thực hiện", ""), tc("", vc)]),
        tr(&[tc("1", ""), tc("Thu thuế | phí", ""), tc("triệu đồng", vr), tc("2.150", vr), tc("2.384", ""), tc("110,9", "")]),
        tr(&[tc("2", ""), tc("Thu khác", ""), tc("", vc), tc("", vc), tc("508", ""), tc("101,6", "")]),
        "</w:tbl>".to_string(),
    ]
    .concat();
    let got = md(&[("word/document.xml", &document(&table))]);
    let want = "| TT | Chỉ tiêu | ĐVT | Năm 2024 |  | % so KH |\n|---|---|---|---|---|---|\n|  |  |  | Kế hoạch | Thực hiện |  |\n\
                | 1 | Thu thuế \\| phí | triệu đồng | 2.150 | 2.384 | 110,9 |\n| 2 | Thu khác | triệu đồng |  | 508 | 101,6 |\n";
    assert_eq!(got, want);
}

#[test]
fn layout_tables_are_paragraphs() {
    let table = ["<w:tbl>".to_string(), tr(&[tc("ỦY BAN NHÂN DÂN", ""), tc("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "")]), "</w:tbl>".to_string()].concat();
    assert_eq!(md(&[("word/document.xml", &document(&table))]), "ỦY BAN NHÂN DÂN\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n");
}

#[test]
fn footnotes_are_numbered_in_order_and_written_at_the_end() {
    let body = r#"<w:p><w:r><w:t>Chi 1,2 tỷ đồng</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="7"/></w:r><w:r><w:t> và 3 tỷ đồng</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r><w:r><w:t>.</w:t></w:r></w:p>"#;
    let notes = r#"<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Nhà văn hóa.</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="7"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Trường học.</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="9"><w:p><w:r><w:t>Không dẫn.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"#;
    let out = convert(&zip_of(&[("word/document.xml", &document(body)), ("word/footnotes.xml", notes)])).unwrap();
    assert_eq!(out.text, "Chi 1,2 tỷ đồng[^1] và 3 tỷ đồng[^2].\n\n[^1]: Trường học.\n[^2]: Nhà văn hóa.\n");
    assert_eq!(out.source_at(out.text.find("[^2]:").unwrap()), Some(Source::Note { label: 2 }));
    // The footnote check reads them: no finding.
    let a = crate::analysis::Analysis::from_text(&out.text, &crate::analysis::Config::default());
    assert!(a.findings.iter().all(|f| !f.code.starts_with("footnote")), "{:?}", a.findings);
}

#[test]
fn hostile_packages_give_errors() {
    assert_eq!(convert(b"hello"), Err(Error::NotZip));
    assert_eq!(convert(b""), Err(Error::NotZip));
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(convert(&ole), Err(Error::WordDoc));
    ole.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(convert(&ole), Err(Error::Encrypted));
    assert_eq!(convert(b"{\\rtf1 abc}"), Err(Error::Rtf));
    assert_eq!(convert(&zip_of(&[("word/other.xml", "<a/>")])), Err(Error::Missing("word/document.xml")));
    assert_eq!(convert(&zip_of(&[("mimetype", "application/vnd.oasis.opendocument.text")])), Err(Error::OpenDocument));
    let good = zip_of(&[("word/document.xml", &document(&p("Một câu.")))]);
    assert!(matches!(convert(&good[..good.len() / 2]), Err(Error::Damaged(_))));
    assert!(matches!(convert(&zip_of(&[("word/document.xml", "<w:document><w:body><w:p></w:body>")])), Err(Error::BadXml { .. })));
    assert!(matches!(convert(&zip_of(&[("word/document.xml", "<w:document><w:body><w:p>")])), Err(Error::BadXml { .. })));
    assert!(matches!(convert(&zip_of(&[("word/document.xml", "<a/>")])), Err(Error::BadXml { .. })));
    assert!(matches!(convert(&zip_of(&[("word/document.xml", "\u{0}\u{0}")])), Err(Error::BadXml { .. })));
    for e in [Error::NotZip, Error::Damaged("zip: x\ny".into()), Error::TooLarge("word/document.xml".into())] {
        assert!(!e.to_line(Locale::Vi).contains('\n') && !e.to_line(Locale::En).contains('\n'));
    }
}
