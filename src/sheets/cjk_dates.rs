//! Excel's East Asian built-in date formats. A Chinese, Japanese or Korean Excel styles a
//! typed `2024年3月5日` with built-in number format 31 (`yyyy"年"m"月"d"日"`), `2024年3月`
//! with 57, and uses the others of 27-36 and 50-58 for its own date and time formats
//! (ECMA-376 Part 1, §18.8.30). A workbook names a built-in format by its id only, and
//! calamine knows the Western ones (14-22, 45-47) alone, so it reads such a cell as a
//! plain number, the date serial 45356. Before calamine reads an `.xlsx` workbook, each of
//! these formats that its styles use without defining is defined, in a copy of the
//! workbook, with a date format code: its cells then read as the dates they show.

use std::collections::BTreeSet;
use std::io::{Cursor, Read, Write};

/// The styles part, as calamine finds it (ignoring case, `\` read as `/`).
const STYLES: &str = "xl/styles.xml";

/// A styles part larger than this is left as it is (a real one is a few kB).
const MAX_STYLES: u64 = 16 << 20;

/// Whether a built-in number format id is one of the East Asian date and time formats.
fn is_east_asian_date(id: u32) -> bool {
    matches!(id, 27..=36 | 50..=58)
}

/// The workbook with a definition of each East Asian built-in date format its styles use
/// without defining; `None` when it needs none, or is not an `.xlsx` workbook this can
/// read (calamine then reads the bytes as they are, and says what is wrong with them).
pub(super) fn with_date_formats(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let index = (0..zip.len()).find(|&i| {
        zip.name_for_index(i)
            .is_some_and(|n| n.replace('\\', "/").eq_ignore_ascii_case(STYLES))
    })?;
    let mut styles = String::new();
    zip.by_index(index)
        .ok()?
        .take(MAX_STYLES)
        .read_to_string(&mut styles)
        .ok()?;
    let styles = define_formats(&styles)?;
    replace_part(&mut zip, index, &styles).ok()
}

/// The styles with a `numFmt` definition of each East Asian built-in date format that
/// the cell formats (`xf` of `cellXfs`) use and the number formats (`numFmt` of
/// `numFmts`) do not define, or `None` when there is none.
fn define_formats(styles: &str) -> Option<String> {
    let used = format_ids(content(styles, "cellXfs"), "xf");
    let defined = format_ids(content(styles, "numFmts"), "numFmt");
    let definitions: String = used
        .difference(&defined)
        .filter(|&&id| is_east_asian_date(id))
        .map(|id| format!(r#"<numFmt numFmtId="{id}" formatCode="yyyy-mm-dd"/>"#))
        .collect();
    if definitions.is_empty() {
        return None;
    }
    let mut out = styles.to_string();
    match start_tag_end(styles, "numFmts") {
        Some(at) => out.insert_str(at, &definitions),
        // calamine reads the number formats as it meets them: the new ones go first.
        None => out.insert_str(
            start_tag_end(styles, "styleSheet")?,
            &format!("<numFmts>{definitions}</numFmts>"),
        ),
    }
    Some(out)
}

/// The `numFmtId` values of the elements of this local name in `xml`.
fn format_ids(xml: &str, element: &str) -> BTreeSet<u32> {
    let mut ids = BTreeSet::new();
    for (at, attribute) in xml.match_indices("numFmtId=") {
        let open = xml[..at].rfind('<');
        let named = open.is_some_and(|o| element_name(&xml[o + 1..at]) == element);
        if named && xml[..at].ends_with(|c: char| c.is_ascii_whitespace()) {
            ids.extend(quoted_number(&xml[at + attribute.len()..]));
        }
    }
    ids
}

/// The number in quotes at the start of `text`: `"31"` or `'31'`.
fn quoted_number(text: &str) -> Option<u32> {
    let quote = text.chars().next().filter(|q| matches!(q, '"' | '\''))?;
    let (value, _) = text[1..].split_once(quote)?;
    value.trim().parse().ok()
}

/// The content of the first element of this local name (empty when there is none).
fn content<'x>(xml: &'x str, name: &str) -> &'x str {
    let Some(start) = start_tag_end(xml, name) else {
        return "";
    };
    let mut from = start;
    while let Some(at) = xml[from..].find("</").map(|i| from + i) {
        if element_name(&xml[at + 2..]) == name {
            return &xml[start..at];
        }
        from = at + 2;
    }
    &xml[start..]
}

