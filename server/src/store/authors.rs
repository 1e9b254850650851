//! The names behind ops, for histories: the staff account a server op was written for
//! (`op_staff`, filled by `DocWriter::author_as`), the account that issued a dispatch
//! (`dispatches.issued_by`, filled by `Store::record_batch`), and a device's name for a device op.

use std::collections::HashMap;

use antar_shared::doc::{ActorId, OpId};
use antar_shared::region::VillageCode;
use antar_shared::tracking::TrackingCode;

use super::document::id_columns;
use super::{Store, StoreError};

impl Store {
    /// The name behind each op of one dispatch's history that has one: for a server op
    /// the staff account (an Issue op: who issued it), for a device op the device.
    pub async fn author_names(
        &self,
        desa: VillageCode,
        tracking: TrackingCode,
        ops: &[(OpId, bool)],
    ) -> Result<HashMap<OpId, String>, StoreError> {
        let mut names = HashMap::new();
        // A history has few ops; a device that wrote several is looked up once.
        let mut devices: HashMap<ActorId, Option<String>> = HashMap::new();
        let issued_by: Option<Option<String>> =
            sqlx::query_scalar("SELECT issued_by FROM dispatches WHERE tracking = $1")
                .bind(i64::try_from(tracking.bits()).unwrap_or_default())
                .fetch_optional(&self.pool)
                .await?;
        for &(id, is_issue) in ops {
            let name = if is_issue && id.actor.is_server() {
                issued_by.clone().flatten()
            } else if id.actor.is_server() {
                let (actor, counter) = id_columns(id);
                sqlx::query_scalar(
                    "SELECT who_name FROM op_staff WHERE desa_code = $1 AND actor = $2 AND counter = $3",
                )
                .bind(desa.to_string())
                .bind(actor)
                .bind(counter)
                .fetch_optional(&self.pool)
                .await?
            } else {
                match devices.get(&id.actor) {
                    Some(name) => name.clone(),
                    None => {
                        let name = self.device_name(id.actor).await?;
                        devices.insert(id.actor, name.clone());
                        name
                    }
                }
            };
            if let Some(name) = name {
                names.insert(id, name);
            }
        }
        Ok(names)
    }

    /// A device's name by its actor id (a device's id is its actor).
    async fn device_name(&self, actor: ActorId) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT name FROM devices WHERE id = $1")
            .bind(i64::from(actor.0))
            .fetch_optional(&self.pool)
            .await?)
    }
}
