//! What the editor features share about figures: the figure or the indicator under the cursor,
//! the statement it belongs to and the role it plays there, an indicator's display name, the
//! other mentions of the same indicator, and numbers written for people.
//!
//! Everything is read from the figures engine ([`crate::figures`]); nothing is computed twice.

use std::ops::Range;

use rust_decimal::Decimal;

use crate::analysis::Analysis;
use crate::figures::extract::{Statement, Q};
use crate::figures::model::{FigId, StmtId};
use crate::numbers::{format_like, NumberStyle, Quantity, UnitKind};

/// The role a figure plays in its statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Value,
    Plan,
    PlanPercent,
    /// The fraction of a `121/130, đạt 93,1%` pair.
    Fraction,
    /// The percentage of such a pair.
    FractionPercent,
    Share,
    /// A change against an earlier value (index into [`Statement::changes`]).
    Change(usize),
    Count,
    Other,
}

/// The role of quantity `q` in statement `s`, if it is one of its figures.
pub fn role(s: &Statement, q: Q) -> Option<Role> {
    if s.value == Some(q) {
        return Some(Role::Value);
    }
    if s.plan == Some(q) {
        return Some(Role::Plan);
    }
    if s.plan_percent == Some(q) {
        return Some(Role::PlanPercent);
    }
    if let Some((f, p)) = s.ratio {
        if f == q {
            return Some(Role::Fraction);
        }
        if p == q {
            return Some(Role::FractionPercent);
        }
    }
    if s.share.as_ref().is_some_and(|(p, _)| *p == q) {
        return Some(Role::Share);
    }
    if let Some(k) = s.changes.iter().position(|c| c.q == q) {
        return Some(Role::Change(k));
    }
    if s.count == Some(q) {
        return Some(Role::Count);
    }
    s.others.contains(&q).then_some(Role::Other)
}

/// What is under the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The statement (its index in `figures.stmts` and its id), when the figure belongs to one.
    pub stmt: Option<(usize, StmtId)>,
    /// The figure under the cursor (none when the cursor is on the indicator's words).
    pub fig: Option<FigId>,
    pub role: Option<Role>,
    /// The range hovered: the figure, or the indicator's name.
    pub range: Range<usize>,
}

/// The index in `figures.stmts` of a statement (they are in document order).
pub fn stmt_index(a: &Analysis, id: StmtId) -> Option<usize> {
    a.figures.stmts.binary_search(&id).ok()
}

/// The line holding `offset`, when the offset is inside the text.
fn line_at(a: &Analysis, offset: usize) -> Option<usize> {
    if a.line_count() == 0 || offset > a.len() {
        return None;
    }
    Some(a.line_of(offset).min(a.line_count() - 1))
}

/// The figure under `offset` (its number, unit or bound words; the end counts).
pub fn figure_at(a: &Analysis, offset: usize) -> Option<FigId> {
    let line = line_at(a, offset)?;
    let rel = offset.checked_sub(a.line_start(line))?;
    let qs = &a.lines()[line].quantities;
    let inside = |strict: bool| {
        qs.iter().position(|q| {
            let (s, e) = (q.range.start as usize, q.range.end as usize);
            s <= rel && (rel < e || (!strict && rel == e))
        })
    };
    let q = inside(true).or_else(|| inside(false))?;
    Some(FigId { line: line as u32, q: q as Q })
}

/// The figure or indicator name under `offset`.
pub fn target_at(a: &Analysis, offset: usize) -> Option<Target> {
    if let Some(fig) = figure_at(a, offset) {
        return Some(target_of_figure(a, fig));
    }
    name_at(a, offset)
}

/// The statement a figure belongs to (the first one where it has a role other than "other").
pub fn target_of_figure(a: &Analysis, fig: FigId) -> Target {
    let li = &a.lines()[fig.line as usize];
    let mut best: Option<(usize, Role)> = None;
    for (i, s) in li.statements.iter().enumerate() {
        if let Some(r) = role(s, fig.q) {
            if best.is_none() || (best.is_some_and(|(_, b)| b == Role::Other) && r != Role::Other) {
                best = Some((i, r));
            }
        }
    }
    let stmt = best.and_then(|(i, _)| {
        let id = StmtId { line: fig.line, i: i as u32 };
        stmt_index(a, id).map(|k| (k, id))
    });
    Target { stmt, fig: Some(fig), role: best.map(|(_, r)| r), range: a.fig_range(fig) }
}

