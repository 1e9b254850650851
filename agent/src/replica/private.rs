//! Who may read the agent's files: only the user the agent runs as. The replica holds
//! holders' names and the device token, and a desa PC is often shared; see
//! `docs/threat-model.md`.
//!
//! On Unix the data folder is `0700` and `replica.db` `0600`; SQLite gives its `-wal`
//! and `-shm` files the database file's mode, so they follow. Folders and files made by
//! an earlier version are tightened when the agent opens them. On Windows the folder
//! under the user's profile (`%LOCALAPPDATA%`) is private to the user already.

use std::path::Path;

/// Creates the folder (and its parents) if needed and makes it private.
pub(super) fn dir(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Makes the database file private before SQLite opens it: created empty with mode
/// `0600` when missing (SQLite copies that mode to its `-wal` and `-shm`), tightened to
/// `0600` with its companions when present.
pub(super) fn database(file: &Path, create: bool) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        if create && !file.exists() {
            std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(file)?
                .sync_all()?;
            // The new name must survive a power cut too (an SD card in a desa office
            // loses power daily): the folder's entry is made durable, not just the file.
            if let Some(folder) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::File::open(folder)?.sync_all()?;
            }
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut name = file.as_os_str().to_owned();
            name.push(suffix);
            let path = Path::new(&name);
            if path.exists() {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (file, create);
    Ok(())
}
