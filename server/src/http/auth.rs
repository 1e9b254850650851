//! Who is calling: an operator (session or API token) or an enrolled device (device
//! token), both as `Authorization: Bearer …`. Tokens are looked up by hash only.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::error::{AppError, ErrorKind};
use crate::secret::hash_token;
use crate::state::AppState;
use crate::store::devices::Device;
use crate::store::now;
use crate::store::users::{Role, User};

fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))?;
    (!token.trim().is_empty()).then(|| token.trim())
}

fn unauthorized() -> AppError {
    AppError::new(ErrorKind::Unauthorized, "auth.required")
}

/// An authenticated operator, and where the request came from.
#[derive(Debug, Clone)]
pub struct Operator(
    pub User,
    pub Option<std::net::IpAddr>,
    pub crate::scope::Scope,
);

impl Operator {
    /// Who this is, for the audit log.
    pub fn who(&self) -> crate::audit::Who {
        crate::audit::Who::user(&self.0, self.1).scoped(self.2.clone())
    }

    /// Refuses unless the operator has at least `role`.
    pub fn require(&self, role: Role) -> Result<&User, AppError> {
        if self.0.role >= role {
            Ok(&self.0)
        } else {
            Err(AppError::new(ErrorKind::Forbidden, "auth.role").arg("role", role.as_str()))
        }
    }
}

impl FromRequestParts<AppState> for Operator {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = bearer(parts).ok_or_else(unauthorized)?;
        let user = state
            .store
            .session_user(&hash_token(token), now())
            .await?
            .ok_or_else(unauthorized)?;
        let scope = state.store.user_scope(user.id).await?;
        Ok(Operator(user, state.client_ip(parts), scope))
    }
}

/// An enrolled, unrevoked device.
#[derive(Debug, Clone)]
pub struct DeviceAuth(pub Device);

impl FromRequestParts<AppState> for DeviceAuth {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = bearer(parts).ok_or_else(unauthorized)?;
        let device = state
            .store
            .device_by_token(&hash_token(token))
            .await?
            .ok_or_else(unauthorized)?;
        if device.revoked_at.is_some() {
            return Err(AppError::new(
                ErrorKind::Unauthorized,
                "auth.device_revoked",
            ));
        }
        Ok(DeviceAuth(device))
    }
}