/// An element's local name, from the text after its `<`: `xf` of `x:xf numFmtId=`.
fn element_name(tag: &str) -> &str {
    let end = tag
        .find(|c: char| c.is_ascii_whitespace() || matches!(c, '>' | '/'))
        .unwrap_or(tag.len());
    let name = &tag[..end];
    name.rsplit(':').next().unwrap_or(name)
}

/// Where the content of the first element of this local name starts: just after its start
/// tag, which is not an empty-element tag.
fn start_tag_end(xml: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(open) = xml[from..].find('<').map(|i| from + i) {
        let close = open + xml[open..].find('>')?;
        let tag = &xml[open + 1..close];
        if element_name(tag) == name && !tag.ends_with('/') {
            return Some(close + 1);
        }
        from = close + 1;
    }
    None
}

/// The workbook with the part at `index` replaced by `content`, every other part copied as
/// it is stored.
fn replace_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    content: &str,
) -> zip::result::ZipResult<Vec<u8>> {
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i)?;
        if i == index {
            let name = part.name().to_string();
            drop(part);
            out.start_file(name, zip::write::SimpleFileOptions::default())?;
            out.write_all(content.as_bytes())?;
        } else {
            out.raw_copy_file(part)?;
        }
    }
    Ok(out.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES_OF_EXCEL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="176" formatCode="0.0_ "/></numFmts><cellXfs count="4"><xf numFmtId="0" fontId="0"/><xf numFmtId="31" fontId="0" applyNumberFormat="1"/><xf numFmtId='57' fontId="0"/><xf numFmtId="176"/></cellXfs></styleSheet>"#;

    #[test]
    fn the_used_east_asian_formats_are_defined_in_the_existing_list() {
        let out = define_formats(STYLES_OF_EXCEL).unwrap();
        let list = r#"<numFmts count="1"><numFmt numFmtId="31" formatCode="yyyy-mm-dd"/><numFmt numFmtId="57" formatCode="yyyy-mm-dd"/><numFmt numFmtId="176""#;
        assert!(out.contains(list), "{out}");
        let used = format_ids(content(&out, "cellXfs"), "xf");
        assert_eq!(used, BTreeSet::from([0, 31, 57, 176]));
        let defined = format_ids(content(&out, "numFmts"), "numFmt");
        assert_eq!(defined, BTreeSet::from([31, 57, 176]));
        // Defined now: nothing more to add.
        assert_eq!(define_formats(&out), None);
    }

    #[test]
    fn a_number_format_of_a_differential_format_defines_nothing() {
        let styles = r#"<styleSheet><cellXfs><xf numFmtId="31"/></cellXfs><dxfs><dxf><numFmt numFmtId="31" formatCode="0"/></dxf></dxfs></styleSheet>"#;
        let out = define_formats(styles).unwrap();
        assert!(out.starts_with(r#"<styleSheet><numFmts><numFmt numFmtId="31" formatCode="yyyy-mm-dd"/></numFmts><cellXfs>"#), "{out}");
    }

    #[test]
    fn a_list_is_added_first_when_there_is_none() {
        let styles = r#"<x:styleSheet xmlns:x="main"><x:numFmts/><x:cellXfs><x:xf numFmtId="58"/></x:cellXfs></x:styleSheet>"#;
        assert_eq!(
            define_formats(styles).unwrap(),
            r#"<x:styleSheet xmlns:x="main"><numFmts><numFmt numFmtId="58" formatCode="yyyy-mm-dd"/></numFmts><x:numFmts/><x:cellXfs><x:xf numFmtId="58"/></x:cellXfs></x:styleSheet>"#
        );
    }

    #[test]
    fn western_and_defined_formats_are_left_alone() {
        for styles in [
            r#"<styleSheet><cellXfs><xf numFmtId="14"/><xf numFmtId="176"/></cellXfs></styleSheet>"#,
            r#"<styleSheet><numFmts><numFmt numFmtId="31" formatCode="0.00"/></numFmts><cellXfs><xf numFmtId="31"/></cellXfs></styleSheet>"#,
            r#"<styleSheet><cellXfs><xf xnumFmtId="31"/><xf numFmtId="x"/><xf numFmtId="31"#,
            "",
        ] {
            assert_eq!(define_formats(styles), None, "{styles}");
        }
    }

    #[test]
    fn what_is_not_an_xlsx_workbook_is_left_to_calamine() {
        assert_eq!(with_date_formats(b""), None);
        assert_eq!(with_date_formats(b"PK\x03\x04 cut short"), None);
        assert_eq!(with_date_formats(b"id,name\n"), None);
    }
}
