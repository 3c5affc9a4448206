//! The values of cells: dates, numbers, statuses, grades, kinds and lists, read as a
//! planner writes them.

use std::borrow::Cow;

use crate::dataset::{Grade, LinkKind, OrganizationKind, RegionKind, Status};
use crate::error::Result;
use crate::sheets::layout::{self, normalize};
use crate::Date;

/// A time of day as Excel shows it, `HH:MM`, from the fraction of a day (0 to 1).
pub(super) fn time_text(fraction: f64) -> String {
    let minutes = (fraction * 1440.0).round() as u32;
    format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
}

/// What Excel shows for serial 60, a day the calendar does not have.
pub(super) const LEAP_1900: &str = "1900-02-29";

/// The day of an Excel date serial (1900 date system), the time dropped: serial 1 is
/// 1900-01-01. Excel counts a 29 February 1900 that never was (serial 60, refused), so
/// serials before it are days since 1899-12-31 and later ones days since 1899-12-30.
pub(super) fn serial_date(serial: f64) -> Result<Date, DateText> {
    if (0.0..1.0).contains(&serial) {
        return Err(DateText::TimeOnly);
    }
    if !(1.0..2_958_466.0).contains(&serial) {
        return Err(DateText::NoExcelDay);
    }
    let day = serial.floor() as i64;
    let since_1899_12_30 = match day {
        60 => return Err(DateText::Leap1900),
        ..60 => day + 1,
        _ => day,
    };
    civil_date(since_1899_12_30 - 25_569).ok_or(DateText::NoExcelDay)
}

/// The day `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
pub(super) fn civil_date(days: i64) -> Option<Date> {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::new(u16::try_from(year).ok()?, Some(month), Some(day))
}

/// A number in a date column, as a planner typed it in a General cell: a year (`2024`), a
/// month as YYYYMM (`202403`) or a day as YYYYMMDD (`20240305`). Any other number is not a
/// date: the cell shows the number (a date serial such as 45356 is a day only in a date
/// cell, though a `.xls` workbook reads the date cells of Chinese Excel's own formats as
/// serials, which the problem says), and a number with a point cannot hold a month (Excel
/// keeps 2024.10 as 2024.1).
pub(super) fn number_date(n: f64) -> Result<Date, DateText> {
    let whole = n.fract() == 0.0;
    let (year, month, day) = match n as u32 {
        _ if !whole && (1000.0..10_000.0).contains(&n) => return Err(DateText::Point),
        v @ 1000..=9999 if whole => (v, None, None),
        10_000..=99_999 if whole => {
            return Err(serial_date(n).map_or(DateText::Number, DateText::Serial))
        }
        v @ 100_000..=999_999 if whole => (v / 100, Some(v % 100), None),
        v @ 10_000_000..=99_999_999 if whole => (v / 10_000, Some(v / 100 % 100), Some(v % 100)),
        _ => return Err(DateText::Number),
    };
    let part = |p: u32| p as u8;
    let text = crate::sheets::number_text(n);
    Date::from_parts(&text, year as u16, month.map(part), day.map(part)).map_err(DateText::Calendar)
}

/// Reads a date written as text: `2025`, `2025-03`, `2025-03-01`, `2025/3/1`, `2025.3`,
/// `2025年3月1日` (or `1号`), `20250301`, `202503`, with spaces around the parts
/// (`2025 年 3 月`) and full-width characters (`２０２５年３月`) allowed; a time of day after
/// a day (`2025-03-01 10:30`, `2025-03-01T10:30:00`) is dropped. Any other text after the
/// date is refused, never dropped.
pub(super) fn text_date(text: &str) -> Result<Date, DateText> {
    let folded = fold_width(text);
    let text = folded.trim();
    match text.parse::<Date>() {
        Ok(d) => return Ok(d),
        Err(e) if !e.is_shape() => return Err(DateText::Calendar(e)),
        Err(_) => {}
    }
    let ((year, month, day), rest) = date_parts(text)?;
    let number = |p: Option<&str>| p.map(str::parse::<u8>).transpose();
    let (Ok(year), Ok(month), Ok(day)) = (year.parse::<u16>(), number(month), number(day)) else {
        return Err(DateText::Shape);
    };
    let date = Date::from_parts(text, year, month, day).map_err(DateText::Calendar)?;
    let time = day.is_some() && rest.split(' ').next().is_some_and(is_time);
    match rest {
        "" => Ok(date),
        _ if time && is_time(rest) => Ok(date),
        _ if !time && rest.starts_with(|c: char| c.is_ascii_digit()) => Err(DateText::Shape),
        _ if month.is_none() && names_part_of_year(rest) => Err(DateText::PartOfYear(year)),
        _ => Err(DateText::Trailing {
            date: date.to_string(),
            rest: rest.to_string(),
        }),
    }
}

