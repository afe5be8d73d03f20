//! Units written after a number: the vocabulary, its conversions and the matcher.
//!
//! Matching happens on the folded (NFC, lower-case) text. A unit is one phrase from a single
//! table (longest match first), optionally followed by denominators (`/ha`, `/ người/ năm`).
//! A bare scale word (`tỷ`, `triệu`, `nghìn`) may combine with a following count noun
//! (`2 nghìn người`), or stands for money in đồng (`tỷ`, `triệu`: `hơn 2 tỷ`, `30-40 triệu/ha`).

use std::ops::Range;
use std::sync::LazyLock;

use rust_decimal::Decimal;

/// What a unit measures. Units of the same kind (and, for counts and `Other`, the same name)
/// convert into each other through their [`Unit::scale`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitKind {
    /// Base unit: 1 đồng, or 1 USD.
    Money(Currency),
    /// Base unit: m² (`ha` = 10 000, `km²` = 1 000 000).
    Area,
    /// Base unit: m.
    Length,
    /// Base unit: kg (`tấn` = 1000, `tạ` = 100, `yến` = 10).
    Mass,
    /// Base unit: litre (`m³` = 1000).
    Volume,
    /// Things counted; the folded noun is [`Unit::name`] (`hộ`, `người`, `trường hợp`, ...).
    Count,
    /// Base: a plain ratio (`%` has scale 0,01), comparable with [`UnitKind::PerMille`].
    Percent,
    /// Base: a plain ratio (`‰`, `%0`, `%o` have scale 0,001).
    PerMille,
    /// Calendar periods; base unit: month (`năm` = 12, `quý` = 3).
    Period,
    /// Clock durations; base unit: second (`phút` = 60, `giờ` = 3600, `ngày` = 86 400).
    Time,
    /// Age; base unit: month (`tuổi` = 12, `tháng tuổi` = 1).
    Age,
    /// A bare multiplier without a noun (`5 nghìn`); base unit: 1.
    Number,
    /// Anything else known but not convertible across names (`kv`, `kw`, `sào`).
    Other,
}

/// Currency of a money unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Currency {
    Vnd,
    Usd,
}

/// A simple unit without denominators (used for the denominators of a rate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitAtom {
    pub kind: UnitKind,
    /// Canonical folded name: `ha`, `người`, `năm`, `tạ`, `triệu đồng` (from the vocabulary,
    /// so no allocation per unit written).
    pub name: &'static str,
    /// Multiplier to the base unit of `kind`.
    pub scale: Decimal,
}

/// The unit of a quantity, e.g. `triệu đồng`, `ha`, `hộ`, `%`, `tạ/ha`, `triệu đồng/người/năm`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub kind: UnitKind,
    /// Canonical folded name of the main unit: `tỷ đồng` (also for `tỉ đ`), `đồng` (for `đ`,
    /// `VNĐ`), `m²` (for `m2`), `‰` (for `%0`, `%o`), `suất` (for `xuất`), `học sinh` (for `HS`,
    /// `h/s`), `đồng chí` (for `đ/c`), `tổ dân phố` (for `TDP`), `khu dân cư` (for `KDC`).
    pub name: &'static str,
    /// Multiplier from the written unit to the base unit of `kind` (`triệu đồng` → 1 000 000).
    pub scale: Decimal,
    /// Denominators of a rate, in order: `tấn/ha/năm` → `[ha, năm]`.
    pub per: Box<[UnitAtom]>,
    /// The currency was not written: `hơn 2 tỷ`, `30-40 triệu/ha` (read as đồng).
    pub implied_currency: bool,
    /// Byte range of the unit words in the original line. For compound money
    /// (`58 tỷ 123 triệu đồng`) it starts at the first scale word and so overlaps the number.
    pub range: Range<u32>,
}

impl Unit {
    /// `value` (written in this unit) expressed in the base unit of the kind, divided by the
    /// base of each denominator: `12,5 tấn/ha` → 12 500 kg / 10 000 m² = 1,25.
    pub fn to_base(&self, value: Decimal) -> Option<Decimal> {
        let mut v = value.checked_mul(self.scale)?;
        for p in &self.per {
            if p.scale.is_zero() {
                return None;
            }
            v = v.checked_div(p.scale)?;
        }
        Some(v)
    }

