//! Crash safety of `build` (issue #8, part 4): SIGKILL at random points and
//! at every step of the update, write errors (a file-size limit, a read-only
//! directory), and the lock that keeps two builds from interleaving.
//!
//! Two versions of a small dataset (the base fixture, and a copy with one
//! label changed) are built in turn into the same directory. After each kill
//! every file must hash to one version or the other; the set must be one
//! version, unless the journal says an update is under way, and then the
//! manifest must disagree with the files (`sha256sum -c` fails). With the
//! `rocksdb` feature the on-disk store is built too, and must open and answer
//! with one version's facts and that same version's description.
//!
//! Half the random kills land anywhere in a build and a little past it, half
//! around its end (where files move into place); the length of a build is
//! measured, then followed as the machine's load changes.
//! `CONFLICT_KG_KILL_SEED` replays the kill points (as fractions of a build);
//! `cargo test --test it sigkill_many -- --ignored --nocapture` runs 500 kills
//! (`CONFLICT_KG_KILL_RUNS`) and reports where they landed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use conflict_kg::checksum::sha256_hex;
use conflict_kg::export::publish::{JOURNAL, LOCK, STAGING_PREFIX};

use crate::archive::FILES;
use crate::cli::copy_dir;
use crate::{root, stderr};

/// The English label of the actor `alpha` in each version.
const LABELS: [&str; 2] = ["Alpha", "Alpha (version B)"];

/// Two data versions, their reference files, and the directory (and store) built into.
struct Setup {
    _tmp: tempfile::TempDir,
    data: [PathBuf; 2],
    out: PathBuf,
    store: Option<PathBuf>,
    /// For each version, each file's SHA-256.
    expected: [BTreeMap<String, String>; 2],
    /// How long a whole build takes here.
    build_time: Duration,
}