/// Full-width letters, digits and signs as their ASCII forms (`２０２４` is `2024`), and
/// the ideographic and no-break spaces as spaces.
pub(super) fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match layout::half_width(c) {
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect()
}

/// The year, month and day of a date's text, and the text after them (without its leading
/// spaces): `2025-3-1`, `2025/3/1`, `2025.3.1` and `2025年3月1日` (or `1号`), with spaces
/// between the parts, or `20250301` and `202503`.
pub(super) fn date_parts(text: &str) -> Result<DateParts<'_>, DateText> {
    let mut scan = Scan(text);
    let first = scan.digits().ok_or(DateText::Shape)?;
    let mut parts = match first.len() {
        4 => [Some(first), None, None],
        6 => [first.get(..4), first.get(4..), None],
        8 => [first.get(..4), first.get(4..6), first.get(6..)],
        _ => return Err(DateText::Shape),
    };
    if first.len() == 4 {
        // The month after `-` `/` `.` or 年, then the day after those or 月; 年 or 月 with
        // nothing after it ends the date (2025年, 2025年3月).
        for (i, marker) in [(1, '年'), (2, '月')] {
            scan.spaces();
            let Some(separator) = scan.eat(&['-', '/', '.', marker]) else {
                break;
            };
            scan.spaces();
            match scan.digits() {
                Some(d) if d.len() <= 2 => parts[i] = Some(d),
                None if separator == marker => break,
                _ => return Err(DateText::Shape),
            }
        }
        if parts[2].is_some() {
            scan.spaces();
            scan.eat(&['日', '号']);
        }
    }
    scan.spaces();
    let [Some(year), month, day] = parts else {
        return Err(DateText::Shape);
    };
    Ok(((year, month, day), scan.0))
}

/// A date's year, month and day as written, and the text after them.
pub(super) type DateParts<'t> = ((&'t str, Option<&'t str>, Option<&'t str>), &'t str);

/// The text of a date not read yet.
pub(super) struct Scan<'t>(&'t str);

impl<'t> Scan<'t> {
    pub(super) fn spaces(&mut self) {
        self.0 = self.0.trim_start();
    }

    /// The ASCII digits at the front, if any.
    pub(super) fn digits(&mut self) -> Option<&'t str> {
        let end = self
            .0
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(self.0.len());
        let (digits, rest) = self.0.split_at(end);
        self.0 = rest;
        Some(digits).filter(|d| !d.is_empty())
    }

    /// The character at the front, when it is one of these.
    pub(super) fn eat(&mut self, these: &[char]) -> Option<char> {
        let c = self.0.chars().next().filter(|c| these.contains(c))?;
        self.0 = &self.0[c.len_utf8()..];
        Some(c)
    }
}

/// Whether the text is a time of day: `10:30`, `10:30:00`, `10:30:00.000`, after an
/// optional `T` (ISO 8601) and before an optional `Z`.
pub(super) fn is_time(text: &str) -> bool {
    let text = text.strip_prefix('T').unwrap_or(text);
    let text = text.strip_suffix('Z').unwrap_or(text);
    let (clock, fraction) = match text.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (text, None),
    };
    let fields: Vec<&str> = clock.split(':').collect();
    let number = |f: &str, len: std::ops::RangeInclusive<usize>, max: u8| {
        len.contains(&f.len())
            && f.bytes().all(|b| b.is_ascii_digit())
            && f.parse::<u8>().is_ok_and(|v| v <= max)
    };
    let digits = |f: &str| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit());
    matches!(fields.len(), 2 | 3)
        && number(fields[0], 1..=2, 23)
        && fields[1..].iter().all(|f| number(f, 2..=2, 59))
        && fraction.is_none_or(|f| fields.len() == 3 && digits(f))
}

/// Whether the text after a year names a part of it: a quarter (`Q1`, `一季度`), a half
/// (`H1`, `上半年`), its start, middle or end (`初`, `中`, `底`, `末`).
pub(super) fn names_part_of_year(rest: &str) -> bool {
    let quarter_or_half = rest.starts_with(['Q', 'q', 'H', 'h'])
        && rest[1..].starts_with(|c: char| c.is_ascii_digit());
    quarter_or_half
        || rest.contains('季')
        || rest.starts_with(['初', '中', '底', '末'])
        || rest.starts_with("上半")
        || rest.starts_with("下半")
}

