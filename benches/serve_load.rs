//! `serve` under load and under a hostile query, over loopback, with the
//! server's memory read from `/proc/<pid>/status` (Linux).
//!
//! 1. A bounded load: 10,000 SPARQL queries from 32 concurrent clients;
//!    throughput, p50/p99 latency, errors, and the server's resident memory
//!    idle, at the end, and at its peak (sampled every 20 ms).
//! 2. A pathological `ORDER BY` over a cross join of the whole store (the
//!    query that took oxigraph's server down, issue #1871), five times with
//!    the default limits, then once with the row budget lifted so that only
//!    the timeout stops it: status, time to the answer, peak memory (VmHWM,
//!    reset before each run through `/proc/<pid>/clear_refs`); and from 32
//!    clients at once, twice each.
//!
//! `cargo bench --bench serve_load`. Runs the release binary; loopback only;
//! every loop is bounded; stops by itself.

#![allow(
    clippy::print_stdout,
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a benchmark reports on stdout and stops on a broken setup"
)]

use std::io::{BufRead as _, BufReader, Read as _};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use oxhttp::model::{Body, Request};

const QUERIES: usize = 10_000;
const CLIENTS: usize = 32;
const CROSS: &str = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d";

/// The release binary serving the shipped data on a free loopback port.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_conflict-kg"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(extra)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.split_whitespace().nth(1).unwrap().to_owned();
    std::thread::sleep(Duration::from_millis(500));
    Server { child, url }
}

/// `VmRSS` or `VmHWM` of a process, in KiB.
fn memory(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix(field)?
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

/// Samples a process's resident memory until stopped; returns the peak seen.
struct Sampler {
    stop: Arc<AtomicBool>,
    peak: Arc<AtomicU64>,
    thread: std::thread::JoinHandle<()>,
}

impl Sampler {
    fn start(pid: u32) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(0));
        let (s, p) = (Arc::clone(&stop), Arc::clone(&peak));
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                p.fetch_max(memory(pid, "VmRSS:"), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        Self { stop, peak, thread }
    }

    fn stop(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap();
        self.peak.load(Ordering::Relaxed)
    }
}

