//! Aligning two sequences of blocks by similarity (a weighted longest common subsequence).
//!
//! A plain LCS over block kinds cannot tell which of five identical-looking list items a
//! translation dropped; weighting each pair by how alike the two blocks are (same links,
//! same child shapes) puts the gap where the difference really is. Pairs of similarity 0
//! never align, so a heading never stands in for a paragraph.

/// One step of an alignment, in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// Source block `.0` corresponds to translation block `.1`.
    Both(usize, usize),
    /// Source block with no counterpart.
    Source(usize),
    /// Translation block with no counterpart.
    Translation(usize),
}

const EPSILON: f64 = 1e-9;

/// Aligns `n` source with `m` translation items; `similarity(i, j)` is in `0.0..=1.0`.
pub(super) fn align(n: usize, m: usize, similarity: impl Fn(usize, usize) -> f64) -> Vec<Step> {
    let sim: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..m).map(|j| similarity(i, j)).collect())
        .collect();
    // score[i][j]: best total for the first i source and first j translation items.
    let mut score = vec![vec![0.0f64; m + 1]; n + 1];
    for i in 1..=n {
        for j in 1..=m {
            let mut best = score[i - 1][j].max(score[i][j - 1]);
            if sim[i - 1][j - 1] > 0.0 {
                best = best.max(score[i - 1][j - 1] + sim[i - 1][j - 1]);
            }
            score[i][j] = best;
        }
    }
    let mut steps = Vec::with_capacity(n + m);
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let diagonal = i > 0 && j > 0 && sim[i - 1][j - 1] > 0.0;
        if diagonal && (score[i][j] - score[i - 1][j - 1] - sim[i - 1][j - 1]).abs() < EPSILON {
            steps.push(Step::Both(i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if j > 0 && (i == 0 || (score[i][j] - score[i][j - 1]).abs() < EPSILON) {
            steps.push(Step::Translation(j - 1));
            j -= 1;
        } else {
            steps.push(Step::Source(i - 1));
            i -= 1;
        }
    }
    steps.reverse();
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_equality(a: &[char], b: &[char]) -> Vec<Step> {
        align(
            a.len(),
            b.len(),
            |i, j| if a[i] == b[j] { 1.0 } else { 0.0 },
        )
    }

    #[test]
    fn gaps_go_where_the_difference_is() {
        let steps = by_equality(&['a', 'b', 'c'], &['a', 'x', 'c', 'd']);
        use Step::*;
        assert_eq!(
            steps,
            vec![
                Both(0, 0),
                Source(1),
                Translation(1),
                Both(2, 2),
                Translation(3)
            ]
        );
        assert_eq!(by_equality(&[], &['a']), vec![Translation(0)]);
        assert_eq!(by_equality(&['a'], &[]), vec![Source(0)]);
    }

    #[test]
    fn weights_pick_the_better_partner() {
        // Source item 1 resembles translation item 2 more than item 1.
        let sims = [[0.9, 0.2], [0.5, 0.55]];
        let steps = align(2, 2, |i, j| sims[i][j]);
        assert_eq!(steps, vec![Step::Both(0, 0), Step::Both(1, 1)]);
        let lopsided = [[0.6, 0.0], [1.0, 0.0]];
        let steps = align(2, 2, |i, j| lopsided[i][j]);
        assert_eq!(
            steps.iter().filter(|s| matches!(s, Step::Both(..))).count(),
            1
        );
    }
}
