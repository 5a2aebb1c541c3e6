//! Images a chart of book.toml stands in for, made equal before structure comparison.
//!
//! `[[chart]] replaces` names image paths (the seeds' `chart.png`) that the generated chart
//! replaces on purpose. A translation showing such a path where its source shows the chart's
//! own path (or another replaced one) is not a structural difference: both sides show the
//! same chart. [`unify`] rewrites every image of a chart to one `chart:<name>` destination.

use super::structure::{Block, InlineKind, Outline};

/// One chart's name, its path and the paths it replaces, all relative to `content/<locale>/`.
#[derive(Debug, Clone, Copy)]
pub struct ChartPaths<'a> {
    pub name: &'a str,
    pub path: &'a str,
    pub replaces: &'a [String],
}

/// Rewrites, in the outline of the page at `rel_path` (relative to its locale folder), every
/// image that shows a chart to the destination `chart:<name>`.
pub fn unify(outline: &mut Outline, rel_path: &str, charts: &[ChartPaths]) {
    if charts.is_empty() {
        return;
    }
    let dir: Vec<&str> = rel_path.split('/').collect();
    let dir = &dir[..dir.len().saturating_sub(1)];
    for block in &mut outline.blocks {
        unify_block(block, dir, charts);
    }
}

fn unify_block(block: &mut Block, dir: &[&str], charts: &[ChartPaths]) {
    for inline in &mut block.inlines {
        let InlineKind::Image { dest } = &mut inline.kind else {
            continue;
        };
        let Some(target) = resolve(dir, dest) else {
            continue;
        };
        let shown = charts
            .iter()
            .find(|c| c.path == target || c.replaces.contains(&target));
        if let Some(chart) = shown {
            *dest = format!("chart:{}", chart.name);
        }
    }
    for child in &mut block.children {
        unify_block(child, dir, charts);
    }
}

/// `dest` relative to the folder `dir`, `.` and `..` resolved; `None` for URLs, site-absolute
/// paths and paths that leave the locale folder.
fn resolve(dir: &[&str], dest: &str) -> Option<String> {
    if dest.contains(':') || dest.starts_with('/') {
        return None;
    }
    let mut stack: Vec<&str> = dir.to_vec();
    for segment in dest.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => {
                stack.pop()?;
            }
            s => stack.push(s),
        }
    }
    Some(stack.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::outline;

    fn images(o: &Outline) -> Vec<String> {
        fn walk(b: &Block, out: &mut Vec<String>) {
            for i in &b.inlines {
                if let InlineKind::Image { dest } = &i.kind {
                    out.push(dest.clone());
                }
            }
            b.children.iter().for_each(|c| walk(c, out));
        }
        let mut out = Vec::new();
        o.blocks.iter().for_each(|b| walk(b, &mut out));
        out
    }

    #[test]
    fn replaced_and_own_paths_become_the_chart() {
        let replaces = vec!["guide/media/chart.png".to_string()];
        let charts = [ChartPaths {
            name: "types",
            path: "guide/media/types.svg",
            replaces: &replaces,
        }];
        let text = "1. Step\n\n   ![a](./media/chart.png)\n\n![b](media/types.svg) ![c](../x.png) ![d](https://e.org/chart.png)\n";
        let mut o = outline(text, 1);
        unify(&mut o, "guide/page.md", &charts);
        assert_eq!(
            images(&o),
            [
                "chart:types",
                "chart:types",
                "../x.png",
                "https://e.org/chart.png"
            ]
        );
    }
}
