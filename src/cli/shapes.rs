//! `--shapes FILE` on `check`, `build` and `validate`, and SHACL validation of a
//! build. Without the `shacl` cargo feature there is no option and nothing to
//! validate, so `check` and `build` run the other checks only.

use conflict_kg::data::diagnostic::Diagnostics;
use conflict_kg::pipeline::Compiled;

/// What `check`'s success line says about SHACL.
#[cfg(feature = "shacl")]
pub const NOTE: &str = ", SHACL shapes conform";
/// What `check`'s success line says about SHACL: that it was not run.
#[cfg(not(feature = "shacl"))]
pub const NOTE: &str = " (built without SHACL validation)";

/// SHACL options.
#[derive(Debug, Clone, clap::Args)]
pub struct ShapesArgs {
    /// More SHACL shapes to validate against, beside the shipped ones (any RDF format, by extension).
    #[cfg(feature = "shacl")]
    #[arg(long = "shapes", value_name = "FILE")]
    pub shapes: Vec<std::path::PathBuf>,
}

#[cfg(feature = "shacl")]
pub use enabled::read_rdf;

#[cfg(feature = "shacl")]
mod enabled {
    use std::path::Path;

    use anyhow::Context as _;
    use conflict_kg::export::Format;
    use conflict_kg::shacl::{self, Shapes};

    use super::{Compiled, Diagnostics, ShapesArgs};

    /// An RDF file's format (from its name) and content.
    pub fn read_rdf(path: &Path) -> anyhow::Result<(Format, Vec<u8>)> {
        let format = Format::from_path(path).with_context(|| {
            format!(
                "{}: unknown RDF format; name it .ttl, .nt, .nq, .trig, .rdf or .jsonld",
                path.display()
            )
        })?;
        let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        Ok((format, bytes))
    }

    impl ShapesArgs {
        /// The shipped shapes and those of `--shapes`.
        pub fn load(&self) -> anyhow::Result<Shapes> {
            let mut extra = Vec::new();
            for path in &self.shapes {
                let (format, bytes) = read_rdf(path)?;
                extra.push((path.display().to_string(), bytes, format.rdf_format()));
            }
            Ok(Shapes::embedded_and(&extra)?)
        }

        /// Validates the facts, with the ontology, against the shapes: every
        /// violation is a finding at the line of the record it is about.
        pub fn validate(&self, compiled: &Compiled) -> anyhow::Result<Diagnostics> {
            let shapes = self.load()?;
            let violations = shapes.validate(
                compiled
                    .facts
                    .iter()
                    .chain(&compiled.ontology_triples)
                    .map(oxigraph::model::Triple::as_ref),
            )?;
            Ok(shacl::findings(&violations, compiled))
        }
    }
}

#[cfg(not(feature = "shacl"))]
impl ShapesArgs {
    /// Built without the `shacl` feature: nothing to validate.
    #[expect(
        clippy::unused_self,
        clippy::unnecessary_wraps,
        reason = "the same API as with the feature"
    )]
    pub fn validate(&self, _compiled: &Compiled) -> anyhow::Result<Diagnostics> {
        Ok(Diagnostics::default())
    }
}