    /// Whether values in `self` and `other` can be converted into each other
    /// (`tấn/ha` and `tạ/ha`, `%` and `‰`, `tỷ đồng` and `đồng`, `hộ` and `hộ`).
    pub fn comparable(&self, other: &Unit) -> bool {
        atoms_comparable(self.kind, self.name, other.kind, other.name)
            && self.per.len() == other.per.len()
            && self.per.iter().zip(&other.per).all(|(a, b)| atoms_comparable(a.kind, a.name, b.kind, b.name))
    }

    /// Convert `value` written in `self` into `to`: `convert(125, tạ/ha, tấn/ha)` = 12,5.
    pub fn convert(&self, value: Decimal, to: &Unit) -> Option<Decimal> {
        if !self.comparable(to) {
            return None;
        }
        let base = self.to_base(value)?;
        let one = to.to_base(Decimal::ONE)?;
        if one.is_zero() {
            return None;
        }
        base.checked_div(one)
    }

    /// The counted noun, for count units (`hộ`, `chỉ tiêu`, `trường hợp`).
    pub fn noun(&self) -> Option<&str> {
        (self.kind == UnitKind::Count).then_some(self.name)
    }

    /// A rate (`tạ/ha`, `triệu đồng/người/năm`, `%/năm`).
    pub fn is_rate(&self) -> bool {
        !self.per.is_empty()
    }
}

fn atoms_comparable(ka: UnitKind, na: &str, kb: UnitKind, nb: &str) -> bool {
    use UnitKind::*;
    match (ka, kb) {
        (Percent | PerMille, Percent | PerMille) => true,
        (Count, Count) => na == nb || count_family(na).is_some_and(|f| count_family(nb) == Some(f)),
        (Other, Other) => na == nb,
        (a, b) => a == b,
    }
}

