//! The application: the router that puts the API ([`crate::http`]) and the pages
//! ([`crate::web`]) behind the layers every request passes through (request id,
//! tracing, timeout, compression, rate limits), and the options it is built with.
//!
//! It sits on top: it depends on `http` and `web`, which depend on what they share
//! ([`crate::state`], [`crate::limit`]) and not on this module or on each other.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
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

use crate::limit::{Limit, limit_per_address};
use crate::state::{AppState, Site};

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
    /// Behind this many reverse proxies: limit by the client address they forwarded
    /// (counted from the right of `X-Forwarded-For`).
    pub trust_proxy: Option<u8>,
    /// Where notices go (the dashboard's test message); `None` when nowhere.
    pub notifier: Option<crate::notify::Outlet>,
    /// The WhatsApp webhook's settings; `None` leaves it unanswered (404).
    pub whatsapp: Option<Arc<crate::notify::bot::Hook>>,
}

impl RouterOptions {
    /// The settings the pages show, from these options.
    pub fn site(&self) -> Site {
        Site::new(self.office_hours.clone(), self.public_url.as_deref())
    }

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
            trust_proxy: None,
            notifier: None,
            whatsapp: None,
        }
    }
}

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
/// passwords cannot be guessed quickly. A page refused by the limit reads as a page.
fn limited_routes(limit: Limit) -> OpenApiRouter<AppState> {
    let router =
        OpenApiRouter::from(crate::web::limited_routes()).merge(crate::http::limited_routes());
    limit_per_address!(router, limit)
        .layer(axum::middleware::from_fn(crate::web::refusals_as_pages))
}

/// `/metrics` (Prometheus) alone, for its own listener: counts of syncs and errors are
/// not for the public beside `/cek`, so `serve` offers them on loopback by default
/// (`--metrics`).
pub fn metrics_router() -> Router {
    let _ = metrics_handle();
    Router::new().route("/metrics", get(metrics))
}

/// The WhatsApp webhook, outside the API's documentation (Meta calls it, not staff).
fn whatsapp_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/whatsapp/webhook",
            get(crate::http::whatsapp::verify).post(crate::http::whatsapp::receive),
        )
        .layer(axum::extract::DefaultBodyLimit::max(256 * 1024))
}

/// The whole application.
pub fn router(state: AppState, options: RouterOptions) -> Router {
    let _ = metrics_handle();
    let (api, mut doc) = crate::http::routes()
        .merge(limited_routes(options.limit()))
        .split_for_parts();
    crate::http::openapi::add_common_errors(&mut doc, &crate::http::limited_paths());
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
        .merge(api.with_state(state.clone()))
        .merge(whatsapp_routes().with_state(state.clone()))
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
