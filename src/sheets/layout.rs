//! The column layout of the import tables: one table per record kind, each column with its
//! English key, its Chinese header and the other headers it is recognised by.
//!
//! A header cell matches a column when the whole cell, or any part of it between
//! parentheses or around a `/`, equals the column's key, its Chinese header or one of its
//! aliases, ignoring case, spaces, `-` and `_`. So `企业名称`, `name_zh`, `Name ZH` and
//! `企业名称 (name_zh)` all name the firm's Chinese name. Sheets and CSV files are matched
//! the same way by their names (`firms`, `企业`, `企业 (firms)`, `firms.csv`).

/// Which record kind a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableKind {
    /// One row: the template id (`chain`) and the date the data describes (`as_of`).
    Dataset,
    /// The sources facts cite.
    Sources,
    /// The region forest.
    Regions,
    /// The firms, one row each.
    Firms,
    /// What firms make: one row per firm and product.
    Makes,
    /// Organizations that are not firms.
    Organizations,
    /// Links between firms and organizations.
    Links,
}

/// One column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The English key, also the dataset field it fills where there is one.
    pub key: &'static str,
    /// The Chinese header.
    pub zh: &'static str,
    /// Other headers recognised, in either language.
    pub aliases: &'static [&'static str],
    /// Whether every row needs a value (see [`TableLayout::columns`] for the either-or
    /// columns of names).
    pub required: bool,
    /// What the column holds, in English.
    pub en_help: &'static str,
    /// What the column holds, in Chinese.
    pub zh_help: &'static str,
}

impl Column {
    /// The header written in templates and exports: `中文 (key)`.
    ///
    /// ```
    /// use vrfb_chain::sheets::layout::{table, TableKind};
    /// let firms = table(TableKind::Firms);
    /// assert_eq!(firms.column("name_zh").unwrap().header(), "企业名称 (name_zh)");
    /// ```
    pub fn header(&self) -> String {
        format!("{} ({})", self.zh, self.key)
    }

    /// Whether a header cell names this column.
    ///
    /// ```
    /// use vrfb_chain::sheets::layout::{table, TableKind};
    /// let region = table(TableKind::Firms).column("region").unwrap();
    /// assert!(region.matches("所在地区") && region.matches("Region") && region.matches("地区 (region)"));
    /// assert!(!region.matches("产品"));
    /// ```
    pub fn matches(&self, header: &str) -> bool {
        parts(header).any(|p| {
            p == normalize(self.key)
                || p == normalize(self.zh)
                || self.aliases.iter().any(|a| p == normalize(a))
        })
    }
}

/// The layout of one table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableLayout {
    /// The record kind.
    pub kind: TableKind,
    /// The English name: the sheet name, or the CSV file name without `.csv`.
    pub key: &'static str,
    /// The Chinese name, recognised as a sheet or file name too.
    pub zh: &'static str,
    /// Other names recognised.
    pub aliases: &'static [&'static str],
    /// What the table holds, in English.
    pub en_help: &'static str,
    /// What the table holds, in Chinese.
    pub zh_help: &'static str,
    /// The columns, in the order templates and exports write them. Any other column is
    /// kept in the record's `extra` (firms, organizations and links).
    pub columns: &'static [Column],
}

impl TableLayout {
    /// The column with this key.
    pub fn column(&self, key: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.key == key)
    }

    /// The sheet name written in templates and exports: `中文 (key)`.
    pub fn sheet_name(&self) -> String {
        format!("{} ({})", self.zh, self.key)
    }

    /// Whether a sheet or file name (without its `.csv`) names this table.
    ///
    /// ```
    /// use vrfb_chain::sheets::layout::{table, TableKind};
    /// let makes = table(TableKind::Makes);
    /// assert!(makes.matches("makes") && makes.matches("生产") && makes.matches("生产 (makes)"));
    /// ```
    pub fn matches(&self, name: &str) -> bool {
        parts(name).any(|p| {
            p == normalize(self.key)
                || p == normalize(self.zh)
                || self.aliases.iter().any(|a| p == normalize(a))
        })
    }
}

