//! Rate limits per client address ([`Limit`], `limit_per_address!`) and the answer
//! when an address asks too often ([`too_many_requests`]).
//!
//! Its own module because the router limits whole route groups while the dashboard
//! limits its login route alone: both use it, and it needs neither.

use axum::http::HeaderValue;
use axum::response::IntoResponse;

/// How requests are limited per client address.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    /// Requests per minute per address (bursts: see [`burst`]).
    pub per_minute: u32,
    /// Behind this many reverse proxies (`None`: none), take the client's address
    /// from `X-Forwarded-For` (see [`ForwardedFromRight`]).
    pub trust_proxy: Option<u8>,
}

/// The client's address as the outermost of `hops` trusted proxies saw it: the
/// `hops`-th entry of `X-Forwarded-For` counted from the right.
///
/// A proxy that appends (nginx's `$proxy_add_x_forwarded_for`) keeps whatever the
/// client sent on the left, so the leftmost entry is the client's to choose; only the
/// entries our own proxies wrote, on the right, can be believed. Without the header,
/// or with fewer entries than hops, the peer's address is the key.
#[derive(Clone, Copy, Debug)]
pub struct ForwardedFromRight {
    /// How many proxies in front of the server append to the header (1 or more).
    pub hops: u8,
}

impl tower_governor::key_extractor::KeyExtractor for ForwardedFromRight {
    type Key = std::net::IpAddr;

    fn extract<T>(
        &self,
        req: &axum::http::Request<T>,
    ) -> Result<Self::Key, tower_governor::GovernorError> {
        client_ip(req.headers(), req.extensions(), Some(self.hops))
            .ok_or(tower_governor::GovernorError::UnableToExtractKey)
    }
}

/// The client's address: behind `hops` trusted proxies the `hops`-th entry of
/// `X-Forwarded-For` from the right (see [`ForwardedFromRight`]), else the peer's
/// address. The rate limit keys on it and the audit log records it.
pub fn client_ip(
    headers: &axum::http::HeaderMap,
    extensions: &axum::http::Extensions,
    hops: Option<u8>,
) -> Option<std::net::IpAddr> {
    let forwarded = hops.and_then(|hops| {
        let entries: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        entries
            .len()
            .checked_sub(usize::from(hops.max(1)))
            .and_then(|i| entries.get(i))
            .and_then(|entry| entry.parse().ok())
    });
    forwarded.or_else(|| {
        extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|addr| addr.ip())
    })
}

/// The refusal when an address asks too often, and when to try again: an error answer
/// like any other, so [`crate::http::error::localize_errors`] puts it in the reader's
/// language (the limiter itself cannot see the request), and on a page
/// [`crate::web::refusals_as_pages`] makes it an error page.
pub fn too_many_requests(error: tower_governor::GovernorError) -> axum::response::Response {
    let wait = match &error {
        tower_governor::GovernorError::TooManyRequests { wait_time, .. } => *wait_time,
        _ => 1,
    };
    let mut response =
        crate::error::AppError::new(crate::error::ErrorKind::TooManyRequests, "request.too_many")
            .arg("wait", wait)
            .into_response();
    if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
        response
            .headers_mut()
            .insert(axum::http::header::RETRY_AFTER, value);
    }
    response
}

/// How many requests an address may make at once: the minute's allowance up to 30 (the
/// default 60 a minute allows 30 at once, against guessing codes), and half the
/// minute's allowance when the operator raises the rate, so enrolling a whole regency's
/// devices from one office address (`--public-per-minute 600`) is not held to 30.
pub fn burst(per_minute: u32) -> u32 {
    per_minute.clamp(1, 30).max(per_minute / 2)
}

/// Applies a per-address rate limit to a router or a route (`$target.layer(…)`). A
/// macro because the limiter's types are private to `tower_governor` and differ by how
/// the address is found.
macro_rules! limit_per_address {
    ($target:expr, $limit:expr) => {{
        let limit: $crate::limit::Limit = $limit;
        let period_ms = u64::from((60_000 / limit.per_minute.max(1)).max(1));
        let burst = $crate::limit::burst(limit.per_minute);
        let target = $target;
        let mut builder = ::tower_governor::governor::GovernorConfigBuilder::default();
        if let Some(hops) = limit.trust_proxy {
            let builder = builder.key_extractor($crate::limit::ForwardedFromRight { hops });
            $crate::limit::governed!(target, builder, period_ms, burst)
        } else {
            $crate::limit::governed!(target, builder, period_ms, burst)
        }
    }};
}

/// The limiter layer over `$target` from a configured builder, or `$target` unchanged
/// when the numbers make no limiter (never with [`Limit`]'s bounds).
macro_rules! governed {
    ($target:expr, $builder:expr, $period_ms:expr, $burst:expr) => {{
        let mut builder = $builder;
        match builder
            .per_millisecond($period_ms)
            .burst_size($burst)
            .finish()
        {
            Some(config) => $target.layer(
                ::tower_governor::GovernorLayer::new(::std::sync::Arc::new(config))
                    .error_handler($crate::limit::too_many_requests),
            ),
            None => $target,
        }
    }};
}
pub(crate) use governed;
pub(crate) use limit_per_address;
