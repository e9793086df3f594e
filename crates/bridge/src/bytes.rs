//! File bytes in messages travel as base64 text, so that a recording stays one JSON line a
//! message.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

pub fn encode_bytes(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// `None` for text that is not base64.
pub fn decode_bytes(text: &str) -> Option<Vec<u8>> {
    STANDARD.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(decode_bytes(&encode_bytes(&bytes)), Some(bytes));
        assert_eq!(decode_bytes("not base64!"), None);
    }
}