impl Setup {
    /// Builds version B into a reference directory, then version A into `out` (and the store).
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let data = [tmp.path().join("a"), tmp.path().join("b")];
        for d in &data {
            copy_dir(&root().join("tests/fixtures/base"), d);
        }
        let toml = data[1].join("base.toml");
        let text = std::fs::read_to_string(&toml).unwrap();
        let changed = text.replace(
            "label = { en = \"Alpha\",",
            &format!("label = {{ en = \"{}\",", LABELS[1]),
        );
        assert_ne!(text, changed);
        std::fs::write(&toml, changed).unwrap();
        let mut setup = Self {
            out: tmp.path().join("ref-b"),
            store: cfg!(feature = "rocksdb").then(|| tmp.path().join("store")),
            data,
            expected: [BTreeMap::new(), BTreeMap::new()],
            build_time: Duration::ZERO,
            _tmp: tmp,
        };
        let start = Instant::now();
        setup.build_whole(1);
        setup.build_time = start.elapsed();
        setup.expected[1] = hashes(&setup.out);
        setup.out = setup.out.with_file_name("out");
        let start = Instant::now();
        setup.build_whole(0);
        setup.build_time = setup.build_time.max(start.elapsed());
        setup.expected[0] = hashes(&setup.out);
        for name in ["conflict-kg.ttl", "dataset.ttl", "SHA256SUMS"] {
            assert_ne!(setup.expected[0][name], setup.expected[1][name], "{name}");
        }
        setup
    }

    /// `build` of `version` into `out` (and the store), standard output discarded.
    fn command(&self, version: usize) -> Command {
        self.command_into(version, &self.out)
    }

    /// `build` of `version` into `out` (and the store).
    fn command_into(&self, version: usize, out: &Path) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_conflict-kg"));
        c.arg("build").arg("--data").arg(&self.data[version]);
        c.arg("--out").arg(out);
        if let Some(store) = &self.store {
            c.arg("--store").arg(store);
        }
        c.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        c
    }

    /// Builds `version` to the end; returns standard error.
    fn build_whole(&self, version: usize) -> String {
        let o = self.command(version).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stderr(&o)
    }

    /// Starts `build` of `version` and waits until it pauses at `step`; returns it and what it said before.
    fn paused(&self, version: usize, step: &str) -> (Child, String) {
        let mut command = self.command(version);
        command
            .env("CONFLICT_KG_TEST_PAUSE_AT", step)
            .stdin(Stdio::piped());
        let mut child = command.spawn().unwrap();
        let said = wait_for_pause(&mut child, step);
        (child, said)
    }

    /// Asserts that `out` holds `version`, whole, and nothing else of ours.
    fn assert_whole(&self, version: usize) {
        let seen = self.observe().unwrap();
        assert!(
            seen.extra == Extra::None && seen.manifest == version && !seen.mixed,
            "expected version {version} whole: {seen:?}"
        );
    }

    /// What a reader finds in `out` now, or what is wrong with it.
    fn observe(&self) -> Result<Observation, String> {
        let mut files = BTreeMap::new();
        let mut extra = Extra::None;
        for entry in std::fs::read_dir(&self.out).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let found = if FILES.contains(&name.as_str()) {
                let hash = sha256_hex(&std::fs::read(entry.path()).unwrap());
                if (0..2).all(|v| self.expected[v][&name] != hash) {
                    return Err(format!("{name} is neither version A's nor version B's (torn?)"));
                }
                files.insert(name, hash);
                continue;
            } else if name == LOCK {
                continue;
            } else if name == JOURNAL {
                Extra::Journal(std::fs::read_dir(entry.path()).unwrap().count())
            } else if name.starts_with(STAGING_PREFIX) {
                Extra::Staging(std::fs::read_dir(entry.path()).unwrap().count())
            } else {
                return Err(format!("stray entry {name}"));
            };
            if extra != Extra::None {
                return Err(format!("leftovers accumulate: {extra:?} and {found:?}"));
            }
            extra = found;
        }
        if let Some(missing) = FILES.iter().find(|f| !files.contains_key(**f)) {
            return Err(format!("{missing} is missing"));
        }
        let manifest = (0..2)
            .find(|v| self.expected[*v]["SHA256SUMS"] == files["SHA256SUMS"])
            .unwrap();
        let mixed: Vec<&str> = FILES
            .iter()
            .copied()
            .filter(|f| files[*f] != self.expected[manifest][*f])
            .collect();
        if !mixed.is_empty() {
            if !matches!(extra, Extra::Journal(_)) {
                return Err(format!(
                    "{mixed:?} disagree with SHA256SUMS, and no journal says so"
                ));
            }
            // A reader checking the manifest (`sha256sum -c`) must see the mix.
            let sums = std::fs::read_to_string(self.out.join("SHA256SUMS")).unwrap();
            let caught = sums.lines().any(|l| {
                let (hex, name) = l.split_once("  ").unwrap();
                files[name] != hex
            });
            if !caught {
                return Err(format!("{mixed:?} are mixed, yet SHA256SUMS verifies"));
            }
        }
        Ok(Observation {
            files,
            manifest,
            mixed: !mixed.is_empty(),
            extra,
        })
    }

    /// With an on-disk store: it opens, and holds one version's facts with that version's description.
    fn check_store(&self) -> Result<Option<usize>, String> {
        let Some(store) = &self.store else {
            return Ok(None);
        };
        let o = Command::new(env!("CARGO_BIN_EXE_conflict-kg"))
            .args(["query", "--format", "csv", "--store"])
            .arg(store)
            .arg("--sparql")
            .arg(STORE_QUERY)
            .output()
            .unwrap();
        if o.status.code() != Some(0) {
            return Err(format!("the store does not answer: {}", stderr(&o)));
        }
        let answer = String::from_utf8_lossy(&o.stdout).replace('\r', "");
        (0..2)
            .find(|v| {
                answer
                    == format!(
                        "label,ttl\n{},{}\n",
                        LABELS[*v], self.expected[*v]["conflict-kg.ttl"]
                    )
            })
            .map(Some)
            .ok_or_else(|| format!("the store holds neither version whole:\n{answer}"))
    }
}

/// The label of `alpha` (facts graph) and the checksum of the Turtle file (metadata graph).
const STORE_QUERY: &str = "SELECT ?label ?ttl WHERE {
  GRAPH <https://w3id.org/conflict-kg/graph/facts> {
    <https://w3id.org/conflict-kg/id/actor/alpha> <http://www.w3.org/2000/01/rdf-schema#label> ?label
    FILTER(lang(?label) = 'en')
  }
  OPTIONAL { GRAPH <https://w3id.org/conflict-kg/graph/metadata> {
    <https://w3id.org/conflict-kg/dataset/conflict-kg/distribution/conflict-kg.ttl/sha256>
      <http://spdx.org/rdf/terms#checksumValue> ?ttl
  } }
}";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extra {
    None,
    /// A staging directory, with this many files.
    Staging(usize),
    /// The journal, with this many files still to move.
    Journal(usize),
}

#[derive(Debug)]
struct Observation {
    files: BTreeMap<String, String>,
    /// The version `SHA256SUMS` belongs to.
    manifest: usize,
    mixed: bool,
    extra: Extra,
}

fn hashes(dir: &Path) -> BTreeMap<String, String> {
    FILES
        .iter()
        .map(|f| ((*f).to_owned(), sha256_hex(&std::fs::read(dir.join(f)).unwrap())))
        .collect()
}

