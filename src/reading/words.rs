//! What the readers share: the words that tie figures in running text (folded to NFC lower
//! case), what kind of figure a quantity is, and where to look for a figure named elsewhere
//! (the sentence, the paragraph, the section's lead).
//!
//! The line extractor's vocabulary ([`crate::figures::lexicon`]) is reused; only the words of
//! ties that span statements live here.

use crate::analysis::Analysis;
use crate::figures::extract::Direction;
use crate::figures::lexicon::{ends_with_word, find_bytes, starts_with_word};
use crate::figures::model::FigId;
use crate::numbers::{Bound, Quantity, UnitKind, Value};

use super::passage::{Passages, Sentence};

/// Words that tie a figure to its counterpart given another way: `42 hộ, tương ứng 8,5%`,
/// `8,5% (tương đương 42 hộ)`, `tăng 310 ha, bằng 0,8%`.
pub const EQUIV: &[&str] = &[
    "tương đương với", "tương đương", "tương ứng với", "tương ứng", "bằng", "=", "tức là", "hay", "tương đương tỷ lệ",
    "tương đương tỉ lệ", "tương ứng tỷ lệ", "tương ứng tỉ lệ", "tương ứng với tỷ lệ", "tương đương với tỷ lệ",
];

/// Words before a percentage that make it the share of a part in a whole.
/// `chiếm` and its longer forms, before a share.
pub const CHIEM: &[&str] = &["chiếm", "chiếm tỷ lệ", "chiếm tỷ trọng", "chiếm tỉ lệ", "chiếm tỉ trọng"];

pub const SHARE_LINKS: &[&str] = &[
    "chiếm tỷ lệ", "chiếm tỉ lệ", "chiếm tỷ trọng", "chiếm", "đạt tỷ lệ", "đạt tỉ lệ", "tỷ lệ", "tỉ lệ", "tỷ lệ là", "tỉ lệ là",
    "với tỷ lệ", "với tỉ lệ", "chiếm khoảng", "chiếm gần", "chiếm trên", "chiếm hơn", "đạt", "bằng", "=", "tương đương",
    "tương ứng", "tương đương tỷ lệ", "tương đương tỉ lệ", "tương ứng tỷ lệ", "tương ứng tỉ lệ", "tương ứng với",
    "tương đương với", "tương ứng với tỷ lệ", "tương đương với tỷ lệ",
];

/// Words after which a figure is the whole a part is taken from: `trên tổng số 1.240 hộ`.
pub const WHOLE_AFTER_PART: &[&str] = &["trên tổng số", "trong tổng số", "trên tổng", "so với tổng số", "trong số", "/ tổng số", "trên"];

/// Words that make a figure a total: `tổng số`, `toàn xã có`, `tổng diện tích tự nhiên`.
pub const TOTAL_WORDS: &[&str] = &["tổng", "toàn", "tất cả", "cả", "chung", "tính chung"];

/// Words after a percentage that make it an index or a percentage of something other than a
/// whole (a plan, the same period last year): `bằng 99,3% so với cùng kỳ`, `đạt 97% kế
/// hoạch`.
pub const NOT_A_SHARE_AFTER: &[&str] = &[
    "kế hoạch", "kh", "dự toán", "chỉ tiêu", "nghị quyết", "nq", "mục tiêu", "nhiệm vụ", "so với", "so", "cùng kỳ", "năm trước",
    "trở lên", "trở xuống", "/năm", "/ năm", "mỗi năm", "một năm", "hằng năm", "hàng năm",
];

/// Words that say a list names only some of the parts.
pub const PARTIAL_WORDS: &[&str] = &[
    "như", "chủ yếu", "một số", "tiêu biểu", "nổi bật", "điển hình", "v.v", "…", "...", "riêng", "phần lớn", "đáng chú ý",
    "nhiều nhất", "cao nhất", "lớn nhất",
];