/// Lowercase, without spaces (the ideographic and no-break ones too), `-` and `_`, the
/// full-width forms of ASCII folded (`（` is `(`, `Ａ` is `a`): what a Chinese input method
/// types is what the template says.
pub(crate) fn normalize(text: &str) -> String {
    text.chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '\u{a0}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The ASCII character of a full-width form (U+FF01 to U+FF5E), else the character.
pub(crate) fn half_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

/// The whole text, and each part between parentheses or around `/`, normalized; a colon
/// after a header (`标签：`) is left out.
fn parts(text: &str) -> impl Iterator<Item = String> + '_ {
    let text = text.trim().trim_end_matches([':', '：']);
    let whole = normalize(text);
    let pieces = text
        .split(['(', ')', '（', '）', '/', '／'])
        .map(normalize)
        .filter(|p| !p.is_empty());
    std::iter::once(whole).chain(pieces)
}

macro_rules! col {
    ($key:literal, $zh:literal, [$($alias:literal),*], $req:literal, $en:expr, $zhh:expr) => {
        Column { key: $key, zh: $zh, aliases: &[$($alias),*], required: $req, en_help: $en, zh_help: $zhh }
    };
}

const STATUS_HELP_EN: &str = "operating (在产/运营/投产), building (在建), announced (签约/拟建/规划), closed (停产); empty: operating";
const STATUS_HELP_ZH: &str =
    "在产/运营、在建、签约/拟建、停产（或英文 operating, building, announced, closed）；空白为在产";
const SOURCES_HELP_EN: &str = "the ids or titles of rows of the sources table, separated by ; or ,";
const SOURCES_HELP_ZH: &str = "来源表中的来源编号或标题，多个用 ; 或 , 分隔";

