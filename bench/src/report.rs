//! Tables for people and JSON for machines, from the same rows.

use std::time::Duration;

use serde_json::{Map, Value};

/// What a benchmark failed on, said plainly (a benchmark stops at its first failure).
pub type Failure = String;

/// Turns any error into a [`Failure`] with what was being done.
pub trait Context<T> {
    /// The error, prefixed by `what`.
    fn context(self, what: &str) -> Result<T, Failure>;
}

impl<T, E: std::fmt::Display> Context<T> for Result<T, E> {
    fn context(self, what: &str) -> Result<T, Failure> {
        self.map_err(|e| format!("{what}: {e}"))
    }
}

impl<T> Context<T> for Option<T> {
    fn context(self, what: &str) -> Result<T, Failure> {
        self.ok_or_else(|| what.to_owned())
    }
}

/// A table: printed as it fills, kept for the JSON.
#[derive(Debug)]
pub struct Table {
    columns: Vec<&'static str>,
    rows: Vec<Vec<Value>>,
}

impl Table {
    /// A table with these columns; prints the header.
    pub fn new(title: &str, columns: &[&'static str]) -> Table {
        println!("\n{title}");
        let header: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 {
                    format!("{c:<28}")
                } else {
                    format!("{c:>12}")
                }
            })
            .collect();
        println!("{}", header.join(" "));
        Table {
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds and prints a row (one value per column).
    pub fn row(&mut self, values: Vec<Value>) {
        let cells: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) if i == 0 => format!("{s:<28}"),
                Value::String(s) => format!("{s:>12}"),
                Value::Number(n) => match n.as_f64() {
                    Some(f) if n.is_f64() => format!("{f:>12.1}"),
                    _ => format!("{:>12}", n.to_string()),
                },
                other => format!("{:>12}", other.to_string()),
            })
            .collect();
        println!("{}", cells.join(" "));
        self.rows.push(values);
    }

    /// The rows as JSON objects keyed by column.
    pub fn json(&self) -> Value {
        Value::Array(
            self.rows
                .iter()
                .map(|row| {
                    let mut object = Map::new();
                    for (c, v) in self.columns.iter().zip(row) {
                        object.insert((*c).to_owned(), v.clone());
                    }
                    Value::Object(object)
                })
                .collect(),
        )
    }
}

/// The `p` quantile (0..=1) of sorted latencies, in milliseconds.
pub fn percentile_ms(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// A number rounded to one decimal, as JSON.
pub fn num(x: f64) -> Value {
    serde_json::json!((x * 10.0).round() / 10.0)
}
