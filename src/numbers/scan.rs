//! The hand-written scanner behind [`super::lex`].
//!
//! Works on the folded line (NFC, lower case); every position below is a byte offset in the
//! folded text unless named `orig`. Digits, separators and the unit vocabulary are matched
//! there; ranges are mapped back to the original line when a result is emitted.

use std::ops::Range;

use rust_decimal::Decimal;

use crate::text::fold::{fold, FoldMode, Folded};
use super::style::{local_choice, CompoundStyle, NumberStyle, Reading};
use super::units::{currency_at, match_unit, scale_word_at, skip_gap, UnitMatch, MAX_GAP};
use super::{Ambiguity, Bound, Lexed, NotQuantity, Numeral, Quantity, Skipped, Unit, UnitKind, Value};

/// Longest digit string read as a number (rust_decimal holds 28 digits).
const MAX_DIGITS: usize = 28;

pub(crate) fn scan(line: &str) -> Lexed {
    if line.len() >= u32::MAX as usize || !line.bytes().any(|b| b.is_ascii_digit()) {
        return Lexed::default();
    }
    scan_folded(line, &fold(line, FoldMode::Lower))
}

/// [`scan`] with the line's lower-case fold already made (`fold(line, FoldMode::Lower)`).
pub(crate) fn scan_folded(line: &str, folded: &Folded) -> Lexed {
    let mut out = Lexed::default();
    if line.len() >= u32::MAX as usize || !line.bytes().any(|b| b.is_ascii_digit()) {
        return out;
    }
    let f = folded.text.as_str();
    let content_start = {
        let b = f.as_bytes();
        let mut i = 0;
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | b'#' | b'*' | b'_' | b'>') {
            i += 1;
        }
        i
    };
    let mut sc = Scanner { line, f, fd: folded, out: &mut out, last_end: 0, last_q_end: None, content_start };
    sc.run();
    out
}

// ---------------------------------------------------------------------------------------------
// Numerals

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Digits only.
    Int,
    /// Thousands groups, no decimals: `1.474.778`.
    Grouped,
    /// Decimals (with or without thousands groups): `52,3`, `862.45`, `16.568,8`.
    Decimal,
    /// A lone separator followed by exactly three digits: `15,000`, `3.368`.
    Ambiguous(u8),
    /// Commas between short groups: `1,2,3,4`.
    List,
    /// Dots between groups that are not thousands: `1.2.3`, `15.01.2020`.
    Dotted,
}

#[derive(Debug, Clone)]
struct Num {
    start: usize,
    end: usize,
    shape: Shape,
    /// Value under the convention reading (`.` thousands, `,` decimals) for ambiguous ones.
    value: Decimal,
    style: NumberStyle,
    /// The other reading of an ambiguous number.
    alt: Option<(Decimal, NumberStyle)>,
    /// Digits only: the integer (None when it has separators).
    plain: Option<u64>,
    leading_zero: bool,
    /// Number of digits.
    digits: usize,
    /// Every group has one or two digits, joined by `.`: `1.2`, `1.2.3` (heading-like).
    small_dotted: bool,
    /// Group lengths (for dotted dates).
    groups: Vec<(usize, usize)>,
}

impl Num {
    fn is_int(&self) -> bool {
        self.shape == Shape::Int
    }
    fn int(&self) -> Option<u64> {
        self.plain
    }
    fn numeric(&self) -> bool {
        matches!(self.shape, Shape::Int | Shape::Grouped | Shape::Decimal | Shape::Ambiguous(_))
    }
    /// A label-like integer: digits only, a dotted section number, or a comma list.
    fn label_like(&self) -> bool {
        self.is_int() || self.small_dotted || self.shape == Shape::List
    }
    fn year_like(&self) -> Option<u32> {
        let v = self.plain?;
        (self.digits == 4 && !self.leading_zero && (1900..=2100).contains(&v)).then_some(v as u32)
    }
}

fn digits_value(f: &[u8], groups: &[(usize, usize)], decimals_from: Option<usize>) -> Option<Decimal> {
    // decimals_from: index of the first fractional group.
    let mut m: i128 = 0;
    let mut scale = 0u32;
    for (gi, &(a, b)) in groups.iter().enumerate() {
        for &c in &f[a..b] {
            m = m.checked_mul(10)?.checked_add((c - b'0') as i128)?;
            if decimals_from.is_some_and(|d| gi >= d) {
                scale += 1;
            }
        }
    }
    if scale > 28 {
        return None;
    }
    Decimal::try_from_i128_with_scale(m, scale).ok()
}

/// Parse the digit run at `i` (with `.`/`,` separators between digits). `Err(end)` when the
/// run is too long to be a number.
fn parse_num(f: &str, i: usize) -> Result<Num, usize> {
    let b = f.as_bytes();
    if !b.get(i).is_some_and(|c| c.is_ascii_digit()) {
        return Err(i.min(b.len()));
    }
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut seps: Vec<u8> = Vec::new();
    let mut j = i;
    loop {
        let s = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        groups.push((s, j));
        if j + 1 < b.len() && (b[j] == b'.' || b[j] == b',') && b[j + 1].is_ascii_digit() {
            seps.push(b[j]);
            j += 1;
            continue;
        }
        break;
    }
    let end = j;
    let digits: usize = groups.iter().map(|(a, b)| b - a).sum();
    if digits > MAX_DIGITS {
        return Err(end);
    }
    let glen = |k: usize| groups[k].1 - groups[k].0;
    let g0 = &f[groups[0].0..groups[0].1];
    let leading_zero = g0.len() > 1 && g0.starts_with('0');
    let small_dotted = !seps.is_empty() && seps.iter().all(|&s| s == b'.') && (0..groups.len()).all(|k| glen(k) <= 2);
    let mut num = Num {
        start: i,
        end,
        shape: Shape::Int,
        value: Decimal::ZERO,
        style: NumberStyle::default(),
        alt: None,
        plain: None,
        leading_zero,
        digits,
        small_dotted,
        groups: groups.clone(),
    };
    let int_style = |int_digits: usize, th: Option<char>| NumberStyle {
        thousands_sep: th,
        ungrouped: th.is_none() && int_digits >= 4,
        min_int_digits: if leading_zero { int_digits.min(255) as u8 } else { 0 },
        ..Default::default()
    };
    if seps.is_empty() {
        num.value = digits_value(b, &groups, None).ok_or(end)?;
        num.plain = g0.parse::<u64>().ok();
        num.style = int_style(g0.len(), None);
        return Ok(num);
    }
    let first = seps[0];
    let all_same = seps.iter().all(|&s| s == first);
    let thousands_groups_ok = |upto: usize| (1..=3).contains(&glen(0)) && (1..upto).all(|k| glen(k) == 3);
    if all_same && seps.len() >= 2 {
        if thousands_groups_ok(groups.len()) {
            num.shape = Shape::Grouped;
            num.value = digits_value(b, &groups, None).ok_or(end)?;
            num.style = int_style(digits, Some(first as char));
        } else if first == b',' {
            num.shape = Shape::List;
        } else {
            num.shape = Shape::Dotted;
        }
        return Ok(num);
    }
    if all_same {
        // One separator.
        let sep = first as char;
        let dec = glen(1);
        let decimal_style =
            NumberStyle { decimal_sep: Some(sep), decimals: dec.min(255) as u8, ..int_style(glen(0), None) };
        let dec_value = digits_value(b, &groups, Some(1)).ok_or(end)?;
        if dec == 3 && (1..=3).contains(&glen(0)) && !(g0.starts_with('0')) {
            let th_value = digits_value(b, &groups, None).ok_or(end)?;
            let th_style = int_style(digits, Some(sep));
            num.shape = Shape::Ambiguous(first);
            if first == b'.' {
                num.value = th_value;
                num.style = th_style;
                num.alt = Some((dec_value, decimal_style));
            } else {
                num.value = dec_value;
                num.style = decimal_style;
                num.alt = Some((th_value, th_style));
            }
        } else {
            num.shape = Shape::Decimal;
            num.value = dec_value;
            num.style = decimal_style;
        }
        return Ok(num);
    }
    // Two kinds of separator: thousands groups, then one decimal separator at the end.
    let last = *seps.last().unwrap_or(&b',');
    let n = seps.len();
    let ok = seps[..n - 1].iter().all(|&s| s != last && s == seps[0]) && thousands_groups_ok(groups.len() - 1);
    if ok {
        num.shape = Shape::Decimal;
        num.value = digits_value(b, &groups, Some(groups.len() - 1)).ok_or(end)?;
        let int_digits: usize = (0..groups.len() - 1).map(glen).sum();
        num.style = NumberStyle {
            decimal_sep: Some(last as char),
            decimals: glen(groups.len() - 1).min(255) as u8,
            ..int_style(int_digits, Some(seps[0] as char))
        };
    } else {
        num.shape = Shape::Dotted;
    }
    Ok(num)
}

