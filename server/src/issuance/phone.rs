//! Indonesian mobile numbers for WhatsApp notices.

use antar_shared::lang::Localized;

/// A number that is not an Indonesian mobile number.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("WhatsApp number {0:?} is invalid")]
pub struct BadPhone(pub String);

impl Localized for BadPhone {
    fn code(&self) -> &'static str {
        "phone.invalid"
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        vec![("number", format!("{:?}", self.0))]
    }
}

/// Normalises `0812-3456-7890`, `+62 812 3456 7890` or `6281234567890` to `6281234567890`
/// (the form the WhatsApp Cloud API wants).
pub fn normalise(input: &str) -> Result<String, BadPhone> {
    let bad = || BadPhone(input.trim().to_owned());
    if input
        .chars()
        .any(|c| !(c.is_ascii_digit() || " -+().".contains(c)))
    {
        return Err(bad());
    }
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) = digits.strip_prefix("62") {
        rest
    } else if let Some(rest) = digits.strip_prefix('0') {
        rest
    } else {
        return Err(bad());
    };
    // Mobile numbers start with 8 and have 9 to 12 digits after the country code.
    if !national.starts_with('8') || !(9..=12).contains(&national.len()) {
        return Err(bad());
    }
    Ok(format!("62{national}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_common_forms() {
        assert_eq!(normalise("081234567890").unwrap(), "6281234567890");
        assert_eq!(normalise("+62 812-3456-7890").unwrap(), "6281234567890");
        assert_eq!(normalise("6281234567890").unwrap(), "6281234567890");
        assert!(
            normalise("0374 43210").is_err(),
            "a landline cannot receive WhatsApp"
        );
        assert!(normalise("0812").is_err());
        assert!(normalise("0812abc").is_err());
        assert!(normalise("4481234567890").is_err());
    }
}