/// Words of a list's last item that close it (what is left): the parts then make the whole.
pub const REMAINDER_WORDS: &[&str] = &["còn lại", "khác", "các loại khác", "các khoản khác", "các nguồn khác"];

/// A percentage (or per mille) with no `/…` after it.
pub fn is_rate(q: &Quantity) -> bool {
    q.unit.as_ref().is_some_and(|u| matches!(u.kind, UnitKind::Percent | UnitKind::PerMille) && u.per.is_empty())
}

/// A quantity counted in `điểm` (`1,7 điểm` of `1,7 điểm phần trăm`: the reader checks the
/// `phần trăm` after it).
pub fn is_points(q: &Quantity) -> bool {
    q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Count && u.name == "điểm")
}

/// A percentage per year (`8,2%/năm`).
pub fn is_rate_per_year(q: &Quantity) -> bool {
    q.unit.as_ref().is_some_and(|u| u.kind == UnitKind::Percent && u.per.len() == 1 && u.per[0].name.starts_with("năm"))
}

/// An amount: an exact (or roughly bounded) number of something — money, area, mass, a count,
/// or a bare number large enough to be one (`918.065.459`) — not a rate, an age, a period or
/// a time.
pub fn is_amount(q: &Quantity) -> bool {
    if !matches!(q.value, Value::Exact(_)) {
        return false;
    }
    match &q.unit {
        // A rate per something (`54,25 tạ/ha`, `43 triệu đồng/người/năm`) is no amount.
        Some(u) => u.per.is_empty() && !matches!(u.kind, UnitKind::Percent | UnitKind::PerMille | UnitKind::Age | UnitKind::Period | UnitKind::Time),
        None => q.numerals.first().is_some_and(|n| n.value >= rust_decimal::Decimal::from(1000)),
    }
}

/// A fraction `a/b` (with or without a noun).
pub fn is_fraction(q: &Quantity) -> bool {
    matches!(q.value, Value::Fraction { .. })
}

/// Two amounts in units that convert into each other (the same noun for counts); a bare
/// number goes with a bare number only.
pub fn same_kind(x: &Quantity, y: &Quantity) -> bool {
    match (&x.unit, &y.unit) {
        (Some(a), Some(b)) => a.comparable(b),
        (None, None) => true,
        // `918.065.459` beside money in đồng.
        (None, Some(u)) | (Some(u), None) => matches!(u.kind, UnitKind::Money(_)) && {
            let bare = if x.unit.is_none() { x } else { y };
            bare.numerals.first().is_some_and(|n| n.value >= rust_decimal::Decimal::from(100_000))
        },
    }
}

/// A figure whose value is a threshold or a band (`trở lên`, `dưới`), not a stated result.
pub fn is_threshold(q: &Quantity) -> bool {
    matches!(q.bound, Bound::AtLeast | Bound::AtMost | Bound::Below)
}

/// Does folded `text` end with one of `words` (a whole word, trailing punctuation ignored)?
pub fn ends_with_any<'w>(text: &str, words: &[&'w str]) -> Option<&'w str> {
    ends_with_word(text, words)
}

/// Does folded `text` start with one of `words`?
pub fn starts_with_any<'w>(text: &str, words: &[&'w str]) -> Option<&'w str> {
    starts_with_word(text, words)
}

/// Does folded `text` hold `w` as a whole word?
pub fn has_word(text: &str, w: &str) -> bool {
    crate::figures::lexicon::contains_words(text, w)
}

/// Does folded `text` hold any of `ws` as whole words?
pub fn has_any(text: &str, ws: &[&str]) -> bool {
    ws.iter().any(|w| has_word(text, w))
}

/// The direction of a change stated right before a figure (`tăng 8.021 triệu đồng`, `giảm
/// so với năm 2020 là 4 tỷ`); not `giảm còn`, `tăng lên` (a new level).
pub fn change_before(gap: &str) -> Option<Direction> {
    crate::figures::extract::change_word(gap)
}