// ---------------------------------------------------------------------------------------------
// Context vocabulary

fn is_letter(c: char) -> bool {
    crate::text::chars::is_alphabetic(c) || ('\u{300}'..='\u{36f}').contains(&c)
}

fn is_word_char(c: char) -> bool {
    is_letter(c) || c.is_ascii_digit()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    None,
    Ordinal,
    Standard,
    Day,
    Month,
    Year,
    /// `giai đoạn`: a year (span) or a phase label.
    YearOrLabel,
    Doc,
    Road,
    Label,
    /// `tổng số`: a plain quantity follows.
    Total,
}

const ORDINAL: &[&str] = &["thứ"];
const STANDARD: &[&str] = &["iso", "tcvn", "qcvn", "iec"];
const DAY: &[&str] = &["ngày", "hôm", "đêm", "sáng", "chiều", "tối", "mùng", "mồng"];
const MONTH: &[&str] = &["tháng"];
const YEAR: &[&str] =
    &["năm học", "niên khóa", "niên khoá", "niên độ", "nhiệm kỳ", "năm", "vụ mùa", "vụ đông xuân", "vụ hè thu"];
const YEAR_OR_LABEL: &[&str] = &["giai đoạn"];
const DOC: &[&str] = &[
    "thông tư liên tịch",
    "nghị quyết",
    "nghị định",
    "quyết định",
    "thông tư",
    "chỉ thị",
    "công văn",
    "quy định",
    "kết luận",
    "công điện",
    "thông báo",
    "hướng dẫn",
    "đề án",
    "tờ trình",
    "pháp lệnh",
    "luật số",
    "nq",
    "qđ",
    "nđ",
];
/// Words before `số` that make `số N` a document number.
const DOC_BEFORE_SO: &[&str] = &[
    "kế hoạch",
    "báo cáo",
    "văn bản",
    "chương trình",
    "giấy phép",
    "giấy chứng nhận",
    "biên bản",
    "hợp đồng",
    "luật",
    "hiệu",
    "ký hiệu",
];
const ROAD: &[&str] = &[
    "quốc lộ",
    "tỉnh lộ",
    "huyện lộ",
    "hương lộ",
    "đường tỉnh",
    "đường huyện",
    "đường",
    "phố",
    "ngõ",
    "ngách",
    "hẻm",
    "kiệt",
    "ql",
    "tl",
    "đt",
    "hl",
];
const LABEL: &[&str] = &[
    "tổ dân phố",
    "khu dân cư",
    "khu phố",
    "khu vực",
    "phân khu",
    "khu",
    "tổ",
    "tdp",
    "kdc",
    "thôn",
    "xóm",
    "ấp",
    "bản",
    "buôn",
    "khối",
    "phường",
    "quận",
    "lớp",
    "đợt",
    "lần",
    "mức độ",
    "mức",
    "cấp độ",
    "cấp",
    "loại",
    "hạng",
    "nhóm",
    "phòng",
    "điều",
    "khoản",
    "điểm",
    "mục",
    "chương",
    "phần",
    "phụ lục",
    "biểu",
    "bảng",
    "mẫu",
    "vòng",
    "học kỳ",
    "kỳ",
    "khóa",
    "khoá",
    "quý",
    "tuần",
    "độ tuổi",
    "tuổi",
    "đối tượng",
    "trung đội",
    "tiểu đội",
    "đội",
    "trạm",
    "lô",
    "thửa",
    "tờ",
    "cụm",
    "dãy",
    "nhà",
    "căn",
    "tầng",
    "tiêu chí",
    "câu",
    "bài",
    "trang",
    "nhiệm vụ",
    "giải pháp",
    "chương trình",
    "vùng",
    "mũi",
    "cổng",
    "cửa",
];
const SCALES_1_N: &[u64] = &[100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 25000, 50000, 100000];

const BOUNDS: &[(&str, Bound)] = &[
    ("không vượt quá", Bound::AtMost),
    ("không quá", Bound::AtMost),
    ("tối đa", Bound::AtMost),
    ("không dưới", Bound::AtLeast),
    ("ít nhất", Bound::AtLeast),
    ("tối thiểu", Bound::AtLeast),
    ("vượt quá", Bound::Above),
    ("vượt", Bound::Above),
    ("trên", Bound::Above),
    ("hơn", Bound::Above),
    ("chưa đến", Bound::Below),
    ("chưa tới", Bound::Below),
    ("dưới", Bound::Below),
    ("khoảng chừng", Bound::About),
    ("khoảng", Bound::About),
    ("xấp xỉ", Bound::About),
    ("chừng", Bound::About),
    ("gần", Bound::Nearly),
];

const ESTIMATE: &[&str] =
    &["ước thực hiện đạt", "ước thực hiện", "ước tính đạt", "ước tính", "ước đạt", "dự ước", "ước"];

const DASHES: &[char] = &['-', '–', '—', '−', '~'];