/// Why a cell is not a date: text not in a date's shape (of a sheet, which takes Excel
/// dates too), a month or a day that the calendar does not have (said as the JSON reader
/// says it), or an Excel date cell that holds no day of the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum DateText {
    Shape,
    Calendar(crate::date::DateError),
    /// A date cell with a time of day only (serial 0 to 1).
    TimeOnly,
    /// A date cell before 1900-01-01 or after 9999-12-31 (Excel shows neither).
    NoExcelDay,
    /// Serial 60: Excel's 1900-02-29, a day that never was.
    Leap1900,
    /// A number in a General cell that is not a year, YYYYMM or YYYYMMDD.
    Number,
    /// A five-digit number, the serial of this day in a date cell.
    Serial(Date),
    /// A number with a point after a year, such as 2024.03.
    Point,
    /// A part of this year, such as 2024Q1 or 2024年底.
    PartOfYear(u16),
    /// A date, then other text.
    Trailing {
        date: String,
        rest: String,
    },
}

impl DateText {
    /// The problem of a cell that shows `shown`.
    pub(super) fn message(&self, shown: &str) -> String {
        let shown = crate::error::shorten(shown);
        match self {
            DateText::Number | DateText::Serial(_) | DateText::Point => {
                format!("`{shown}` is a number, not a date: {}", self.advice())
            }
            _ => format!("`{shown}` is not a date: {}", self.advice()),
        }
    }

    pub(super) fn advice(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            DateText::PartOfYear(y) => return format!("a date is a year, a month or a day, not a quarter or a part of a year; write the month meant, such as {y}-01 or {y}-12").into(),
            DateText::Trailing { date, rest } => {
                let rest = crate::error::shorten(rest);
                return format!("`{rest}` after {date} is not part of a date; write one date alone").into();
            }
            DateText::Serial(d) => return format!("format the cell as a date (it would be {d}), or type the date as {d}; if Excel shows the cell as that date, the workbook is an .xls or .xlsb file: save it as .xlsx").into(),
            DateText::Number => "format the cell as a date, or type the date as 2024-03 or 2024-03-05 (a number is read only as a year 2024, a month 202403 or a day 20240305)",
            DateText::Point => "Excel stores 2024.10 as the number 2024.1, so the month after a point cannot be read; type 2024-03, or format the cell as text first",
            DateText::Shape => "use an Excel date, or YYYY, YYYY-MM or YYYY-MM-DD",
            DateText::Calendar(e) => e.reason(),
            DateText::TimeOnly => {
                "the cell holds a time of day and no day; enter the date, such as 2024-03-05"
            }
            DateText::NoExcelDay => "Excel dates run from 1900-01-01 to 9999-12-31",
            DateText::Leap1900 => {
                "1900 had no 29 February (Excel counts one that never was); enter the real date"
            }
        })
    }
}

/// A number written as text: `1500`, `1,500`, `1 500`, `12,345,678.5`, `-3`, `5e2`, and,
/// where `percent`, a share as `51%`; full-width digits and signs read as ASCII ones. A
/// comma (`,` `，`) or a space separates thousands only, between groups of three digits
/// of the whole part: `1,5`, `1,50` and `1.000,5` are refused, never read as 15, 150 or
/// 1.0005. A number followed by other text (`300 MW`, `3万吨`) is refused too.
pub(super) fn text_number(text: &str, percent: bool) -> Result<f64, NumberText> {
    let folded = fold_width(text);
    let mut text = folded.trim();
    let share = text.strip_suffix('%').filter(|_| percent);
    if let Some(share) = share {
        text = share.trim_end();
    }
    let end = number_end(text);
    let (number, rest) = (text[..end].trim_end(), &text[end..]);
    if !number.bytes().any(|b| b.is_ascii_digit()) {
        return Err(NumberText::NotNumber);
    }
    if !rest.is_empty() {
        return Err(NumberText::WithUnit {
            number: number.to_string(),
            unit: rest.to_string(),
        });
    }
    let plain = ungrouped(number)?;
    // 33.3% is 33.3e-2, read as 0.333 (33.3 / 100 is 0.33299999999999996).
    let value = match share {
        Some(_) => format!("{plain}e-2").parse::<f64>(),
        None => plain.parse::<f64>(),
    };
    match value {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(NumberText::NotNumber),
    }
}

/// Where the number at the front of the text ends: after its digits, signs, points,
/// commas, spaces and exponent (`e3`).
pub(super) fn number_end(text: &str) -> usize {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let exponent = matches!(c, 'e' | 'E')
            && chars
                .peek()
                .is_some_and(|(_, n)| n.is_ascii_digit() || matches!(n, '+' | '-'));
        if !(exponent || c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | ',' | ' ')) {
            return i;
        }
    }
    text.len()
}