/// Is the figure after `gap` a plan (`(kế hoạch 1.728 triệu đồng)`, `chỉ tiêu giao 570 tỷ`,
/// `dự toán năm là`, `huyện giao`)?
pub fn plan_before(gap: &str) -> bool {
    crate::figures::extract::plan_lead(gap)
        || ends_with_any(
            gap,
            &[
                "kế hoạch năm", "kế hoạch cả năm", "kế hoạch vốn", "kế hoạch vốn năm", "kế hoạch vốn giao", "vốn bố trí", "bố trí",
                "phân bổ", "được giao", "giao", "dự toán", "dự toán năm", "dự toán giao", "chỉ tiêu giao", "chỉ tiêu năm",
                "kế hoạch giao", "nghị quyết đề ra", "kế hoạch đề ra", "mục tiêu đề ra", "chỉ tiêu đề ra", "kh",
            ],
        )
        .is_some()
        || {
            // `Kế hoạch năm: 2.000 lao động`, `kế hoạch cả năm là giải quyết việc làm cho
            // khoảng 3.000 lao động`: a plan word opening the clause the figure ends.
            let clause = gap.rsplit([',', ';', '(', '.']).next().unwrap_or(gap).trim_start();
            starts_with_any(clause, &["kế hoạch", "kh", "chỉ tiêu", "dự toán", "mục tiêu", "nghị quyết", "theo kế hoạch"]).is_some()
                && !has_any(clause, &["đạt", "thực hiện", "ước", "được", "và"])
                && clause.split_whitespace().count() <= 12
        }
}

/// A stated percentage of plan after `gap` (the words after it): `97% kế hoạch`, `98% so với
/// dự toán`, `bằng 86,7% chỉ tiêu giao`.
pub fn plan_after(after: &str) -> bool {
    let t = after.trim_start_matches(|c: char| c.is_whitespace() || c == ')');
    starts_with_any(
        t,
        &[
            "kế hoạch", "kh", "dự toán", "chỉ tiêu", "nghị quyết", "nq", "mục tiêu", "nhiệm vụ", "so với kế hoạch", "so với kh",
            "so kế hoạch", "so kh", "so với dự toán", "so dự toán", "so với chỉ tiêu", "so chỉ tiêu", "so với nghị quyết",
            "so với nhiệm vụ", "so với mục tiêu", "kế hoạch vốn", "so với kế hoạch vốn",
        ],
    )
    .is_some()
}

/// Years (1950–2100) written in folded text.
pub fn years_in(text: &str) -> Vec<u32> {
    text.split(|c: char| !c.is_ascii_digit()).filter(|w| w.len() == 4).filter_map(|w| w.parse().ok()).filter(|y| (1950..=2100).contains(y)).collect()
}

/// The sentences to look in for a figure named elsewhere, nearest first: the sentence itself,
/// the earlier sentences of its paragraph, then up to `paras` earlier paragraphs of the same
/// section (a heading in between stops the search).
pub fn earlier_sentences(a: &Analysis, p: &Passages, si: usize, paras: usize) -> Vec<usize> {
    let mut out = vec![si];
    let s = &p.sentences[si];
    let section = a.structure.line_section.get(s.first_line as usize).copied().flatten();
    for k in (0..si).rev() {
        let t = &p.sentences[k];
        // Paragraphs are counted by their index (paragraphs without figures have no
        // sentences here but count).
        if s.para.saturating_sub(t.para) as usize > paras {
            break;
        }
        if a.structure.line_section.get(t.first_line as usize).copied().flatten() != section {
            break;
        }
        // A heading line is not running text to take figures from.
        if matches!(a.lines()[t.first_line as usize].kind, crate::syntax::line::LineKind::Heading(_)) && t.first_line != s.first_line {
            break;
        }
        out.push(k);
    }
    out
}

/// Is `text` free of any word in `ws`?
pub fn lacks(text: &str, ws: &[&str]) -> bool {
    !ws.iter().any(|w| find_bytes(text, w).is_some())
}

