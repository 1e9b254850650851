//! What lies under a failure, in the two forms it is used: the whole chain of sources
//! for the log, and the few I/O causes a person can act on as a message selector. Kept
//! apart from `failure` so the replica and the transport can use it without depending
//! on the failures built from their own errors.

use std::error::Error;

/// An error and its sources, one after another (`a: b: c`), for the log.
pub fn chain(error: &(dyn Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

/// Why a file operation failed, as a message's `$why` selector: the few causes a person
/// can act on, and `other` (the details are in the log).
pub fn io_why(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "not_found",
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => "permission",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "full",
        ErrorKind::AlreadyExists => "exists",
        ErrorKind::AddrInUse => "in_use",
        _ => "other",
    }
}