/// Every table, in the order they are read and written.
pub const TABLES: &[TableLayout] = &[
    TableLayout {
        kind: TableKind::Dataset,
        key: "dataset",
        zh: "数据集",
        aliases: &[],
        en_help: "optional, one row: the chain template's id and the date the data describes",
        zh_help: "可选，一行：产业链模板编号与数据截至日期",
        columns: &[
            col!("chain", "产业链", ["模板", "产业链模板"], false, "the template's id; empty: the template imported against", "模板编号；空白则用导入时的模板"),
            col!("as_of", "数据日期", ["截至日期", "数据截至"], false, "the date the data describes (YYYY, YYYY-MM or YYYY-MM-DD)", "数据描述的日期"),
        ],
    },
    TableLayout {
        kind: TableKind::Sources,
        key: "sources",
        zh: "来源",
        aliases: &["信息来源"],
        en_help: "where facts come from, and how much to trust them",
        zh_help: "信息来源及其可信度",
        columns: &[
            col!("id", "来源编号", ["编号"], true, "an id: 1-64 characters from a-z 0-9 - _ .", "编号：1-64 个小写字母、数字或 - _ ."),
            col!("title", "标题", ["名称", "来源名称"], true, "its title", "标题"),
            col!("url", "链接", ["网址", "link"], false, "where to read it", "网址"),
            col!("publisher", "发布单位", ["发布者", "发布机构"], false, "who published it", "发布单位"),
            col!("published", "发布日期", ["发布时间", "日期", "date"], false, "when (a date, or YYYY / YYYY-MM)", "发布日期"),
            col!("grade", "等级", ["可信度", "级别"], false, "A (government, filing), B (trade media), C (other); empty: C", "A（政府、公告）、B（行业媒体）、C（其他）；空白为 C"),
        ],
    },
    TableLayout {
        kind: TableKind::Regions,
        key: "regions",
        zh: "地区",
        aliases: &["区域"],
        en_help: "places: country, province, city, zone ..., each with its parent",
        zh_help: "地区：国家、省、市、园区等，及其上级",
        columns: &[
            col!("id", "地区编号", ["编号", "代码"], true, "an id", "编号"),
            col!("kind", "类型", ["级别", "层级"], true, "country (国家), province (省), city (市), district (区县), zone (开发区/高新区), park (园区), other (其他)", "国家、省、市、区县、开发区/高新区、园区、其他"),
            col!("name_zh", "地区名称", ["名称", "中文名称", "name"], false, "Chinese name (this or the English name)", "中文名称（与英文名称至少填一个）"),
            col!("name_en", "英文名称", ["englishname"], false, "English name", "英文名称"),
            col!("parent", "上级地区", ["上级", "所属"], false, "the region it is part of, by id or name", "上级地区（编号或名称）"),
        ],
    },
    TableLayout {
        kind: TableKind::Firms,
        key: "firms",
        zh: "企业",
        aliases: &["企业名单", "公司"],
        en_help: "firms, one row each; what they make goes in the makes table",
        zh_help: "企业，每行一家；产品写在生产表",
        columns: &[
            col!("id", "企业编号", ["编号"], false, "an id; empty: derived from the credit code or the name (see docs/spreadsheets.md)", "编号；空白则由统一社会信用代码或名称生成"),
            col!("name_zh", "企业名称", ["名称", "公司名称", "中文名称", "name"], false, "Chinese name (this or the English name)", "企业名称（与英文名称至少填一个）"),
            col!("name_en", "英文名称", ["englishname"], false, "English name", "英文名称"),
            col!("credit_code", "统一社会信用代码", ["信用代码", "uscc"], false, "unified social credit code, kept in extra", "统一社会信用代码，保存在扩展字段"),
            col!("region", "所在地区", ["地区", "所在地", "区域"], true, "its region, by id or name", "所在地区（编号或名称）"),
            col!("tags", "标签", [], false, "lowercase tags such as chain-leader, separated by ; or ,", "标签，如 chain-leader（链主），多个用 ; 分隔"),
            col!("sources", "来源", ["来源编号", "信息来源", "数据来源", "资料来源"], false, SOURCES_HELP_EN, SOURCES_HELP_ZH),
            col!("extra", "扩展", [], false, "a JSON object of further attributes; other columns are added to it", "JSON 对象；其他未知列也保存在此"),
        ],
    },
    TableLayout {
        kind: TableKind::Makes,
        key: "makes",
        zh: "生产",
        aliases: &["产品表", "生产产品"],
        en_help: "what firms make: one row per firm and product",
        zh_help: "企业生产的产品：每行一个企业和一个产品",
        columns: &[
            col!("firm", "企业", ["企业名称", "企业编号", "公司", "统一社会信用代码"], true, "the firm, by id, name or credit code", "企业（编号、名称或统一社会信用代码）"),
            col!("product", "产品", ["产品名称", "产品编号"], true, "the product, by id or name (Chinese or English) of the chain template", "产品（产业链模板中的编号或中英文名称）"),
            col!("status", "状态", ["生产状态"], false, STATUS_HELP_EN, STATUS_HELP_ZH),
            col!("capacity", "产能", ["产能数值"], false, "a number ≥ 0; needs a unit", "数值（≥ 0），须填单位"),
            col!("unit", "单位", ["产能单位"], false, "the capacity's unit, such as GWh/yr or t/yr", "产能单位，如 GWh/yr、t/yr"),
            col!("since", "投产时间", ["开始", "开始时间", "起始", "投产日期", "投产年份"], false, "since when (an Excel date, or YYYY / YYYY-MM / YYYY-MM-DD)", "开始时间（Excel 日期或 YYYY、YYYY-MM、YYYY-MM-DD）"),
            col!("until", "截止", ["截止时间", "结束", "结束时间"], false, "until when (exclusive)", "截止时间（不含）"),
            col!("sources", "来源", ["来源编号", "信息来源", "数据来源", "资料来源"], false, SOURCES_HELP_EN, SOURCES_HELP_ZH),
            col!("note", "备注", ["说明"], false, "a note", "备注"),
        ],
    },
    TableLayout {
        kind: TableKind::Organizations,
        key: "organizations",
        zh: "机构",
        aliases: &["组织"],
        en_help: "alliances, institutes, universities, government bodies, platforms",
        zh_help: "联盟、科研院所、高校、政府部门、平台",
        columns: &[
            col!("id", "机构编号", ["编号"], false, "an id; empty: derived from the name", "编号；空白则由名称生成"),
            col!("kind", "类型", ["机构类型"], true, "alliance (联盟), research (科研院所), university (高校), government (政府), platform (平台), other (其他)", "联盟、科研院所、高校、政府、平台、其他"),
            col!("name_zh", "机构名称", ["名称", "中文名称", "name"], false, "Chinese name (this or the English name)", "机构名称（与英文名称至少填一个）"),
            col!("name_en", "英文名称", ["englishname"], false, "English name", "英文名称"),
            col!("region", "所在地区", ["地区", "所在地"], false, "its region, by id or name", "所在地区（编号或名称）"),
            col!("sources", "来源", ["来源编号", "信息来源", "数据来源", "资料来源"], false, SOURCES_HELP_EN, SOURCES_HELP_ZH),
            col!("extra", "扩展", [], false, "a JSON object of further attributes; other columns are added to it", "JSON 对象；其他未知列也保存在此"),
        ],
    },
    TableLayout {
        kind: TableKind::Links,
        key: "links",
        zh: "关系",
        aliases: &["企业关系", "关联"],
        en_help: "supplies, ownership, partnerships, memberships, technology transfers",
        zh_help: "供货、持股、合作、成员、技术转让关系",
        columns: &[
            col!("from", "从", ["供方", "甲方", "主体"], true, "the firm or organization it starts from, by id, name or credit code", "起点企业或机构（编号、名称或信用代码）"),
            col!("to", "至", ["需方", "乙方", "对象"], true, "the firm or organization it goes to", "终点企业或机构"),
            col!("kind", "关系", ["关系类型", "类型"], true, "supplies (供货), owns (持股), partners_with (合作), member_of (成员), transfers_technology (技术转让)", "供货、持股、合作、成员、技术转让"),
            col!("product", "产品", ["产品名称"], false, "the product supplied (needed for supplies)", "供货的产品（供货关系必填）"),
            col!("share", "持股比例", ["股比", "比例"], false, "the equity share for owns: 0.51 or 51%", "持股比例：0.51 或 51%"),
            col!("status", "状态", [], false, STATUS_HELP_EN, STATUS_HELP_ZH),
            col!("since", "开始", ["开始时间", "起始", "签约时间"], false, "since when", "开始时间"),
            col!("until", "截止", ["截止时间", "结束"], false, "until when (exclusive)", "截止时间（不含）"),
            col!("sources", "来源", ["来源编号", "信息来源", "数据来源", "资料来源"], false, SOURCES_HELP_EN, SOURCES_HELP_ZH),
            col!("note", "备注", ["说明"], false, "a note", "备注"),
            col!("extra", "扩展", [], false, "a JSON object of further attributes; other columns are added to it", "JSON 对象；其他未知列也保存在此"),
        ],
    },
];