/// The indicator whose name is under `offset`.
pub fn name_at(a: &Analysis, offset: usize) -> Option<Target> {
    let line = line_at(a, offset)?;
    let rel = offset.checked_sub(a.line_start(line))?;
    let li = &a.lines()[line];
    let i = li.statements.iter().position(|s| {
        s.value.is_some() && s.name.as_ref().is_some_and(|r| r.start as usize <= rel && rel <= r.end as usize)
    })?;
    let id = StmtId { line: line as u32, i: i as u32 };
    let k = stmt_index(a, id)?;
    let r = li.statements[i].name.clone()?;
    Some(Target { stmt: Some((k, id)), fig: None, role: None, range: a.abs(line, r) })
}

/// The indicator's name as written (`None` when the statement has none).
pub fn name_text(a: &Analysis, id: StmtId) -> Option<String> {
    let s = a.statement(id);
    let r = s.name.clone()?;
    Some(a.slice(a.abs(id.line as usize, r)).trim().to_string())
}

/// A short name to show: the words after a leading label (`Cơ cấu kinh tế: Giá trị sản xuất`
/// → `Giá trị sản xuất`), without markup, at most about 70 characters.
pub fn display_name(a: &Analysis, id: StmtId) -> Option<String> {
    let full = name_text(a, id)?;
    let mut n = full.as_str();
    if let Some(p) = n.rfind(": ") {
        let tail = n[p + 1..].trim();
        if tail.split_whitespace().count() >= 2 {
            n = tail;
        }
    }
    let n = n.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | ':' | '-' | '+'));
    if n.is_empty() {
        return None;
    }
    let mut out: String = n.chars().take(70).collect();
    if n.chars().count() > 70 {
        out.push('…');
    }
    // Markdown: no emphasis markers or backticks from the text.
    Some(out.replace(['*', '`'], ""))
}

/// Words that do not change which indicator a name is about (`thu ngân sách … được hưởng` is
/// `thu ngân sách … hưởng`; `ngành công nghiệp` is `công nghiệp`).
const FILLERS: &[&str] = &["duoc", "cua", "cac", "nhung", "da", "co", "tai", "va", "nganh", "o", "muc"];

/// Words that may trail a name without changing it (verbs the name ran into: `tỷ lệ hộ nghèo
/// giảm còn 1%`).
const TRAILING: &[&str] = &["giam", "tang", "con", "dat", "uoc", "la", "hien", "chi", "nay", "ca", "nam"];

/// Abbreviations written in names, expanded (folded, without accents).
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("sdd", "suy dinh duong"),
    ("bhyt", "bao hiem y te"),
    ("bhxh", "bao hiem xa hoi"),
    ("ktxh", "kinh te xa hoi"),
    ("tdp", "to dan pho"),
    ("kdc", "khu dan cu"),
    ("ti", "ty"),
];

/// An indicator key made comparable: abbreviations expanded, filler words dropped.
pub fn key_words(key: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for w in key.split_whitespace() {
        if FILLERS.contains(&w) {
            continue;
        }
        match ABBREVIATIONS.iter().find(|(a, _)| *a == w) {
            Some((_, full)) => out.extend(full.split(' ')),
            None => out.push(w),
        }
    }
    out
}

/// Do two indicator keys name the same indicator? The same words (in any order), or the
/// shorter one (two words at least) inside the longer one with only context before it
/// (`tính đến nay tỷ lệ … BHYT` is `tỷ lệ … BHYT`) and only verbs after it.
pub fn same_indicator(x: &str, y: &str) -> bool {
    let (a, b) = (key_words(x), key_words(y));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    if a.len() == b.len() {
        let (mut sa, mut sb) = (a.clone(), b.clone());
        sa.sort_unstable();
        sb.sort_unstable();
        return sa == sb && a.len() >= 2;
    }
    let (short, long) = if a.len() < b.len() { (&a, &b) } else { (&b, &a) };
    if short.len() < 2 || short.iter().map(|w| w.len() + 1).sum::<usize>() < 9 {
        return false;
    }
    (0..=long.len() - short.len()).any(|i| long[i..i + short.len()] == short[..] && long[i + short.len()..].iter().all(|w| TRAILING.contains(w)))
}

