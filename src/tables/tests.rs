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

#[test]
fn debug_dump() {
    let Ok(p) = std::env::var("BAOCAO_TABLE_DUMP") else { return };
    let text = std::fs::read_to_string(p).unwrap();
    let a = tables(&text);
    for t in &a.tables.list {
        eprintln!("TABLE {:?} {:?} {:?}", t.layout, t.lines, t.name);
        for c in &t.columns {
            eprintln!("  col {:?}", c);
        }
        for r in &t.rows {
            eprintln!("  row l{} {:?} {:?} rank {} sub {} figs {:?}", r.line + 1, r.kind, r.name, r.rank, r.in_subset, r.cells.iter().map(|c| c.as_ref().and_then(|c| c.fig).is_some()).collect::<Vec<_>>());
        }
    }
}
