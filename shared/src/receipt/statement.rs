//! What a receipt says: the facts of one handover that the resident may show anyone.

use crate::doc::{ActorId, Relation};
use crate::kind::DocumentKind;
use crate::region::VillageCode;
use crate::text::PersonName;
use crate::time::UnixTime;
use crate::tracking::TrackingCode;

/// One handover, as the desa office's device signs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// The dispatch's tracking code.
    pub code: TrackingCode,
    /// What kind of document.
    pub kind: DocumentKind,
    /// The desa office that handed it over.
    pub desa: VillageCode,
    /// When (the handover's time as the clerk recorded it).
    pub at: UnixTime,
    /// Who took it, relative to the holder (no name).
    pub relation: Relation,
    /// The clerk who handed it over.
    pub clerk: PersonName,
    /// The device that recorded and signed it (its actor id).
    pub device: ActorId,
}
