//! An Excel workbook of one sheet (`--format xlsx`), made by
//! [`crate::xlsx`]. A workbook is a zip written whole: batches are
//! gathered, within the rows a sheet holds, and written at the end.

use super::{Batches, ExportError, Exporter};
use crate::xlsx::{single, WorkbookError, MAX_ROWS, SHEET};
use polars::prelude::*;
use std::io::Write;

pub struct Xlsx;

impl Exporter for Xlsx {
    fn extensions(&self) -> &'static [&'static str] {
        &["xlsx"]
    }

    fn describe(&self, resource: &mut serde_json::Value) {
        resource["format"] = "xlsx".into();
        resource["mediatype"] =
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".into();
    }

    fn batches<'w>(&self, out: Box<dyn Write + 'w>) -> Box<dyn Batches<'w> + 'w> {
        Box::new(XlsxBatches {
            out,
            gathered: None,
        })
    }

    fn write(&self, df: &mut DataFrame, out: &mut dyn Write) -> Result<(), ExportError> {
        Ok(out.write_all(&single(SHEET, df)?)?)
    }
}

struct XlsxBatches<'w> {
    out: Box<dyn Write + 'w>,
    gathered: Option<DataFrame>,
}

impl<'w> Batches<'w> for XlsxBatches<'w> {
    fn frame(&mut self, df: &mut DataFrame) -> Result<(), ExportError> {
        let gathered = match self.gathered.take() {
            Some(mut all) => {
                all.vstack_mut(df)?;
                all
            }
            None => df.clone(),
        };
        // Refused as soon as it is too many, not after gathering them all.
        if gathered.height() > MAX_ROWS {
            return Err(ExportError::Workbook(WorkbookError::TooManyRows {
                sheet: SHEET.into(),
                rows: gathered.height(),
            }));
        }
        self.gathered = Some(gathered);
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<Box<dyn Write + 'w>, ExportError> {
        if let Some(all) = self.gathered.take() {
            self.out.write_all(&single(SHEET, &all)?)?;
        }
        Ok(self.out)
    }
}