/// The number without its thousands separators, which stand only between groups of
/// three digits of the whole part, after a first group of one to three.
pub(super) fn ungrouped(number: &str) -> Result<String, NumberText> {
    let whole_end = number.find(['.', 'e', 'E']).unwrap_or(number.len());
    let (whole, fraction) = number.split_at(whole_end);
    let groups: Vec<&str> = whole
        .trim_start_matches(['+', '-'])
        .split([',', ' '])
        .collect();
    let grouped = groups.len() == 1
        || ((1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())));
    if !grouped || fraction.contains([',', ' ']) {
        return Err(NumberText::Separator {
            comma: number.contains(','),
        });
    }
    Ok(number.replace([',', ' '], ""))
}

/// Why a cell is not a number.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum NumberText {
    NotNumber,
    /// A comma or a space that does not separate thousands.
    Separator {
        comma: bool,
    },
    /// A number, then other text, such as a unit.
    WithUnit {
        number: String,
        unit: String,
    },
}

impl NumberText {
    /// The problem of a cell that shows `shown`, in a column of shares (`percent`) or
    /// with a unit column (`unit`, its header).
    pub(super) fn message(&self, shown: &str, percent: bool, unit: Option<&str>) -> String {
        let advice = match (self, unit) {
            (NumberText::Separator { comma: true }, _) => {
                "write decimals with a point (1.5); a comma may only separate thousands (1,500)"
                    .to_string()
            }
            (NumberText::Separator { comma: false }, _) => {
                "a space may only separate thousands (1 500)".to_string()
            }
            (NumberText::WithUnit { number, unit: rest }, Some(column)) if !percent => {
                format!("write the number alone here ({number}) and its unit ({rest}) in {column}")
            }
            _ if percent => "write the share as 0.51 or 51%".to_string(),
            _ => return format!("`{}` is not a number", crate::error::shorten(shown)),
        };
        format!(
            "`{}` is not a number: {advice}",
            crate::error::shorten(shown)
        )
    }
}

/// Whether a cell's text says "nothing known" rather than a value: `-`, `—`, `/`, `无`,
/// `暂无`, `不详`, `未知`, `待定`, `待补充`, `N/A`. The columns of dates, numbers, lists
/// and free text read such a cell as empty (a status or a name is not read so: there an
/// empty cell means something else).
///
/// ```text
/// "-" "——" "待定" "N/A" -> placeholders; "0" "无锡" "n" -> not
/// ```
pub(super) fn is_placeholder(text: &str) -> bool {
    let t: String = text
        .chars()
        .map(layout::half_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    let dashes = !t.is_empty() && t.chars().all(|c| matches!(c, '-' | '—' | '–' | '－' | '―'));
    dashes
        || matches!(
            t.as_str(),
            "/" | "无" | "暂无" | "不详" | "未知" | "待定" | "待补充" | "待查" | "N/A" | "n/a"
        )
}

/// Why a cell is not a unified social credit code (统一社会信用代码, GB 32100-2015).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum CodeText {
    /// Excel made it a number (`9.15111E+17`), which keeps 15 digits of the 18.
    Number,
    /// Not 18 characters.
    Length(usize),
    /// A character no code uses (I, O, Z, S, V, or another sign).
    Character(char),
    /// The 18th character is not the check character of the first 17: a mistyped one.
    Check(char),
}

impl CodeText {
    /// The problem of a credit-code cell that shows `shown`.
    pub(super) fn message(&self, shown: &str) -> String {
        let shown = crate::error::shorten(shown);
        match self {
            CodeText::Number => format!(
                "`{shown}` is a credit code that Excel stored as a number, which keeps only its \
                 first 15 digits: format the column as text (文本) and type the codes again"
            ),
            CodeText::Length(15) => format!(
                "`{shown}` has 15 characters: a credit code has 18; an old registration number \
                 (注册号) goes in a column of its own, such as 注册号"
            ),
            CodeText::Length(n) => {
                format!("`{shown}` has {n} characters: a credit code has 18 digits and letters")
            }
            CodeText::Character(c) => format!(
                "`{shown}` holds {c}, which no credit code has (they use digits and the capital \
                 letters but I, O, Z, S and V)"
            ),
            CodeText::Check(want) => format!(
                "`{shown}` is not a valid credit code: with these first 17 characters the 18th \
                 would be {want}; look for a mistyped character"
            ),
        }
    }
}

/// The characters of credit codes, each worth its position (GB 32100-2015).
const CODE_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// A unified social credit code as written, checked and in capitals without spaces:
/// 18 characters, the last the check character of the others (GB 32100-2015).
///
/// ```text
/// "914403001922038216" -> Ok;  "9.15111E+17" -> Number;  "91440300192203821X" -> Check('6')
/// ```
pub(super) fn credit_code(text: &str) -> Result<String, CodeText> {
    let code: String = text
        .chars()
        .map(layout::half_width)
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect();
    let scientific = code.contains("E+")
        && code
            .replace(['.', 'E', '+'], "")
            .bytes()
            .all(|b| b.is_ascii_digit());
    if scientific {
        return Err(CodeText::Number);
    }
    let count = code.chars().count();
    if count != 18 {
        return Err(CodeText::Length(count));
    }
    let mut sum = 0;
    let weights = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let mut values = Vec::with_capacity(18);
    for c in code.chars() {
        values.push(CODE_CHARS.find(c).ok_or(CodeText::Character(c))?);
    }
    for (v, w) in values.iter().zip(weights) {
        sum += v * w;
    }
    let check = (31 - sum % 31) % 31;
    if values[17] != check {
        let want = CODE_CHARS.as_bytes()[check] as char;
        return Err(CodeText::Check(want));
    }
    Ok(code)
}