/// The layout of a table kind.
pub fn table(kind: TableKind) -> &'static TableLayout {
    // TABLES lists every kind, in declaration order.
    &TABLES[kind as usize]
}

/// The table a sheet or CSV file name (with or without `.csv`) names, if any.
///
/// ```
/// use vrfb_chain::sheets::layout::{table_named, TableKind};
/// assert_eq!(table_named("企业.csv").map(|t| t.kind), Some(TableKind::Firms));
/// assert_eq!(table_named("firms.TXT").map(|t| t.kind), Some(TableKind::Firms));
/// assert_eq!(table_named("Sheet1"), None);
/// ```
pub fn table_named(name: &str) -> Option<&'static TableLayout> {
    let stem = TEXT_EXTENSIONS
        .iter()
        .find_map(|x| {
            let (stem, ext) = name.rsplit_once('.')?;
            ext.eq_ignore_ascii_case(x).then_some(stem)
        })
        .unwrap_or(name);
    TABLES.iter().find(|t| t.matches(stem))
}

/// The extensions of the text files a folder's tables may be in: CSV, and the text that
/// Excel saves as "Unicode Text" (tab-separated UTF-16, `.txt`), or `.tsv`.
pub const TEXT_EXTENSIONS: &[&str] = &["csv", "txt", "tsv"];

/// Whether a file is a text table by its extension ([`TEXT_EXTENSIONS`]).
///
/// ```
/// use vrfb_chain::sheets::layout::is_text_table;
/// assert!(is_text_table(std::path::Path::new("a/企业.CSV")));
/// assert!(!is_text_table(std::path::Path::new("a/book.xlsx")));
/// ```
pub fn is_text_table(path: &std::path::Path) -> bool {
    has_extension(path, TEXT_EXTENSIONS)
}

/// The extensions of the workbooks the import reads.
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods"];

