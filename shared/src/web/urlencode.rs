//! Percent-encoding for a value in a query string: the dashboard's links and the SMS
//! gateway's configured URL. `/` is left as it is (the query allows it, and a path
//! passed as a value stays readable).

/// `s` with every byte but letters, digits and `-_.~/` percent-encoded.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(char::from(b));
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::urlencode;

    #[test]
    fn encodes_all_but_the_unreserved_and_slashes() {
        assert_eq!(urlencode("/cek/AB 12&x=é"), "/cek/AB%2012%26x%3D%C3%A9");
    }
}
