//! `tolk tickets list` and `tolk tickets export`: the stored tickets for the team that handles
//! them, as a table, JSON Lines, or CSV that a spreadsheet cannot mistake for formulas (a cell
//! starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`).

use super::store::StoredTicket;
use crate::form::Form;
use serde_json::Value;
use std::io::{self, Write};

/// One line per ticket: confirmation, time, locale, and the ticket's first text answer.
pub fn list(out: &mut dyn Write, tickets: &[StoredTicket]) -> io::Result<()> {
    for t in tickets {
        let name = t
            .ticket
            .get("contact_name")
            .and_then(Value::as_str)
            .unwrap_or("");
        let name: String = name.chars().filter(|c| !c.is_control()).take(60).collect();
        writeln!(
            out,
            "{}  {}  {:<6}  {}",
            t.confirmation, t.received, t.locale, name
        )?;
    }
    Ok(())
}

/// One JSON object per line: `confirmation`, `received`, `locale`, `ticket`.
pub fn jsonl(out: &mut dyn Write, tickets: &[StoredTicket]) -> io::Result<()> {
    for t in tickets {
        serde_json::to_writer(&mut *out, t)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// A header row, then one row per ticket: the fixed columns, then every field of `form`.
pub fn csv(out: &mut dyn Write, form: &Form, tickets: &[StoredTicket]) -> io::Result<()> {
    let fields: Vec<&str> = form.fields().map(|f| f.id.as_str()).collect();
    let mut header = vec!["confirmation", "received", "locale"];
    header.extend(&fields);
    row(out, header.iter().map(|h| h.to_string()))?;
    for t in tickets {
        let mut cells = vec![t.confirmation.clone(), t.received.clone(), t.locale.clone()];
        for f in &fields {
            cells.push(match t.ticket.get(*f) {
                None => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(Value::Array(items)) => {
                    let texts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                    texts.join(" ")
                }
                Some(other) => other.to_string(),
            });
        }
        row(out, cells.into_iter())?;
    }
    Ok(())
}

fn row(out: &mut dyn Write, cells: impl Iterator<Item = String>) -> io::Result<()> {
    let cells: Vec<String> = cells.map(|c| csv_cell(&c)).collect();
    write!(out, "{}\r\n", cells.join(","))
}

/// One CSV cell (RFC 4180 quoting), defused against formula injection.
pub fn csv_cell(text: &str) -> String {
    let defused = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn formulas_are_defused_and_quotes_escaped() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("plain"), "plain");
    }
}