/// Count nouns that count the same things under other names: the people of an office or a
/// roll (`23 cán bộ, công chức` of whom `07 đ/c`). (Not the cases an office handles, `lượt`,
/// `trường hợp`, `hồ sơ`: a list of one kind there is often one sentence of a longer
/// breakdown, and read alone it would hide the whole one.)
fn count_family(canon: &str) -> Option<u8> {
    match canon {
        "người" | "cán bộ" | "công chức" | "viên chức" | "đồng chí" | "đảng viên" => Some(0),
        // Children and pupils (`2.800 trẻ, trong đó: trẻ 5 tuổi có 400 em, …`).
        "trẻ" | "trẻ em" | "em" | "cháu" | "học sinh" => Some(1),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// The vocabulary

/// One phrase of the vocabulary.
pub(crate) struct UnitDef {
    /// Folded text as it may be written.
    pub text: &'static str,
    pub kind: UnitKind,
    pub canon: &'static str,
    pub scale: Decimal,
    /// A bare scale word (`tỷ`, `triệu`, `nghìn`): may combine with a count noun that follows.
    pub scale_word: bool,
}

fn d(m: i64, s: u32) -> Decimal {
    Decimal::new(m, s)
}

const SCALES: &[(&str, &str, i64)] = &[
    ("tỷ", "tỷ", 1_000_000_000),
    ("tỉ", "tỷ", 1_000_000_000),
    ("triệu", "triệu", 1_000_000),
    ("nghìn", "nghìn", 1_000),
    ("ngàn", "nghìn", 1_000),
];

const CURRENCIES: &[(&str, Currency)] = &[
    ("đồng", Currency::Vnd),
    ("đ", Currency::Vnd),
    ("vnđ", Currency::Vnd),
    ("vnd", Currency::Vnd),
    ("usd", Currency::Usd),
    ("đô la", Currency::Usd),
];

/// Count nouns: (written, canonical).
const COUNTS: &[(&str, &str)] = &[
    // people
    ("người", "người"),
    ("nhân khẩu", "nhân khẩu"),
    ("khẩu", "nhân khẩu"),
    ("lao động", "lao động"),
    ("thanh niên", "thanh niên"),
    ("công dân", "công dân"),
    ("học sinh", "học sinh"),
    ("hs", "học sinh"),
    ("h/s", "học sinh"),
    ("sinh viên", "sinh viên"),
    ("học viên", "học viên"),
    ("đồng chí", "đồng chí"),
    ("đ/c", "đồng chí"),
    ("cán bộ", "cán bộ"),
    ("công chức", "công chức"),
    ("viên chức", "viên chức"),
    ("cbcc", "cbcc"),
    ("cbccvc", "cbccvc"),
    ("giáo viên", "giáo viên"),
    ("thầy cô", "thầy cô"),
    ("thầy", "thầy"),
    ("cô", "cô"),
    ("đại biểu", "đại biểu"),
    ("đảng viên", "đảng viên"),
    ("hội viên", "hội viên"),
    ("đoàn viên", "đoàn viên"),
    ("quân nhân", "quân nhân"),
    ("chiến sỹ", "chiến sĩ"),
    ("chiến sĩ", "chiến sĩ"),
    ("dân quân", "dân quân"),
    ("em", "em"),
    ("cháu", "cháu"),
    ("trẻ", "trẻ"),
    ("trẻ em", "trẻ"),
    ("bệnh nhân", "bệnh nhân"),
    ("ca", "ca"),
    ("khách", "khách"),
    ("du khách", "khách"),
    ("lượt khách", "lượt khách"),
    ("đối tượng", "đối tượng"),
    ("cá nhân", "cá nhân"),
    ("tập thể", "tập thể"),
    ("vận động viên", "vận động viên"),
    ("bác sĩ", "bác sĩ"),
    // households, places, organisations
    ("hộ", "hộ"),
    ("hộ gia đình", "hộ"),
    ("hộ dân", "hộ"),
    // A count of `gia đình` is one of households (`1.980 gia đình có nhà tiêu hợp vệ sinh` of a
    // commune's `2.140 hộ`).
    ("gia đình", "hộ"),
    ("nhà", "nhà"),
    ("ngôi nhà", "nhà"),
    ("căn", "căn"),
    ("căn hộ", "căn hộ"),
    ("phòng", "phòng"),
    ("phòng học", "phòng học"),
    ("tầng", "tầng"),
    ("lớp", "lớp"),
    ("khối lớp", "lớp"),
    ("trường", "trường"),
    ("trường học", "trường"),
    ("nhà trường", "trường"),
    ("điểm", "điểm"),
    ("điểm trường", "điểm trường"),
    ("thùng", "thùng"),
    ("chốt", "chốt"),
    ("khu", "khu"),
    ("khu dân cư", "khu dân cư"),
    ("kdc", "khu dân cư"),
    ("tổ dân phố", "tổ dân phố"),
    ("tdp", "tổ dân phố"),
    ("thôn", "thôn"),
    ("xóm", "xóm"),
    ("tổ", "tổ"),
    ("xã", "xã"),
    ("phường", "phường"),
    ("xã, phường", "xã, phường"),
    ("thị trấn", "thị trấn"),
    ("đơn vị", "đơn vị"),
    ("cơ quan", "cơ quan"),
    ("cơ sở", "cơ sở"),
    ("cửa hàng", "cửa hàng"),
    ("công ty", "công ty"),
    ("doanh nghiệp", "doanh nghiệp"),
    ("hợp tác xã", "hợp tác xã"),
    ("htx", "hợp tác xã"),
    ("chợ", "chợ"),
    ("câu lạc bộ", "câu lạc bộ"),
    ("clb", "câu lạc bộ"),
    ("đội", "đội"),
    ("chi hội", "chi hội"),
    ("chi bộ", "chi bộ"),
    // things, works, acts
    ("sản phẩm", "sản phẩm"),
    ("dự án", "dự án"),
    ("công trình", "công trình"),
    ("hạng mục", "hạng mục"),
    ("tuyến", "tuyến"),
    ("tuyến đường", "tuyến"),
    ("cầu", "cầu"),
    ("cống", "cống"),
    ("chỉ tiêu", "chỉ tiêu"),
    ("tiêu chí", "tiêu chí"),
    ("nhiệm vụ", "nhiệm vụ"),
    ("lĩnh vực", "lĩnh vực"),
    ("thủ tục", "thủ tục"),
    ("thủ tục hành chính", "thủ tục"),
    ("tthc", "thủ tục"),
    ("hồ sơ", "hồ sơ"),
    ("bộ hồ sơ", "hồ sơ"),
    ("trường hợp", "trường hợp"),
    ("vụ", "vụ"),
    ("vụ việc", "vụ"),
    ("vụ, việc", "vụ"),
    ("vụ án", "vụ án"),
    ("việc", "việc"),
    ("đơn", "đơn"),
    ("đơn thư", "đơn"),
    ("kiến nghị", "kiến nghị"),
    ("ý kiến", "ý kiến"),
    ("quyết định", "quyết định"),
    ("chỉ thị", "chỉ thị"),
    ("công điện", "công điện"),
    ("công văn", "công văn"),
    ("văn bản", "văn bản"),
    ("thông báo", "thông báo"),
    ("kế hoạch", "kế hoạch"),
    ("báo cáo", "báo cáo"),
    ("nghị quyết", "nghị quyết"),
    ("tờ trình", "tờ trình"),
    ("cuộc", "cuộc"),
    ("buổi", "buổi"),
    ("hội nghị", "hội nghị"),
    ("phiên họp", "phiên họp"),
    ("phiên", "phiên"),
    ("đợt", "đợt"),
    ("lần", "lần"),
    ("lượt", "lượt"),
    ("lượt người", "lượt"),
    ("cây", "cây"),
    ("con", "con"),
    ("liều", "liều"),
    ("thẻ", "thẻ"),
    ("sổ", "sổ"),
    ("suất", "suất"),
    ("xuất", "suất"),
    ("phần quà", "suất"),
    ("chiếc", "chiếc"),
    ("xe", "xe"),
    ("máy", "máy"),
    ("bộ", "bộ"),
    ("giường", "giường"),
    ("mô hình", "mô hình"),
    ("giải", "giải"),
    ("huy chương", "huy chương"),
    ("giấy khen", "giấy khen"),
    ("bằng khen", "bằng khen"),
    ("sáng kiến", "sáng kiến"),
    ("ngày công", "ngày công"),
    ("mẫu", "mẫu"),
    ("mũi", "mũi"),
    ("mũi tiêm", "mũi"),
    ("chuyến", "chuyến"),
];

/// (written, kind, canonical, scale mantissa, scale exponent).
const MEASURES: &[(&str, UnitKind, &str, i64, u32)] = &[
    ("ha", UnitKind::Area, "ha", 10_000, 0),
    ("hecta", UnitKind::Area, "ha", 10_000, 0),
    ("héc ta", UnitKind::Area, "ha", 10_000, 0),
    ("héc-ta", UnitKind::Area, "ha", 10_000, 0),
    ("m2", UnitKind::Area, "m²", 1, 0),
    ("m²", UnitKind::Area, "m²", 1, 0),
    ("m^2", UnitKind::Area, "m²", 1, 0),
    ("mét vuông", UnitKind::Area, "m²", 1, 0),
    ("km2", UnitKind::Area, "km²", 1_000_000, 0),
    ("km²", UnitKind::Area, "km²", 1_000_000, 0),
    ("km", UnitKind::Length, "km", 1_000, 0),
    ("m", UnitKind::Length, "m", 1, 0),
    ("mét", UnitKind::Length, "m", 1, 0),
    ("cm", UnitKind::Length, "cm", 1, 2),
    ("tấn", UnitKind::Mass, "tấn", 1_000, 0),
    ("tạ", UnitKind::Mass, "tạ", 100, 0),
    ("yến", UnitKind::Mass, "yến", 10, 0),
    ("kg", UnitKind::Mass, "kg", 1, 0),
    ("lít", UnitKind::Volume, "lít", 1, 0),
    ("m3", UnitKind::Volume, "m³", 1_000, 0),
    ("m³", UnitKind::Volume, "m³", 1_000, 0),
    ("%", UnitKind::Percent, "%", 1, 2),
    ("phần trăm", UnitKind::Percent, "%", 1, 2),
    ("‰", UnitKind::PerMille, "‰", 1, 3),
    ("%0", UnitKind::PerMille, "‰", 1, 3),
    ("%o", UnitKind::PerMille, "‰", 1, 3),
    ("phần nghìn", UnitKind::PerMille, "‰", 1, 3),
    ("phần ngàn", UnitKind::PerMille, "‰", 1, 3),
    ("năm", UnitKind::Period, "năm", 12, 0),
    ("quý", UnitKind::Period, "quý", 3, 0),
    ("tháng", UnitKind::Period, "tháng", 1, 0),
    ("tuần", UnitKind::Time, "tuần", 604_800, 0),
    ("ngày", UnitKind::Time, "ngày", 86_400, 0),
    ("giờ", UnitKind::Time, "giờ", 3_600, 0),
    ("phút", UnitKind::Time, "phút", 60, 0),
    ("giây", UnitKind::Time, "giây", 1, 0),
    ("tuổi", UnitKind::Age, "tuổi", 12, 0),
    ("tháng tuổi", UnitKind::Age, "tháng tuổi", 1, 0),
    ("kv", UnitKind::Other, "kv", 1, 0),
    ("kva", UnitKind::Other, "kva", 1, 0),
    ("kw", UnitKind::Other, "kw", 1, 0),
    ("kwh", UnitKind::Other, "kwh", 1, 0),
    ("mw", UnitKind::Other, "mw", 1, 0),
    ("sào", UnitKind::Other, "sào", 1, 0),
];

/// The whole vocabulary, longest phrase first, indexed by first byte.
pub(crate) struct Vocabulary {
    defs: Vec<UnitDef>,
    by_first: Vec<Vec<u16>>,
}

pub(crate) static VOCAB: LazyLock<Vocabulary> = LazyLock::new(build_vocabulary);

fn build_vocabulary() -> Vocabulary {
    let mut defs: Vec<UnitDef> = Vec::new();
    // Money: scale word + currency, with or without a space; `tr` abbreviations.
    let mut money: Vec<(String, Currency, &'static str, i64)> = Vec::new();
    for &(sw, canon_scale, m) in SCALES {
        for &(cw, cur) in CURRENCIES {
            money.push((format!("{sw} {cw}"), cur, canon_scale, m));
            if cw != "đô la" {
                money.push((format!("{sw}{cw}"), cur, canon_scale, m));
            }
        }
    }
    for t in ["tr.đ", "trđ", "tr đ", "tr.đồng", "tr đồng", "tr. đồng"] {
        money.push((t.to_string(), Currency::Vnd, "triệu", 1_000_000));
    }
    for (text, cur, scale_name, m) in money {
        let canon = money_name(scale_name, cur);
        defs.push(UnitDef {
            text: Box::leak(text.into_boxed_str()),
            kind: UnitKind::Money(cur),
            canon,
            scale: d(m, 0),
            scale_word: false,
        });
    }
    for &(cw, cur) in CURRENCIES {
        let canon = if cur == Currency::Vnd { "đồng" } else { "usd" };
        defs.push(UnitDef { text: cw, kind: UnitKind::Money(cur), canon, scale: Decimal::ONE, scale_word: false });
    }
    // Bare scale words.
    for &(sw, canon_scale, m) in SCALES {
        defs.push(UnitDef { text: sw, kind: UnitKind::Number, canon: canon_scale, scale: d(m, 0), scale_word: true });
    }
    defs.push(UnitDef {
        text: "tr", kind: UnitKind::Number, canon: "triệu", scale: d(1_000_000, 0), scale_word: true
    });
    for &(w, canon) in COUNTS {
        defs.push(UnitDef { text: w, kind: UnitKind::Count, canon, scale: Decimal::ONE, scale_word: false });
    }
    for &(w, kind, canon, m, e) in MEASURES {
        defs.push(UnitDef { text: w, kind, canon, scale: d(m, e), scale_word: false });
    }
    // Longest first so `trường hợp` wins over `trường`, `đồng chí` over `đồng`, `%0` over `%`.
    defs.sort_by_key(|d| std::cmp::Reverse(d.text.len()));
    let mut by_first: Vec<Vec<u16>> = vec![Vec::new(); 256];
    for (i, def) in defs.iter().enumerate() {
        by_first[def.text.as_bytes()[0] as usize].push(i as u16);
    }
    Vocabulary { defs, by_first }
}

/// Words that, right after a unit-like word, show it is not a unit (`tỷ lệ`, `đồng thời`).
fn excluded_follow(def: &UnitDef, next_word: &str) -> bool {
    match def.text {
        "tỷ" | "tỉ" => matches!(next_word, "lệ" | "trọng" | "suất" | "số"),
        "triệu" => matches!(next_word, "chứng" | "tập" | "hồi"),
        "đồng" => matches!(
            next_word,
            "thời"
                | "bộ"
                | "ý"
                | "loạt"
                | "hành"
                | "bằng"
                | "tình"
                | "đều"
                | "nghiệp"
                | "hương"
                | "ruộng"
                | "lúa"
                | "tâm"
                | "bào"
                | "phục"
                | "minh"
                | "thuận"
                | "dạng"
                | "nhất"
                | "cảm"
                | "chủ"
                | "lòng"
                | "khởi"
                | "hồ"
                | "tiền"
                | "xu"
                | "phạm"
                | "sở"
                | "môn"
                | "niên"
        ),
        "năm" => matches!(next_word, "học" | "tài" | "nay" | "qua" | "trước" | "sau" | "tới" | "đó" | "ngoái"),
        "con" => matches!(next_word, "thứ" | "người" | "em" | "cháu" | "đường" | "số"),
        "ca" => matches!(next_word, "sĩ" | "múa" | "dao" | "nhạc" | "khúc" | "trù" | "ngợi"),
        "cô" => matches!(next_word, "đơn" | "lập"),
        "em" => false,
        "tổ" => matches!(next_word, "chức" | "quốc" | "tiên"),
        "điểm" => matches!(next_word, "nhấn" | "nóng" | "yếu" | "mạnh" | "danh"),
        "bộ" => matches!(next_word, "phận" | "máy" | "mặt" | "đội" | "chỉ" | "chính" | "luật" | "trưởng" | "công"),
        "máy" => matches!(next_word, "móc"),
        "xe" => false,
        "ngày" => matches!(next_word, "càng" | "nay" | "đêm" | "thường"),
        "nhà" => matches!(next_word, "nước" | "trường" | "văn" | "máy" | "đầu" | "nghỉ" | "hàng"),
        "việc" => matches!(next_word, "làm"),
        "đội" => matches!(next_word, "ngũ"),
        "cầu" => matches!(next_word, "thủ" | "nối"),
        "phòng" => matches!(next_word, "chống" | "ngừa" | "ban" | "khám" | "tránh" | "dịch"),
        "lần" => matches!(next_word, "thứ" | "lượt"),
        "đơn" => matches!(next_word, "giản" | "giá" | "lẻ"),
        "thầy" => matches!(next_word, "thuốc"),
        "mẫu" => matches!(next_word, "giáo" | "mực"),
        "khu" => matches!(next_word, "vực"),
        _ => false,
    }
}

/// The canonical name of money counted in a scale word (`tỷ`, `triệu`, `nghìn`) of a currency.
/// Only the canonical scale names of `SCALES` come here (the fuzz builds check it).
pub(crate) fn money_name(scale: &str, cur: Currency) -> &'static str {
    debug_assert!(matches!(scale, "tỷ" | "triệu" | "nghìn"), "not a canonical scale word: {scale}");
    match (scale, cur) {
        ("tỷ", Currency::Vnd) => "tỷ đồng",
        ("triệu", Currency::Vnd) => "triệu đồng",
        ("nghìn", Currency::Vnd) => "nghìn đồng",
        ("tỷ", Currency::Usd) => "tỷ usd",
        ("triệu", Currency::Usd) => "triệu usd",
        (_, Currency::Vnd) => "nghìn đồng",
        (_, Currency::Usd) => "nghìn usd",
    }
}

/// A unit name made of a multiplier and a unit (`nghìn ha`, `nghìn tỷ đồng`), kept once for
/// the life of the process: the vocabulary's scale words times its units are a few hundred
/// names at most.
fn intern(name: String) -> &'static str {
    static NAMES: std::sync::LazyLock<std::sync::Mutex<std::collections::HashSet<&'static str>>> =
        std::sync::LazyLock::new(|| std::sync::Mutex::new(std::collections::HashSet::new()));
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&n) = names.get(name.as_str()) {
        return n;
    }
    let n: &'static str = Box::leak(name.into_boxed_str());
    names.insert(n);
    n
}

