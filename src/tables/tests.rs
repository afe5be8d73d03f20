use crate::analysis::{Analysis, Config};

use super::*;

fn tables(text: &str) -> Analysis {
    Analysis::from_text(text, &Config::default())
}

const PIPE: &str = "Bảng 1. Kết quả năm 2024\n\n| TT | Chỉ tiêu | ĐVT | KH 2024 | TH 2024 | % so KH |\n|---|---|---|---|---|---|\n| I | CHỈ TIÊU KINH TẾ | | | | |\n| 1 | Tổng thu ngân sách | triệu đồng | 12.500 | 13.100 | 104,8 |\n| 2 | Tỷ lệ hộ nghèo | % | 2,5 | 2,1 | 84,0 |\n";

#[test]
fn a_pipe_table_with_its_roles_rows_and_units() {
    let a = tables(PIPE);
    let [t] = &a.tables.list[..] else { panic!("{:?}", a.tables.list) };
    assert_eq!(t.layout, Layout::Pipe);
    let roles: Vec<Role> = t.columns.iter().map(|c| c.role).collect();
    assert_eq!(roles, vec![Role::Ordinal, Role::Indicator, Role::Unit, Role::Plan, Role::Actual, Role::PlanPercent]);
    assert_eq!(t.caption, Some(0));
    assert_eq!(t.name, "Bảng 1. Kết quả năm 2024");
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows[0].kind, RowKind::Group);
    assert_eq!((t.rows[1].name.as_str(), t.rows[1].rank), ("Tổng thu ngân sách", 2));
    let f = t.rows[1].fig(4).expect("a figure");
    let q = a.quantity(f);
    assert_eq!(q.unit.as_ref().map(|u| u.name), Some("triệu đồng"));
    assert_eq!(a.slice(a.number_range(f)), "13.100");
    let pp = a.quantity(t.rows[1].fig(5).expect("pp"));
    assert!(pp.in_percent_or_per_mille());
    assert!(t.rows[2].lower_better);
    // Cells are no headings, and table lines no sentences.
    assert!(a.structure.sections.iter().all(|s| !s.name.contains("CHỈ TIÊU")), "{:?}", a.structure.sections);
}

#[test]
fn tab_separated_with_a_two_line_header() {
    let text = "TT\tChỉ tiêu\tĐVT\tTH 2023\tKH 2024\tƯTH 2024\tSo sánh (%)\t\n\t\t\t\t\t\tƯTH/KH\tƯTH/CK\n1\tDiện tích lúa\tha\t820\t800\t812\t101,5\t99,0\n";
    let a = tables(text);
    let [t] = &a.tables.list[..] else { panic!("{:?}", a.tables.list) };
    assert_eq!(t.layout, Layout::Tab);
    let roles: Vec<Role> = t.columns.iter().map(|c| c.role).collect();
    assert_eq!(roles, vec![Role::Ordinal, Role::Indicator, Role::Unit, Role::Previous, Role::Plan, Role::Actual, Role::PlanPercent, Role::Change { index: true }]);
    assert_eq!(t.rows.len(), 1);
    assert_eq!(a.quantity(t.rows[0].fig(5).expect("fig")).unit.as_ref().map(|u| u.name), Some("ha"));
}

#[test]
fn one_cell_per_line() {
    let text = "Một số chỉ tiêu:\nTT\nChỉ tiêu\nĐVT\nKH 2024\nƯTH 2024\nSo sánh (%)\nƯTH/KH\nƯTH/CK\nI\nCHỈ TIÊU KINH TẾ\n1\nTổng thu ngân sách\ntriệu đồng\n12.500\n13.100\n104,8\n110,2\n2\nSản lượng lương thực\ntấn\n8.200\n8.050\n98,2\n101,1\n\nĐoạn văn sau bảng.\n";
    let a = tables(text);
    let [t] = &a.tables.list[..] else { panic!("{:?}", a.tables.list) };
    assert_eq!(t.layout, Layout::CellPerLine);
    assert_eq!(t.columns.len(), 7, "{:?}", t.columns);
    assert_eq!(t.columns[5].role, Role::PlanPercent);
    assert_eq!(t.rows.len(), 3, "{:?}", t.rows);
    assert_eq!(t.rows[0].kind, RowKind::Group);
    assert_eq!(t.rows[2].name, "Sản lượng lương thực");
    assert_eq!(t.lines, 1..25);
    // The caption may open the document's header block; the table is none of it.
    assert!(a.structure.sections.iter().all(|s| !s.name.contains("Tổng thu")), "{:?}", a.structure.sections);
}

#[test]
fn totals_and_trong_do() {
    let text = "| STT | Đơn vị | Số hộ |\n|---|---|---|\n| 1 | Thôn Đông | 120 |\n| 2 | Thôn Tây | 135 |\n| | Trong đó: | |\n| - | Hộ nghèo | 12 |\n| | Cộng | 255 |\n";
    let a = tables(text);
    let [t] = &a.tables.list[..] else { panic!("{:?}", a.tables.list) };
    let kinds: Vec<RowKind> = t.rows.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, vec![RowKind::Item, RowKind::Item, RowKind::PartsIntro, RowKind::Item, RowKind::Total]);
    assert!(t.rows[3].in_subset);
    assert!(!t.rows[1].in_subset);
}