/// May two figures be values of one indicator (same kind of unit)?
fn same_kind(a: &Quantity, b: &Quantity) -> bool {
    match (&a.unit, &b.unit) {
        (Some(x), Some(y)) => x.comparable(y),
        (None, None) => true,
        (None, Some(u)) | (Some(u), None) => !matches!(u.kind, UnitKind::Percent | UnitKind::PerMille),
    }
}

/// Other statements stating the same indicator in the same report (indices into
/// `figures.stmts`, document order), not counting the one given: those with the same key
/// (`figures.by_key`) and those whose key names the same indicator ([`same_indicator`]), with
/// a value of the same kind.
pub fn other_mentions(a: &Analysis, k: usize) -> Vec<usize> {
    let Some(id) = a.figures.stmts.get(k).copied() else { return Vec::new() };
    let s = a.statement(id);
    let Some(v) = s.value else { return Vec::new() };
    if s.key.len() < 4 {
        return Vec::new();
    }
    let vq = a.quantity(FigId { line: id.line, q: v });
    let scope = a.figures.ctx.get(k).map(|c| c.scope);
    let mut out = Vec::new();
    for (j, sid) in a.figures.stmts.iter().enumerate() {
        if j == k || a.figures.ctx.get(j).map(|c| c.scope) != scope {
            continue;
        }
        let o = a.statement(*sid);
        let Some(ov) = o.value else { continue };
        if o.key.is_empty() || !(o.key == s.key || same_indicator(&o.key, &s.key)) {
            continue;
        }
        if !same_kind(vq, a.quantity(FigId { line: sid.line, q: ov })) {
            continue;
        }
        out.push(j);
    }
    out
}

/// Every mention of the indicator of statement `k` (itself included): its name when written,
/// else its value.
pub fn mention_ranges(a: &Analysis, k: usize) -> Vec<Range<usize>> {
    let Some(id) = a.figures.stmts.get(k).copied() else { return Vec::new() };
    let others = other_mentions(a, k);
    if others.is_empty() {
        return Vec::new();
    }
    let mut all: Vec<usize> = others;
    all.push(k);
    all.sort_unstable();
    let _ = id;
    all.into_iter()
        .filter_map(|j| {
            let sid = *a.figures.stmts.get(j)?;
            let s = a.statement(sid);
            match (&s.name, s.value) {
                (Some(r), _) => Some(a.abs(sid.line as usize, r.clone())),
                (None, Some(v)) => Some(a.fig_range(FigId { line: sid.line, q: v })),
                _ => None,
            }
        })
        .collect()
}

/// A number for people: Vietnamese decimal comma, spaces between thousands (`3 368 000 000`),
/// at most `max` decimals, trailing zeros dropped.
pub fn spaced(v: Decimal, max: u32) -> String {
    let r = crate::figures::compare::round(v, max).normalize();
    let style = NumberStyle { decimal_sep: Some(','), thousands_sep: Some(' '), decimals: r.scale().min(28) as u8, ..Default::default() };
    format_like(r, &style)
}

/// The name of the base unit of a kind (`None` where normalising would not help a reader:
/// percentages, periods, ages, clock time, unknown units).
fn base_name(u: &crate::numbers::Unit) -> Option<String> {
    use crate::numbers::Currency;
    Some(match u.kind {
        UnitKind::Money(Currency::Vnd) => "đồng".into(),
        UnitKind::Money(Currency::Usd) => "USD".into(),
        UnitKind::Area => "m²".into(),
        UnitKind::Length => "m".into(),
        UnitKind::Mass => "kg".into(),
        UnitKind::Volume => "lít".into(),
        UnitKind::Count => u.name.to_string(),
        UnitKind::Number => String::new(),
        _ => return None,
    })
}

