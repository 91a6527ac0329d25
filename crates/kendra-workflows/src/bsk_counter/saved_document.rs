//! A released document made ready to print: its bytes (decoded from base64 or fetched from the
//! link by the caller), its type told by its first bytes (not by what the department claimed),
//! its SHA-256, and the file it was saved to.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Where to save a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveTarget {
    /// Exactly this file (replaced if it exists).
    File(PathBuf),
    /// A new file in this folder, named after the document number and its type.
    Folder(PathBuf),
}

/// What a document's bytes turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
    Unknown,
}

impl FileKind {
    /// By magic bytes: `%PDF-`, the PNG signature, JPEG's `FF D8 FF`.
    pub fn detect(bytes: &[u8]) -> Self {
        if bytes.starts_with(b"%PDF-") {
            FileKind::Pdf
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            FileKind::Png
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            FileKind::Jpeg
        } else {
            FileKind::Unknown
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpg",
            FileKind::Unknown => "bin",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Unknown => "application/octet-stream",
        }
    }
}

/// A saved document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedFile {
    pub path: String,
    pub file_type: FileKind,
    pub media_type: &'static str,
    pub bytes: u64,
    /// Lower-case hex.
    pub sha256: String,
}

/// The bytes of a base64 document (`documentType` 2 or 3): a `data:…;base64,` prefix, line
/// breaks and missing padding are tolerated.
pub fn decode_base64(text: &str) -> Result<Vec<u8>> {
    let text = text.trim();
    let text = match text.strip_prefix("data:") {
        Some(rest) => rest.split_once(',').map_or(rest, |(_, data)| data),
        None => text,
    };
    kendra_wire::base64_text::decode("documentValue", text).map_err(Error::Wire)
}

/// Saves `bytes` to `target` (written to a temporary file first, then renamed, so a half
/// written document is never left under the final name).
pub fn save(bytes: &[u8], document_no: &str, target: &SaveTarget) -> Result<SavedFile> {
    let kind = FileKind::detect(bytes);
    let path = match target {
        SaveTarget::File(path) => path.clone(),
        SaveTarget::Folder(folder) => free_name(folder, document_no, kind)?,
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_error = |e: std::io::Error| Error::File {
        path: path.display().to_string(),
        problem: format!("the document cannot be saved there: {e}"),
    };
    if !folder.is_dir() {
        return Err(Error::File {
            path: path.display().to_string(),
            problem: format!("the folder {} does not exist", folder.display()),
        });
    }
    let tmp = folder.join(format!(
        ".{}.part",
        path.file_name()
            .map_or_else(|| "document".into(), |n| n.to_string_lossy())
    ));
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, &path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(file_error(e));
    }
    Ok(SavedFile {
        path: path.display().to_string(),
        file_type: kind,
        media_type: kind.media_type(),
        bytes: bytes.len() as u64,
        sha256: Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    })
}

/// `WB-SC-BRP-2024-0118342.pdf` in `folder`, with `-2`, `-3`, … when taken.
fn free_name(folder: &Path, document_no: &str, kind: FileKind) -> Result<PathBuf> {
    let mut stem: String = document_no
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    stem = stem.trim_matches('-').to_owned();
    if stem.is_empty() {
        stem = "document".into();
    }
    let stem: String = stem.chars().take(80).collect();
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{stem}.{}", kind.extension())
        } else {
            format!("{stem}-{n}.{}", kind.extension())
        };
        let path = folder.join(name);
        if !path.exists() {
            return Ok(path);
        }
    }
    Err(Error::File {
        path: folder.display().to_string(),
        problem: format!("too many files named {stem}-N already: give a file name"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_magic_bytes() {
        assert_eq!(FileKind::detect(b"%PDF-1.4\n"), FileKind::Pdf);
        assert_eq!(FileKind::detect(b"\x89PNG\r\n\x1a\nrest"), FileKind::Png);
        assert_eq!(FileKind::detect(&[0xFF, 0xD8, 0xFF, 0xE0]), FileKind::Jpeg);
        assert_eq!(FileKind::detect(b"<html>"), FileKind::Unknown);
    }

    #[test]
    fn saves_with_free_names_and_digest() {
        let dir = tempfile::tempdir().unwrap();
        let target = SaveTarget::Folder(dir.path().to_path_buf());
        let a = save(b"%PDF-1.4 x", "WB/SC/BRP/2024/0118342", &target).unwrap();
        assert!(a.path.ends_with("WB-SC-BRP-2024-0118342.pdf"), "{}", a.path);
        let b = save(b"%PDF-1.4 x", "WB/SC/BRP/2024/0118342", &target).unwrap();
        assert!(
            b.path.ends_with("WB-SC-BRP-2024-0118342-2.pdf"),
            "{}",
            b.path
        );
        assert_eq!(a.sha256, b.sha256);
        assert_eq!(a.sha256.len(), 64);
        let missing = SaveTarget::File(dir.path().join("no/such/dir/x.pdf"));
        assert!(save(b"x", "d", &missing)
            .unwrap_err()
            .to_string()
            .contains("does not exist"));
    }

    #[test]
    fn base64_with_data_uri_and_line_breaks() {
        assert_eq!(
            decode_base64("data:image/png;base64,iVBO\nRw==").unwrap(),
            b"\x89PNG"
        );
        assert!(decode_base64("@@").is_err());
    }
}
