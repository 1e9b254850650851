//! The WhatsApp webhook: Meta checks it once (`GET`, `hub.challenge`), then posts
//! residents' messages and delivery statuses to it, signed with the app secret.
//!
//! A post with a bad signature is refused (401) and nothing is recorded. A message is
//! noted by id (a delivery repeated is answered once), and answered in the background
//! so the webhook replies within Meta's timeout; a sender writing more than a few times
//! a minute is not answered. Statuses move the matching notice on (delivered, read,
//! failed).

use std::collections::HashMap;

use antar_shared::i18n::Tr;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::state::AppState;
use crate::store::now;

/// Answers from one number per minute, at most.
const ANSWERS_PER_MINUTE: i64 = 6;

/// `GET /api/v1/whatsapp/webhook`: Meta's check (`hub.mode=subscribe`, the verify
/// token, a challenge echoed back).
pub async fn verify(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(hook) = &state.whatsapp else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let subscribe = query.get("hub.mode").is_some_and(|m| m == "subscribe");
    let token = query.get("hub.verify_token").map(String::as_str);
    match (subscribe, token, query.get("hub.challenge")) {
        (true, Some(token), Some(challenge)) if token == hook.verify_token => {
            (StatusCode::OK, challenge.clone()).into_response()
        }
        _ => StatusCode::FORBIDDEN.into_response(),
    }
}

/// `POST /api/v1/whatsapp/webhook`: messages and statuses.
pub async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(hook) = state.whatsapp.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let signature = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !hook.signed(&body, signature) {
        tracing::warn!("whatsapp webhook: bad signature; ignored");
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let Ok(update) = serde_json::from_slice::<Value>(&body) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let values = update["entry"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|entry| entry["changes"].as_array().into_iter().flatten())
        .map(|change| &change["value"]);
    for value in values {
        for status in value["statuses"].as_array().into_iter().flatten() {
            if let Err(e) = note_status(&state, status).await {
                tracing::error!(error = %format!("{e:#}"), "whatsapp status not recorded");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
        for message in value["messages"].as_array().into_iter().flatten() {
            if let Err(e) = take_message(&state, &hook, message).await {
                tracing::error!(error = %format!("{e:#}"), "whatsapp message not recorded");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
    }
    StatusCode::OK.into_response()
}

async fn note_status(state: &AppState, status: &Value) -> Result<(), crate::store::StoreError> {
    let (Some(id), Some(what)) = (status["id"].as_str(), status["status"].as_str()) else {
        return Ok(());
    };
    let code = status["errors"][0]["code"].as_i64();
    let reason = code.map(|code| {
        format!(
            "{code} {}",
            status["errors"][0]["title"].as_str().unwrap_or_default()
        )
    });
    // No WhatsApp on that number, said after the message was taken: SMS instead.
    if what == "failed" && code == Some(131026) {
        let why = reason.clone().unwrap_or_default();
        if state.store.requeue_for_sms(id, &why, now()).await? {
            state.notices.notify_one();
            return Ok(());
        }
    }
    state
        .store
        .note_delivery(id, what, reason.as_deref(), now())
        .await?;
    Ok(())
}

async fn take_message(
    state: &AppState,
    hook: &crate::notify::bot::Hook,
    message: &Value,
) -> Result<(), crate::store::StoreError> {
    let (Some(id), Some(from)) = (message["id"].as_str(), message["from"].as_str()) else {
        return Ok(());
    };
    let at = now();
    if !state.store.note_inbound(id, from, at).await? {
        return Ok(());
    }
    if state.store.inbound_since(from, at - 60).await? > ANSWERS_PER_MINUTE {
        tracing::info!("whatsapp: a sender over its answers per minute; not answered");
        return Ok(());
    }
    let text = message["text"]["body"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let (store, from, replies) = (state.store.clone(), from.to_owned(), hook.replies.clone());
    // Answered after the webhook has said OK: Meta wants its answer within seconds.
    tokio::spawn(async move {
        let tr = Tr::new(antar_shared::Lang::Id);
        let answer = match crate::notify::bot::answer(&store, &from, &text, tr).await {
            Ok(answer) => answer,
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "whatsapp: no answer made");
                return;
            }
        };
        match replies {
            Some(client) => {
                if let Err(e) = client.send_text(&from, &answer).await {
                    tracing::warn!(error = %e, "whatsapp: answer not sent");
                }
            }
            None => tracing::info!(answer, "whatsapp answer (dry run)"),
        }
    });
    Ok(())
}
