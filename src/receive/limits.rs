//! Who may send and how often: a token bucket per client address (`[receive] rate`, then
//! `429` with `Retry-After`), and the origin check behind CORS (`[receive] allowed-origin`).

use crate::config::Rate;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Clients remembered at most; past it, buckets that are full again are forgotten.
const MAX_CLIENTS: usize = 10_000;

/// Per-client token buckets: `count` tokens, refilled evenly over `per`.
pub struct RateLimiter {
    rate: Rate,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimiter {
    pub fn new(rate: Rate) -> RateLimiter {
        RateLimiter {
            rate,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `client`; `Err(wait)` when it has none left.
    pub fn take(&self, client: IpAddr) -> Result<(), Duration> {
        self.take_at(client, Instant::now())
    }

    fn take_at(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let capacity = f64::from(self.rate.count);
        let per_second = capacity / self.rate.per.as_secs_f64();
        // A poisoned lock only means another request panicked; the counts are still usable.
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_CLIENTS {
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * per_second < capacity
            });
        }
        let (tokens, at) = buckets.entry(client).or_insert((capacity, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * per_second).min(capacity);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - *tokens) / per_second))
        }
    }
}

/// Whether a request may send a ticket, by its `Origin` and `Sec-Fetch-Site` headers: the
/// configured origin, or the receiver's own (`host`). A page whose referrer policy is
/// `no-referrer` (the site's) posts forms with `Origin: null`; then the browser's
/// `Sec-Fetch-Site` (which no page can set) must say `same-origin`. A client that is not a
/// browser sends neither header.
pub fn origin_allowed(
    origin: Option<&str>,
    fetch_site: Option<&str>,
    allowed: Option<&str>,
    host: Option<&str>,
) -> bool {
    match origin {
        Some(o) if o != "null" => {
            let own = o
                .strip_prefix("http://")
                .or_else(|| o.strip_prefix("https://"));
            allowed == Some(o) || (own.is_some() && own == host)
        }
        Some(_) => matches!(fetch_site, Some("same-origin")),
        None => matches!(fetch_site, None | Some("same-origin") | Some("none")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_gets_count_tokens_then_waits_and_refills() {
        let limiter = RateLimiter::new(Rate::parse("2/minute").unwrap());
        let (a, b): (IpAddr, IpAddr) = ("127.0.0.1".parse().unwrap(), "::1".parse().unwrap());
        let t0 = Instant::now();
        assert!(limiter.take_at(a, t0).is_ok() && limiter.take_at(a, t0).is_ok());
        let wait = limiter.take_at(a, t0).unwrap_err();
        assert!(
            wait > Duration::from_secs(29) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        assert!(
            limiter.take_at(b, t0).is_ok(),
            "another client has its own bucket"
        );
        assert!(limiter.take_at(a, t0 + Duration::from_secs(30)).is_ok());
    }

    #[test]
    fn origins_are_the_configured_one_or_our_own() {
        let allowed = Some("https://docs.example");
        let host = Some("127.0.0.1:8787");
        assert!(origin_allowed(None, None, allowed, None));
        let docs = Some("https://docs.example");
        assert!(origin_allowed(docs, Some("cross-site"), allowed, host));
        assert!(origin_allowed(
            Some("http://127.0.0.1:8787"),
            None,
            allowed,
            host
        ));
        assert!(!origin_allowed(
            Some("https://evil.example"),
            None,
            allowed,
            host
        ));
        assert!(!origin_allowed(Some("null"), None, None, Some("null")));
        assert!(!origin_allowed(
            Some("null"),
            Some("cross-site"),
            allowed,
            host
        ));
        assert!(origin_allowed(
            Some("null"),
            Some("same-origin"),
            allowed,
            host
        ));
        assert!(!origin_allowed(None, Some("cross-site"), allowed, host));
    }
}
