//! Files compiled into the binary from `static/`: the stylesheet, the pictograms, the
//! interface translations. Knows nothing of HTTP: `web::assets` serves them.

use std::collections::HashMap;
use std::sync::OnceLock;

use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "static/"]
pub struct Static;

/// Every pictogram, by name (`caf` for `static/pictos/caf.svg`), read once.
fn pictograms() -> &'static HashMap<String, String> {
    static PICTOGRAMS: OnceLock<HashMap<String, String>> = OnceLock::new();
    PICTOGRAMS.get_or_init(|| {
        Static::iter()
            .filter_map(|path| {
                let name = path
                    .strip_prefix("pictos/")?
                    .strip_suffix(".svg")?
                    .to_owned();
                let svg = String::from_utf8(Static::get(&path)?.data.into_owned()).ok()?;
                // A size of its own, so that a page read without CSS keeps small
                // pictograms; the stylesheet sizes them otherwise.
                let svg = svg
                    .trim()
                    .replacen("<svg ", "<svg width=\"32\" height=\"32\" ", 1);
                Some((name, svg))
            })
            .collect()
    })
}

/// The SVG markup of a pictogram, to inline in a page.
pub fn pictogram(name: &str) -> Option<&'static str> {
    pictograms().get(name).map(String::as_str)
}

pub fn has_pictogram(name: &str) -> bool {
    pictograms().contains_key(name)
}

/// Every pictogram name, sorted.
pub fn pictogram_names() -> Vec<String> {
    let mut names: Vec<String> = pictograms().keys().cloned().collect();
    names.sort();
    names
}