/// A matched unit phrase (folded offsets).
#[derive(Debug, Clone)]
pub(crate) struct UnitMatch {
    pub start: usize,
    pub end: usize,
    pub kind: UnitKind,
    pub name: &'static str,
    pub scale: Decimal,
    pub per: Vec<UnitAtom>,
    pub implied_currency: bool,
    /// Only a scale word was written (`tỷ`, `triệu`, `nghìn`), no noun or currency.
    pub bare_scale: bool,
}

fn is_word_char(c: char) -> bool {
    crate::text::chars::is_alphabetic(c) || c.is_ascii_digit() || ('\u{300}'..='\u{36f}').contains(&c)
}

/// The next word (letters only) starting at `i` after spaces.
fn next_word(f: &str, i: usize) -> &str {
    let rest = f[i..].trim_start_matches([' ', '\t', '\u{a0}']);
    let end = rest.find(|c: char| !crate::text::chars::is_alphabetic(c)).unwrap_or(rest.len());
    &rest[..end]
}

/// Match one vocabulary phrase exactly at `i` (no leading gap). Returns the def index and end.
pub(crate) fn match_phrase(f: &str, i: usize, pred: impl Fn(&UnitDef) -> bool) -> Option<(usize, usize)> {
    let rest = f.get(i..)?;
    let first = *rest.as_bytes().first()?;
    let v = &*VOCAB;
    for &idx in &v.by_first[first as usize] {
        let def = &v.defs[idx as usize];
        if !rest.starts_with(def.text) || !pred(def) {
            continue;
        }
        let end = i + def.text.len();
        let last = def.text.chars().next_back().unwrap_or(' ');
        let next = f[end..].chars().next();
        // A phrase ending in a letter or digit must end at a word boundary (`ha` not in `hay`,
        // `m2` not in `m25`); `%` must not be followed by a digit unless it is `%0`.
        let boundary_ok = match next {
            None => true,
            Some(n) => {
                if is_word_char(last) {
                    !is_word_char(n)
                } else if last == '%' {
                    !n.is_ascii_digit()
                } else {
                    true
                }
            }
        };
        if !boundary_ok {
            continue;
        }
        if excluded_follow(def, next_word(f, end)) {
            continue;
        }
        return Some((idx as usize, end));
    }
    None
}

