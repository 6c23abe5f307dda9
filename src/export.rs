//! Exporters: a frame in, bytes out. Nothing here touches the file system;
//! [`crate::output`] is the one place that writes.

use crate::cli::Format;
use polars::prelude::*;
use std::io::Cursor;
use std::path::Path;

/// The format for an output path: the explicit choice, else the extension,
/// else Parquet. Stdout (`-`) is CSV unless stated.
pub fn format_for(path: Option<&Path>, explicit: Option<Format>) -> Format {
    if let Some(f) = explicit {
        return f;
    }
    let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
        return Format::Csv;
    };
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => Format::Csv,
        Some("ndjson" | "jsonl" | "json") => Format::Ndjson,
        _ => Format::Parquet,
    }
}

/// Serialize a frame in the given format.
pub fn to_bytes(df: &mut DataFrame, format: Format) -> PolarsResult<Vec<u8>> {
    let mut buffer = Cursor::new(Vec::new());
    match format {
        Format::Parquet => {
            ParquetWriter::new(&mut buffer)
                .with_compression(ParquetCompression::Snappy)
                .finish(df)?;
        }
        Format::Csv => {
            CsvWriter::new(&mut buffer)
                .include_header(true)
                .finish(df)?;
        }
        Format::Ndjson => {
            JsonWriter::new(&mut buffer)
                .with_json_format(JsonFormat::JsonLines)
                .finish(df)?;
        }
    }
    Ok(buffer.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_extension() {
        assert_eq!(format_for(None, None), Format::Csv);
        assert_eq!(format_for(Some(Path::new("-")), None), Format::Csv);
        assert_eq!(format_for(Some(Path::new("a.CSV")), None), Format::Csv);
        assert_eq!(format_for(Some(Path::new("a.jsonl")), None), Format::Ndjson);
        assert_eq!(
            format_for(Some(Path::new("a.parquet")), None),
            Format::Parquet
        );
        assert_eq!(format_for(Some(Path::new("cells")), None), Format::Parquet);
        assert_eq!(
            format_for(Some(Path::new("a.csv")), Some(Format::Parquet)),
            Format::Parquet
        );
    }

    #[test]
    fn csv_bytes_have_header_and_rows() {
        let mut df = df!("a" => &[1i64, -2], "b" => &["x", "æø"]).unwrap();
        let text = String::from_utf8(to_bytes(&mut df, Format::Csv).unwrap()).unwrap();
        assert_eq!(text, "a,b\n1,x\n-2,æø\n");
    }
}
