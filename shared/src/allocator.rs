//! How the executables ask glibc's allocator to give memory back.
//!
//! glibc serves a request above its *mmap threshold* (128 KiB) with its own mapping,
//! returned to the system when freed, and everything smaller from its arenas. But each
//! time such a mapping is freed it raises the threshold to that size (up to 32 MiB)
//! and lets every arena keep twice that much free memory. One large CSV import (a 6 MB
//! duplicate index, a 10 MB answer) thus taught the server to keep ~50 MB it no longer
//! used, for good (`antar-bench import-serve`, docs/performance.md). Fixing the threshold
//! at its default turns that adjustment off, as `GLIBC_TUNABLES=
//! glibc.malloc.mmap_threshold=131072` would, but without relying on the environment.

/// Fixes glibc's mmap threshold at 128 KiB. Call once, first thing in `main`. Does
/// nothing on other C libraries (musl, Windows), which do not adjust it.
pub fn settle() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` takes no pointers; glibc locks its own state while it runs,
    // and this parameter only changes where later allocations come from.
    #[allow(unsafe_code)]
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}
