//! `conflict-kg serve`: build (or open) the store and serve it over HTTP.

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use anyhow::{Context as _, bail};

use super::{Common, ExitStatus, Printer};
use conflict_kg::checksum::sha256_hex;
use conflict_kg::export::{self, Format};
use conflict_kg::iri::{DEFAULT_BASE, Minter};
use conflict_kg::metadata::{self, Distribution, Run};
use conflict_kg::ontology::Ontology;
use conflict_kg::pipeline::Graph;
use conflict_kg::query;
use conflict_kg::server::{self, Config, Site};
use conflict_kg::store;

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// Serve the on-disk store in DIR as built by `build --store DIR` (needs the `rocksdb` feature)
    /// instead of building from --data; give the --base it was built with.
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,
    /// Address to listen on; loopback by default. Port 0 picks a free port.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
    bind: SocketAddr,
    /// Seconds a query may run before it is stopped (503).
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    timeout: f64,
    /// Most solutions or triples a query returns; more are cut, with an `X-Result-Truncated` header.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    max_results: usize,
    /// Largest request body accepted, in bytes (413 beyond).
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    max_body: usize,
    /// Most intermediate rows a query may hold in memory to sort, group, deduplicate or join them,
    /// counted over the whole query; beyond, it is stopped (503). Bounds a query's memory.
    #[arg(long, value_name = "N", default_value_t = query::DEFAULT_MAX_HELD_ROWS)]
    max_held_rows: usize,
    /// Seconds a client has to send a whole request (head and body), and to take the response;
    /// an idle connection is closed after as long.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    client_timeout: f64,
    /// Connections served at once; more are answered 503 at once.
    #[arg(long, value_name = "N", default_value_t = 128)]
    max_connections: usize,
}

pub fn run(args: &Args, out: &mut Printer) -> anyhow::Result<ExitStatus> {
    for (flag, seconds) in [
        ("--timeout", args.timeout),
        ("--client-timeout", args.client_timeout),
    ] {
        if !(seconds.is_finite() && seconds > 0.0) {
            bail!("{flag} must be a positive number of seconds");
        }
    }
    if args.max_connections == 0 {
        bail!("--max-connections must be at least 1");
    }
    let listener = TcpListener::bind(args.bind).with_context(|| format!("cannot listen on {}", args.bind))?;
    // With port 0 the system picks a free port: the address we print is the real one.
    let bind = listener.local_addr()?;
    let local = format!("http://{bind}/");
    let (store, data_base) = if let Some(dir) = &args.store {
        if !dir.exists() {
            bail!(
                "no store at {}; create it with `conflict-kg build --store {}`",
                dir.display(),
                dir.display()
            );
        }
        (store::open(Some(dir))?, args.common.base.clone())
    } else {
        // Served locally, records are minted under the serving address, so every link resolves here.
        let base = if args.common.base == DEFAULT_BASE {
            local.clone()
        } else {
            args.common.base.clone()
        };
        let mut common = args.common.clone();
        common.base.clone_from(&base);
        let Some(compiled) = common.compile(out)? else {
            return Ok(ExitStatus::Failure);
        };
        let st = store::open(None)?;
        store::load(&st, &compiled)?;
        let mut distributions = Vec::new();
        for format in Format::ALL {
            let mut bytes = Vec::new();
            export::write(&compiled, format, format.distribution_selection(), &mut bytes)?;
            distributions.push(Distribution {
                file: format!("conflict-kg{}", format.suffix()),
                format,
                bytes: bytes.len() as u64,
                sha256: sha256_hex(&bytes),
            });
        }
        let run = Run {
            sparql_endpoint: Some(format!("{local}sparql")),
            ..Run::default()
        };
        let description = metadata::describe(&compiled, &distributions, &run);
        store::load_graph(&st, &compiled.graph_iri(Graph::Metadata), &description)?;
        (st, base)
    };
    Minter::new(&data_base).context("invalid --base")?;
    let site = Arc::new(Site {
        store,
        ontology: Ontology::embedded()?,
        data_base,
        local: local.clone(),
        config: Config {
            bind,
            timeout: Duration::from_secs_f64(args.timeout),
            max_results: args.max_results,
            max_body: args.max_body,
            max_held_rows: args.max_held_rows,
            client_timeout: Duration::from_secs_f64(args.client_timeout),
            max_connections: args.max_connections,
        },
    });
    let _server = server::spawn(&site, listener).context("cannot start the server")?;
    let (stop, stopped) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop.send(());
    })
    .context("cannot install the Ctrl-C handler")?;
    out.line(format_args!(
        "serving {local} (SPARQL endpoint {local}sparql); Ctrl-C to stop"
    ))?;
    out.out().flush()?;
    let _ = stopped.recv();
    out.note("stopping")?;
    // Dropping the store flushes an on-disk store; the listener threads end with the process.
    drop(site);
    Ok(ExitStatus::Success)
}
