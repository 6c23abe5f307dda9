//! budgetspor: Danish municipal meeting minutes to exact, year-keyed budget
//! data. The parsing core is the separate `budgetspor-core` crate (no IO,
//! no polars); this crate adds inputs, frames, exporters and the CLI.

pub mod chart;
pub mod cli;
pub mod cmd;
pub mod error;
pub mod export;
pub mod frame;
pub mod inputs;
pub mod output;
pub mod parquet;
pub mod report;
pub mod sink;
pub mod stream;
pub mod xlsx;

pub use budgetspor_core as core;
