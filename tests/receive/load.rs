//! Load and faults: many clients at once, every 2xx stored exactly once with a unique
//! confirmation; then the receiver process killed with SIGKILL mid-load and restarted, and
//! every ticket that got a 2xx is still there, none twice. `bench/receive.sh` runs the same
//! test with more tickets and prints throughput and latency (BENCHMARKS.md).

use super::{agent, post_keyed, ticket, Site};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLIENTS: usize = 50;

/// Tickets in the test (`TOLK_LOAD_TICKETS` for a bigger run).
fn tickets() -> usize {
    std::env::var("TOLK_LOAD_TICKETS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000)
}

/// What the clients saw: submission id → confirmation for every 2xx, and the ids without one.
#[derive(Default)]
struct Outcome {
    confirmed: BTreeMap<String, String>,
    unanswered: Vec<String>,
    latencies: Vec<Duration>,
}

/// `total` tickets from [`CLIENTS`] threads to `url`, each with a submission id of `run`.
fn flood(url: &str, run: &str, total: usize, sent: &AtomicUsize) -> Outcome {
    let outcome = Arc::new(Mutex::new(Outcome::default()));
    std::thread::scope(|scope| {
        for client in 0..CLIENTS {
            let outcome = Arc::clone(&outcome);
            scope.spawn(move || {
                let agent = agent();
                for n in (client..total).step_by(CLIENTS) {
                    let id = format!("{run}-{n}");
                    let t = ticket("en-US", n);
                    let start = Instant::now();
                    let sent_ok = agent
                        .post(url)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", &id)
                        .send(t.to_string());
                    let took = start.elapsed();
                    sent.fetch_add(1, Ordering::SeqCst);
                    let mut o = outcome.lock().expect("the outcome");
                    match sent_ok {
                        Ok(mut r) if r.status().is_success() => {
                            let body: serde_json::Value = r.body_mut().read_json().expect("JSON");
                            let number =
                                body["confirmation"].as_str().expect("a number").to_string();
                            o.confirmed.insert(id, number);
                            o.latencies.push(took);
                        }
                        _ => o.unanswered.push(id),
                    }
                }
            });
        }
    });
    Arc::try_unwrap(outcome)
        .ok()
        .expect("threads done")
        .into_inner()
        .expect("the outcome")
}

/// Stored tickets as submission number → confirmation, asserting that no confirmation and no
/// ticket (its unique text) appears twice.
fn stored_once(site: &Site) -> BTreeMap<String, String> {
    let mut by_text = BTreeMap::new();
    let mut numbers = BTreeSet::new();
    for row in site.stored() {
        let number = row["confirmation"].as_str().expect("a number").to_string();
        assert!(
            numbers.insert(number.clone()),
            "confirmation {number} twice"
        );
        let text = row["ticket"]["description"]
            .as_str()
            .expect("text")
            .to_string();
        assert!(
            by_text.insert(text.clone(), number).is_none(),
            "ticket {text:?} stored twice"
        );
    }
    by_text
}

fn report(what: &str, outcome: &mut Outcome, elapsed: Duration) {
    outcome.latencies.sort();
    let at = |q: f64| outcome.latencies[((outcome.latencies.len() - 1) as f64 * q) as usize];
    if !outcome.latencies.is_empty() {
        eprintln!(
            "{what}: {} tickets in {:.2} s = {:.0}/s; latency p50 {:.1} ms, p99 {:.1} ms",
            outcome.confirmed.len(),
            elapsed.as_secs_f64(),
            outcome.confirmed.len() as f64 / elapsed.as_secs_f64(),
            at(0.5).as_secs_f64() * 1e3,
            at(0.99).as_secs_f64() * 1e3
        );
    }
}

#[test]
fn many_clients_each_ticket_stored_once_with_a_unique_confirmation() {
    let site = Site::new("1000000/second");
    let server = site.start();
    let total = tickets();
    let start = Instant::now();
    let mut outcome = flood(&server.url, "load", total, &AtomicUsize::new(0));
    report("in-process receiver", &mut outcome, start.elapsed());
    assert!(
        outcome.unanswered.is_empty(),
        "{} without an answer",
        outcome.unanswered.len()
    );
    assert_eq!(outcome.confirmed.len(), total);
    let unique: BTreeSet<&String> = outcome.confirmed.values().collect();
    assert_eq!(unique.len(), total, "confirmations are unique");
    let stored = stored_once(&site);
    assert_eq!(stored.len(), total);
    // A resend of one gets its first number, and stores nothing.
    let a = post_keyed(&agent(), &server.url, &ticket("en-US", 7), "load-7");
    assert_eq!(
        a.json()["confirmation"].as_str(),
        outcome.confirmed.get("load-7").map(String::as_str)
    );
    assert_eq!(stored_once(&site).len(), total);
}

/// `tolk receive` as its own process on a free port; its address once it listens.
fn spawn(site: &Site) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tolk"))
        .args(["receive", "--listen", "127.0.0.1:0", "--root"])
        .arg(site.root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tolk receive");
    let stderr = child.stderr.take().expect("its stderr");
    let mut lines = BufReader::new(stderr).lines();
    let line = lines.next().expect("a line").expect("text");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    // Keep reading so the receiver never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (child, url)
}

#[test]
fn sigkill_mid_load_loses_no_confirmed_ticket_and_stores_none_twice() {
    let site = Site::new("1000000/second");
    let (mut child, url) = spawn(&site);
    let total = tickets();
    let sent = AtomicUsize::new(0);
    let start = Instant::now();
    let mut outcome = std::thread::scope(|scope| {
        let killer = scope.spawn(|| {
            let deadline = Instant::now() + Duration::from_secs(60);
            while sent.load(Ordering::SeqCst) < total / 3 && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
            child.kill().expect("SIGKILL the receiver");
            child.wait().expect("reap it");
        });
        let outcome = flood(&url, "kill", total, &sent);
        killer.join().expect("the killer");
        outcome
    });
    report(
        "tolk receive process, until SIGKILL",
        &mut outcome,
        start.elapsed(),
    );
    assert!(
        !outcome.confirmed.is_empty() && !outcome.unanswered.is_empty(),
        "killed mid-load: {} confirmed, {} not",
        outcome.confirmed.len(),
        outcome.unanswered.len()
    );
    // Restarted on the same database: every confirmed ticket is there with its number.
    let (mut child, url) = spawn(&site);
    let stored = stored_once(&site);
    for (id, number) in &outcome.confirmed {
        let n: usize = id.trim_start_matches("kill-").parse().expect("a number");
        let text = format!("Unexpected sign-ins, case {n}.");
        assert_eq!(
            stored.get(&text),
            Some(number),
            "{id} got a 2xx but is not stored"
        );
    }
    // Clients resend what got no answer: each is stored once, whether or not it was before.
    let agent = agent();
    for id in &outcome.unanswered {
        let n: usize = id.trim_start_matches("kill-").parse().expect("a number");
        let a = post_keyed(&agent, &url, &ticket("en-US", n), id);
        assert!(a.status == 200 || a.status == 201, "{}", a.body);
        outcome.confirmed.insert(
            id.clone(),
            a.json()["confirmation"].as_str().expect("a number").into(),
        );
    }
    let stored = stored_once(&site);
    assert_eq!(stored.len(), total, "every ticket once after the resends");
    let _ = child.kill();
    let _ = child.wait();
}
