//! The application: the state every handler reaches ([`AppState`]) and the router that
//! puts the API ([`crate::http`]) and the pages ([`crate::web`]) behind the layers every
//! request passes through (request id, tracing, timeout, compression, rate limits).
//!
//! `http` and `web` both depend on this module and not on each other.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use antar_shared::i18n::Tr;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tokio::sync::Notify;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::decompression::RequestDecompressionLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa_axum::router::OpenApiRouter;

use crate::store::Store;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Storage.
    pub store: Store,
    /// Wakes the background publisher after issuing.
    pub publish: Arc<Notify>,
    /// Settings the pages show.
    pub site: Arc<Site>,
    /// Checked CSV imports waiting for the operator's confirmation.
    pub imports: Arc<crate::web::dashboard::Staging>,
}

/// Settings the pages show, from the command line.
#[derive(Clone, Debug, Default)]
pub struct Site {
    /// Opening hours shown to residents; `None` uses the translated default.
    pub office_hours: Option<String>,
    /// The public address (`https://antar.example.go.id`), when behind a proxy.
    pub public_url: Option<String>,
}

impl Site {
    /// The settings `options` describe (a public address only when it is one).
    pub fn from_options(options: &RouterOptions) -> Site {
        Site {
            office_hours: options.office_hours.clone(),
            public_url: options
                .public_url
                .as_deref()
                .map(|u| u.trim().trim_end_matches('/').to_owned())
                .filter(|u| u.starts_with("http://") || u.starts_with("https://")),
        }
    }

    /// The site's address as residents and browsers see it: the configured public
    /// address, else the host the request came to.
    pub fn base_url(&self, host: Option<&str>) -> String {
        match &self.public_url {
            Some(url) => url.clone(),
            None => format!("http://{}", host.unwrap_or("localhost")),
        }
    }

    /// Whether cookies must be `Secure` (the public address is https).
    pub fn secure(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    /// The opening hours in the reader's language.
    pub fn office_hours(&self, tr: Tr) -> String {
        self.office_hours
            .clone()
            .unwrap_or_else(|| tr.t("office-hours-default"))
    }
}

/// Options for building the router.
#[derive(Clone, Debug)]
pub struct RouterOptions {
    /// Requests per minute per client address on public lookup and enrollment.
    pub public_per_minute: u32,
    /// What the residents' page says about the desa offices' opening hours; `None`
    /// uses the translated default.
    pub office_hours: Option<String>,
    /// The public address (`https://…`) behind a proxy; `None` uses the request's host.
    pub public_url: Option<String>,
    /// Behind a reverse proxy: limit by the forwarded client address.
    pub trust_proxy: bool,
}

impl RouterOptions {
    /// The per-address limit these options describe.
    pub fn limit(&self) -> Limit {
        Limit {
            per_minute: self.public_per_minute,
            trust_proxy: self.trust_proxy,
        }
    }
}

impl Default for RouterOptions {
    fn default() -> Self {
        RouterOptions {
            public_per_minute: 60,
            office_hours: None,
            public_url: None,
            trust_proxy: false,
        }
    }
}

/// How requests are limited per client address.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    /// Requests per minute per address (bursts up to 30).
    pub per_minute: u32,
    /// Take the client's address from `X-Forwarded-For` / `Forwarded` (set only behind
    /// a reverse proxy that writes them; otherwise clients could pick their own).
    pub trust_proxy: bool,
}

/// The refusal when an address asks too often, and when to try again: an error answer
/// like any other, so [`crate::http::error::localize_errors`] puts it in the reader's
/// language (the limiter itself cannot see the request).
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

