//! Writing documents: indented JSON, the same for templates, datasets, reports and diffs.

use std::io::Write;

use serde::Serialize;

use crate::error::{Error, Result};

/// Writes `value` as two-space indented JSON followed by a newline.
pub(crate) fn pretty<W: Write, T: Serialize + ?Sized>(writer: W, value: &T) -> Result<()> {
    // A large buffer: a national report is tens of megabytes, and 8 KB writes are
    // thousands of system calls.
    let mut writer = std::io::BufWriter::with_capacity(1 << 18, writer);
    let mut ser = serde_json::Serializer::with_formatter(&mut writer, Indented::default());
    value.serialize(&mut ser).map_err(|e| {
        // An I/O failure keeps the operating system's message; anything else (a value
        // serde_json cannot write) says what it is.
        let io = if e.is_io() {
            std::io::Error::from(e)
        } else {
            std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string())
        };
        Error::io("write", io)
    })?;
    writer
        .write_all(b"\n")
        .and_then(|_| writer.flush())
        .map_err(|e| Error::io("write", e))
}

/// serde_json's `PrettyFormatter` with two spaces, byte for byte, writing each line break
/// and its indentation with one call instead of one per level: a national gap report has
/// millions of lines.
#[derive(Debug, Default)]
pub(crate) struct Indented {
    level: usize,
    has_value: bool,
}

impl Indented {
    /// The formatter for a value written inside `level` open objects and arrays, as
    /// [`pretty`] would write it there.
    pub(crate) fn at(level: usize) -> Indented {
        Indented {
            level,
            has_value: false,
        }
    }

    /// `separator` (`"\n"` or `",\n"`) and the indentation of the current level.
    fn line<W: ?Sized + Write>(&self, w: &mut W, separator: &[u8]) -> std::io::Result<()> {
        const SPACES: &[u8; 64] = &[b' '; 64];
        w.write_all(separator)?;
        let mut n = self.level * 2;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line(w, b"\n")?;
        }
        w.write_all(b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, if first { b"\n" } else { b",\n" })
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line(w, b"\n")?;
        }
        w.write_all(b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, if first { b"\n" } else { b",\n" })
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}
