//! Causal delivery for transports that reorder or duplicate ops.
//!
//! [`DesaDoc`] applies ops in causal order and refuses one that arrives before what it
//! depends on. Sync over HTTP already sends ops in order, but a replica fed by anything
//! else (a file carried on a USB stick, a test that shuffles messages) can wrap its
//! document in a `CausalBuffer`: an op that is not ready yet is held, and applied as
//! soon as the op it waits for arrives. The buffer's content is then a function of the
//! *set* of ops delivered, whatever their order.

use std::collections::BTreeMap;

use super::check::Applied;
use super::document::DesaDoc;
use super::error::ApplyError;
use super::ids::OpId;
use super::op::Op;

/// What delivering an op did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivered {
    /// Applied, together with this many held ops it released (0 or more).
    Applied {
        /// Held ops that became ready and were applied too.
        released: usize,
    },
    /// Already applied or already held.
    Duplicate,
    /// Held until the ops it depends on arrive.
    Held,
}

/// A desa document plus the ops that arrived too early.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CausalBuffer {
    doc: DesaDoc,
    held: BTreeMap<OpId, Op>,
}

impl CausalBuffer {
    /// Wraps a document.
    pub fn new(doc: DesaDoc) -> Self {
        CausalBuffer {
            doc,
            held: BTreeMap::new(),
        }
    }

    /// The document (only the ops that are ready).
    pub fn doc(&self) -> &DesaDoc {
        &self.doc
    }

    /// Ops waiting for something they depend on.
    pub fn held(&self) -> impl Iterator<Item = &Op> {
        self.held.values()
    }

    /// Delivers one op in any order. Errors other than "not ready yet" are returned and
    /// change nothing.
    pub fn deliver(&mut self, op: Op) -> Result<Delivered, ApplyError> {
        let id = op.id();
        if let Some(waiting) = self.held.get(&id) {
            return if *waiting == op {
                Ok(Delivered::Duplicate)
            } else {
                Err(ApplyError::DotReused(id))
            };
        }
        match self.doc.apply(op.clone()) {
            Ok(Applied::Duplicate) => Ok(Delivered::Duplicate),
            Ok(Applied::New) => Ok(Delivered::Applied {
                released: self.release(),
            }),
            Err(e) if e.is_not_ready() => {
                self.held.insert(id, op);
                Ok(Delivered::Held)
            }
            Err(e) => Err(e),
        }
    }

    /// Every op this replica has seen, applied first then held: what a peer merging with
    /// this one receives.
    pub fn all_ops(&self) -> impl Iterator<Item = &Op> {
        self.doc.ops().chain(self.held.values())
    }

    /// Delivers every op `other` has seen.
    pub fn merge(&mut self, other: &CausalBuffer) -> Result<(), ApplyError> {
        for op in other.all_ops() {
            self.deliver(op.clone())?;
        }
        Ok(())
    }

    /// Applies held ops that have become ready, until none is.
    fn release(&mut self) -> usize {
        let mut released = 0;
        loop {
            let ready: Vec<OpId> = self
                .held
                .iter()
                .filter(|(_, op)| self.doc.check(op).is_ok())
                .map(|(id, _)| *id)
                .collect();
            if ready.is_empty() {
                return released;
            }
            for id in ready {
                if let Some(op) = self.held.remove(&id) {
                    // A held op whose check passed cannot fail now unless an earlier op
                    // in this same pass changed the picture; then it waits again.
                    match self.doc.apply(op.clone()) {
                        Ok(Applied::New) => released += 1,
                        Ok(Applied::Duplicate) => {}
                        Err(_) => {
                            self.held.insert(id, op);
                        }
                    }
                }
            }
        }
    }
}
