//! Opening the embedded Oxigraph store and loading a build into it.
//!
//! In memory by default. On disk (RocksDB) only with the `rocksdb` cargo
//! feature: it needs clang and a long C++ compile, and a fresh machine must
//! build without system packages, so it is off by default and `--store` says
//! how to turn it on.

use std::path::Path;

use oxigraph::model::{GraphNameRef, NamedNode, Triple};
use oxigraph::store::{StorageError, Store};

use crate::pipeline::{Compiled, Graph};

/// Why the store could not be opened or filled.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// `--store` was given to a binary built without RocksDB.
    #[error(
        "the on-disk store (--store {0}) needs the `rocksdb` feature, which this binary was built without; \
         rebuild with `cargo build --release --features rocksdb` (needs clang: `apt-get install libclang-dev`)"
    )]
    NoRocksDb(String),
    /// Another process has the on-disk store open.
    #[error(
        "the store {0} is in use by another process (a build, serve, query or import): \
         it holds RocksDB's lock {0}/LOCK"
    )]
    Locked(String),
    /// Oxigraph failed. (Not a `source`: its message is already in ours, and
    /// RocksDB's messages repeat their cause; printing the chain would say it twice.)
    #[error("store error: {0}")]
    Storage(StorageError),
}

impl From<StorageError> for StoreError {
    fn from(e: StorageError) -> Self {
        StoreError::Storage(e)
    }
}

/// Opens an in-memory store, or the on-disk store at `path`.
pub fn open(path: Option<&Path>) -> Result<Store, StoreError> {
    match path {
        None => Ok(Store::new()?),
        Some(path) => open_on_disk(path),
    }
}

#[cfg(feature = "rocksdb")]
fn open_on_disk(path: &Path) -> Result<Store, StoreError> {
    Store::open(path).map_err(|e| {
        // RocksDB's message when another process holds its LOCK file (env_posix.cc, LockFile).
        if e.to_string().contains("While lock file") {
            StoreError::Locked(path.display().to_string())
        } else {
            e.into()
        }
    })
}

#[cfg(not(feature = "rocksdb"))]
fn open_on_disk(path: &Path) -> Result<Store, StoreError> {
    Err(StoreError::NoRocksDb(path.display().to_string()))
}

/// Replaces the store's content with `compiled`, in one transaction: a reader
/// sees either the previous build or this one, never half of it.
pub fn load(store: &Store, compiled: &Compiled) -> Result<(), StoreError> {
    replace(store, compiled, &[])
}

/// Replaces the store's content with `compiled` and its description
/// `metadata` (in the metadata graph), in one transaction: a process killed
/// at any point leaves the previous build or this one, never the facts of one
/// with the description of the other. [`flush`] makes it durable.
pub fn replace(store: &Store, compiled: &Compiled, metadata: &[Triple]) -> Result<(), StoreError> {
    let mut tx = store.start_transaction()?;
    tx.clear()?;
    for quad in compiled.quads() {
        tx.insert(&quad);
    }
    let graph = compiled.graph_iri(Graph::Metadata);
    for t in metadata {
        tx.insert(t.as_ref().in_graph(&graph));
    }
    tx.commit()?;
    Ok(())
}

/// Writes what RocksDB still holds in memory to disk (its write-ahead log is
/// not synced on each commit); nothing to do in memory.
#[cfg(feature = "rocksdb")]
pub fn flush(store: &Store) -> Result<(), StoreError> {
    Ok(store.flush()?)
}

/// Writes what RocksDB still holds in memory to disk; nothing to do without it.
#[cfg(not(feature = "rocksdb"))]
pub fn flush(_store: &Store) -> Result<(), StoreError> {
    Ok(())
}

/// Replaces the content of the named graph `graph` with `triples`, in one transaction.
pub fn load_graph(store: &Store, graph: &NamedNode, triples: &[Triple]) -> Result<(), StoreError> {
    let mut tx = store.start_transaction()?;
    tx.clear_graph(graph)?;
    for t in triples {
        tx.insert(t.as_ref().in_graph(graph));
    }
    tx.commit()?;
    Ok(())
}

/// Number of triples in one named graph of the store.
pub fn graph_len(store: &Store, compiled: &Compiled, graph: Graph) -> Result<usize, StoreError> {
    let name = compiled.graph_iri(graph);
    graph_size(store, &name)
}

/// Number of triples in the named graph `name`.
pub fn graph_size(store: &Store, name: &NamedNode) -> Result<usize, StoreError> {
    let mut n = 0;
    for q in store.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(name.as_ref()))) {
        q?;
        n += 1;
    }
    Ok(n)
}