/// Waits until the child says `paused at STEP` on standard error; returns what it said before.
fn wait_for_pause(child: &mut Child, step: &str) -> String {
    let err = child.stderr.as_mut().unwrap();
    let mut said = String::new();
    let mut lines = BufReader::new(err).lines();
    let wanted = format!("paused at {step}");
    loop {
        match lines.next() {
            Some(Ok(line)) if line == wanted => return said,
            Some(Ok(line)) => said.push_str(&(line + "\n")),
            _ => panic!("build never reached step `{step}`; it said:\n{said}"),
        }
    }
}

/// A small deterministic generator (SplitMix64), so a failing run can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in [0, 1).
    #[expect(clippy::cast_precision_loss, reason = "53 bits are plenty")]
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| v.parse().unwrap())
}

/// Kills `runs` builds at random moments, alternating the version each one
/// builds; checks the directory (and store) after each. Returns how many runs
/// were stopped in each phase.
fn kill_at_random(runs: u64) -> BTreeMap<String, u64> {
    let replay_seed = env_number("CONFLICT_KG_KILL_SEED").unwrap_or_else(|| {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap();
        now.as_secs() ^ u64::from(now.subsec_nanos()) << 20
    });
    let mut rng = Rng(replay_seed);
    let setup = Setup::new();
    // How long a whole build takes: measured by the setup, then followed
    // (the machine's load changes) by each build that finishes before its kill.
    let mut whole = setup.build_time;
    let mut phases = BTreeMap::new();
    let mut version = 0;
    for run in 1..=runs {
        let target = 1 - version;
        // Half the kills anywhere in the build and a little past it (so that
        // some finish), half aimed at its end, where the files move into place.
        let (from, to) = if rng.unit() < 0.5 {
            (0.0, 1.2)
        } else {
            (0.85, 1.05)
        };
        let delay = whole.mul_f64(from + (to - from) * rng.unit());
        let context = format!(
            "run {run} of {runs} (seed {replay_seed}: CONFLICT_KG_KILL_SEED={replay_seed} replays the \
             kill points as fractions of a build), building version {target} killed after {delay:?} \
             (a whole build takes about {whole:?})"
        );
        let start = Instant::now();
        let mut child = setup.command(target).spawn().unwrap();
        loop {
            if child.try_wait().unwrap().is_some() {
                whole = (whole * 3 + start.elapsed()) / 4;
                break;
            }
            let Some(left) = delay.checked_sub(start.elapsed()) else {
                let _ = child.kill();
                // Still running: a whole build takes longer than that.
                whole = whole.max(delay);
                break;
            };
            std::thread::sleep(left.min(Duration::from_millis(2)));
        }
        let o = child.wait_with_output().unwrap();
        let finished = o.status.code() == Some(0);
        assert!(
            finished || o.status.code().is_none(),
            "{context}: the build failed by itself: {}",
            stderr(&o)
        );
        let seen = setup.observe().unwrap_or_else(|e| panic!("{context}: {e}"));
        let phase = match seen.extra {
            _ if finished => "finished before the kill".to_owned(),
            Extra::Staging(n) => format!("staging, {n:2} of 11 files written"),
            Extra::Journal(n) => format!("moving files into place, {n:2} to go"),
            Extra::None if seen.manifest == target => "after the update (summary)".to_owned(),
            Extra::None => "before staging (compile, checks, lock)".to_owned(),
        };
        if finished {
            assert!(
                seen.extra == Extra::None && seen.manifest == target && !seen.mixed,
                "{context}: the build succeeded but left {seen:?}"
            );
        }
        setup.check_store().unwrap_or_else(|e| panic!("{context}: {e}"));
        *phases.entry(phase).or_default() += 1;
        version = seen.manifest;
    }
    // The next build finishes or sweeps whatever the last kill left.
    let target = 1 - version;
    setup.build_whole(target);
    setup.assert_whole(target);
    assert_eq!(setup.check_store().unwrap(), setup.store.as_ref().map(|_| target));
    phases
}

fn report(runs: u64, phases: &BTreeMap<String, u64>) -> String {
    let mut text = format!("{runs} builds killed with SIGKILL at random points; where they were:\n");
    for (phase, n) in phases {
        let _ = writeln!(text, "  {n:5}  {phase}");
    }
    text
}

