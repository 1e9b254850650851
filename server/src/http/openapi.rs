//! The answers every operation can give, written into the API's document once: a
//! malformed request (400), a token missing or not allowed (401, 403), a body too
//! large, of the wrong type or refused field by field (413, 415, 422), and the limit on
//! the routes anyone can hit (429), and a full disk under the database (507). Each operation's own annotation names only its own
//! answers; without this, the document lied about 40 answers the server really gives
//! (found by Schemathesis, `scripts/schemathesis.sh`).

use utoipa::openapi::path::Operation;
use utoipa::openapi::{Content, OpenApi, Ref, Response};

/// Adds the common error answers to every operation of `doc` that lacks them; `limited`
/// are the paths the per-address limit covers.
pub fn add_common_errors(doc: &mut OpenApi, limited: &[String]) {
    for (path, item) in doc.paths.paths.iter_mut() {
        let operations = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            add_to(operation, limited.contains(path));
        }
    }
}

fn add_to(operation: &mut Operation, limited: bool) {
    let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let has_body = operation.request_body.is_some();
    let mut add = |status: &str, description: &str| {
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| error(description).into());
    };
    add(
        "400",
        "Malformed request: a path, query or body that cannot be read",
    );
    if secured {
        add("401", "Missing, unknown, expired or revoked token");
        add(
            "403",
            "The account or device may not do this (role, kecamatan or desa)",
        );
    }
    if has_body {
        add("413", "Body too large");
        add("415", "Unsupported Content-Type");
        add(
            "422",
            "Well-formed but refused: a field that does not validate",
        );
    }
    add(
        "507",
        "The server's storage is full: nothing was written; try again later",
    );
    if limited {
        add(
            "429",
            "Too many requests from this address; try again later",
        );
    }
}

fn error(description: &str) -> Response {
    let mut response = Response::new(description);
    response.content.insert(
        "application/json".to_owned(),
        Content::new(Some(Ref::from_schema_name("ErrorResponse"))).into(),
    );
    response
}
