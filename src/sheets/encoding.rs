//! Text encodings of CSV files: UTF-8 with or without a byte-order mark, UTF-16 with one
//! (what Excel saves as "Unicode Text", 文本文件), then GBK / GB18030 (what Excel saves as
//! "CSV" on a Chinese Windows), and an error that says what was tried when none fits.

use encoding_rs::{Encoding as Codec, GB18030, UTF_16BE, UTF_16LE};

/// The encoding a CSV file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// GB18030, a superset of GBK and GB2312.
    Gb18030,
    /// UTF-16 with a byte-order mark, little-endian (Excel's "Unicode Text" on Windows).
    Utf16Le,
    /// UTF-16 with a byte-order mark, big-endian.
    Utf16Be,
}

/// Decodes the bytes of a text file: UTF-8 (a leading byte-order mark is dropped), UTF-16
/// when a byte-order mark says so, else GB18030 (which reads GBK and GB2312 too).
///
/// # Errors
/// A message saying which encodings were tried and where the first one failed, for a
/// planner to act on (save the file as "CSV UTF-8").
///
/// ```
/// use vrfb_chain::sheets::encoding::{decode, Encoding};
/// assert_eq!(decode(b"\xef\xbb\xbfid").unwrap(), ("id".to_string(), Encoding::Utf8Bom));
/// // 钒 in GBK.
/// assert_eq!(decode(b"\xb7\xb0").unwrap(), ("钒".to_string(), Encoding::Gb18030));
/// // 钒\tid in Excel's "Unicode Text".
/// assert_eq!(decode(b"\xff\xfe\x92\x94\t\0i\0d\0").unwrap(), ("钒\tid".to_string(), Encoding::Utf16Le));
/// let err = decode(b"id\n\xff\xfe\x80").unwrap_err();
/// assert!(err.contains("tried UTF-8 (with or without BOM) and GBK/GB18030"), "{err}");
/// ```
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return match std::str::from_utf8(rest) {
            Ok(text) => Ok((text.to_string(), Encoding::Utf8Bom)),
            Err(e) => Err(format!(
                "the file starts as UTF-8 (with a BOM) but byte {} is not UTF-8: save it again as \"CSV UTF-8\"",
                e.valid_up_to() + 3 + 1
            )),
        };
    }
    for (bom, codec, encoding) in [
        (b"\xff\xfe", UTF_16LE, Encoding::Utf16Le),
        (b"\xfe\xff", UTF_16BE, Encoding::Utf16Be),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return utf16(rest, codec).map(|text| (text, encoding));
        }
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((text.to_string(), Encoding::Utf8)),
        Err(e) => e,
    };
    if let Some(text) = GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        return Ok((text.into_owned(), Encoding::Gb18030));
    }
    let at = utf8_error.valid_up_to();
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    Err(format!(
        "not readable text: tried UTF-8 (with or without BOM) and GBK/GB18030; the first bad byte is on line {line} (byte {}): save the file as \"CSV UTF-8\"",
        at + 1
    ))
}

/// The text of UTF-16 bytes after their byte-order mark.
fn utf16(bytes: &[u8], codec: &'static Codec) -> Result<String, String> {
    codec
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
        .ok_or_else(|| {
            "the file starts as UTF-16 (Excel's \"Unicode Text\") but is not UTF-16 further \
             on: save it again as \"CSV UTF-8\""
                .to_string()
        })
}
