//! Heading numbers: parts (`Phần thứ hai`), letters (`A.`, `a)`), Roman (`II-`), Arabic (`1.2.`),
//! labels (`Nhiệm vụ 3.`). Scanning the prefix of a line and the arithmetic of sequences
//! (what comes after `b)`? after `đ)`?) live here and nowhere else.

/// The kind of a heading number, as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Numbering {
    /// `Phần thứ nhất`, `PHẦN THỨ 2`, `Phần II`.
    Part(u32),
    /// A single capital letter `A.`/`B-`. `I`, `V` and `X` are ambiguous with Roman numerals;
    /// the structure pass decides from the letters seen before.
    Upper(char),
    /// A Roman numeral of two or more letters (`II.`, `IV-`) or one resolved from context.
    Roman(u32),
    /// `1.`, `1)`, `1.2.`, `1.5-`: the components and whether it was closed by `)`.
    Arabic { path: Vec<u32>, paren: bool },
    /// `a)`, `a.`, `đ)`.
    Lower(char),
    /// `Nhiệm vụ 1.`: the folded label word and its number.
    Label { word: String, n: u32 },
    /// An unnumbered heading in capitals.
    Caps,
}

impl Numbering {
    /// The number of this heading within its sequence (1-based), if it has one.
    pub fn ordinal(&self) -> Option<u32> {
        match self {
            Numbering::Part(n) | Numbering::Roman(n) => Some(*n),
            Numbering::Upper(c) => upper_index(*c),
            Numbering::Arabic { path, .. } => path.last().copied(),
            Numbering::Lower(c) => lower_index(*c),
            Numbering::Label { n, .. } => Some(*n),
            Numbering::Caps => None,
        }
    }
}

/// Vietnamese lettering of legal documents: a b c d đ e g h i k l m n o p q r s t u v x y.
/// Writers also use the Latin alphabet (with f, j, w, z). We accept both when checking order.
const VI_LOWER: &[char] = &[
    'a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't',
    'u', 'v', 'x', 'y',
];

/// Position (1-based) of a lower-case letter in the Vietnamese sequence, or in the Latin one for
/// f/j/w/z.
pub fn lower_index(c: char) -> Option<u32> {
    if let Some(i) = VI_LOWER.iter().position(|&x| x == c) {
        return Some(i as u32 + 1);
    }
    latin_index(c)
}

fn latin_index(c: char) -> Option<u32> {
    if c.is_ascii_lowercase() {
        Some(c as u32 - 'a' as u32 + 1)
    } else {
        None
    }
}

/// The letters that may follow `c` in a lettered sequence (Vietnamese or Latin order).
pub fn lower_successors(c: char) -> Vec<char> {
    let mut out = Vec::new();
    if let Some(i) = VI_LOWER.iter().position(|&x| x == c) {
        if let Some(&n) = VI_LOWER.get(i + 1) {
            out.push(n);
        }
    }
    if c.is_ascii_lowercase() && c != 'z' {
        let n = (c as u8 + 1) as char;
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// True when `next` may directly follow `prev` in a lettered sequence.
pub fn lower_follows(prev: char, next: char) -> bool {
    lower_successors(prev).contains(&next)
}

/// Position (1-based) of a capital letter: A=1 … (Đ between D and E), Latin order otherwise.
pub fn upper_index(c: char) -> Option<u32> {
    match c {
        'Đ' => Some(5),
        'A'..='D' => Some(c as u32 - 'A' as u32 + 1),
        'E'..='Z' => Some(c as u32 - 'A' as u32 + 2),
        _ => None,
    }
}

/// The letters that may follow a capital letter (Đ optional after D).
pub fn upper_follows(prev: char, next: char) -> bool {
    match (prev, next) {
        ('D', 'Đ') | ('Đ', 'E') => true,
        (p, n) if p.is_ascii_uppercase() && n.is_ascii_uppercase() => n as u32 == p as u32 + 1,
        _ => false,
    }
}

/// Value of a Roman numeral written in capitals (I…XXXIX and beyond), `None` if malformed.
pub fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 {
        return None;
    }
    let val = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let chars: Vec<u32> = s.chars().map(val).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, &v) in chars.iter().enumerate() {
        if chars.get(i + 1).is_some_and(|&n| n > v) {
            total -= v as i64;
        } else {
            total += v as i64;
        }
    }
    let total = u32::try_from(total).ok().filter(|&t| t > 0)?;
    // Reject non-canonical spellings such as IIII or VX.
    (to_roman(total) == s).then_some(total)
}

/// Canonical Roman spelling of `n` (1..=3999; headings are read up to 399 by
/// [`roman_value`], Word's list numbers go further).
pub fn to_roman(mut n: u32) -> String {
    const TABLE: &[(u32, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for &(v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Vietnamese ordinal words used after `Phần thứ`.
pub fn ordinal_word(folded: &str) -> Option<u32> {
    Some(match folded {
        "nhất" | "một" | "nhat" | "mot" => 1,
        "hai" => 2,
        "ba" => 3,
        "tư" | "bốn" | "tu" | "bon" => 4,
        "năm" | "nam" => 5,
        "sáu" | "sau" => 6,
        "bảy" | "bay" => 7,
        "tám" | "tam" => 8,
        "chín" | "chin" => 9,
        "mười" | "muoi" => 10,
        _ => return None,
    })
}

/// The ordinal word for `n` as written after `Phần thứ` (`nhất`, `hai`, `ba`, `tư`, …).
pub fn ordinal_name(n: u32) -> Option<&'static str> {
    Some(match n {
        1 => "nhất",
        2 => "hai",
        3 => "ba",
        4 => "tư",
        5 => "năm",
        6 => "sáu",
        7 => "bảy",
        8 => "tám",
        9 => "chín",
        10 => "mười",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        assert_eq!(roman_value("I"), Some(1));
        assert_eq!(roman_value("IV"), Some(4));
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("VX"), None);
        assert_eq!(roman_value("ABC"), None);
        for n in 1..=100 {
            assert_eq!(roman_value(&to_roman(n)), Some(n));
        }
    }

    #[test]
    fn vietnamese_letter_order() {
        assert!(lower_follows('a', 'b'));
        assert!(lower_follows('d', 'đ'));
        assert!(lower_follows('d', 'e'));
        assert!(lower_follows('đ', 'e'));
        assert!(lower_follows('e', 'g'));
        assert!(lower_follows('e', 'f'));
        assert!(!lower_follows('a', 'c'));
        assert_eq!(lower_index('đ'), Some(5));
        assert!(upper_follows('A', 'B'));
        assert!(upper_follows('D', 'Đ'));
        assert!(!upper_follows('B', 'B'));
    }

    #[test]
    fn ordinals() {
        assert_eq!(ordinal_word("nhất"), Some(1));
        assert_eq!(ordinal_word("tư"), Some(4));
        assert_eq!(ordinal_word("x"), None);
        assert_eq!(ordinal_name(3), Some("ba"));
    }
}
