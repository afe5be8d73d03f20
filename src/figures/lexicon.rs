//! Words that tie figures together, in one place (folded to NFC lower case).

use std::sync::LazyLock;

use crate::text::fold::fold_ascii;

/// Words that introduce a plan figure: `(kế hoạch 1.728 triệu đồng)`, `(chỉ tiêu là 10%)`.
pub const PLAN_WORDS: &[&str] = &[
    "kế hoạch", "kh", "chỉ tiêu", "dự toán", "giao", "mục tiêu", "nghị quyết", "nq",
];

/// Filler allowed between a plan word and its figure: `chỉ tiêu đề ra là`, `kế hoạch từ`.
pub const PLAN_FILLERS: &[&str] = &[
    "là", "từ", "đề ra", "đề ra là", "năm", "huyện giao", "tỉnh giao", "cấp trên giao", "trên giao", "được giao", "giao",
    "đặt ra", "đạt", ":", "=", "vốn",
];

/// Words that introduce the parts of a total: `Trong đó:`, `gồm`, `bao gồm`.
pub const PARTS_WORDS: &[&str] = &["trong đó", "bao gồm", "gồm có", "gồm", "chia ra", "cụ thể"];

/// Words that continue a statement after a comma (so the comma does not start a new one).
pub const MODIFIERS: &[&str] = &[
    "đạt", "ước đạt", "tăng", "giảm", "chiếm", "bằng", "so với", "so", "vượt", "trong đó", "gồm", "bao gồm",
    "tương đương", "tỷ lệ", "tỉ lệ", "là", "còn", "=", "với", "chỉ đạt", "gấp", "riêng", "trong", "đến", "đưa",
];

/// Words before a percentage that make it a share of a whole: `chiếm 74% cơ cấu kinh tế`.
pub const SHARE_WORDS: &[&str] = &["chiếm tỷ lệ", "chiếm tỉ lệ", "chiếm tỷ trọng", "chiếm"];

/// Words linking a fraction to its percentage: `121/130, đạt 93,1%`, `47/2.582 chiếm tỉ lệ: 1,82%`.
pub const RATIO_LINKS: &[&str] = &[
    "đạt tỷ lệ", "đạt tỉ lệ", "đạt", "chiếm tỷ lệ", "chiếm tỉ lệ", "chiếm", "bằng", "=", "tỷ lệ", "tỉ lệ", "là", "với",
];

/// Words marking a change against an earlier value: `tăng 13.233 triệu đồng so với năm 2019`.
pub const CHANGE_UP: &[&str] = &["tăng thêm", "tăng", "nhiều hơn", "cao hơn"];
pub const CHANGE_DOWN: &[&str] = &["giảm đi", "giảm", "ít hơn", "thấp hơn"];

/// A whole claim that every item met its plan.
pub const ALL_MET: &[&str] = &[
    "đều đạt và vượt", "đều đạt", "đều hoàn thành và vượt", "đều hoàn thành", "đều vượt", "100% chỉ tiêu đạt",
    "tất cả các chỉ tiêu đều",
];

/// Words that soften a claim (`cơ bản hoàn thành`): no finding above information level.
pub const HEDGES: &[&str] = &["cơ bản", "hầu hết", "phần lớn", "đa số", "gần như", "tương đối"];

/// Words that make a statement a target rather than a result.
pub const TARGET_WORDS: &[&str] = &["phấn đấu", "dự kiến", "định hướng"];

/// Nouns of the things a report lists and counts: `(07 chỉ tiêu)`.
pub const LIST_NOUNS: &[&str] = &[
    "chỉ tiêu", "nhiệm vụ", "nội dung", "giải pháp", "lĩnh vực", "chương trình", "mục tiêu", "nhóm", "tiêu chí",
    "khu dân cư", "khu", "thôn", "tổ dân phố", "xã", "phường", "trường", "dự án", "công trình", "đơn vị",
];

/// The phrases of `lower_is_better.txt`, folded without accents, as words.
static LOWER_IS_BETTER: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    include_str!("lower_is_better.txt")
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(|l| fold_ascii(l).split_whitespace().map(str::to_string).collect())
        .collect()
});

/// The first words of the phrases of [`LOWER_IS_BETTER`], sorted, without repeats: a name's
/// word that is none of them starts no phrase (most words).
static LOWER_IS_BETTER_FIRST: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut v: Vec<&str> = LOWER_IS_BETTER.iter().filter_map(|p| p.first().map(String::as_str)).collect();
    v.sort_unstable();
    v.dedup();
    v
});

/// Is an indicator one where less is better (poor households, malnutrition, accidents…)?
pub fn lower_is_better(name: &str) -> bool {
    lower_is_better_ascii(&fold_ascii(name))
}