/// Whether a status names a stage of recruiting a firm (洽谈, 意向: in talks, of
/// interest) rather than of its plant: it makes nothing here yet.
pub(super) fn is_prospect(text: &str) -> bool {
    let t = normalize(text);
    [
        "洽谈",
        "意向",
        "接洽",
        "在谈",
        "对接",
        "prospect",
        "negotiating",
        "intent",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// The items of a list cell (tags, sources: ids, which hold no space or `/`): separated
/// by `;` `,` `、` (or their full-width forms), a line break, a space or a `/`.
pub(super) fn split_list(text: &str) -> Vec<String> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, ';' | '；' | ',' | '，' | '、' | '/' | '／' | '|')
    })
    .map(str::trim)
    .filter(|s| !s.is_empty())
    .map(str::to_string)
    .collect()
}

pub(super) fn parse_status(text: &str) -> Option<Status> {
    let t = normalize(text);
    if let Some(s) = Status::ALL.iter().find(|s| s.as_str() == t) {
        return Some(*s);
    }
    // `已投产`, `运营中`: the words with 已 (done) before them or 中 (in progress) after
    // them are the words.
    let t = t.strip_prefix('已').filter(|w| !w.is_empty()).unwrap_or(&t);
    let t = t.strip_suffix('中').filter(|w| !w.is_empty()).unwrap_or(t);
    Some(match t {
        "在产" | "运营" | "投产" | "生产" | "运行" | "正常" | "达产" | "建成" | "试生产"
        | "试运行" => Status::Operating,
        "在建" | "建设" | "施工" | "开工" => Status::Building,
        "签约" | "拟建" | "拟建设" | "筹备" | "规划" | "计划" | "筹建" | "拟投资" => {
            Status::Announced
        }
        "停产" | "关闭" | "关停" | "注销" | "退出" | "停止" => Status::Closed,
        _ => return None,
    })
}

pub(super) fn parse_grade(text: &str) -> Option<Grade> {
    let t = normalize(text).replace(['级', '类'], "");
    Some(match t.as_str() {
        "a" | "甲" => Grade::A,
        "b" | "乙" => Grade::B,
        "c" | "丙" => Grade::C,
        _ => return None,
    })
}

pub(super) fn parse_region_kind(text: &str) -> Option<RegionKind> {
    let t = normalize(text);
    if let Some(k) = RegionKind::ALL.iter().find(|k| k.as_str() == t) {
        return Some(*k);
    }
    Some(match t.as_str() {
        "国家" | "国" => RegionKind::Country,
        "省" | "省份" | "自治区" | "直辖市" => RegionKind::Province,
        "市" | "城市" | "地级市" | "州" => RegionKind::City,
        "区" | "县" | "区县" | "县区" | "县级市" => RegionKind::District,
        "开发区" | "高新区" | "经开区" | "新区" => RegionKind::Zone,
        "园区" | "产业园" | "工业园" => RegionKind::Park,
        "其他" => RegionKind::Other,
        _ => return None,
    })
}

pub(super) fn parse_org_kind(text: &str) -> Option<OrganizationKind> {
    let t = normalize(text);
    if let Some(k) = OrganizationKind::ALL.iter().find(|k| k.as_str() == t) {
        return Some(*k);
    }
    Some(match t.as_str() {
        "联盟" | "产业联盟" | "协会" => OrganizationKind::Alliance,
        "科研院所" | "研究院" | "研究所" | "科研" => OrganizationKind::Research,
        "高校" | "大学" | "学院" => OrganizationKind::University,
        "政府" | "政府部门" | "管委会" => OrganizationKind::Government,
        "平台" => OrganizationKind::Platform,
        "其他" => OrganizationKind::Other,
        _ => return None,
    })
}

pub(super) fn parse_link_kind(text: &str) -> Option<LinkKind> {
    let t = normalize(text);
    if let Some(k) = LinkKind::ALL.iter().find(|k| normalize(k.as_str()) == t) {
        return Some(*k);
    }
    Some(match t.as_str() {
        "供货" | "供应" | "销售" => LinkKind::Supplies,
        "持股" | "控股" | "参股" | "投资" | "股权" => LinkKind::Owns,
        "合作" | "战略合作" | "合资" => LinkKind::PartnersWith,
        "成员" | "会员" | "成员单位" => LinkKind::MemberOf,
        "技术转让" | "技术许可" | "技术转移" => LinkKind::TransfersTechnology,
        _ => return None,
    })
}

