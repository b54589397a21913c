//! Synthetic ACLED and UCDP files of any size, for benchmarks: deterministic
//! from a seed, with invented names and skewed, dataset-like distributions.
//!
//! No real data: countries, areas, places, actors and sources are made-up
//! words (some with accents, commas or quotes, as real names have), so a
//! benchmark file can be published. What is realistic is the shape: a few
//! actors and places take most events (Zipf-like), most events kill no one
//! and a few kill many, protests are the commonest type, most dates are
//! exact to the day, a third of events have associated actors, notes are
//! a sentence or two.

use std::io::{self, Write};

/// A small, fast, deterministic random number generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x5851_f42d_4c95_7f2d)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n.max(1))) >> 64) as u64
    }

    /// A uniform float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        #[expect(clippy::cast_precision_loss, reason = "53 random bits are exact in an f64")]
        let x = (self.next_u64() >> 11) as f64;
        x / 9_007_199_254_740_992.0
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An index in `0..n`, small ones far likelier (roughly Zipf, exponent ~1).
    pub fn skewed(&mut self, n: usize) -> usize {
        #[expect(clippy::cast_precision_loss, reason = "pool sizes are small")]
        let n_f = n as f64;
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "the value is in 0..n"
        )]
        let i = (n_f.powf(self.unit()) - 1.0) as usize;
        i.min(n.saturating_sub(1))
    }

    /// One of `items` by weight.
    pub fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut pick = u32::try_from(self.below(u64::from(total))).unwrap_or(0);
        for (item, w) in items {
            if pick < *w {
                return item;
            }
            pick -= w;
        }
        &items[items.len() - 1].0
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "ro", "ta", "mi", "ne", "lo", "sa", "bu", "di", "ga", "ze", "fo", "ha", "ki", "mu", "na", "ri",
    "so", "tu", "va", "wé", "yo", "zü", "ba", "dé", "el", "ou", "an", "ir", "ma",
];

/// An invented word of 2–4 syllables, capitalised.
fn word(rng: &mut Rng) -> String {
    let n = 2 + rng.below(3);
    let mut w = String::new();
    for _ in 0..n {
        w.push_str(SYLLABLES[usize::try_from(rng.below(SYLLABLES.len() as u64)).unwrap_or(0)]);
    }
    let mut chars = w.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What the notes say an actor did, by ACLED event type.
fn verb(event_type: &str) -> &'static str {
    match event_type {
        "Protests" => "demonstrated",
        "Battles" => "clashed with opponents",
        "Riots" => "rioted",
        "Violence against civilians" => "attacked civilians",
        "Explosions/Remote violence" => "carried out a remote attack",
        _ => "was active",
    }
}

/// The I/O error inside a CSV writer's error, so a closed pipe stays one.
fn io_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// A place with its areas and fixed coordinates.
#[derive(Debug, Clone)]
struct Place {
    country: usize,
    admin: [String; 3],
    name: String,
    lat: String,
    long: String,
}

/// The invented world a file is drawn from.
struct World {
    countries: Vec<(String, f64, f64)>,
    places: Vec<Place>,
    actors: Vec<String>,
    sources: Vec<String>,
}

