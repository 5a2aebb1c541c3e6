//! Measures the content cache (`bench/content-cache.sh`): a fresh content load against a cached
//! one, and the state file's save, load and size. One step per run, so `perf stat` can count
//! each step's instructions: `config` (the baseline every step pays), `fresh`, `save` (a cold
//! cached load, then the state saved beside the output folder), `warm` (the state read back,
//! then a cached load), `state` (the state read back only: `warm` minus `state` is the cached
//! load itself).
//!
//! Usage: `content-cache <config|fresh|save|state|warm> <site root>`

use std::path::Path;
use std::time::Instant;
use tolk::config::Config;
use tolk::content::{self, Content, ContentCache};
use tolk::incremental::store::{self, Loaded};

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let [_, step, root] = args.as_slice() else {
        return Err("usage: content-cache <config|fresh|save|state|warm> <site root>".into());
    };
    let config = Config::from_root(Path::new(root)).map_err(|d| format!("{d:?}"))?;
    let out = config.build_dir.clone();
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;
    match step.as_str() {
        "config" => {}
        "fresh" => {
            let t = Instant::now();
            let (c, d) = content::load(&config);
            println!(
                "fresh load: {:.1} ms, {} pages, {} diagnostics",
                ms(t),
                c.pages.len(),
                d.len()
            );
        }
        "save" => {
            let mut cache = ContentCache::default();
            let t = Instant::now();
            let (c, _) = Content::load_cached(&config, &mut cache);
            println!("cold cached load: {:.1} ms, {} pages", ms(t), c.pages.len());
            let t = Instant::now();
            let bytes = store::save(&out, &cache).map_err(|e| e.to_string())?;
            println!(
                "save: {:.1} ms, {:.1} MB, {} files",
                ms(t),
                bytes as f64 / 1e6,
                cache.len()
            );
        }
        "state" => {
            let t = Instant::now();
            match store::load::<ContentCache>(&out) {
                Loaded::Found(cache) => {
                    println!("state load: {:.1} ms, {} files", ms(t), cache.len())
                }
                Loaded::Missing => return Err("no state: run `save` first".into()),
                Loaded::Ignored(note) => return Err(note),
            }
        }
        "warm" => {
            let t = Instant::now();
            let mut cache: ContentCache = match store::load(&out) {
                Loaded::Found(cache) => cache,
                Loaded::Missing => return Err("no state: run `save` first".into()),
                Loaded::Ignored(note) => return Err(note),
            };
            println!("state load: {:.1} ms", ms(t));
            let t = Instant::now();
            let (c, d) = Content::load_cached(&config, &mut cache);
            println!(
                "warm cached load: {:.1} ms, {} pages, {} diagnostics, {:?}",
                ms(t),
                c.pages.len(),
                d.len(),
                cache.stats()
            );
        }
        other => return Err(format!("unknown step `{other}`")),
    }
    Ok(())
}
