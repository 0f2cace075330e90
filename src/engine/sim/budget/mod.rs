//! The budget allocation simulator (预算分配): response curves fitted to the shop's spend and
//! revenue ([`fit`]), the best split of a budget ([`optimize`]), and a plan for the coming
//! periods ([`plan`]).

pub mod curve;
pub mod data;
pub mod fit;
pub mod optimize;
