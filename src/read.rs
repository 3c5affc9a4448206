//! Reading a document file.

use std::path::Path;

use crate::{Error, Result};

/// From what size a file is read by two threads, each reading half: 16 MB with the
/// `parallel` feature, never without it (copying from the operating system's cache was
/// measured at 25–41 ms of a 100k-firm report's second, so the thread is not worth it by
/// default).
const TWO_THREADS_FROM: u64 = if cfg!(feature = "parallel") {
    16 << 20
} else {
    u64::MAX
};

/// The bytes of the file at `path`, the error naming the file. With the `parallel`
/// feature, a national registry (tens or hundreds of megabytes) is read in two halves at
/// once on Unix.
pub(crate) fn file(path: &Path) -> Result<Vec<u8>> {
    read(path).map_err(|e| Error::io("read", e).in_file(path))
}

#[cfg(unix)]
fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let Ok(size) = usize::try_from(len) else {
        return std::fs::read(path);
    };
    if len < TWO_THREADS_FROM {
        return std::fs::read(path);
    }
    // Fresh zeroed memory of this size comes from the operating system untouched, so
    // this costs no more than reading into spare capacity.
    let mut bytes = vec![0u8; size];
    let (head, tail) = bytes.split_at_mut(size / 2);
    let at = head.len() as u64;
    let halves = std::thread::scope(|threads| {
        let second =
            std::thread::Builder::new().spawn_scoped(threads, || file.read_exact_at(tail, at))?;
        let first = file.read_exact_at(head, 0);
        first.and(
            second
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e)),
        )
    });
    // A file that changed while it was read (or no second thread to be had): read again,
    // the plain way.
    match halves {
        Ok(()) if file.metadata()?.len() == len => Ok(bytes),
        _ => std::fs::read(path),
    }
}

#[cfg(not(unix))]
fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    std::fs::read(path)
}

/// The document without a leading UTF-8 byte order mark, which some editors write and
/// JSON does not allow.
pub(crate) fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}
