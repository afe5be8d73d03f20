//! Reader: (to be written).

use super::passage::Passages;
use super::relation::Relation;
use crate::analysis::Analysis;

pub fn read(_a: &Analysis, _p: &Passages, _out: &mut Vec<Relation>) {}