/// Whether a path is a spreadsheet the import reads, by its name: a folder (of CSV
/// files), a text table ([`is_text_table`]) or a workbook ([`WORKBOOK_EXTENSIONS`]), and
/// not, say, a JSON dataset.
///
/// ```
/// use std::path::Path;
/// use vrfb_chain::sheets::layout::is_spreadsheet;
/// assert!(is_spreadsheet(Path::new("企业名单.XLSX")));
/// assert!(is_spreadsheet(Path::new("firms.csv")));
/// assert!(is_spreadsheet(Path::new("data")));
/// assert!(!is_spreadsheet(Path::new("data/minimal.dataset.json")));
/// ```
pub fn is_spreadsheet(path: &std::path::Path) -> bool {
    path.is_dir() || is_text_table(path) || has_extension(path, WORKBOOK_EXTENSIONS)
}

/// Whether the path's extension is one of `extensions`, in any case.
fn has_extension(path: &std::path::Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| extensions.iter().any(|t| x.eq_ignore_ascii_case(t)))
}

/// Whether `header` (which names no column) is one letter or character off a name of
/// `column` of three or more (`英文名` for `英文名称`, `tag` for `tags`): a misspelling,
/// most likely, where the table lacks that column.
///
/// ```
/// use vrfb_chain::sheets::layout::{is_near, table, TableKind};
/// let firms = table(TableKind::Firms);
/// assert!(is_near(firms.column("name_en").unwrap(), "英文名"));
/// assert!(is_near(firms.column("tags").unwrap(), "tag"));
/// // Names of two characters are too short to tell: 地址 (address) is not 地区.
/// assert!(!is_near(firms.column("region").unwrap(), "地址"));
/// assert!(!is_near(firms.column("sources").unwrap(), "来源说明"));
/// ```
pub fn is_near(column: &Column, header: &str) -> bool {
    let h = normalize(header.trim().trim_end_matches([':', '：']));
    let names = [column.key, column.zh]
        .into_iter()
        .chain(column.aliases.iter().copied());
    names
        .map(normalize)
        .any(|name| name.chars().count() >= 3 && strsim::damerau_levenshtein(&h, &name) <= 1)
}

/// The table whose columns a header row names, for a sheet or CSV file not named after
/// any: the table with the most headers that name one of its columns, if at least two do
/// (the first such table on a tie); with those headers, as written.
///
/// ```
/// use vrfb_chain::sheets::layout::{table_with_headers, TableKind};
/// let headers = ["企业", "产品", "状态", "联系人"].map(String::from);
/// let (makes, named) = table_with_headers(&headers).unwrap();
/// assert_eq!((makes.kind, named), (TableKind::Makes, vec!["企业", "产品", "状态"]));
/// assert!(table_with_headers(&["表 (table)", "说明"].map(String::from)).is_none());
/// ```
pub fn table_with_headers(headers: &[String]) -> Option<(&'static TableLayout, Vec<&str>)> {
    let named = |t: &TableLayout| -> Vec<&str> {
        headers
            .iter()
            .map(|h| h.trim())
            .filter(|h| !h.is_empty() && t.columns.iter().any(|c| c.matches(h)))
            .collect()
    };
    let mut best: Option<(&'static TableLayout, Vec<&str>)> = None;
    for t in TABLES {
        let these = named(t);
        if these.len() >= 2 && best.as_ref().is_none_or(|(_, b)| these.len() > b.len()) {
            best = Some((t, these));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_and_odd_spaces_are_folded() {
        assert_eq!(normalize("示例（高新）Ｃｏ．"), normalize("示例(高新)Co."));
        assert_eq!(normalize("示例(高新)Co."), "示例(高新)co.");
        assert_eq!(normalize("a\u{3000}b\u{a0}c"), "abc");
    }

    #[test]
    fn tables_are_in_kind_order_and_headers_are_unambiguous() {
        for (i, t) in TABLES.iter().enumerate() {
            assert_eq!(t.kind as usize, i);
            for c in t.columns {
                let claimed: Vec<&str> = t
                    .columns
                    .iter()
                    .filter(|o| o.matches(&c.header()))
                    .map(|o| o.key)
                    .collect();
                assert_eq!(claimed, [c.key], "{}: {}", t.key, c.header());
            }
        }
    }
}
