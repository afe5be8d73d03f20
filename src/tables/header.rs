//! What a column holds, read from its header: `Chỉ tiêu`, `ĐVT`, `KH 2024`, `Ước TH 2024`,
//! `% so KH`, `So sánh (%)` over `ƯTH/KH` and `ƯTH/CK`, `Cơ cấu (%)`… (accents optional).

use crate::text::fold::fold_ascii;

/// The role of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// `TT`, `STT`: I, II for groups, 1, 2 for rows, a, b, `-`, `+` for sub-rows.
    Ordinal,
    /// `Chỉ tiêu`, `Nội dung`: the indicator's name.
    Indicator,
    /// `ĐVT`, `Đơn vị tính`: the row's unit.
    Unit,
    /// `Kế hoạch`, `KH`, `Chỉ tiêu giao`, `Dự toán`, `NQ giao`.
    Plan,
    /// `Thực hiện`, `TH`, `Ước TH`, `ƯTH`, `Ước đạt`, a bare year.
    Actual,
    /// `Cùng kỳ`, `Năm trước`, an actual of an earlier year than the latest.
    Previous,
    /// `% so KH`, `ƯTH/KH`, `Tỷ lệ` (with a plan and an actual column).
    PlanPercent,
    /// `So sánh`, `ƯTH/CK`: the later level ÷ the earlier × 100 (`105,3`); `Tăng, giảm (%)`: the
    /// change in percent (`5,3`, `-2,1`). `index` tells which.
    Change { index: bool },
    /// `Cơ cấu`, `Tỷ trọng`: shares of one whole, in percent.
    Share,
    /// `Ghi chú`.
    Note,
    /// Figures under a header that names no role of its own (`Số hộ`, `Diện tích (ha)` in a
    /// table of places): levels that add up in a total row.
    Value,
    /// A comparison whose terms the header leaves open (`So sánh (%)` alone): decided from the
    /// other columns of the table.
    Compare,
    Other,
}

impl Role {
    /// Columns holding figures a relation is read from.
    pub fn is_figure(self) -> bool {
        matches!(self, Role::Plan | Role::Actual | Role::Previous | Role::PlanPercent | Role::Change { .. } | Role::Share | Role::Value)
    }

    /// Columns whose figures are percentages whatever the row's unit.
    pub fn is_percent(self) -> bool {
        matches!(self, Role::PlanPercent | Role::Change { .. } | Role::Share)
    }
}

/// A header folded for matching: lower case without accents, brackets and punctuation as
/// spaces, `/` kept and closed up (`ƯTH / KH` → `uth/kh`), single spaces.
pub fn normalise(header: &str) -> String {
    let f = fold_ascii(header);
    let mut s = String::with_capacity(f.len());
    for c in f.chars() {
        match c {
            '(' | ')' | '[' | ']' | ',' | ';' | ':' | '*' | '_' | '"' | '.' | '-' | '–' => s.push(' '),
            c => s.push(c),
        }
    }
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.replace(" /", "/").replace("/ ", "/")
}

/// A line that names a table (`Bảng 2.3.`, `Biểu số 02`, `Phụ lục 1`), folded by [`normalise`].
pub fn names_a_table(norm: &str) -> bool {
    ["bang", "bieu", "phu luc"].iter().any(|w| norm.starts_with(w))
}

/// A year written in a header (`KH 2024`, `Năm 2023`, `TH 2023/KH`): the last one.
pub fn year_in(norm: &str) -> Option<u32> {
    norm.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<u32>().ok())
        .rfind(|y| (1950..=2100).contains(y))
}

fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '%' || c == '+')).filter(|w| !w.is_empty()).collect()
}

/// Does `s` hold the phrase `p` as whole words?
pub fn has(s: &str, p: &str) -> bool {
    let ws = words(s);
    let ps = words(p);
    !ps.is_empty() && ws.windows(ps.len()).any(|w| w == ps.as_slice())
}

fn has_any(s: &str, ps: &[&str]) -> bool {
    ps.iter().any(|p| has(s, p))
}

/// What a ratio written `A/B` compares: the plan (`/KH`, `/DT`, `/NQ`), or an earlier period
/// (`/CK`, `/TH 2023`, `/năm trước`).
fn ratio_role(norm: &str) -> Option<Role> {
    let (_, right) = norm.split_once('/')?;
    let right = right.trim_start();
    let first: Vec<&str> = words(right).into_iter().take(2).collect();
    let w0 = *first.first()?;
    let two = first.join(" ");
    if matches!(w0, "kh" | "dt" | "nq" | "ct" | "khn") || two.starts_with("ke hoach") || two.starts_with("du toan") || two.starts_with("chi tieu") || two.starts_with("nghi quyet") {
        return Some(Role::PlanPercent);
    }
    if matches!(w0, "ck" | "th" | "cung" | "nam" | "ky") || year_in(right).is_some() {
        return Some(Role::Change { index: true });
    }
    None
}