/// Whether a link kind says that `from` buys (采购, 购买): the opposite direction of
/// supplies, which a row cannot be trusted to have turned round.
pub(super) fn is_purchase(text: &str) -> bool {
    let t = normalize(text);
    t.contains("采购") || t.contains("购买") || t == "purchases" || t == "buys"
}

pub(super) fn one_of<T: Copy>(all: &[T], show: impl Fn(&T) -> &'static str) -> String {
    all.iter().map(show).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::super::tables::{cell_text, Cell};
    use super::*;

    #[test]
    fn excel_serials_are_days() {
        let day = |serial: f64| serial_date(serial).map(|d| d.to_string());
        for (serial, want) in [
            (45658.0, "2025-01-01"),
            (45717.5, "2025-03-01"),
            (45356.0, "2024-03-05"),
            // Excel counts a 1900-02-29 (serial 60): the days before it are one day later.
            (1.0, "1900-01-01"),
            (59.0, "1900-02-28"),
            (59.99, "1900-02-28"),
            (61.0, "1900-03-01"),
            (2_958_465.0, "9999-12-31"),
        ] {
            assert_eq!(day(serial), Ok(want.to_string()), "{serial}");
        }
        assert_eq!(day(60.0), Err(DateText::Leap1900));
        assert_eq!(day(60.5), Err(DateText::Leap1900));
        assert_eq!(day(0.0), Err(DateText::TimeOnly));
        assert_eq!(day(0.75), Err(DateText::TimeOnly));
        assert_eq!(day(-1.0), Err(DateText::NoExcelDay));
        assert_eq!(day(2_958_466.0), Err(DateText::NoExcelDay));
        assert_eq!(day(f64::NAN), Err(DateText::NoExcelDay));
        assert_eq!(cell_text(&Cell::Date(60.0)), "1900-02-29");
        assert_eq!(cell_text(&Cell::Date(59.0)), "1900-02-28");
        assert_eq!(cell_text(&Cell::Date(0.75)), "18:00");
    }

    #[test]
    fn numbers_are_years_months_and_days_and_nothing_else() {
        let date = |n: f64| number_date(n).map(|d| d.to_string());
        for (n, want) in [
            (2024.0, "2024"),
            (1000.0, "1000"),
            (202403.0, "2024-03"),
            (100001.0, "1000-01"),
            (20240305.0, "2024-03-05"),
            (99991231.0, "9999-12-31"),
        ] {
            assert_eq!(date(n), Ok(want.to_string()), "{n}");
        }
        assert_eq!(
            date(45356.0),
            Err(DateText::Serial(Date::new(2024, Some(3), Some(5)).unwrap()))
        );
        for n in [999.0, 0.0, -2024.0, 2024001.0, 1e9, f64::NAN, 45000.5] {
            assert_eq!(date(n), Err(DateText::Number), "{n}");
        }
        for n in [2024.03, 2024.1, 2024.5, 9999.99] {
            assert_eq!(date(n), Err(DateText::Point), "{n}");
        }
        let reason = |n: f64| number_date(n).map_err(|e| e.advice().into_owned());
        assert_eq!(
            reason(202400.0),
            Err("there is no such month (months are 01 to 12)".to_string())
        );
        assert_eq!(reason(20250229.0), Err("there is no such day".to_string()));
        assert_eq!(
            DateText::Number.message("12"),
            format!(
                "`12` is a number, not a date: {}",
                DateText::Number.advice()
            )
        );
    }

    #[test]
    fn text_dates_in_common_shapes() {
        for (text, want) in [
            ("2025", "2025"),
            ("2025/3/1", "2025-03-01"),
            ("2025年3月", "2025-03"),
            ("2025年", "2025"),
            ("2025.03", "2025-03"),
            ("2025-03-01 00:00:00", "2025-03-01"),
            ("2025-03-01 10:30", "2025-03-01"),
            ("2025-03-01T10:30:00", "2025-03-01"),
            ("2025-03-01T10:30:00.000Z", "2025-03-01"),
            ("2025/3/1 9:05", "2025-03-01"),
            ("2025年3月1日 14:30", "2025-03-01"),
            ("20250301 10:30", "2025-03-01"),
            // Spaces, full-width and no-break ones among them, around the parts.
            ("2024 年 3 月", "2024-03"),
            ("2024年 3月", "2024-03"),
            ("2024 年 3 月 5 日", "2024-03-05"),
            ("2024\u{3000}年\u{3000}3\u{3000}月", "2024-03"),
            ("\u{a0}2024 - 03\u{a0}", "2024-03"),
            ("2024 / 3 / 5", "2024-03-05"),
            ("2024年3月5号", "2024-03-05"),
            // Full-width digits and signs.
            ("２０２４年３月", "2024-03"),
            ("２０２４－０３－０５", "2024-03-05"),
            ("２０２４-03-05　１０：３０", "2024-03-05"),
            // Digits only: YYYYMMDD and YYYYMM.
            ("20240305", "2024-03-05"),
            ("202403", "2024-03"),
        ] {
            assert_eq!(
                text_date(text).map(|d| d.to_string()),
                Ok(want.to_string()),
                "{text}"
            );
        }
        let shape = DateText::Shape.advice().into_owned();
        let (no_day, no_month) = (
            "there is no such day",
            "there is no such month (months are 01 to 12)",
        );
        for (text, why) in [
            ("25/3/1", shape.as_str()),
            ("3/5/2024", &shape),
            ("soon", &shape),
            ("明年", &shape),
            ("2025-3-x", &shape),
            ("2025-", &shape),
            ("2025-003", &shape),
            ("2024-2025", &shape),
            ("2024 03", &shape),
            ("2025-03 10:30", &shape),
            ("2024-03-05 25:00", &shape),
            ("2024031", &shape),
            ("2025-02-30", no_day),
            ("2024/2/30", no_day),
            ("20250229", no_day),
            ("2025-13", no_month),
            ("2025年0月", no_month),
            ("202513", no_month),
        ] {
            let advice = text_date(text).map_err(|e| e.advice().into_owned());
            assert_eq!(advice, Err(why.to_string()), "{text}");
        }
    }

    #[test]
    fn text_after_a_date_is_refused_not_dropped() {
        let trailing = |date: &str, rest: &str| DateText::Trailing {
            date: date.into(),
            rest: rest.into(),
        };
        for (text, why) in [
            ("2024-03 至 2025-06", trailing("2024-03", "至 2025-06")),
            ("2024-03~2025-06", trailing("2024-03", "~2025-06")),
            ("2024.3 投产", trailing("2024-03", "投产")),
            ("2024-03 (一期)", trailing("2024-03", "(一期)")),
            ("2024年3月中旬", trailing("2024-03", "中旬")),
            (
                "2024-03-05 10:30 左右",
                trailing("2024-03-05", "10:30 左右"),
            ),
            ("2024-03-05T", trailing("2024-03-05", "T")),
            ("2024年底", DateText::PartOfYear(2024)),
            ("2024Q1", DateText::PartOfYear(2024)),
            ("2024 H2", DateText::PartOfYear(2024)),
            ("2024年第一季度", DateText::PartOfYear(2024)),
            ("2024年上半年", DateText::PartOfYear(2024)),
            ("２０２４年末", DateText::PartOfYear(2024)),
        ] {
            assert_eq!(text_date(text), Err(why), "{text}");
        }
        assert_eq!(
            DateText::PartOfYear(2024).message("2024年底"),
            "`2024年底` is not a date: a date is a year, a month or a day, not a quarter or a part of a year; write the month meant, such as 2024-01 or 2024-12"
        );
    }

    #[test]
    fn numbers_with_thousands_separators_only_between_groups_of_three() {
        for (text, want) in [
            ("1500", 1500.0),
            ("1,500", 1500.0),
            ("12,345,678.5", 12_345_678.5),
            ("1 000", 1000.0),
            (" 1,000 ", 1000.0),
            ("1，000", 1000.0),
            ("１，０００．５", 1000.5),
            ("-1,000", -1000.0),
            ("+5", 5.0),
            (".5", 0.5),
            ("5e2", 500.0),
            ("1,000e3", 1e6),
            ("300\u{a0}", 300.0),
        ] {
            assert_eq!(text_number(text, false), Ok(want), "{text}");
        }
        let comma = Err(NumberText::Separator { comma: true });
        for text in [
            "1,5", "1,50", "1.000,5", "1,0,0", ",5", "1,", "1,5000", "1.5,000",
        ] {
            assert_eq!(text_number(text, false), comma, "{text}");
        }
        let space = Err(NumberText::Separator { comma: false });
        assert_eq!(text_number("1 5", false), space);
        for text in ["lots", "inf", "NaN", "1.5.3", "约300", "", "-"] {
            assert_eq!(
                text_number(text, false),
                Err(NumberText::NotNumber),
                "{text}"
            );
        }
    }

    #[test]
    fn a_number_with_its_unit_is_refused() {
        let with_unit = |number: &str, unit: &str| {
            Err(NumberText::WithUnit {
                number: number.into(),
                unit: unit.into(),
            })
        };
        assert_eq!(text_number("300 MW", false), with_unit("300", "MW"));
        assert_eq!(text_number("3万吨", false), with_unit("3", "万吨"));
        assert_eq!(text_number("1,000 t/yr", false), with_unit("1,000", "t/yr"));
        assert_eq!(text_number("50%", false), with_unit("50", "%"));
        let why = text_number("3万吨", false).unwrap_err();
        assert_eq!(
            why.message("3万吨", false, Some("单位 (unit)")),
            "`3万吨` is not a number: write the number alone here (3) and its unit (万吨) in 单位 (unit)"
        );
    }

    #[test]
    fn shares_as_fractions_or_percents() {
        for (text, want) in [
            ("0.51", 0.51),
            ("51%", 0.51),
            ("51 %", 0.51),
            ("５１％", 0.51),
            ("7%", 0.07),
            ("33.3%", 0.333),
            ("1,000%", 10.0),
        ] {
            assert_eq!(text_number(text, true), Ok(want), "{text}");
        }
        let why = text_number("51 pct", true).unwrap_err();
        assert_eq!(
            why.message("51 pct", true, None),
            "`51 pct` is not a number: write the share as 0.51 or 51%"
        );
    }

    #[test]
    fn statuses_in_both_languages() {
        assert_eq!(parse_status("在产"), Some(Status::Operating));
        assert_eq!(parse_status("运营"), Some(Status::Operating));
        assert_eq!(parse_status("在建"), Some(Status::Building));
        assert_eq!(parse_status("签约"), Some(Status::Announced));
        assert_eq!(parse_status("拟建"), Some(Status::Announced));
        assert_eq!(parse_status("停产"), Some(Status::Closed));
        assert_eq!(parse_status("Operating"), Some(Status::Operating));
        assert_eq!(parse_status("maybe"), None);
        // The words planners write with 中 (in progress), and the closed ones.
        assert_eq!(parse_status("运营中"), Some(Status::Operating));
        assert_eq!(parse_status("在建中"), Some(Status::Building));
        assert_eq!(parse_status("建设中"), Some(Status::Building));
        assert_eq!(parse_status("规划中"), Some(Status::Announced));
        assert_eq!(parse_status("关停"), Some(Status::Closed));
        assert_eq!(parse_status("已注销"), Some(Status::Closed));
        assert_eq!(parse_status("中"), None);
        assert_eq!(parse_status("开工"), Some(Status::Building));
        assert_eq!(parse_status("拟建设"), Some(Status::Announced));
        assert_eq!(parse_status("试生产"), Some(Status::Operating));
        assert_eq!(parse_status("意向"), None);
        assert_eq!(parse_grade("B类"), Some(Grade::B));
    }

    #[test]
    fn a_purchase_is_no_link_kind_for_it_does_not_say_who_sells() {
        assert_eq!(parse_link_kind("供货"), Some(LinkKind::Supplies));
        assert_eq!(parse_link_kind("销售"), Some(LinkKind::Supplies));
        for word in ["采购", "采购关系", "购买", "purchases"] {
            assert_eq!(parse_link_kind(word), None, "{word}");
            assert!(is_purchase(word), "{word}");
        }
        assert!(!is_purchase("合作"));
    }

    #[test]
    fn credit_codes_are_checked_by_their_check_character() {
        // Two real codes (Huawei's and Tencent's), written as planners write them.
        assert_eq!(
            credit_code("914403001922038216"),
            Ok("914403001922038216".into())
        );
        assert_eq!(
            credit_code(" 9144030071526726xg "),
            Ok("9144030071526726XG".into())
        );
        assert_eq!(
            credit_code("９１４４０３００１９２２０３８２１６"),
            Ok("914403001922038216".into())
        );
        assert_eq!(credit_code("914403001922038217"), Err(CodeText::Check('6')));
        assert_eq!(credit_code("9.14403E+17"), Err(CodeText::Number));
        assert_eq!(credit_code("91440300192203821"), Err(CodeText::Length(17)));
        assert_eq!(
            credit_code("9144030019220382I6"),
            Err(CodeText::Character('I'))
        );
    }

    #[test]
    fn placeholders_say_nothing_is_known() {
        for p in [
            "-", "--", "—", "——", "－", " / ", "无", "暂无", "待定", "不详", "N/A",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for v in ["0", "无锡", "n", "NA", "-1", "a-b", ""] {
            assert!(!is_placeholder(v), "{v}");
        }
    }

    #[test]
    fn talks_and_intent_are_stages_of_recruiting() {
        for s in ["洽谈", "洽谈中", "有意向", "意向企业", "在谈"] {
            assert!(is_prospect(s) && parse_status(s).is_none(), "{s}");
        }
        assert!(!is_prospect("签约"));
    }
}