#[test]
fn running_text_with_a_tab_is_no_table() {
    let a = tables("\tTổng thu ngân sách đạt 12 tỷ đồng, tăng 5%.\n\tChi ngân sách 10 tỷ đồng.\n");
    assert!(a.tables.is_empty());
}

const BUDGET: &str = "<!-- baocao-ls on -->\nPhần thứ nhất\nI. TÀI CHÍNH\n\nBảng 2. Thu ngân sách xã (triệu đồng)\n\n| STT | Nội dung | Dự toán | Thực hiện | Tỷ lệ (%) |\n|-----|----------|---------|-----------|-----------|\n| 1   | Thu thuế, phí        |   2.150 |     2.384 |     112,0 |\n| 2   | Thu bổ sung          |   7.200 |     7.520 |     104,4 |\n| 3   | Thu khác             |     500 |       508 |           |\n";

#[test]
fn a_wrong_cell_is_flagged_and_its_fix_keeps_the_pipes_in_place() {
    let a = tables(BUDGET);
    let f = a.findings.iter().find(|f| f.code == "plan-percent").expect("the wrong cell");
    assert_eq!(f.severity, crate::checks::Severity::Error, "{f:?}");
    assert_eq!(a.line_of(f.range.start), 8);
    let [fix] = &f.fixes[..] else { panic!("one fix: {:?}", f.fixes) };
    let mut text = BUDGET.to_string();
    let e = &fix.edits[0];
    text.replace_range(e.range.clone(), &e.new_text);
    let line = text.lines().nth(8).unwrap();
    assert_eq!(line, "| 1   | Thu thuế, phí        |   2.150 |     2.384 |     110,9 |");
    let pipes = |l: &str| l.char_indices().filter(|(_, c)| *c == '|').map(|(i, _)| i).collect::<Vec<_>>();
    assert_eq!(pipes(line), pipes(BUDGET.lines().nth(8).unwrap()));
    assert!(tables(&text).findings.is_empty(), "{:?}", tables(&text).findings);
}

#[test]
fn hover_on_a_cell_shows_its_row_and_the_hint_the_missing_percentage() {
    let a = tables(BUDGET);
    let line = 9;
    let at = a.line_start(line) + a.line_text(line).find("7.520").unwrap() + 1;
    let card = crate::ide::hover::hover(&a, at, crate::checks::Locale::Vi).expect("a card");
    assert!(card.markdown.contains("**Thu bổ sung**"), "{}", card.markdown);
    assert!(card.markdown.contains("% kế hoạch: 7.520 / 7.200 = 104,44%"), "{}", card.markdown);
    assert!(card.markdown.contains("Đạt kế hoạch"), "{}", card.markdown);
    let hints = crate::ide::inlay::inlay_hints(&a, 0..a.len(), crate::checks::Locale::Vi);
    let labels: Vec<(usize, &str)> = hints.iter().map(|h| (a.line_of(h.offset), h.label.as_str())).collect();
    // Row 3 states no percentage; row 1 states a wrong one.
    assert!(labels.contains(&(10, "≈ 101,6% KH")), "{labels:?}");
    assert!(labels.contains(&(8, "tính ra 110,9%")), "{labels:?}");
}

#[test]
fn the_outline_shows_a_table_under_its_section() {
    let a = tables(BUDGET);
    let syms = crate::server::proto::document_symbols(a.rope(), &a.structure, &a.tables, crate::server::convert::Encoding::Utf16);
    fn find<'s>(s: &'s [tower_lsp_server::ls_types::DocumentSymbol], name: &str) -> Option<&'s tower_lsp_server::ls_types::DocumentSymbol> {
        s.iter().find_map(|x| if x.name.contains(name) { Some(x) } else { find(x.children.as_deref().unwrap_or(&[]), name) })
    }
    let sec = find(&syms, "TÀI CHÍNH").expect("the section");
    let table = sec.children.as_deref().unwrap_or(&[]).iter().find(|c| c.name.starts_with("Bảng 2")).expect("the table under it");
    assert_eq!(table.range.start.line, 4);
}

#[test]
fn tables_never_panic_on_odd_input() {
    for text in ["|", "| |\n|---|", "TT\nChỉ tiêu\nĐVT\n1", "\t\t\n\t\t", "TT\tChỉ tiêu\tKH\tTH\n1\tA\t1\n", "STT\nThôn\nSố hộ\nCộng\n1\n", "| TT | Chỉ tiêu | KH | TH | % so KH |\n| 1 | Lúa | 0 | 5 | 10 |\n| | Tổng số | | | |\n"] {
        let a = tables(text);
        for o in 0..=a.len() {
            let _ = crate::ide::hover::hover(&a, o, crate::checks::Locale::Vi);
        }
        let _ = crate::ide::inlay::inlay_hints(&a, 0..a.len(), crate::checks::Locale::En);
    }
}