// ---------------------------------------------------------------------------------------------
// The scanner

struct Scanner<'a> {
    line: &'a str,
    f: &'a str,
    fd: &'a Folded,
    out: &'a mut Lexed,
    /// End of the last thing consumed (quantity or skipped); bound words start after it.
    last_end: usize,
    /// End of the last quantity (for `=`).
    last_q_end: Option<usize>,
    /// Where the line's content starts (after indentation and Markdown markup).
    content_start: usize,
}

/// A candidate quantity being assembled.
struct Cand {
    nums: Vec<Num>,
    value_kind: VK,
    unit: Option<UnitMatch>,
    compound: Option<(CompoundStyle, Decimal, usize)>, // style, value, end of numeric part
    start: usize,
    end: usize,
    from_word: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum VK {
    Exact,
    Range,
    Fraction,
}

impl<'a> Scanner<'a> {
    fn run(&mut self) {
        let b = self.f.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let next = self.token(i);
            i = next.max(i + 1);
            // `next` is always on a char boundary; stay on one.
            while i < b.len() && !self.f.is_char_boundary(i) {
                i += 1;
            }
        }
    }

    // ----- small helpers -----

    fn orig(&self, r: Range<usize>) -> Range<u32> {
        let r = self.fd.range_to_original(r);
        r.start as u32..r.end as u32
    }

    fn skip(&mut self, start: usize, end: usize, kind: NotQuantity) -> usize {
        let end = end.max(start);
        let range = self.orig(start..end);
        self.out.skipped.push(Skipped { range, kind });
        self.last_end = self.last_end.max(end);
        end
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.f.get(i..)?.chars().next()
    }

    fn char_before(&self, i: usize) -> Option<char> {
        self.f.get(..i)?.chars().next_back()
    }

    /// Skip spaces and markup backwards from `i` (at most [`MAX_GAP`] bytes).
    fn gap_back(&self, i: usize) -> usize {
        let b = self.f.as_bytes();
        let mut j = i;
        let limit = i.saturating_sub(MAX_GAP);
        while j > limit {
            match b[j - 1] {
                b' ' | b'\t' | b'\r' | b'*' | b'_' => j -= 1,
                0xA0 if j >= 2 && b[j - 2] == 0xC2 => j -= 2,
                _ => break,
            }
        }
        j
    }

