//! SHA-256 in hex: for source texts (provenance) and exported files (`SHA256SUMS`).

use sha2::{Digest, Sha256};

/// The lowercase hex SHA-256 of `bytes`, as `sha256sum` prints it.
///
/// ```
/// assert_eq!(
///     conflict_kg::checksum::sha256_hex(b""),
///     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}
