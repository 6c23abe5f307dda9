//! NDJSON: one JSON object per row and line; batches are appended.

use super::{Batches, ExportError, Exporter};
use polars::prelude::*;
use std::io::Write;

pub struct Ndjson;

impl Exporter for Ndjson {
    fn extensions(&self) -> &'static [&'static str] {
        &["ndjson", "jsonl", "json"]
    }

    fn describe(&self, resource: &mut serde_json::Value) {
        resource["format"] = "ndjson".into();
        resource["mediatype"] = "application/x-ndjson".into();
        resource["encoding"] = "utf-8".into();
    }

    fn batches<'w>(&self, out: Box<dyn Write + 'w>) -> Box<dyn Batches<'w> + 'w> {
        Box::new(NdjsonBatches { out })
    }
}

struct NdjsonBatches<'w> {
    out: Box<dyn Write + 'w>,
}

impl<'w> Batches<'w> for NdjsonBatches<'w> {
    fn frame(&mut self, df: &mut DataFrame) -> Result<(), ExportError> {
        Ok(JsonWriter::new(&mut self.out)
            .with_json_format(JsonFormat::JsonLines)
            .finish(df)?)
    }

    fn finish(self: Box<Self>) -> Result<Box<dyn Write + 'w>, ExportError> {
        Ok(self.out)
    }
}