#[test]
fn sigkill_at_random_points_leaves_each_file_and_the_set_old_or_new() {
    let runs = env_number("CONFLICT_KG_KILL_RUNS").unwrap_or(30);
    let phases = kill_at_random(runs);
    println!("{}", report(runs, &phases));
    // Most kills must land inside the build, not before it starts or after it ends.
    let inside: u64 = phases
        .iter()
        .filter(|(p, _)| p.starts_with("staging") || p.starts_with("moving"))
        .map(|(_, n)| n)
        .sum();
    assert!(inside * 3 >= runs, "{}", report(runs, &phases));
}

#[test]
#[ignore = "long: 500 kills; run with --ignored --nocapture"]
fn sigkill_many_times() {
    let runs = env_number("CONFLICT_KG_KILL_RUNS").unwrap_or(500);
    let start = Instant::now();
    let phases = kill_at_random(runs);
    println!("{}in {:.1?}", report(runs, &phases), start.elapsed());
}

/// Every point where `build` can be paused, in order.
fn steps(store: bool) -> Vec<String> {
    let mut steps = vec!["locked".to_owned()];
    steps.extend(FILES.iter().map(|f| format!("staged {f}")));
    if store {
        steps.push("store".to_owned());
    }
    steps.push("journal".to_owned());
    // Moved in name order, the manifests last.
    let mut moved: Vec<&str> = FILES[..9].to_vec();
    moved.sort_unstable();
    moved.extend(["dataset.ttl", "SHA256SUMS"]);
    steps.extend(moved.iter().map(|f| format!("moved {f}")));
    steps
}

#[test]
fn sigkill_at_every_step_of_the_update_then_the_next_build_finishes_or_sweeps_it() {
    let setup = Setup::new();
    let order = steps(setup.store.is_some());
    let move_order: Vec<&str> = order.iter().filter_map(|s| s.strip_prefix("moved ")).collect();
    // The version the directory holds whole once the last kill is cleaned up, and
    // whether that kill left a journal (so the next build finishes it first).
    let mut previous = 0;
    let mut journal_left = false;
    for step in &order {
        let target = 1 - previous;
        let (mut child, said) = setup.paused(target, step);
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(
            said.contains("finished the update"),
            journal_left,
            "killed at {step}: {said}"
        );

        let seen = setup
            .observe()
            .unwrap_or_else(|e| panic!("killed at {step}: {e}"));
        let moved: &[&str] = match step.strip_prefix("moved ") {
            Some(name) => &move_order[..=move_order.iter().position(|n| *n == name).unwrap()],
            None => &[],
        };
        for &name in FILES {
            let version = if moved.contains(&name) { target } else { previous };
            assert_eq!(
                seen.files[name], setup.expected[version][name],
                "killed at {step}: {name} should be version {version}'s"
            );
        }
        let committed = step == "journal" || !moved.is_empty();
        let extra = if step == "locked" {
            Extra::None
        } else if committed {
            Extra::Journal(11 - moved.len())
        } else {
            // `staged NAME`: the files up to NAME; `store`: all of them.
            Extra::Staging(
                FILES
                    .iter()
                    .position(|f| step.ends_with(*f))
                    .map_or(11, |i| i + 1),
            )
        };
        assert_eq!(seen.extra, extra, "killed at {step}");
        let store_replaced = committed || step == "store";
        assert_eq!(
            setup
                .check_store()
                .unwrap_or_else(|e| panic!("killed at {step}: {e}")),
            setup
                .store
                .as_ref()
                .map(|_| if store_replaced { target } else { previous }),
            "killed at {step}"
        );
        if committed {
            previous = target;
        }
        journal_left = committed;
    }
    let last = setup.build_whole(1 - previous);
    assert_eq!(last.contains("finished the update"), journal_left, "{last}");
    setup.assert_whole(1 - previous);
}