/// Longest run of spaces and markup crossed between a number and its words (`**3.749** quyết`).
pub(crate) const MAX_GAP: usize = 8;

/// Skip spaces and emphasis markup forward (at most [`MAX_GAP`] bytes).
pub(crate) fn skip_gap(f: &str, mut i: usize) -> usize {
    let b = f.as_bytes();
    let limit = (i + MAX_GAP).min(b.len());
    while i < limit {
        match b[i] {
            b' ' | b'\t' | b'\r' | b'*' | b'_' => i += 1,
            0xC2 if b.get(i + 1) == Some(&0xA0) => i += 2, // NBSP
            _ => break,
        }
    }
    i
}

/// Skip spaces only (no markup).
fn skip_spaces(f: &str, mut i: usize) -> usize {
    let b = f.as_bytes();
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    i
}

/// Match a unit after a number ending at `i` (spaces and emphasis markup may come between).
pub(crate) fn match_unit(f: &str, i: usize) -> Option<UnitMatch> {
    let start = skip_gap(f, i);
    let (idx, mut end) = match_phrase(f, start, |_| true)?;
    let v = &*VOCAB;
    let def = &v.defs[idx];
    let mut m = UnitMatch {
        start,
        end,
        kind: def.kind,
        name: def.canon,
        scale: def.scale,
        per: Vec::new(),
        implied_currency: false,
        bare_scale: false,
    };
    if def.scale_word {
        // `2 nghìn người`, `1,5 triệu lượt`: a count with a multiplier.
        let j = skip_spaces(f, end);
        if j > end {
            if let Some((cidx, cend)) = match_phrase(f, j, |d| d.kind == UnitKind::Count) {
                let c = &v.defs[cidx];
                m.kind = UnitKind::Count;
                m.name = c.canon;
                end = cend;
                m.end = end;
            } else if let Some((cidx, cend)) = match_phrase(f, j, |d| {
                !d.scale_word && matches!(d.kind, UnitKind::Area | UnitKind::Mass | UnitKind::Length | UnitKind::Volume | UnitKind::Money(_))
            }) {
                // `26,1 nghìn ha`, `42,8 triệu tấn`, `1,2 nghìn tỷ đồng`: a measure or a sum of
                // money with a multiplier; its name says both (`nghìn ha`, `nghìn tỷ đồng`).
                let c = &v.defs[cidx];
                m.kind = c.kind;
                m.scale = def.scale * c.scale;
                m.name = intern(format!("{} {}", def.canon, c.canon));
                end = cend;
                m.end = end;
            }
        }
        if m.kind == UnitKind::Number {
            m.bare_scale = true;
            if def.scale >= d(1_000_000, 0) {
                // `hơn 2 tỷ`, `30-40 triệu/ha`: money in đồng, the currency implied.
                m.kind = UnitKind::Money(Currency::Vnd);
                m.name = money_name(def.canon, Currency::Vnd);
                m.implied_currency = true;
            }
        }
    }
    // Denominators: `/ha`, `/ người/ năm`; a digit after the slash is another number.
    loop {
        let j = skip_spaces(f, m.end);
        if f.as_bytes().get(j) != Some(&b'/') {
            break;
        }
        let k = skip_spaces(f, j + 1);
        if f.as_bytes().get(k).is_none_or(|b| b.is_ascii_digit()) {
            break;
        }
        let Some((pidx, pend)) = match_phrase(f, k, |d| !d.scale_word) else { break };
        let p = &v.defs[pidx];
        // `1,26 tỷ đồng/kế hoạch 1,8 tỷ đồng`: the plan named after the slash, not a rate per plan.
        if matches!(p.canon, "kế hoạch" | "nghị quyết" | "chỉ tiêu") {
            break;
        }
        m.per.push(UnitAtom { kind: p.kind, name: p.canon, scale: p.scale });
        m.end = pend;
    }
    Some(m)
}

/// A scale word exactly at `i`: (exponent of ten, end).
pub(crate) fn scale_word_at(f: &str, i: usize) -> Option<(u32, usize, &'static str)> {
    let (idx, end) = match_phrase(f, i, |d| d.scale_word && d.text != "tr")?;
    let def = &VOCAB.defs[idx];
    let exp = match def.canon {
        "tỷ" => 9,
        "triệu" => 6,
        _ => 3,
    };
    Some((exp, end, def.text))
}

/// A currency word exactly at `i` (`đồng`, `đ`, `usd`): (currency, end).
pub(crate) fn currency_at(f: &str, i: usize) -> Option<(Currency, usize)> {
    let (idx, end) =
        match_phrase(f, i, |d| matches!(d.kind, UnitKind::Money(_)) && d.scale == Decimal::ONE && !d.scale_word)?;
    match VOCAB.defs[idx].kind {
        UnitKind::Money(c) => Some((c, end)),
        _ => None,
    }
}