/// The figure of a sentence with its quantity.
pub fn fig_q<'a>(a: &'a Analysis, s: &Sentence, i: usize) -> (FigId, &'a Quantity) {
    let f = s.figs[i];
    (f, a.quantity(f))
}

/// Capitalised words that name no particular subject (institutions, programmes) and so do
/// not tell two subjects apart.
const NOT_NAMES: &[&str] = &[
    "nhà", "nước", "quốc", "gia", "nhân", "dân", "đảng", "nghị", "quyết", "chính", "phủ", "trung", "ương", "ủy", "uỷ", "ban",
    "hội", "đồng", "mặt", "trận", "tổ", "covid", "kế", "hoạch", "chương", "trình", "tết", "nguyên", "đán", "mục", "tiêu",
    "trong", "tổng", "tính", "theo", "năm", "tháng", "kết", "quả", "đến", "nay", "đã", "đạt",
];

/// The proper names in a sentence (as folded words): runs of capitalised words that are not
/// the first word of the sentence or of a clause, all-capital abbreviations left out. Two
/// statements whose sentences name different places, schools or units speak of different
/// subjects.
pub fn names_in(text: &str) -> std::collections::BTreeSet<String> {
    // (Text already in NFC, nearly all of it, is read as it is: no normalised copy.)
    let t = crate::text::fold::nfc(text);
    let mut out = std::collections::BTreeSet::new();
    let mut first = true;
    for raw in t.split(|c: char| c.is_whitespace()) {
        let w = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() {
            first |= raw.ends_with(['.', ':', ';', '!', '?']);
            continue;
        }
        let starts_clause = first || raw.starts_with(['(', '"', '“']);
        first = raw.ends_with(['.', ':', ';', '!', '?']);
        let mut cs = w.chars();
        let c0 = cs.next().unwrap_or(' ');
        let all_caps = w.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase()) && w.chars().count() > 1;
        if starts_clause || !c0.is_uppercase() || all_caps || c0.is_ascii_digit() {
            continue;
        }
        let lw = crate::text::fold::fold_lower(w);
        if NOT_NAMES.contains(&lw.as_str()) {
            continue;
        }
        out.insert(lw);
    }
    out
}

/// The periods a sentence speaks of: `tháng 9` (one month) → `m9`, `9 tháng` / `9 tháng đầu
/// năm` (months since the start of the year) → `c9`, `quý III` → `q3`, `cả năm` → `y`. Two
/// figures of one indicator over different periods do not contradict each other.
pub fn periods_in(text: &str) -> std::collections::BTreeSet<String> {
    let f = crate::text::fold::fold_lower(text);
    let words: Vec<&str> = f.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '.' | ':')).filter(|w| !w.is_empty()).collect();
    let mut out = std::collections::BTreeSet::new();
    for (i, w) in words.iter().enumerate() {
        match *w {
            "tháng" => {
                if let Some(n) = i.checked_sub(1).and_then(|k| words[k].parse::<u32>().ok()) {
                    out.insert(format!("c{n}"));
                } else if let Some(n) = words.get(i + 1).and_then(|x| x.split('/').next()).and_then(|x| x.parse::<u32>().ok()) {
                    out.insert(format!("m{n}"));
                }
            }
            "quý" => {
                let n = words.get(i + 1).map(|x| x.split('/').next().unwrap_or("")).and_then(|x| match x {
                    "i" | "1" => Some(1),
                    "ii" | "2" => Some(2),
                    "iii" | "3" => Some(3),
                    "iv" | "4" => Some(4),
                    _ => None,
                });
                if let Some(n) = n {
                    out.insert(format!("q{n}"));
                }
            }
            "cả" if words.get(i + 1) == Some(&"năm") => {
                out.insert("y".into());
            }
            _ => {}
        }
    }
    out
}

/// The words of the clause a figure ends (after the last `,`, `;`, `:`, `(` or `.` of the
/// words before it).
pub fn own_clause(before: &str) -> &str {
    before.rsplit([',', ';', ':', '(', ')', '.']).next().unwrap_or(before)
}

