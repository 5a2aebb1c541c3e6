//! The ticket store: one SQLite file (WAL, `synchronous=FULL`), so a ticket is on disk before
//! the receiver answers 2xx and survives a crash or `SIGKILL` right after. Each ticket gets a
//! random confirmation number (unique by constraint, not derivable from another's), and a
//! resubmission with the same submission key gets the first number back instead of a copy.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::path::Path;

/// Alphabet of confirmation numbers: Crockford's base 32 (no I, L, O, U: easy to read aloud).
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A store failure (the receiver answers 503 and stores nothing).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("ticket database {path}: {source}")]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("no random numbers from the operating system: {0}")]
    Random(getrandom::Error),
}

/// Whether a ticket was stored now or had been before (a resubmission).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    New(String),
    Again(String),
}

impl Stored {
    /// The confirmation number either way.
    pub fn confirmation(&self) -> &str {
        match self {
            Stored::New(c) | Stored::Again(c) => c,
        }
    }
}

/// One stored ticket, as `tolk tickets` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct StoredTicket {
    pub confirmation: String,
    /// UTC, RFC 3339.
    pub received: String,
    pub locale: String,
    /// The validated ticket (canonical JSON).
    pub ticket: serde_json::Value,
}

/// An open ticket database.
pub struct Store {
    conn: Connection,
    path: String,
}

impl Store {
    /// Opens (creating it if needed) the database at `path` in WAL mode with full syncs.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let shown = path.display().to_string();
        let wrap = |source| StoreError::Sqlite {
            path: shown.clone(),
            source,
        };
        let conn = Connection::open(path).map_err(wrap)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(wrap)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(wrap)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(wrap)?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS tickets (
                 id           INTEGER PRIMARY KEY,
                 confirmation TEXT NOT NULL UNIQUE,
                 submission   TEXT NOT NULL UNIQUE,
                 received     TEXT NOT NULL,
                 locale       TEXT NOT NULL,
                 ticket       TEXT NOT NULL
             );",
        )
        .map_err(wrap)?;
        Ok(Store { conn, path: shown })
    }

    fn wrap(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// Stores `ticket` under `submission` unless that key is stored already; committed (and
    /// synced) when this returns.
    pub fn insert(
        &mut self,
        submission: &str,
        locale: &str,
        ticket: &serde_json::Value,
    ) -> Result<Stored, StoreError> {
        let path = self.path.clone();
        let wrap = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(wrap)?;
        let earlier: Option<String> = tx
            .query_row(
                "SELECT confirmation FROM tickets WHERE submission = ?1",
                params![submission],
                |row| row.get(0),
            )
            .optional()
            .map_err(wrap)?;
        if let Some(confirmation) = earlier {
            return Ok(Stored::Again(confirmation));
        }
        let received = httpdate_rfc3339(std::time::SystemTime::now());
        let mut attempts = 0;
        let confirmation = loop {
            let candidate = confirmation_number()?;
            let taken = tx.execute(
                "INSERT INTO tickets (confirmation, submission, received, locale, ticket)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![candidate, submission, received, locale, ticket.to_string()],
            );
            match taken {
                Ok(_) => break candidate,
                // 60 random bits: a clash is astronomically rare; try another number.
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::ConstraintViolation && attempts < 3 =>
                {
                    attempts += 1;
                }
                Err(e) => return Err(wrap(e)),
            }
        };
        tx.commit().map_err(wrap)?;
        Ok(Stored::New(confirmation))
    }

    /// Every ticket, oldest first.
    pub fn all(&self) -> Result<Vec<StoredTicket>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT confirmation, received, locale, ticket FROM tickets ORDER BY id")
            .map_err(|e| self.wrap(e))?;
        let rows = stmt
            .query_map([], |row| {
                let text: String = row.get(3)?;
                Ok(StoredTicket {
                    confirmation: row.get(0)?,
                    received: row.get(1)?,
                    locale: row.get(2)?,
                    ticket: serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
                })
            })
            .map_err(|e| self.wrap(e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.wrap(e))
    }
}

/// `TK-XXXX-XXXX-XXXX`: 60 random bits from the operating system.
fn confirmation_number() -> Result<String, StoreError> {
    let digits = random_digits(12)?;
    let groups: Vec<&str> = [0, 4, 8].iter().map(|&i| &digits[i..i + 4]).collect();
    Ok(format!("TK-{}", groups.join("-")))
}

/// A random submission token for a page the receiver renders (a form without JavaScript).
pub fn random_token() -> Result<String, StoreError> {
    random_digits(26)
}

/// `count` (≤ 12 per 64 bits drawn) random base-32 digits.
fn random_digits(count: usize) -> Result<String, StoreError> {
    let mut out = String::with_capacity(count);
    while out.len() < count {
        let mut bytes = [0u8; 8];
        getrandom::getrandom(&mut bytes).map_err(StoreError::Random)?;
        let mut n = u64::from_le_bytes(bytes);
        for _ in 0..12.min(count - out.len()) {
            out.push(ALPHABET[(n & 31) as usize] as char);
            n >>= 5;
        }
    }
    Ok(out)
}

/// A UTC time as RFC 3339 (`2026-12-02T14:05:23Z`).
fn httpdate_rfc3339(time: std::time::SystemTime) -> String {
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resubmission_returns_the_first_number_and_stores_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.sqlite3")).unwrap();
        let ticket = serde_json::json!({"locale": "en-US"});
        let first = store.insert("a", "en-US", &ticket).unwrap();
        let again = store.insert("a", "en-US", &ticket).unwrap();
        let other = store.insert("b", "en-US", &ticket).unwrap();
        assert!(matches!(first, Stored::New(_)));
        assert_eq!(again, Stored::Again(first.confirmation().to_string()));
        assert_ne!(other.confirmation(), first.confirmation());
        assert_eq!(store.all().unwrap().len(), 2);
    }

    #[test]
    fn dates_are_rfc3339() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_796_220_323);
        assert_eq!(httpdate_rfc3339(t), "2026-12-02T14:05:23Z");
    }
}
