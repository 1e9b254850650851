//! What the simulated world was told, kept to hold the system to it afterwards: every
//! op a device was told was saved, every op the server stored while answering an
//! operator, and every op seen anywhere, by its dot (the check that no dot ever names
//! two different ops).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use antar_shared::doc::{Op, OpId};
use antar_shared::region::VillageCode;

/// An op's place: dots count per desa document, so a dot is named with its desa.
pub type Dot = (VillageCode, OpId);

use crate::Broken;

/// The acknowledgements and dots of one run.
#[derive(Debug, Default)]
pub struct Ledger {
    /// Every op seen anywhere, first sighting: a dot names one op, forever.
    dots: HashMap<Dot, Op>,
    /// Ops a clerk was told were saved (the agent's commands returned them).
    pub saved_on_device: BTreeMap<Dot, (usize, Op)>,
    /// Ops the server stored while answering an operator's request with success.
    pub acknowledged_by_server: BTreeMap<Dot, Op>,
    /// Server-acknowledged ops a restore from an older backup took away while no device
    /// held them: gone by design (the operator restored a copy without them).
    pub lost_with_restore: BTreeSet<Dot>,
}

impl Ledger {
    /// Records an op seen at `place`; a different op under a dot already seen is the
    /// broken promise "no id reused".
    pub fn see(&mut self, desa: VillageCode, op: &Op, place: &str) -> Result<(), Broken> {
        match self.dots.get(&(desa, op.id())) {
            Some(earlier) if earlier != op => Err(Broken::DotReused {
                dot: format!("{desa}/{}", op.id()),
                place: place.to_owned(),
                first: format!("{:?}", earlier.body),
                second: format!("{:?}", op.body),
            }),
            Some(_) => Ok(()),
            None => {
                self.dots.insert((desa, op.id()), op.clone());
                Ok(())
            }
        }
    }

    /// Records ops a device's clerk was told were saved.
    pub fn saved(&mut self, agent: usize, desa: VillageCode, ops: &[Op]) -> Result<(), Broken> {
        for op in ops {
            self.see(desa, op, &format!("agent {agent} (saved)"))?;
            self.saved_on_device
                .insert((desa, op.id()), (agent, op.clone()));
        }
        Ok(())
    }

    /// How many distinct dots the run saw.
    pub fn dots_seen(&self) -> usize {
        self.dots.len()
    }
}
