//! A bounded load on `serve` over loopback: 10,000 SPARQL queries from 8
//! concurrent clients; prints throughput and p50/p99 latency.
//! `cargo bench --bench serve_load`. Loopback only; stops by itself.

#![allow(
    clippy::print_stdout,
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a benchmark reports on stdout and stops on a broken setup"
)]

use std::io::Read as _;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use conflict_kg::ontology::Ontology;
use conflict_kg::pipeline::{Build, Entailment};
use conflict_kg::server::{Config, Site};
use conflict_kg::{Minter, store};
use oxhttp::model::{Body, Request};

const QUERIES: usize = 10_000;
const CLIENTS: usize = 8;

/// Builds the shipped data into a store and serves it on a free loopback port.
fn start_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let local = format!("http://{addr}/");
    let compiled = Build {
        data_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data"),
        minter: Minter::new(&local).unwrap(),
        entailment: Entailment::None,
    }
    .compile()
    .expect("the shipped data compiles");
    let st = store::open(None).unwrap();
    store::load(&st, &compiled).unwrap();
    let site = Arc::new(Site {
        store: st,
        ontology: Ontology::embedded().unwrap(),
        data_base: local.clone(),
        local: local.clone(),
        config: Config {
            bind: addr,
            timeout: Duration::from_secs(10),
            max_results: 10_000,
            max_body: 1 << 20,
            max_held_rows: conflict_kg::query::DEFAULT_MAX_HELD_ROWS,
            client_timeout: Duration::from_secs(10),
            max_connections: 128,
        },
    });
    // The server threads live as long as the process.
    conflict_kg::server::spawn(site, listener).unwrap();
    local
}

fn main() {
    let local = start_server();
    let queries = [
        "SELECT ?e ?d WHERE { ?e a <https://w3id.org/conflict-kg/ontology#Event> ; <https://w3id.org/conflict-kg/ontology#edtf> ?d } ORDER BY ?d",
        "SELECT ?c ?who WHERE { ?c <https://w3id.org/conflict-kg/ontology#claimant> ?who } LIMIT 20",
        "ASK { ?s a <https://w3id.org/conflict-kg/ontology#Claim> }",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    ];
    let urls: Vec<String> = queries
        .iter()
        .map(|q| {
            let enc: String = q
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() {
                        char::from(b).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            format!("{local}sparql?query={enc}")
        })
        .collect();
    let urls = Arc::new(urls);
    let start = Instant::now();
    let workers: Vec<_> = (0..CLIENTS)
        .map(|w| {
            let urls = Arc::clone(&urls);
            std::thread::spawn(move || {
                let client = oxhttp::Client::new();
                let mut latencies = Vec::with_capacity(QUERIES / CLIENTS);
                let mut errors = 0;
                for i in 0..QUERIES / CLIENTS {
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
                            let _ = r.body_mut().read_to_end(&mut sink);
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
        "{} queries from {CLIENTS} clients in {:.2} s: {throughput:.0} queries/s, p50 {:.2} ms, p99 {:.2} ms, {errors} errors",
        latencies.len(),
        elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.99)
    );
}