impl World {
    fn new(rng: &mut Rng, places: usize, actors: usize) -> Self {
        let countries: Vec<(String, f64, f64)> = (0..12)
            .map(|_| {
                let lat = rng.unit() * 40.0 - 10.0;
                let long = rng.unit() * 60.0 - 15.0;
                (format!("Synthetic {}", word(rng)), lat, long)
            })
            .collect();
        let admin1: Vec<String> = (0..60).map(|_| word(rng)).collect();
        let places = (0..places)
            .map(|_| {
                let country = rng.skewed(countries.len());
                let (_, lat0, long0) = countries[country];
                let a1 = &admin1[usize::try_from(rng.below(admin1.len() as u64)).unwrap_or(0)];
                let name = match rng.below(20) {
                    0 => format!("{}-{}", word(rng), word(rng)),
                    1 => format!("{}, {}", word(rng), word(rng)),
                    _ => word(rng),
                };
                Place {
                    country,
                    admin: [
                        format!("{a1} Region"),
                        format!("{} District", word(rng)),
                        if rng.chance(0.4) { String::new() } else { word(rng) },
                    ],
                    name,
                    lat: format!("{:.4}", lat0 + rng.unit() * 8.0),
                    long: format!("{:.4}", long0 + rng.unit() * 8.0),
                }
            })
            .collect();
        let kinds = [
            "Military Forces of",
            "Police Forces of",
            "Unidentified Armed Group",
            "Militia",
            "Protesters",
            "Rioters",
            "Civilians",
            "Liberation Front of",
        ];
        let actors = (0..actors)
            .map(|i| {
                let kind = kinds[i % kinds.len()];
                let c = &countries[i % countries.len()].0;
                match i % 5 {
                    0 => format!("{kind} {c} ({}-)", 2000 + i % 25),
                    1 => format!("{kind} \"{}\"", word(rng)),
                    2 => format!("{} {kind}, {}", word(rng), c),
                    _ => format!("{kind} {} ({c})", word(rng)),
                }
            })
            .collect();
        let sources = (0..200)
            .map(|i| match i % 3 {
                0 => format!("{} Times", word(rng)),
                1 => format!("Radio {}", word(rng)),
                _ => format!("{} News Agency", word(rng)),
            })
            .collect();
        Self {
            countries,
            places,
            actors,
            sources,
        }
    }

    fn actor(&self, rng: &mut Rng) -> &str {
        &self.actors[rng.skewed(self.actors.len())]
    }

    fn place(&self, rng: &mut Rng) -> &Place {
        &self.places[rng.skewed(self.places.len())]
    }