fn enc(q: &str) -> String {
    q.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn mib(kib: u64) -> String {
    #[expect(clippy::cast_precision_loss, reason = "a few GiB at most")]
    let m = kib as f64 / 1024.0;
    format!("{m:.1} MiB")
}

fn load() {
    let server = start(&[]);
    let pid = server.child.id();
    let idle = memory(pid, "VmRSS:");
    let queries = [
        "SELECT ?e ?d WHERE { ?e a <https://w3id.org/conflict-kg/ontology#Event> ; <https://w3id.org/conflict-kg/ontology#edtf> ?d } ORDER BY ?d",
        "SELECT ?c ?who WHERE { ?c <https://w3id.org/conflict-kg/ontology#claimant> ?who } LIMIT 20",
        "ASK { ?s a <https://w3id.org/conflict-kg/ontology#Claim> }",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    ];
    let urls: Arc<Vec<String>> = Arc::new(
        queries
            .iter()
            .map(|q| format!("{}sparql?query={}", server.url, enc(q)))
            .collect(),
    );
    let sampler = Sampler::start(pid);
    let start = Instant::now();
    let workers: Vec<_> = (0..CLIENTS)
        .map(|w| {
            let urls = Arc::clone(&urls);
            std::thread::spawn(move || {
                let client = oxhttp::Client::new();
                let n = QUERIES / CLIENTS + usize::from(w < QUERIES % CLIENTS);
                let mut latencies = Vec::with_capacity(n);
                let mut errors = 0;
                for i in 0..n {
                    let url = &urls[(w + i) % urls.len()];
                    let t = Instant::now();
                    let request = Request::builder()
                        .uri(url.as_str())
                        .header("accept", "application/sparql-results+json")
                        .body(Body::empty())
                        .unwrap();
                    match client.request(request) {
                        Ok(mut r) if r.status().is_success() => {
                            let mut sink = Vec::new();
                            if r.body_mut().read_to_end(&mut sink).is_err() {
                                errors += 1;
                            }
                        }
                        _ => errors += 1,
                    }
                    latencies.push(t.elapsed());
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for w in workers {
        let (l, e) = w.join().unwrap();
        latencies.extend(l);
        errors += e;
    }
    let elapsed = start.elapsed();
    let peak = sampler.stop();
    let after = memory(pid, "VmRSS:");
    latencies.sort_unstable();
    let pct = |p: f64| {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "an index"
        )]
        let i = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies[i].as_secs_f64() * 1e3
    };
    #[expect(clippy::cast_precision_loss, reason = "a count")]
    let throughput = latencies.len() as f64 / elapsed.as_secs_f64();
    println!(
        "load: {} queries from {CLIENTS} clients in {:.2} s: {throughput:.0} queries/s, p50 {:.2} ms, p99 {:.2} ms, \
         {errors} errors; server RSS idle {}, after {}, peak {} (VmHWM {})",
        latencies.len(),
        elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.99),
        mib(idle),
        mib(after),
        mib(peak),
        mib(memory(pid, "VmHWM:")),
    );
}

/// Sends the cross-join sort; prints status, time and memory.
fn hostile(server: &Server, label: &str, idle: u64) {
    let pid = server.child.id();
    // Resets the process's VmHWM to its current RSS (Linux 4.0+), so VmHWM afterwards is this run's
    // peak exactly, however short the run; sampling alone can miss it.
    let reset = std::fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok();
    let sampler = Sampler::start(pid);
    let t = Instant::now();
    let request = Request::builder()
        .uri(format!("{}sparql?query={}", server.url, enc(CROSS)))
        .body(Body::empty())
        .unwrap();
    let mut response = oxhttp::Client::new()
        .with_global_timeout(Duration::from_secs(120))
        .request(request)
        .unwrap();
    let mut body = String::new();
    let _ = response.body_mut().read_to_string(&mut body);
    let elapsed = t.elapsed();
    let seen = sampler.stop();
    let peak = if reset {
        seen.max(memory(pid, "VmHWM:"))
    } else {
        seen
    };
    #[expect(clippy::cast_precision_loss, reason = "memory sizes")]
    let ratio = peak as f64 / idle as f64;
    println!(
        "{label}: {} in {:.2} s, peak RSS {} ({ratio:.2}× idle {}), now {}: {}",
        response.status().as_u16(),
        elapsed.as_secs_f64(),
        mib(peak),
        mib(idle),
        mib(memory(pid, "VmRSS:")),
        body.trim()
    );
}

/// 32 clients sending the cross-join sort at once, twice each.
fn burst(server: &Server, idle: u64) {
    let pid = server.child.id();
    let reset = std::fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok();
    let t = Instant::now();
    let url = format!("{}sparql?query={}", server.url, enc(CROSS));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                let client = oxhttp::Client::new().with_global_timeout(Duration::from_secs(120));
                (0..2)
                    .map(|_| {
                        let request = Request::builder().uri(url.as_str()).body(Body::empty()).unwrap();
                        client.request(request).map_or(0, |r| r.status().as_u16())
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut statuses: Vec<u16> = clients.into_iter().flat_map(|c| c.join().unwrap()).collect();
    let elapsed = t.elapsed();
    statuses.sort_unstable();
    statuses.dedup();
    let peak = if reset { memory(pid, "VmHWM:") } else { 0 };
    #[expect(clippy::cast_precision_loss, reason = "memory sizes")]
    let ratio = peak as f64 / idle as f64;
    println!(
        "cross-join ORDER BY from {CLIENTS} clients at once, twice each: statuses {statuses:?} in {:.2} s, \
         peak RSS {} ({ratio:.2}× idle {}), now {}",
        elapsed.as_secs_f64(),
        mib(peak),
        mib(idle),
        mib(memory(pid, "VmRSS:"))
    );
}

fn main() {
    load();
    let server = start(&[]);
    let idle = memory(server.child.id(), "VmRSS:");
    for i in 1..=5 {
        hostile(
            &server,
            &format!("cross-join ORDER BY, default limits, run {i}"),
            idle,
        );
    }
    burst(&server, idle);
    drop(server);
    let server = start(&["--max-held-rows", "1000000000", "--timeout", "1"]);
    let idle = memory(server.child.id(), "VmRSS:");
    hostile(
        &server,
        "cross-join ORDER BY, row budget lifted, --timeout 1",
        idle,
    );
}
