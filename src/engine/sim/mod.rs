//! The what-if simulators: each estimates its parameters from the shop's data, takes the
//! user's levers, and computes the outcome against a baseline (`../shared/docs/domain.md`, "The
//! four simulations"). Pure Rust, like the rest of the engine; randomness takes a seed.

pub mod ab;
pub mod budget;
pub mod funnel;
pub mod inventory;
pub mod pricing;
