//! The HTTP API (axum): its routes, their body limits and the OpenAPI document. The
//! state they share is [`AppState`]; the router that mounts them (the `app` module)
//! adds the layers every request passes through.
//!
//! Handlers are thin: they authenticate, parse, call a plain function of the crate
//! (`sync`, `dispatch`, `issuance`…) and map the result.

pub mod auth;
pub mod blobs;
pub mod custody;
pub mod error;
pub mod imports;
pub mod openapi;
pub mod operator;
pub mod public;
pub mod receipts;
pub mod sync;
pub mod whatsapp;

use axum::extract::DefaultBodyLimit;
use utoipa::OpenApi;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::state::AppState;

/// Limits per route group, in bytes (after decompression).
const SYNC_BODY_LIMIT: usize = antar_shared::sync::MAX_MESSAGE_BYTES;
pub(crate) const IMPORT_BODY_LIMIT: usize = 32 * 1024 * 1024;
const JSON_BODY_LIMIT: usize = 64 * 1024;

#[derive(OpenApi)]
#[openapi(
    info(title = "Antar API", description = "Pelacakan dokumen kependudukan dari Dukcapil ke kantor desa. / Tracking civil-registry documents from Dukcapil to village offices."),
    modifiers(&SecuritySchemes),
    tags(
        (name = "sync", description = "Desa agents: enrollment and sync"),
        (name = "dispatches", description = "Issuing, importing, tracking and recalling dispatches"),
        (name = "manifests", description = "Couriers' trips"),
        (name = "devices", description = "Enrollment codes and desa devices"),
        (name = "operators", description = "Login and accounts"),
        (name = "public", description = "Health and the residents' status lookup"),
    )
)]
struct ApiDoc;

struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        let bearer =
            || SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build());
        components.add_security_scheme("operator_token", bearer());
        components.add_security_scheme("device_token", bearer());
    }
}

/// The paths of [`limited_routes`].
pub fn limited_paths() -> Vec<String> {
    limited_routes()
        .split_for_parts()
        .1
        .paths
        .paths
        .into_keys()
        .collect()
}

/// The API's routes, each with its body limit, except those limited per address.
pub fn routes() -> OpenApiRouter<AppState> {
    let json_limit = DefaultBodyLimit::max(JSON_BODY_LIMIT);
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(sync::sync).layer(DefaultBodyLimit::max(SYNC_BODY_LIMIT)))
        .routes(routes!(blobs::put_blob).layer(DefaultBodyLimit::max(blobs::MAX_BLOB_BYTES)))
        .routes(routes!(imports::import_csv))
        .routes(routes!(operator::list_dispatches, operator::issue).layer(json_limit))
        .routes(routes!(operator::search_dispatches).layer(json_limit))
        .routes(routes!(operator::get_dispatch).layer(json_limit))
        .routes(routes!(operator::recall).layer(json_limit))
        .routes(routes!(custody::receive).layer(json_limit))
        .routes(routes!(custody::handover).layer(json_limit))
        .routes(routes!(custody::send_back).layer(json_limit))
        .routes(routes!(custody::resolve).layer(json_limit))
        .routes(routes!(operator::create_manifest).layer(json_limit))
        .routes(routes!(operator::get_manifest))
        .routes(routes!(operator::enroll_code).layer(json_limit))
        .routes(routes!(operator::list_devices))
        .routes(routes!(operator::revoke_device))
        .routes(routes!(operator::list_users, operator::add_user).layer(json_limit))
        .routes(routes!(receipts::certify).layer(json_limit))
        .routes(routes!(receipts::upload).layer(json_limit))
        .routes(routes!(receipts::public_key))
        .routes(routes!(public::healthz))
}

/// The API's routes anyone can hit repeatedly (status lookup, enrollment, logging in);
/// the router limits them per client address, together with the residents' page.
pub fn limited_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(public::status))
        .routes(routes!(receipts::verify).layer(DefaultBodyLimit::max(JSON_BODY_LIMIT)))
        .routes(routes!(sync::enroll).layer(DefaultBodyLimit::max(JSON_BODY_LIMIT)))
        .routes(routes!(operator::login).layer(DefaultBodyLimit::max(JSON_BODY_LIMIT)))
}