/// Applies a per-address rate limit to a router or a route (`$target.layer(…)`). A
/// macro because the limiter's types are private to `tower_governor` and differ by how
/// the address is found.
macro_rules! limit_per_address {
    ($target:expr, $limit:expr) => {{
        let limit: $crate::app::Limit = $limit;
        let period_ms = u64::from((60_000 / limit.per_minute.max(1)).max(1));
        let burst = limit.per_minute.clamp(1, 30);
        let target = $target;
        let mut builder = ::tower_governor::governor::GovernorConfigBuilder::default();
        if limit.trust_proxy {
            let builder =
                builder.key_extractor(::tower_governor::key_extractor::SmartIpKeyExtractor);
            $crate::app::governed!(target, builder, period_ms, burst)
        } else {
            $crate::app::governed!(target, builder, period_ms, burst)
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
                    .error_handler($crate::app::too_many_requests),
            ),
            None => $target,
        }
    }};
}
pub(crate) use governed;
pub(crate) use limit_per_address;

/// Request ids: a per-process random prefix and a counter, short and unique enough to
/// find one request in the logs.
#[derive(Clone)]
struct NextRequestId {
    prefix: u32,
    counter: Arc<AtomicU64>,
}

impl MakeRequestId for NextRequestId {
    fn make_request_id<B>(&mut self, _request: &axum::http::Request<B>) -> Option<RequestId> {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{:08x}-{n}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}

/// The process-wide Prometheus recorder (installed once: it is global).
fn metrics_handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| PrometheusBuilder::new().install_recorder().ok())
        .as_ref()
}

async fn metrics() -> impl IntoResponse {
    match metrics_handle() {
        Some(handle) => (StatusCode::OK, handle.render()),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            String::from("metrics recorder unavailable\n"),
        ),
    }
}

async fn openapi_json(
    State(doc): State<Arc<utoipa::openapi::OpenApi>>,
) -> Json<utoipa::openapi::OpenApi> {
    Json((*doc).clone())
}

/// Routes anyone can hit repeatedly (the residents' status page and lookup,
/// enrollment, logging in): limited per client address, together, so codes and
/// passwords cannot be guessed quickly.
fn limited_routes(limit: Limit) -> OpenApiRouter<AppState> {
    let router =
        OpenApiRouter::from(crate::web::limited_routes()).merge(crate::http::limited_routes());
    limit_per_address!(router, limit)
}

/// The whole application.
pub fn router(state: AppState, options: RouterOptions) -> Router {
    let _ = metrics_handle();
    let (api, doc) = crate::http::routes()
        .merge(limited_routes(options.limit()))
        .split_for_parts();
    let doc = Arc::new(doc);
    let request_id = HeaderName::from_static("x-request-id");
    let mut prefix = [0u8; 4];
    // A fixed prefix is still unique within the process; randomness only helps tell
    // processes apart behind a load balancer.
    let _ = getrandom::fill(&mut prefix);
    let prefix = u32::from_le_bytes(prefix);
    let make_id = NextRequestId {
        prefix,
        counter: Arc::new(AtomicU64::new(1)),
    };
    let trace = TraceLayer::new_for_http().make_span_with(|request: &Request| {
        let path = request
            .extensions()
            .get::<MatchedPath>()
            .map(MatchedPath::as_str)
            .unwrap_or("-");
        let id = request
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        tracing::info_span!("request", method = %request.method(), path, request_id = id)
    });
    Router::new()
        .route("/api/openapi.json", get(openapi_json).with_state(doc))
        .route("/metrics", get(metrics))
        .merge(api.with_state(state.clone()))
        .merge(crate::web::routes(options.limit()).with_state(state))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), make_id))
                .layer(trace)
                .layer(PropagateRequestIdLayer::new(request_id))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    Duration::from_secs(60),
                ))
                .layer(
                    CompressionLayer::new()
                        .compress_when(DefaultPredicate::new().and(SizeAbove::new(512))),
                )
                // Inside compression (it writes a body), outside decompression (it
                // takes a plain request).
                .layer(axum::middleware::from_fn(
                    crate::http::error::localize_errors,
                ))
                .layer(RequestDecompressionLayer::new()),
        )
}

/// Serves the router until `shutdown` completes, finishing requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