/// Words in a figure's own clause that mark it as a whole: `tổng số 1.240 hộ`, `toàn xã có
/// 1.240 hộ`, `diện tích tự nhiên 3.100 ha`, `dân số 8.400 người`.
pub fn marked_whole(before: &str) -> bool {
    let c = own_clause(before);
    has_any(c, &["tổng số", "tổng", "tất cả", "dân số", "diện tích tự nhiên", "tổng diện tích", "quy mô"])
        || (has_word(c, "toàn") && ends_with_any(c, &["có", "là", "với", "gồm", "gồm có"]).is_some())
}

/// Words that open the first level of a move (`từ 41,6%`, `giảm từ 480 hộ`).
pub const MOVE_FROM: &[&str] = &["từ", "giảm từ", "tăng từ"];

/// Words between the two levels of a move, before the level reached (`… xuống còn 33,1%`,
/// `… lên 28,6%`, `… đến năm 2020 là …`).
pub const MOVE_TO: &[&str] = &[
    "xuống", "xuống còn", "còn", "lên", "tăng lên", "giảm xuống", "giảm còn", "đến", "tới", "lên đến", "lên tới", "lên mức", "xuống mức",
];

/// Does a figure after `before` open a move (`từ A`)?
pub fn move_from(before: &str) -> bool {
    ends_with_any(before, MOVE_FROM).is_some()
}

/// Is a figure after `between` the level a move reached (`… xuống còn B`)?
pub fn move_to(between: &str) -> bool {
    ends_with_any(between, MOVE_TO).is_some()
}

/// A change or a growth rate is named in the clause before a figure (`mức tăng lần lượt là`,
/// `tốc độ tăng trưởng đạt`).
pub fn change_clause(before: &str) -> bool {
    let c = own_clause(before);
    has_any(c, &["tăng", "giảm", "tăng trưởng", "mức tăng", "mức giảm", "tốc độ"])
}

/// Is anything but white space written between two figures (in order)? Cells of a table row
/// pasted as text have only spaces or tabs between them; items of a list in running text have
/// words or at least a comma.
pub fn words_between(a: &Analysis, x: FigId, y: FigId) -> bool {
    let (rx, ry) = (a.fig_range(x), a.fig_range(y));
    if ry.start <= rx.end || x.line != y.line {
        return true;
    }
    a.slice(rx.end..ry.start).chars().any(|c| !c.is_whitespace())
}

/// The first `n` bytes of `s`, cut back to a character boundary.
pub fn prefix(s: &str, n: usize) -> &str {
    let mut k = n.min(s.len());
    while !s.is_char_boundary(k) {
        k -= 1;
    }
    &s[..k]
}

/// A level something can change from or to: an amount, or an exact rate per something
/// (`51,50 tạ/ha`, `43 triệu đồng/người/năm`); not a percentage, an age or a period.
pub fn is_level(q: &Quantity) -> bool {
    is_amount(q) || (matches!(q.value, Value::Exact(_)) && q.unit.as_ref().is_some_and(|u| !u.per.is_empty() && !matches!(u.kind, UnitKind::Percent | UnitKind::PerMille)))
}

/// Words before a multiple: `gấp 2,5 lần`, `tăng gấp`, `cao gấp gần`.
const TIMES_WORDS: &[&str] = &["gấp", "gấp gần", "gấp hơn", "gấp khoảng", "tăng gấp", "cao gấp", "cao gấp gần", "lớn gấp"];

/// Is figure `k` of a sentence a multiple said with `gấp` (`gấp 2,5 lần`, the unit `lần` read
/// with the figure or written right after it)?
pub fn is_times(s: &Sentence, k: usize, q: &Quantity) -> bool {
    let lan = match &q.unit {
        Some(u) => u.name == "lần",
        None => s.after(k).trim_start().starts_with("lần"),
    };
    lan && ends_with_any(s.before(k), TIMES_WORDS).is_some()
}