/// The value of a quantity in the base unit of its kind: `3.368 triệu đồng` →
/// `3 368 000 000 đồng`, `125 tạ/ha` → `12 500 kg/ha`, `11‰` → `1,1%`, `25000 liều` →
/// `25 000 liều`. Rates keep their denominators as written (`55 100 000 đồng/người/năm`).
/// `None` for percentages, periods, ages and units that do not convert.
pub fn normalised(q: &Quantity) -> Option<String> {
    let u = q.unit.as_ref()?;
    let v = q.value.exact()?;
    if u.kind == UnitKind::PerMille && u.per.is_empty() {
        return Some(format!("{}%", spaced(v.checked_div(Decimal::TEN)?, 6)));
    }
    let name = base_name(u)?;
    let base = if u.per.is_empty() { u.to_base(v)? } else { v.checked_mul(u.scale)? };
    let mut unit = name;
    for p in &u.per {
        unit.push('/');
        unit.push_str(p.name);
    }
    let n = spaced(base, 6);
    Some(if unit.is_empty() { n } else { format!("{n} {unit}") })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Config;
    use crate::numbers::lex;

    fn q(s: &str) -> Quantity {
        lex(s).remove(0)
    }

    #[test]
    fn normalised_values() {
        assert_eq!(normalised(&q("3.368 triệu đồng")).as_deref(), Some("3 368 000 000 đồng"));
        assert_eq!(normalised(&q("515,74 tỷ đồng")).as_deref(), Some("515 740 000 000 đồng"));
        assert_eq!(normalised(&q("58 tỷ 123 triệu đồng")).as_deref(), Some("58 123 000 000 đồng"));
        assert_eq!(normalised(&q("125 tạ/ha")).as_deref(), Some("12 500 kg/ha"));
        assert_eq!(normalised(&q("55,1 triệu đồng/người/năm")).as_deref(), Some("55 100 000 đồng/người/năm"));
        assert_eq!(normalised(&q("11%0")).as_deref(), Some("1,1%"));
        assert_eq!(normalised(&q("52,3%")), None);
        assert_eq!(normalised(&q("57 người")).as_deref(), Some("57 người"));
        assert_eq!(normalised(&q("7.804.089.625đ")).as_deref(), Some("7 804 089 625 đồng"));
        assert_eq!(normalised(&q("25000 liều")).as_deref(), Some("25 000 liều"));
        assert_eq!(spaced(Decimal::new(-12345678, 2), 1), "-123 456,8");
    }

    #[test]
    fn names_of_one_indicator() {
        let same = |x: &str, y: &str| same_indicator(x, y);
        assert!(same("ty le thu gom chat thai ran sinh hoat", "ty le chat thai ran sinh hoat duoc thu gom"));
        assert!(same("thu ngan sach tren dia ban don vi duoc huong", "thu ngan sach tren dia ban don vi huong"));
        assert!(same("ty le tre em sdd duoi tuoi", "ty le tre em suy dinh duong duoi tuoi"));
        assert!(same("tinh den nay ty le nguoi dan tham gia bhyt", "ty le nguoi dan tham gia bhyt"));
        assert!(same("den nay ty le ho ngheo giam", "ty le ho ngheo"));
        assert!(same("ti le ho ngheo", "ty le ho ngheo"));
        assert!(!same("ty le ho ngheo", "ty le ho can ngheo"));
        assert!(!same("ho ngheo", "ho ngheo thoat ngheo"));
        assert!(!same("ty le", "ty le ho ngheo"));
        assert!(!same("tong thu ngan sach", "tong chi ngan sach"));
    }

    #[test]
    fn targets_and_names() {
        let t = "- Cơ cấu kinh tế: Giá trị sản xuất ước đạt trên 515,74 tỷ đồng (chỉ tiêu 570 tỷ đồng, đạt 98,3%).\n";
        let a = Analysis::from_text(t, &Config::default());
        let at = |s: &str| target_at(&a, t.find(s).unwrap() + 1);
        let v = at("515,74").unwrap();
        assert_eq!(v.role, Some(Role::Value));
        assert_eq!(&*a.slice(v.range.clone()), "trên 515,74 tỷ đồng");
        assert_eq!(at("570").unwrap().role, Some(Role::Plan));
        assert_eq!(at("98,3").unwrap().role, Some(Role::PlanPercent));
        let n = at("Giá trị sản xuất").unwrap();
        assert_eq!(n.fig, None);
        assert_eq!(display_name(&a, n.stmt.unwrap().1).as_deref(), Some("Giá trị sản xuất"));
        assert!(at("chỉ tiêu").is_none());
        // Never panics on any offset.
        for o in 0..t.len() + 3 {
            let _ = target_at(&a, o);
        }
    }
}