/// [`lower_is_better`] on a name already folded with [`fold_ascii`].
pub fn lower_is_better_ascii(folded: &str) -> bool {
    let mut words = folded.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty());
    // A phrase matches at a word: compare it with the words from there (no list of words).
    loop {
        let rest = words.clone();
        let Some(first) = words.next() else { return false };
        if LOWER_IS_BETTER_FIRST.binary_search(&first).is_err() {
            continue;
        }
        let hit = LOWER_IS_BETTER.iter().any(|phrase| {
            phrase[0] == first && {
                let mut r = rest.clone();
                phrase.iter().all(|p| r.next() == Some(p.as_str()))
            }
        });
        if hit {
            return true;
        }
    }
}

/// A letter or digit, fast for Vietnamese letters (Latin-1, Latin Extended, Latin Extended
/// Additional), falling back to the Unicode tables for anything else.
pub fn is_word_char(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    if (0xC0..=0x24F).contains(&u) && u != 0xD7 && u != 0xF7 || (0x1E00..=0x1EFF).contains(&u) {
        return true;
    }
    c.is_alphanumeric()
}

/// The first occurrence of `needle` in `hay`. The needles here are a few bytes long and the
/// text short, where setting up a two-way searcher costs more than it saves: find the needle's
/// first byte with `memchr` and compare the rest.
pub fn find_bytes(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let (&first, rest) = n.split_first()?;
    if n.len() > h.len() {
        return None;
    }
    memchr::memchr_iter(first, &h[..=h.len() - n.len()]).find(|&i| &h[i + 1..i + n.len()] == rest)
}

/// `needle` occurs in `hay` as whole words.
pub fn contains_words(hay: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(pos) = find_bytes(&hay[from..], needle) {
        let s = from + pos;
        let e = s + needle.len();
        let before_ok = s == 0 || !hay[..s].chars().next_back().is_some_and(is_word_char);
        let after_ok = e == hay.len() || !hay[e..].chars().next().is_some_and(is_word_char);
        if before_ok && after_ok {
            return true;
        }
        from = s + needle.len().max(1);
        while from < hay.len() && !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// `text` without the trailing space and punctuation that [`ends_with_word`] ignores.
pub fn trim_tail(text: &str) -> &str {
    text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '(' | ',' | '*' | '_'))
}

/// Does folded `text` end with one of `words` as a whole word (ignoring trailing space and
/// punctuation, see [`trim_tail`])? Returns the word.
pub fn ends_with_word<'a>(text: &str, words: &[&'a str]) -> Option<&'a str> {
    let t = trim_tail(text);
    let last = t.as_bytes().last().copied();
    // (The last byte first: most words are ruled out without a memory comparison.)
    words.iter().copied().find(|w| {
        (w.is_empty() || w.as_bytes().last().copied() == last) && t.ends_with(w) && {
            let before = &t[..t.len() - w.len()];
            before.is_empty() || before.ends_with(|c: char| !is_word_char(c))
        }
    })
}

/// Does folded `text` start with one of `words` as a whole word?
pub fn starts_with_word<'a>(text: &str, words: &[&'a str]) -> Option<&'a str> {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | '*' | '_' | '-' | '+'));
    let first = t.as_bytes().first().copied();
    words.iter().copied().find(|w| {
        (w.is_empty() || w.as_bytes().first().copied() == first) && t.starts_with(w) && {
            let after = &t[w.len()..];
            after.is_empty() || after.starts_with(|c: char| !is_word_char(c))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert!(lower_is_better("Tỷ lệ hộ nghèo"));
        assert!(lower_is_better("Tỷ lệ trẻ em SDD dưới 5 tuổi"));
        assert!(lower_is_better("Tỷ lệ phát triển dân số tự nhiên"));
        assert!(!lower_is_better("Thu nhập bình quân đầu người"));
        assert!(!lower_is_better("Tỷ lệ hộ gia đình có hố xí tự hoại"));
        assert_eq!(ends_with_word("3.368 triệu đồng (kế hoạch ", PLAN_WORDS), Some("kế hoạch"));
        assert_eq!(ends_with_word("thu nhập bình quân (kh ", PLAN_WORDS), Some("kh"));
        assert_eq!(ends_with_word("thành khẩn ", PLAN_WORDS), None);
        assert_eq!(starts_with_word(", tăng 13", CHANGE_UP), Some("tăng"));
        assert!(contains_words("ty le ho ngheo", "ho ngheo"));
        assert!(!contains_words("ty le ho ngheoo", "ho ngheo"));
    }
}