    /// The phrase (from `phrases`, longest first) ending right before `i` (after a gap), at a
    /// word boundary: its start.
    fn phrase_before(&self, i: usize, phrases: &[&'static str]) -> Option<(usize, &'static str)> {
        let j = self.gap_back(i);
        let head = &self.f[..j];
        let mut best: Option<(usize, &'static str)> = None;
        let last = head.as_bytes().last().copied();
        for &p in phrases {
            if p.as_bytes().last().copied() == last && head.ends_with(p) {
                let s = j - p.len();
                if self.char_before(s).is_some_and(is_word_char) {
                    continue;
                }
                if best.is_none_or(|(bs, _)| s < bs) {
                    best = Some((s, p));
                }
            }
        }
        best
    }

    fn bound_before(&self, i: usize) -> Option<(usize, Bound)> {
        let j = self.gap_back(i);
        let head = &self.f[..j];
        let last = head.as_bytes().last().copied();
        for &(p, b) in BOUNDS {
            if p.as_bytes().last().copied() == last && head.ends_with(p) {
                let s = j - p.len();
                // (`ngân sách cấp trên 25 tỷ đồng`: the level above, not a bound.)
                let level = matches!(p, "trên" | "dưới") && {
                    let h = self.f[..s].trim_end();
                    h.ends_with("cấp") && !h[..h.len() - "cấp".len()].chars().next_back().is_some_and(is_word_char)
                };
                if !self.char_before(s).is_some_and(is_word_char) && !level {
                    return Some((s, b));
                }
            }
        }
        None
    }

    fn word_after(&self, i: usize, w: &str) -> Option<usize> {
        let j = skip_gap(self.f, i);
        let rest = self.f.get(j..)?;
        if rest.starts_with(w) && !rest[w.len()..].chars().next().is_some_and(is_word_char) {
            Some(j + w.len())
        } else {
            None
        }
    }

    /// End of a run of non-space characters that are not sentence punctuation.
    fn token_run_end(&self, i: usize) -> usize {
        let mut end = i;
        for (k, c) in self.f[i..].char_indices() {
            if c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '[' | ']' | '"' | '“' | '”' | '*') {
                break;
            }
            end = i + k + c.len_utf8();
        }
        // A final full stop ends the sentence, not the identifier.
        while end > i && self.f.as_bytes()[end - 1] == b'.' {
            end -= 1;
        }
        end
    }

    /// End of a run of letters and digits (continuing over `.` or `-` between them:
    /// `T2.1`, `SARS-CoV-2`).
    fn alnum_run_end(&self, i: usize) -> usize {
        let mut end = i;
        let mut it = self.f[i..].char_indices().peekable();
        while let Some((k, c)) = it.next() {
            if is_word_char(c) {
                end = i + k + c.len_utf8();
                continue;
            }
            if matches!(c, '.' | '-') && it.peek().is_some_and(|&(_, n)| is_word_char(n)) {
                continue;
            }
            break;
        }
        end
    }

    fn orig_is_upper_at(&self, i: usize) -> bool {
        let o = self.fd.to_original(i);
        self.line.get(o..).and_then(|s| s.chars().next()).is_some_and(crate::text::chars::is_uppercase)
    }

    // ----- context before a number -----

    fn context(&self, i: usize) -> (Ctx, usize) {
        let f = self.f;
        // `Số: 4293`, `số:01/...`: step over a colon right before the number.
        let j0 = self.gap_back(i);
        let (j, colon) =
            if j0 > 0 && f.as_bytes()[j0 - 1] == b':' { (self.gap_back(j0 - 1), true) } else { (j0, false) };
        let before = |phr: &[&'static str]| self.phrase_before(j, phr);
        if let Some((s, _)) = before(&["số"]) {
            // `tổng số 5`: a quantity; `Kế hoạch số 07`: a document; `nhà số 5`: a label.
            if self.phrase_before(s, &["tổng", "có", "với", "chiếm"]).is_some() {
                return (Ctx::Total, s);
            }
            if colon
                || s <= self.content_start
                || self.phrase_before(s, DOC).is_some()
                || self.phrase_before(s, DOC_BEFORE_SO).is_some()
            {
                return (Ctx::Doc, s);
            }
            return (Ctx::Label, s);
        }
        if colon {
            return (Ctx::None, i);
        }
        if let Some((s, _)) = before(ORDINAL) {
            return (Ctx::Ordinal, s);
        }
        if let Some((s, _)) = before(STANDARD) {
            return (Ctx::Standard, s);
        }
        if let Some((s, _)) = before(DOC) {
            return (Ctx::Doc, s);
        }
        if let Some((s, _)) = before(DAY) {
            return (Ctx::Day, s);
        }
        if let Some((s, _)) = before(MONTH) {
            return (Ctx::Month, s);
        }
        if let Some((s, _)) = before(YEAR_OR_LABEL) {
            return (Ctx::YearOrLabel, s);
        }
        if let Some((s, _)) = before(YEAR) {
            return (Ctx::Year, s);
        }
        if let Some((s, _)) = before(LABEL) {
            // `số lớp 16`, `số khu`: a count of them, not a label.
            if self.phrase_before(s, &["số"]).is_some() {
                return (Ctx::Total, s);
            }
            return (Ctx::Label, s);
        }
        if let Some((s, _)) = before(ROAD) {
            return (Ctx::Road, s);
        }
        (Ctx::None, i)
    }

    // ----- one token -----

    /// Handle the digits starting at `i`; returns where to continue.
    fn token(&mut self, i: usize) -> usize {
        let f = self.f;
        let b = f.as_bytes();
        // (a) Digits glued to a letter before: `F0`, `TDP3`, `QL1A`, `H5N1`.
        if let Some(p) = self.char_before(i) {
            if is_letter(p) {
                let end = self.alnum_run_end(i);
                return self.skip(i, end, NotQuantity::Identifier);
            }
            // `QĐ-23`, `Covid-19`, `Covid - 19`.
            if DASHES.contains(&p) {
                let dash = i - p.len_utf8();
                let before_dash = self.char_before(dash);
                let spaced_covid = self.phrase_before(dash, &["covid", "sars-cov"]).is_some();
                if before_dash.is_some_and(is_letter) || spaced_covid {
                    let end = self.alnum_run_end(i);
                    return self.skip(i, end, NotQuantity::Identifier);
                }
            }
        }
        if self.phrase_before(i, &["covid -", "covid –", "covid-", "covid"]).is_some() {
            let end = self.alnum_run_end(i);
            return self.skip(i, end, NotQuantity::Identifier);
        }
        // (b) The numeral.
        let n1 = match parse_num(f, i) {
            Ok(n) => n,
            Err(end) => return self.skip(i, end, NotQuantity::Other),
        };
        let e1 = n1.end;
        let next = self.char_at(e1);
        // (c) Footnote markers: `[1]`, `[^1]`, `(1)`.
        if n1.is_int() {
            let p = self.char_before(i);
            let pp = p.and_then(|p| self.char_before(i - p.len_utf8()));
            if (p == Some('[') || (p == Some('^') && pp == Some('['))) && next == Some(']') {
                return self.skip(i, e1 + 1, NotQuantity::Marker);
            }
            if p == Some('(') && next == Some(')') {
                return self.skip(i, e1 + 1, NotQuantity::Marker);
            }
        }
        // (d) Phone numbers: a leading 0 and 9 to 11 digits, possibly in groups.
        if let Some(end) = self.phone(&n1) {
            return self.skip(i, end, NotQuantity::Phone);
        }
        // (e) A heading number at the start of the line.
        if i == self.content_start && (n1.is_int() || n1.small_dotted) {
            let glued_mark = matches!(next, Some('.' | ')' | '-' | '–' | ':'))
                && !self.char_at(e1 + 1).is_some_and(|c| c.is_ascii_digit());
            if glued_mark {
                let end = e1 + next.map_or(0, |c| c.len_utf8());
                return self.skip(i, end, NotQuantity::Heading);
            }
            if n1.small_dotted && next.is_some_and(|c| c == ' ' || c == '\t') && match_unit(f, e1).is_none() {
                return self.skip(i, e1, NotQuantity::Heading);
            }
        }
        if matches!(n1.shape, Shape::List) {
            // `khối 1,2,3,4`: a list of labels, never a decimal.
            return self.skip(i, e1, NotQuantity::List);
        }
        let (ctx, _ctx_start) = self.context(i);
        if matches!(n1.shape, Shape::Dotted) {
            if let Some(d) = self.dotted_date(&n1) {
                return self.skip(i, e1, d);
            }
            let kind = if n1.small_dotted && matches!(ctx, Ctx::Label | Ctx::Doc) {
                NotQuantity::Label
            } else {
                NotQuantity::Other
            };
            return self.skip(i, e1, kind);
        }
        // (f) Glued forms after the number.
        if next == Some(':') && self.char_at(e1 + 1).is_some_and(|c| c.is_ascii_digit()) && n1.is_int() {
            // `9001:2015`, `7:30`.
            let n2 = parse_num(f, e1 + 1).map(|n| n.end).unwrap_or_else(|e| e);
            let kind = if ctx == Ctx::Standard || n1.digits >= 3 { NotQuantity::Standard } else { NotQuantity::Time };
            return self.skip(i, n2, kind);
        }
        if let Some((end, day, month, year)) = self.dash_date(&n1) {
            return self.skip(i, end, NotQuantity::Date { day: Some(day), month: Some(month), year: Some(year) });
        }
        if next.is_some_and(|c| DASHES.contains(&c))
            && self.char_at(e1 + next.map_or(0, |c| c.len_utf8())).is_some_and(is_letter)
        {
            // `13-NQ/ĐU`, `08-ĐA/HU`, `11-QĐi/TW`.
            let end = self.token_run_end(e1);
            let kind = if f[e1..end].contains('/') { NotQuantity::DocNumber } else { NotQuantity::Identifier };
            return self.skip(i, end, kind);
        }
        if next.is_some_and(is_letter) {
            let glued_unit = match_unit(f, e1).is_some_and(|u| u.start == e1);
            if !glued_unit {
                // `7h30`, `7h`; otherwise an identifier (`5K`, `1A`).
                if next == Some('h') && n1.int().is_some_and(|v| v <= 24) {
                    let after = self.char_at(e1 + 1);
                    if !after.is_some_and(is_letter) {
                        let end =
                            if after.is_some_and(|c| c.is_ascii_digit()) { self.alnum_run_end(e1 + 1) } else { e1 + 1 };
                        return self.skip(i, end, NotQuantity::Time);
                    }
                }
                let end = self.alnum_run_end(i);
                return self.skip(i, end, NotQuantity::Identifier);
            }
        }
        if ctx == Ctx::Standard && n1.is_int() {
            // `ISO 9001: 2015`, `TCVN 5945`.
            let mut end = e1;
            if b.get(e1) == Some(&b':') {
                let j = if b.get(e1 + 1) == Some(&b' ') { e1 + 2 } else { e1 + 1 };
                if b.get(j).is_some_and(|c| c.is_ascii_digit()) {
                    end = parse_num(f, j).map(|n| n.end).unwrap_or_else(|e| e);
                }
            }
            return self.skip(i, end, NotQuantity::Standard);
        }
        if ctx == Ctx::Ordinal && n1.is_int() {
            return self.skip(i, e1, NotQuantity::Ordinal);
        }
        // (g) Slash forms.
        let mut frac: Option<Num> = None;
        {
            let k = if b.get(e1) == Some(&b' ') && b.get(e1 + 1) == Some(&b'/') { e1 + 1 } else { e1 };
            if b.get(k) == Some(&b'/') {
                let m = if b.get(k + 1) == Some(&b' ') { k + 2 } else { k + 1 };
                let c = self.char_at(m);
                if c.is_some_and(is_letter) && (self.orig_is_upper_at(m) || ctx == Ctx::Doc) {
                    // `07/KH-UBND`, `4293 /BC-UBND`.
                    let end = self.token_run_end(m);
                    return self.skip(i, end, NotQuantity::DocNumber);
                }
                if c.is_some_and(|c| c.is_ascii_digit()) {
                    if let Ok(n2) = parse_num(f, m) {
                        let e2 = n2.end;
                        if b.get(e2) == Some(&b'/') {
                            let c3 = self.char_at(e2 + 1);
                            if c3.is_some_and(is_letter) {
                                let end = self.token_run_end(e2 + 1);
                                return self.skip(i, end, NotQuantity::DocNumber);
                            }
                            if c3.is_some_and(|c| c.is_ascii_digit()) {
                                let n3 = match parse_num(f, e2 + 1) {
                                    Ok(n) => n,
                                    Err(end) => return self.skip(i, end, NotQuantity::Other),
                                };
                                let mut end = n3.end;
                                if b.get(end) == Some(&b'/') && self.char_at(end + 1).is_some_and(is_letter) {
                                    end = self.token_run_end(end + 1);
                                    return self.skip(i, end, NotQuantity::DocNumber);
                                }
                                let kind = match (n1.int(), n2.int(), n3.int()) {
                                    (Some(d), Some(mo), Some(y)) if n3.digits == 4 || n3.digits == 2 => {
                                        NotQuantity::Date {
                                            day: Some(d as u32),
                                            month: Some(mo as u32),
                                            year: Some(y as u32),
                                        }
                                    }
                                    _ => NotQuantity::Other,
                                };
                                return self.skip(i, end, kind);
                            }
                        }
                        if n2.numeric() {
                            frac = Some(n2);
                        }
                    }
                }
            }
        }
        if let Some(n2) = &frac {
            if let Some(r) = self.two_part(&n1, n2, ctx) {
                return r;
            }
        }
        // (h) Date words.
        if frac.is_none() && n1.is_int() {
            match ctx {
                Ctx::Day if n1.int().is_some_and(|d| (1..=31).contains(&d)) => {
                    let (end, month, year) = self.date_tail(e1);
                    return self.skip(i, end, NotQuantity::Date { day: n1.int().map(|v| v as u32), month, year });
                }
                Ctx::Month if n1.int().is_some_and(|m| (1..=12).contains(&m)) => {
                    let (end, year) = self.year_tail(e1);
                    return self.skip(i, end, NotQuantity::Date { day: None, month: n1.int().map(|v| v as u32), year });
                }
                _ => {}
            }
            // `20 tháng 12 [năm 2022]`.
            if n1.int().is_some_and(|d| (1..=31).contains(&d)) {
                if let Some(after_thang) = self.word_after(e1, "tháng") {
                    let j = skip_gap(f, after_thang);
                    if b.get(j).is_some_and(|c| c.is_ascii_digit()) {
                        let (end, month, year) = self.date_tail(e1);
                        if month.is_some() {
                            return self.skip(
                                i,
                                end,
                                NotQuantity::Date { day: n1.int().map(|v| v as u32), month, year },
                            );
                        }
                    }
                }
            }
        }
        // (i) Assemble: fraction, compound money, range, unit.
        let mut cand = Cand {
            nums: vec![n1.clone()],
            value_kind: VK::Exact,
            unit: None,
            compound: None,
            start: i,
            end: e1,
            from_word: None,
        };
        if let Some(n2) = frac {
            cand.value_kind = VK::Fraction;
            cand.end = n2.end;
            cand.nums.push(n2);
            cand.unit = match_unit(f, cand.end);
        } else if let Some(c) = self.compound(&n1) {
            cand.end = c.2;
            cand.unit = Some(c.3);
            cand.compound = Some((c.0, c.1, c.4));
        } else {
            cand.from_word = self.phrase_before(i, &["từ"]).map(|(s, _)| s).filter(|&s| s >= self.last_end);
            let u1 = match_unit(f, e1);
            if let Some(n2) = self.range_hi(&n1, u1.as_ref(), cand.from_word.is_some()) {
                let u2 = match_unit(f, n2.end);
                let same = match (&u1, &u2) {
                    (None, _) => true,
                    (Some(a), Some(b2)) => a.name == b2.name && a.per == b2.per,
                    (Some(_), None) => false,
                };
                if same {
                    cand.value_kind = VK::Range;
                    cand.end = n2.end;
                    cand.nums.push(n2);
                    cand.unit = u2;
                } else {
                    cand.unit = u1;
                }
            } else {
                cand.unit = u1;
            }
        }
        if cand.value_kind != VK::Range {
            cand.from_word = None;
        }
        // `điểm dân cư số 2 Khu La A`, `Tổ 3 Khu 2`: after a label word, a capitalised "unit"
        // is a proper name.
        if matches!(ctx, Ctx::Label | Ctx::Doc | Ctx::Road | Ctx::Year | Ctx::YearOrLabel)
            && cand.compound.is_none()
            && cand.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Count && self.orig_is_upper_at(u.start))
        {
            cand.unit = None;
        }
        let has_unit = cand.unit.is_some();
        let measure_unit = cand.unit.as_ref().is_some_and(|u| matches!(u.kind, UnitKind::Length | UnitKind::Area));
        let all_label_like = cand.nums.iter().all(|n| n.label_like());
        let cand_end = cand.unit.as_ref().map_or(cand.end, |u| u.end.max(cand.end));
        // (j) Years and year spans.
        let years: Option<(u32, Option<u32>)> = match cand.value_kind {
            VK::Exact if cand.compound.is_none() => n1.year_like().map(|y| (y, None)),
            VK::Range => {
                let lo = n1.year_like();
                let n2 = &cand.nums[1];
                let hi = match (lo, n2.plain) {
                    (Some(lo), Some(h)) if n2.digits == 4 && (lo as u64..=lo as u64 + 100).contains(&h) => {
                        Some(h as u32)
                    }
                    (Some(lo), Some(h)) if n2.digits == 2 && (h as u32) > lo % 100 => Some(lo / 100 * 100 + h as u32),
                    _ => None,
                };
                lo.zip(hi).map(|(l, h)| (l, Some(h)))
            }
            _ => None,
        };
        let bound_here = self
            .bound_before(cand.from_word.unwrap_or(i))
            .filter(|(s, _)| *s >= self.last_end)
            // `trên 07 lĩnh vực` ("in 07 fields"): nobody pads a bound with zeros.
            .filter(|(s, b)| !(*b == Bound::Above && n1.leading_zero && f[*s..].starts_with("trên")));
        if let Some((y, span)) = years {
            let year_ctx = matches!(ctx, Ctx::Year | Ctx::YearOrLabel);
            if year_ctx || (!has_unit && bound_here.is_none()) {
                let kind = match span {
                    Some(h) => NotQuantity::YearSpan(y, h),
                    None => NotQuantity::Year(y),
                };
                return self.skip(cand.from_word.unwrap_or(i), cand.end, kind);
            }
        }
        // (k) Refusals from the context.
        match ctx {
            Ctx::Year | Ctx::YearOrLabel if all_label_like && !has_unit => {
                return self.skip(i, cand.end, NotQuantity::Label);
            }
            Ctx::Doc if all_label_like && !has_unit => {
                let end = self.list_tail(cand.end);
                return self.skip(i, end, NotQuantity::DocNumber);
            }
            Ctx::Label if all_label_like && !has_unit => {
                let end = self.list_tail(cand.end);
                return self.skip(i, end, NotQuantity::Label);
            }
            Ctx::Road if all_label_like && !measure_unit => {
                return self.skip(i, cand.end, NotQuantity::Road);
            }
            _ => {}
        }
        if cand.value_kind == VK::Fraction {
            // A map scale: `tỷ lệ 1/500` (whatever follows), `1/2000` without unit.
            let (num, den) = (&cand.nums[0], &cand.nums[1]);
            let tyle = self.phrase_before(i, &["tỷ lệ", "tỉ lệ"]).is_some();
            if num.int() == Some(1)
                && den.int().is_some_and(|d| (tyle && d >= 100) || (!has_unit && SCALES_1_N.contains(&d)))
            {
                return self.skip(i, cand.end, NotQuantity::Scale);
            }
        }
        self.emit(cand, cand_end, bound_here)
    }

    /// A two-part `a/b` that is a date, a road, a scale or a label, not a fraction.
    fn two_part(&mut self, n1: &Num, n2: &Num, ctx: Ctx) -> Option<usize> {
        let (i, e2) = (n1.start, n2.end);
        let day_month = |a: &Num, b: &Num| {
            a.int().is_some_and(|d| (1..=31).contains(&d)) && b.int().is_some_and(|m| (1..=12).contains(&m))
        };
        let date = |d: &Num, m: &Num| NotQuantity::Date {
            day: d.int().map(|v| v as u32),
            month: m.int().map(|v| v as u32),
            year: None,
        };
        // `tỷ lệ 1/2000`: a map scale, even when the denominator looks like a year.
        if n1.int() == Some(1)
            && n2.int().is_some_and(|d| d >= 100)
            && self.phrase_before(i, &["tỷ lệ", "tỉ lệ"]).is_some()
        {
            return Some(self.skip(i, e2, NotQuantity::Scale));
        }
        match ctx {
            Ctx::Day if n1.is_int() && n2.is_int() => return Some(self.skip(i, e2, date(n1, n2))),
            Ctx::Month if n1.is_int() && n2.is_int() => {
                let kind = NotQuantity::Date {
                    day: None,
                    month: n1.int().map(|v| v as u32),
                    year: n2.int().map(|v| v as u32),
                };
                return Some(self.skip(i, e2, kind));
            }
            Ctx::Road if n1.is_int() && n2.is_int() => return Some(self.skip(i, e2, NotQuantity::Road)),
            Ctx::Doc | Ctx::Label | Ctx::Ordinal if n1.is_int() && n2.is_int() => {
                let kind = if ctx == Ctx::Doc { NotQuantity::DocNumber } else { NotQuantity::Label };
                return Some(self.skip(i, e2, kind));
            }
            _ => {}
        }
        // `10/2020`: month and year.
        if n1.int().is_some_and(|m| (1..=12).contains(&m)) && n2.year_like().is_some() {
            let kind = NotQuantity::Date { day: None, month: n1.int().map(|v| v as u32), year: n2.year_like() };
            return Some(self.skip(i, e2, kind));
        }
        let has_unit = match_unit(self.f, e2).is_some();
        if !has_unit && n1.is_int() && n2.is_int() && day_month(n1, n2) {
            let (a, b) = (n1.int().unwrap_or(0), n2.int().unwrap_or(0));
            if n1.leading_zero || n2.leading_zero || a > b {
                return Some(self.skip(i, e2, date(n1, n2)));
            }
        }
        None
    }

    /// `tháng M [năm Y]` or `/M[/Y]` after a day ending at `e`: (end, month, year).
    fn date_tail(&self, e: usize) -> (usize, Option<u32>, Option<u32>) {
        let f = self.f;
        if let Some(after) = self.word_after(e, "tháng") {
            let j = skip_gap(f, after);
            if !f.as_bytes().get(j).is_some_and(|c| c.is_ascii_digit()) {
                return (e, None, None);
            }
            if let Ok(m) = parse_num(f, j) {
                if m.is_int() {
                    let (end, year) = self.year_tail(m.end);
                    return (end, m.int().map(|v| v as u32), year);
                }
            }
        }
        (e, None, None)
    }

    /// `năm Y` or `/Y` after a month ending at `e`: (end, year).
    fn year_tail(&self, e: usize) -> (usize, Option<u32>) {
        let f = self.f;
        let b = f.as_bytes();
        if b.get(e) == Some(&b'/') && b.get(e + 1).is_some_and(|c| c.is_ascii_digit()) {
            if let Ok(y) = parse_num(f, e + 1) {
                if y.is_int() {
                    return (y.end, y.int().map(|v| v as u32));
                }
            }
        }
        if let Some(after) = self.word_after(e, "năm") {
            let j = skip_gap(f, after);
            if b.get(j).is_some_and(|c| c.is_ascii_digit()) {
                if let Ok(y) = parse_num(f, j) {
                    if y.is_int() {
                        return (y.end, y.int().map(|v| v as u32));
                    }
                }
            }
        }
        (e, None)
    }

    /// `15-01-2020`, `15-1-20`: (end, day, month, year).
    fn dash_date(&self, n1: &Num) -> Option<(usize, u32, u32, u32)> {
        let f = self.f;
        let b = f.as_bytes();
        let d = n1.int().filter(|d| (1..=31).contains(d) && n1.digits <= 2)? as u32;
        let digits_at = |j: usize| {
            let mut k = j;
            while k < b.len() && b[k].is_ascii_digit() {
                k += 1;
            }
            k
        };
        if b.get(n1.end) != Some(&b'-') {
            return None;
        }
        let m_end = digits_at(n1.end + 1);
        let m: u32 = f[n1.end + 1..m_end].parse().ok()?;
        if !(1..=12).contains(&m) || m_end - (n1.end + 1) > 2 || b.get(m_end) != Some(&b'-') {
            return None;
        }
        let y_end = digits_at(m_end + 1);
        let ylen = y_end - (m_end + 1);
        let y: u32 = f[m_end + 1..y_end].parse().ok()?;
        (ylen == 4 || ylen == 2).then_some((y_end, d, m, y))
    }

    /// `15.01.2020`.
    fn dotted_date(&self, n: &Num) -> Option<NotQuantity> {
        if n.groups.len() != 3 {
            return None;
        }
        let g = |k: usize| self.f[n.groups[k].0..n.groups[k].1].parse::<u32>().ok();
        let (d, m, y) = (g(0)?, g(1)?, g(2)?);
        let ylen = n.groups[2].1 - n.groups[2].0;
        ((1..=31).contains(&d) && (1..=12).contains(&m) && (ylen == 4 || ylen == 2)).then_some(NotQuantity::Date {
            day: Some(d),
            month: Some(m),
            year: Some(y),
        })
    }

    /// Integers continuing a list after a document number or label: `số 15, 16`, `Tổ 3 và 4`.
    fn list_tail(&self, mut end: usize) -> usize {
        let f = self.f;
        let b = f.as_bytes();
        loop {
            let mut j = end;
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            if b.get(j) == Some(&b',') {
                j += 1;
            } else if let Some(a) = self.word_after(j, "và") {
                j = a;
            } else {
                break;
            }
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            if !b.get(j).is_some_and(|c| c.is_ascii_digit()) {
                break;
            }
            match parse_num(f, j) {
                Ok(n)
                    if n.is_int()
                        && match_unit(f, n.end).is_none()
                        && !self.char_at(n.end).is_some_and(|c| is_letter(c) || c == '/') =>
                {
                    end = n.end
                }
                _ => break,
            }
        }
        end
    }

    /// Phone numbers: end of the number.
    fn phone(&self, n: &Num) -> Option<usize> {
        let f = self.f;
        if !f[n.start..].starts_with('0') {
            return None;
        }
        if (9..=11).contains(&n.digits)
            && !matches!(n.shape, Shape::Decimal | Shape::Ambiguous(_))
            && n.groups.len() <= 4
        {
            // `0912345678`, `0912.345.678`.
            if n.groups.len() == 1 || n.groups[0].1 - n.groups[0].0 >= 3 {
                return Some(n.end);
            }
        }
        // `0234 3822 123`, `0912 345 678`.
        if n.is_int() && (3..=4).contains(&n.digits) {
            let b = f.as_bytes();
            let mut total = n.digits;
            let mut end = n.end;
            let mut j = n.end;
            while total < 11 && b.get(j) == Some(&b' ') && b.get(j + 1).is_some_and(|c| c.is_ascii_digit()) {
                let s = j + 1;
                let mut k = s;
                while k < b.len() && b[k].is_ascii_digit() {
                    k += 1;
                }
                if !(2..=4).contains(&(k - s)) {
                    break;
                }
                total += k - s;
                end = k;
                j = k;
            }
            if (9..=11).contains(&total) && !self.char_at(end).is_some_and(is_word_char) {
                return Some(end);
            }
        }
        None
    }

    /// Compound money after the integer `n1`: `58 tỷ 123 triệu [đồng]`,
    /// `1 tỷ 422 triệu 900 nghìn đồng`. Returns (style, value in top units, end of the numeric
    /// part, unit, end of the numeric part).
    fn compound(&self, n1: &Num) -> Option<(CompoundStyle, Decimal, usize, UnitMatch, usize)> {
        if !n1.is_int() {
            return None;
        }
        let f = self.f;
        let b = f.as_bytes();
        let s1 = skip_gap(f, n1.end);
        let (top, mut pos, w1) = scale_word_at(f, s1)?;
        let mut words = vec![(top, w1.to_string())];
        let mut total: i128 = i128::from(n1.int()?);
        total = total.checked_mul(10i128.checked_pow(top)?)?;
        let mut last_exp = top;
        let mut padded = false;
        let mut numeric_end = pos;
        loop {
            let j = skip_gap(f, pos);
            if !b.get(j).is_some_and(|c| c.is_ascii_digit()) {
                break;
            }
            let Ok(g) = parse_num(f, j) else { break };
            if !g.is_int() || g.digits > 3 {
                break;
            }
            let k = skip_gap(f, g.end);
            let Some((exp, wend, w)) = scale_word_at(f, k) else { break };
            if exp >= last_exp {
                break;
            }
            padded |= g.digits == 3 && g.leading_zero;
            total = total.checked_add(i128::from(g.int()?).checked_mul(10i128.checked_pow(exp)?)?)?;
            words.push((exp, w.to_string()));
            last_exp = exp;
            pos = wend;
            numeric_end = wend;
        }
        if words.len() < 2 {
            return None;
        }
        let value = Decimal::try_from_i128_with_scale(total, top).ok()?.normalize();
        let top_name = match top {
            9 => "tỷ",
            6 => "triệu",
            _ => "nghìn",
        };
        let unit_start = s1;
        let (cur, end, implied) = match currency_at(f, skip_gap(f, numeric_end)) {
            Some((c, e)) => (c, e, false),
            None => (super::Currency::Vnd, numeric_end, true),
        };
        let unit = UnitMatch {
            start: unit_start,
            end,
            kind: UnitKind::Money(cur),
            name: super::units::money_name(top_name, cur),
            scale: Decimal::from(10i64.pow(top)),
            per: Vec::new(),
            implied_currency: implied,
            bare_scale: false,
        };
        Some((CompoundStyle { words, padded }, value, numeric_end, unit, numeric_end))
    }

    /// The upper end of a range after `n1` (and its unit `u1`, if the unit is repeated):
    /// `51-55`, `2020 – 2025`, `80% – 100%`, `từ 5 đến 7`.
    fn range_hi(&self, n1: &Num, u1: Option<&UnitMatch>, from: bool) -> Option<Num> {
        if !n1.numeric() {
            return None;
        }
        let f = self.f;
        let b = f.as_bytes();
        let after = u1.map_or(n1.end, |u| u.end);
        let j = skip_gap(f, after);
        let c = self.char_at(j)?;
        // `0,687 -1,183` (a space before the sign, none after): two cells, the second signed
        // (not a school year, `2020 -2021`).
        let signed = matches!(c, '-' | '−') && n1.year_like().is_none() && j > after && b.get(j + c.len_utf8()).is_some_and(|d| d.is_ascii_digit());
        let k = if DASHES.contains(&c) && (from || !signed) {
            j + c.len_utf8()
        } else if from {
            self.word_after(j, "đến").or_else(|| self.word_after(j, "tới"))?
        } else {
            return None;
        };
        let mut k = k;
        while k < b.len() && (b[k] == b' ' || b[k] == b'\t') {
            k += 1;
        }
        if !b.get(k).is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        let n2 = parse_num(f, k).ok()?;
        if !n2.numeric() {
            return None;
        }
        let after2 = self.char_at(n2.end);
        if after2.is_some_and(|c| c == '/' || DASHES.contains(&c))
            || (after2.is_some_and(is_letter) && match_unit(f, n2.end).is_none_or(|u| u.start != n2.end))
        {
            return None;
        }
        // `32,5% - 30,2% - 37,3%`: a dashed series of three values (a structure), no range.
        let series_before = f[..n1.start].trim_end().strip_suffix(DASHES).is_some_and(|t| t.trim_end().ends_with(|c: char| c.is_ascii_digit() || c == '%'));
        let end2 = match_unit(f, n2.end).filter(|u| u.start == n2.end).map_or(n2.end, |u| u.end);
        let j2 = skip_gap(f, end2);
        let series_after = self.char_at(j2).is_some_and(|c| DASHES.contains(&c)) && {
            let k2 = skip_gap(f, j2 + self.char_at(j2).map_or(1, char::len_utf8));
            b.get(k2).is_some_and(|c| c.is_ascii_digit())
        };
        if series_before || series_after {
            return None;
        }
        // `2021-22`: a year span with a short upper year.
        let short_year = n1.year_like().is_some() && n2.is_int() && n2.digits == 2;
        (n1.value <= n2.value || short_year).then_some(n2)
    }

    // ----- emitting a quantity -----

    fn emit(&mut self, cand: Cand, end: usize, bound_here: Option<(usize, Bound)>) -> usize {
        let f = self.f;
        let mut end = end;
        let mut bound = Bound::Exact;
        let mut start = cand.from_word.unwrap_or(cand.start);
        if let Some((s, bd)) = bound_here {
            bound = bd;
            start = s;
        }
        // `… trở lên`, `… trở xuống`.
        if let Some(e) = self.word_after(end, "trở lên") {
            if matches!(bound, Bound::Exact) {
                bound = Bound::AtLeast;
            }
            end = e;
            if cand.from_word.is_none() {
                if let Some((s, _)) = self.phrase_before(start, &["từ"]).filter(|(s, _)| *s >= self.last_end) {
                    start = s;
                }
            }
        } else if let Some(e) = self.word_after(end, "trở xuống") {
            if matches!(bound, Bound::Exact) {
                bound = Bound::AtMost;
            }
            end = e;
        }
        // `ước đạt`, `dự ước` right before.
        let estimated = {
            let j = self.gap_back(start);
            let j = if j > 0 && f.as_bytes()[j - 1] == b':' { j - 1 } else { j };
            // `quy ước`, `hương ước` are conventions, not estimates.
            self.phrase_before(j, ESTIMATE).is_some_and(|(s, p)| {
                s >= self.last_end
                    && !(p == "ước" && self.phrase_before(s, &["quy", "hương", "mong", "điều", "công"]).is_some())
            })
        };
        // Ambiguous separators: choose from the unit.
        let amb_sep = cand.nums.iter().find_map(|n| match n.shape {
            Shape::Ambiguous(s) => Some(s as char),
            _ => None,
        });
        let mut nums = cand.nums;
        let mut ambiguity = None;
        let compute = |nums: &[Num], pick_alt: bool| -> Vec<Decimal> {
            nums.iter()
                .map(|n| match (&n.alt, pick_alt) {
                    (Some((v, _)), true) => *v,
                    _ => n.value,
                })
                .collect()
        };
        let make_value = |vals: &[Decimal]| -> Value {
            match cand.value_kind {
                VK::Exact => Value::Exact(vals[0]),
                VK::Range => Value::Range { lo: vals[0], hi: vals[1] },
                VK::Fraction => Value::Fraction { num: vals[0], den: vals[1] },
            }
        };
        if let Some(sep) = amb_sep {
            let convention = if sep == '.' { Reading::Thousands } else { Reading::Decimal };
            let unit_kind = cand.unit.as_ref().map(|u| u.kind);
            let scale_one = cand.unit.as_ref().is_some_and(|u| u.scale == Decimal::ONE);
            let th_max = nums
                .iter()
                .map(|n| match (&n.shape, &n.alt) {
                    (Shape::Ambiguous(b'.'), _) => n.value,
                    (Shape::Ambiguous(_), Some((v, _))) => *v,
                    _ => n.value,
                })
                .max()
                .unwrap_or_default();
            let (reading, certainty, reason) =
                local_choice(sep, unit_kind, scale_one, th_max, cand.value_kind == VK::Fraction);
            if reading != convention {
                for n in nums.iter_mut() {
                    if let Some((v, s)) = n.alt.take() {
                        n.alt = Some((n.value, std::mem::replace(&mut n.style, s)));
                        n.value = v;
                    }
                }
            }
            let alt_vals = compute(&nums, true);
            ambiguity = Some(Box::new(Ambiguity {
                sep,
                chosen: reading,
                alternative: make_value(&alt_vals),
                local: certainty,
                reason,
            }));
        }
        let vals = compute(&nums, false);
        let (value, style, number_end) = match &cand.compound {
            Some((cs, v, nend)) => {
                (Value::Exact(*v), NumberStyle { compound: Some(Box::new(cs.clone())), ..Default::default() }, *nend)
            }
            None => (make_value(&vals), nums[0].style.clone(), cand.end),
        };
        let numerals: Vec<Numeral> = nums
            .iter()
            .map(|n| Numeral {
                range: self.orig(n.start..n.end),
                value: n.value,
                style: n.style.clone(),
                alt: n.alt.clone().map(Box::new),
            })
            .collect();
        let numerals = if cand.compound.is_some() {
            // The groups of compound money: the leading integer and each smaller group.
            let mut v = numerals;
            v.extend(self.compound_groups(nums[0].end, number_end));
            v
        } else {
            numerals
        };
        let unit = cand.unit.map(|u| Unit {
            kind: u.kind,
            name: u.name,
            scale: u.scale,
            per: u.per.into_boxed_slice(),
            implied_currency: u.implied_currency,
            range: self.orig(u.start..u.end),
        });
        let equals_previous = self.last_q_end.is_some_and(|pe| {
            pe <= start && f[pe..start].trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '_') == "="
        });
        let q = Quantity {
            range: self.orig(start..end),
            number_range: self.orig(cand.start..number_end),
            value,
            numerals: numerals.into_boxed_slice(),
            unit,
            bound,
            estimated,
            style,
            ambiguity,
            equals_previous,
        };
        self.out.quantities.push(q);
        self.last_end = end;
        self.last_q_end = Some(end);
        end
    }

    /// The smaller groups of compound money between `from` and `to` (`123` in `58 tỷ 123 triệu`).
    fn compound_groups(&self, from: usize, to: usize) -> Vec<Numeral> {
        let b = self.f.as_bytes();
        let mut out = Vec::new();
        let mut j = from;
        while j < to {
            if b[j].is_ascii_digit() {
                if let Ok(n) = parse_num(self.f, j) {
                    out.push(Numeral {
                        range: self.orig(n.start..n.end),
                        value: n.value,
                        style: n.style.clone(),
                        alt: None,
                    });
                    j = n.end;
                    continue;
                }
            }
            j += 1;
        }
        out
    }
}