/// Lets a paused build go on; it must finish.
fn resume(mut child: Child) {
    child.stdin.take().unwrap().write_all(b"\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_second_build_into_the_same_directory_fails_at_once_and_leaves_the_first_alone() {
    let setup = Setup::new();
    // The first holds the lock, mid-way through staging.
    let (first, _) = setup.paused(1, "staged conflict-kg.nq");
    let second = setup.command(0).output().unwrap();
    assert_eq!(second.status.code(), Some(2), "{}", stderr(&second));
    let lock = setup.out.join(LOCK);
    assert_eq!(
        stderr(&second),
        format!(
            "error: another build is writing {}: it holds the lock {}; pass --wait to wait for it\n",
            setup.out.display(),
            lock.display()
        )
    );
    assert!(matches!(setup.observe().unwrap().extra, Extra::Staging(3)));
    // The first goes on, undisturbed, and finishes.
    resume(first);
    setup.assert_whole(1);
}

#[cfg(feature = "rocksdb")]
#[test]
fn a_second_build_into_the_same_store_fails_at_once() {
    let setup = Setup::new();
    // The first has the store open (and the lock of its own directory).
    let (first, _) = setup.paused(1, "staged conflict-kg.ttl");
    let elsewhere = setup.out.with_file_name("elsewhere");
    let o = setup.command_into(0, &elsewhere).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let store = setup.store.as_ref().unwrap().display();
    assert_eq!(
        stderr(&o),
        format!(
            "error: the store {store} is in use by another process (a build, serve, query or import): \
             it holds RocksDB's lock {store}/LOCK\n"
        )
    );
    assert!(!elsewhere.join("conflict-kg.ttl").exists());
    resume(first);
    assert_eq!(setup.check_store().unwrap(), Some(1));
}

#[test]
fn build_wait_waits_for_the_lock_to_be_released() {
    let setup = Setup::new();
    let held = std::fs::File::open(setup.out.join(LOCK)).unwrap();
    held.try_lock().unwrap();
    let mut child = setup.command(1).arg("--wait").spawn().unwrap();
    let err = child.stderr.take().unwrap();
    let mut lines = BufReader::new(err).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(first.starts_with("waiting: another build is writing"), "{first}");
    // It has not touched anything while waiting.
    assert_eq!(setup.observe().unwrap().files, setup.expected[0]);
    drop(held);
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert_eq!(setup.observe().unwrap().files, setup.expected[1]);
}

/// Runs a build of version B that cannot write, expecting exit 2, `message`
/// in its error, and version A intact with nothing left over.
fn refused_write(setup: &Setup, o: &Output, message: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    let err = stderr(o);
    assert!(err.contains(message), "{err}");
    let store = setup
        .store
        .as_ref()
        .map(|s| format!(" and {}", s.display()))
        .unwrap_or_default();
    assert!(
        err.trim_end().ends_with(&format!(
            "; the previous build in {}{store} is intact",
            setup.out.display()
        )),
        "{err}"
    );
    let seen = setup.observe().unwrap();
    assert_eq!(seen.files, setup.expected[0]);
    assert_eq!(seen.extra, Extra::None);
    assert_eq!(setup.check_store().unwrap(), setup.store.as_ref().map(|_| 0));
}

#[test]
fn a_full_disk_gives_a_clear_message_exit_2_and_leaves_the_previous_files() {
    let setup = Setup::new();
    // A file-size limit of 64 KiB: write() fails with EFBIG, as on a full disk
    // (SIGXFSZ ignored, so the process is not killed; that survives exec).
    let build = setup.command(1);
    let o = Command::new("bash")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\"")
        .arg(build.get_program())
        .args(build.get_args())
        .output()
        .unwrap();
    let message = match &setup.store {
        // RocksDB writes its options file first, when the store opens.
        Some(store) => format!("{}/OPTIONS-", store.display()),
        None => format!(
            "error: cannot write {}: ",
            setup.out.join("conflict-kg.nq").display()
        ),
    };
    refused_write(&setup, &o, &message);
    assert!(stderr(&o).contains("File too large"), "{}", stderr(&o));
}

#[test]
fn a_read_only_directory_gives_a_clear_message_exit_2_and_leaves_the_previous_files() {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    let setup = Setup::new();
    std::fs::set_permissions(&setup.out, std::fs::Permissions::from_mode(0o555)).unwrap();
    let build = setup.command(1);
    // Root ignores permission bits: run it as root without the capabilities
    // that override them, so the directory is read-only to it too.
    let root = std::fs::metadata("/proc/self").unwrap().uid() == 0;
    let mut command = if root {
        let mut c = Command::new("setpriv");
        c.arg("--bounding-set=-dac_override,-dac_read_search")
            .arg("--")
            .arg(build.get_program());
        c
    } else {
        Command::new(build.get_program())
    };
    let o = command.args(build.get_args()).output();
    std::fs::set_permissions(&setup.out, std::fs::Permissions::from_mode(0o755)).unwrap();
    let o = o.unwrap_or_else(|e| {
        panic!("running as root, this test needs `setpriv` (util-linux) to drop CAP_DAC_OVERRIDE: {e}")
    });
    assert!(
        !stderr(&o).starts_with("setpriv:"),
        "running as root, this test must drop CAP_DAC_OVERRIDE to make a directory read-only, \
         and setpriv could not (it needs CAP_SETPCAP): {}",
        stderr(&o)
    );
    refused_write(
        &setup,
        &o,
        &format!(
            "error: cannot create a staging directory in {}: Permission denied",
            setup.out.display()
        ),
    );
}