/// The role a header gives its column (before the table's other columns are taken into
/// account), and the year it names.
pub fn role_of(header: &str) -> (Role, Option<u32>) {
    let n = normalise(header);
    let year = year_in(&n);
    if n.is_empty() {
        return (Role::Other, None);
    }
    let role = if matches!(n.as_str(), "tt" | "stt" | "so tt" | "so thu tu" | "thu tu" | "số tt") {
        Role::Ordinal
    } else if has_any(&n, &["dvt", "don vi tinh", "dv tinh", "dv"]) || n == "don vi" {
        Role::Unit
    } else if has(&n, "ghi chu") {
        Role::Note
    } else if let Some(r) = ratio_role(&n) {
        r
    } else if has_any(&n, &["co cau", "ty trong", "ti trong"]) {
        Role::Share
    } else if has_any(&n, &["so kh", "so voi kh", "% kh", "so ke hoach", "so voi ke hoach", "% ke hoach", "so du toan", "so voi du toan", "% du toan", "so voi nq", "so nq", "so chi tieu", "so voi chi tieu", "dat so kh", "% so kh", "ty le dat"]) {
        Role::PlanPercent
    } else if has_any(&n, &["tang giam", "tang/giam", "+/", "toc do tang", "muc tang", "tang %", "tang +", "giam"]) {
        Role::Change { index: false }
    } else if has_any(&n, &["so cung ky", "so voi cung ky", "so ck", "so voi ck", "so nam truoc", "so voi nam truoc", "so voi ky truoc", "so ky truoc", "so voi nam", "so nam", "so voi th"]) {
        Role::Change { index: true }
    } else if has(&n, "so sanh") || (has(&n, "ty le") && n.split_whitespace().count() <= 3) {
        Role::Compare
    } else if has_any(&n, &["cung ky", "nam truoc", "ky truoc", "th nam truoc", "thuc hien nam truoc"]) {
        Role::Previous
    } else if has_any(&n, &["ke hoach", "kh", "du toan", "nq giao", "nghi quyet", "muc tieu", "khn", "dt"]) || (has(&n, "giao") && !has(&n, "thuc hien")) || (has(&n, "chi tieu") && (year.is_some() || has_any(&n, &["giao", "nam", "nq", "huyen", "tinh"]))) {
        Role::Plan
    } else if has_any(&n, &["thuc hien", "th", "uoc th", "uth", "uoc thuc hien", "uoc dat", "uoc", "ket qua", "luy ke", "dat duoc", "tong so"]) || (year.is_some() && n.split_whitespace().count() <= 2) {
        Role::Actual
    } else if has_any(&n, &["chi tieu", "noi dung", "danh muc", "hang muc", "linh vuc", "ten chi tieu", "cac chi tieu", "ten don vi", "don vi hanh chinh", "xa", "thon", "nganh"]) {
        Role::Indicator
    } else {
        Role::Other
    };
    (role, year)
}

/// Is this header cell a group spanning sub-columns (`So sánh (%)`, `Năm 2024`, `Thực hiện`),
/// as opposed to a column of its own? Only decided from the cells after it.
pub fn may_group(header: &str) -> bool {
    let n = normalise(header);
    has_any(&n, &["so sanh", "thuc hien", "ket qua", "ty le", "nam", "trong do", "chia ra", "ke hoach"]) || year_in(&n).is_some_and(|_| n.split_whitespace().count() <= 2)
}

/// A header cell that reads as a sub-column under a group (`ƯTH/KH`, `KH`, `TH`, `%`).
pub fn is_sub(header: &str) -> bool {
    let n = normalise(header);
    n.contains('/') || matches!(n.as_str(), "kh" | "th" | "uth" | "%" | "ck" | "ke hoach" | "thuc hien" | "uoc th" | "so tuyet doi" | "tuong doi" | "tang giam" | "+/") || year_in(&n).is_some() && n.split_whitespace().count() <= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_of_usual_headers() {
        let r = |h: &str| role_of(h).0;
        assert_eq!(r("TT"), Role::Ordinal);
        assert_eq!(r("STT"), Role::Ordinal);
        assert_eq!(r("Chỉ tiêu"), Role::Indicator);
        assert_eq!(r("Nội dung"), Role::Indicator);
        assert_eq!(r("ĐVT"), Role::Unit);
        assert_eq!(r("Đơn vị tính"), Role::Unit);
        assert_eq!(r("KH 2024"), Role::Plan);
        assert_eq!(r("Kế hoạch năm"), Role::Plan);
        assert_eq!(r("Chỉ tiêu NQ giao"), Role::Plan);
        assert_eq!(r("Dự toán"), Role::Plan);
        assert_eq!(r("Ước TH 2024"), Role::Actual);
        assert_eq!(r("ƯTH 2024"), Role::Actual);
        assert_eq!(r("Thực hiện 2023"), Role::Actual);
        assert_eq!(r("Năm 2023"), Role::Actual);
        assert_eq!(r("% so KH"), Role::PlanPercent);
        assert_eq!(r("ƯTH/KH"), Role::PlanPercent);
        assert_eq!(r("So sánh (%) ƯTH/KH"), Role::PlanPercent);
        assert_eq!(r("ƯTH / CK"), Role::Change { index: true });
        assert_eq!(r("So với cùng kỳ (%)"), Role::Change { index: true });
        assert_eq!(r("Tăng, giảm (%)"), Role::Change { index: false });
        assert_eq!(r("So sánh (%)"), Role::Compare);
        assert_eq!(r("Cùng kỳ năm trước"), Role::Previous);
        assert_eq!(r("Cơ cấu (%)"), Role::Share);
        assert_eq!(r("Tỷ trọng"), Role::Share);
        assert_eq!(r("Ghi chú"), Role::Note);
        assert_eq!(role_of("KH 2024").1, Some(2024));
        assert_eq!(role_of("TH 2023/KH").1, Some(2023));
    }

    #[test]
    fn groups_and_sub_columns() {
        assert!(may_group("So sánh (%)"));
        assert!(may_group("Năm 2024"));
        assert!(is_sub("ƯTH/KH"));
        assert!(is_sub("KH"));
        assert!(!is_sub("Chỉ tiêu"));
    }
}