    fn sources(&self, rng: &mut Rng) -> String {
        let n = 1 + rng.below(3);
        (0..n)
            .map(|_| self.sources[rng.skewed(self.sources.len())].as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// A day from 2018-01-01 to 2024-12-28 as (year, month, day).
fn day(rng: &mut Rng) -> (u64, u64, u64) {
    (2018 + rng.below(7), 1 + rng.below(12), 1 + rng.below(28))
}

/// Deaths: mostly none, a long tail.
fn deaths(rng: &mut Rng) -> u64 {
    if rng.chance(0.6) {
        0
    } else {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a small positive number"
        )]
        let n = (1.0 / (1.0 - rng.unit() * 0.995)).powf(1.3) as u64;
        n
    }
}

const ACLED_TYPES: &[((&str, &str), u32)] = &[
    (("Protests", "Peaceful protest"), 300),
    (("Protests", "Protest with intervention"), 30),
    (("Protests", "Excessive force against protesters"), 5),
    (("Battles", "Armed clash"), 180),
    (("Battles", "Government regains territory"), 8),
    (("Battles", "Non-state actor overtakes territory"), 8),
    (
        ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        90,
    ),
    (("Explosions/Remote violence", "Air/drone strike"), 50),
    (
        ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        25,
    ),
    (("Explosions/Remote violence", "Grenade"), 4),
    (("Explosions/Remote violence", "Suicide bomb"), 2),
    (("Explosions/Remote violence", "Chemical weapon"), 1),
    (("Violence against civilians", "Attack"), 110),
    (
        ("Violence against civilians", "Abduction/forced disappearance"),
        25,
    ),
    (("Violence against civilians", "Sexual violence"), 5),
    (("Riots", "Violent demonstration"), 45),
    (("Riots", "Mob violence"), 35),
    (("Strategic developments", "Looting/property destruction"), 20),
    (("Strategic developments", "Arrests"), 15),
    (("Strategic developments", "Change to group/activity"), 12),
    (("Strategic developments", "Disrupted weapons use"), 10),
    (("Strategic developments", "Agreement"), 4),
    (("Strategic developments", "Headquarters or base established"), 3),
    (("Strategic developments", "Non-violent transfer of territory"), 3),
    (("Strategic developments", "Other"), 5),
];

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The header of a generated ACLED file: the full published column set.
pub const ACLED_HEADER: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// Writes a synthetic ACLED export of `rows` events.
#[expect(clippy::many_single_char_names, reason = "y, m, d and w read best here")]
pub fn acled(rows: u64, seed: u64, out: impl Write) -> io::Result<()> {
    let mut rng = Rng::new(seed);
    let world = World::new(&mut rng, 20_000, 2_000);
    let mut w = csv::Writer::from_writer(out);
    w.write_record(ACLED_HEADER).map_err(io_error)?;
    for i in 0..rows {
        let (event_type, sub) = *rng.weighted(ACLED_TYPES);
        let place = world.place(&mut rng).clone();
        let (country, ..) = &world.countries[place.country];
        let (y, m, d) = day(&mut rng);
        let precision = *rng.weighted(&[(1, 80), (2, 15), (3, 5)]);
        let actor1 = world.actor(&mut rng).to_owned();
        let actor2 = if rng.chance(0.6) {
            world.actor(&mut rng).to_owned()
        } else {
            String::new()
        };
        let actor2 = if actor2 == actor1 { String::new() } else { actor2 };
        let assoc = |rng: &mut Rng, taken: &[&str]| {
            if rng.chance(0.3) {
                let a = world.actor(rng);
                if taken.contains(&a) {
                    String::new()
                } else {
                    a.to_owned()
                }
            } else {
                String::new()
            }
        };
        let assoc1 = assoc(&mut rng, &[&actor1, &actor2]);
        let assoc2 = if actor2.is_empty() {
            String::new()
        } else {
            assoc(&mut rng, &[&actor1, &actor2, &assoc1])
        };
        let fatalities = deaths(&mut rng);
        let iso = 100 + place.country;
        let notes = format!(
            "On {d} {} {y}, {actor1} {} in {} ({}){}. {fatalities} fatalities reported.",
            MONTH_NAMES[usize::try_from(m - 1).unwrap_or(0)],
            verb(event_type),
            place.name,
            place.admin[0],
            if rng.chance(0.1) {
                ", \"according to local sources\""
            } else {
                ""
            },
        );
        let disorder = match event_type {
            "Protests" | "Riots" => "Demonstrations",
            "Strategic developments" => "Strategic developments",
            _ => "Political violence",
        };
        w.write_record([
            format!("SYN{}", i + 1).as_str(),
            &format!("{y:04}-{m:02}-{d:02}"),
            &y.to_string(),
            &precision.to_string(),
            disorder,
            event_type,
            sub,
            &actor1,
            &assoc1,
            "1",
            &actor2,
            &assoc2,
            if actor2.is_empty() { "0" } else { "2" },
            if actor2.is_empty() { "10" } else { "12" },
            if event_type == "Violence against civilians" {
                "Civilian targeting"
            } else {
                ""
            },
            &iso.to_string(),
            "Synthetic Region",
            country,
            &place.admin[0],
            &place.admin[1],
            &place.admin[2],
            &place.name,
            &place.lat,
            &place.long,
            &(1 + rng.below(3)).to_string(),
            &world.sources(&mut rng),
            "National",
            &notes,
            &fatalities.to_string(),
            "",
            &(1_600_000_000 + rng.below(100_000_000)).to_string(),
        ])
        .map_err(io_error)?;
    }
    w.flush()
}

/// The header of a generated UCDP GED file: the mapped columns and a few others.
pub const UCDP_HEADER: &[&str] = &[
    "id",
    "year",
    "type_of_violence",
    "conflict_name",
    "dyad_name",
    "side_a",
    "side_b",
    "source_article",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "country",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
];

/// Writes a synthetic UCDP GED file of `rows` events.
#[expect(clippy::many_single_char_names, reason = "y, m, d and w read best here")]
pub fn ucdp(rows: u64, seed: u64, out: impl Write) -> io::Result<()> {
    let mut rng = Rng::new(seed);
    let world = World::new(&mut rng, 20_000, 2_000);
    let mut w = csv::Writer::from_writer(out);
    w.write_record(UCDP_HEADER).map_err(io_error)?;
    for i in 0..rows {
        let kind = *rng.weighted(&[(1u8, 55), (2, 20), (3, 25)]);
        let place = world.place(&mut rng).clone();
        let (country, ..) = &world.countries[place.country];
        let side_a = world.actor(&mut rng).to_owned();
        let side_b = if kind == 3 {
            "Civilians".to_owned()
        } else {
            world.actor(&mut rng).to_owned()
        };
        let (y, m, d) = day(&mut rng);
        let prec = *rng.weighted(&[(1u8, 70), (2, 10), (3, 8), (4, 8), (5, 4)]);
        let span = match prec {
            2 => rng.below(5),
            3 => rng.below(7),
            _ => 0,
        };
        let end_day = (d + span).min(28);
        let (a, b, c, u) = (
            deaths(&mut rng),
            deaths(&mut rng),
            deaths(&mut rng),
            deaths(&mut rng) / 3,
        );
        let best = a + b + c + u;
        let low = best - best / 4;
        let high = best + best / 2 + u64::from(rng.chance(0.2));
        w.write_record([
            (200_000 + i).to_string().as_str(),
            &y.to_string(),
            &kind.to_string(),
            &format!("{country}: Government"),
            &format!("{side_a} - {side_b}"),
            &side_a,
            &side_b,
            &format!(
                "{} \"{}\" {d} {} {y}",
                world.sources(&mut rng),
                word(&mut rng),
                MONTH_NAMES[usize::try_from(m - 1).unwrap_or(0)]
            ),
            &(1 + rng.below(6)).to_string(),
            &format!("{} town", place.name),
            &format!("{} province", place.admin[0]),
            &format!("{} district", place.admin[1]),
            &place.lat,
            &place.long,
            country,
            &prec.to_string(),
            &format!("{y:04}-{m:02}-{d:02}"),
            &format!("{y:04}-{m:02}-{end_day:02}"),
            &a.to_string(),
            &b.to_string(),
            &c.to_string(),
            &u.to_string(),
            &best.to_string(),
            &high.to_string(),
            &low.to_string(),
        ])
        .map_err(io_error)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::sink::Discard;
    use crate::import::{Dataset, NoRejects, Options, run};

    #[test]
    fn generated_files_are_deterministic_and_import_without_a_reject() {
        for (dataset, generate) in [
            (
                Dataset::Acled,
                (|n, s, w| acled(n, s, w)) as fn(u64, u64, &mut Vec<u8>) -> io::Result<()>,
            ),
            (Dataset::Ucdp, |n, s, w| ucdp(n, s, w)),
        ] {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            generate(500, 7, &mut a).unwrap();
            generate(500, 7, &mut b).unwrap();
            assert_eq!(a, b);
            let s = run(
                dataset,
                a.as_slice(),
                "g.csv",
                &Options::default(),
                &mut Discard,
                &mut NoRejects,
            )
            .unwrap();
            assert_eq!((s.rows, s.imported), (500, 500), "{dataset:?}");
        }
    }

    #[test]
    fn skewed_picks_favour_small_indices() {
        let mut rng = Rng::new(1);
        let picks: Vec<usize> = (0..10_000).map(|_| rng.skewed(1000)).collect();
        let low = picks.iter().filter(|&&i| i < 10).count();
        assert!(low > 2_000, "{low}");
        assert!(picks.iter().all(|&i| i < 1000));
    }
}
