//! A small deterministic PRNG (splitmix64), so a corpus is the same for a given seed on every
//! machine and every version of the standard library, without pulling in the `rand` crate.

/// splitmix64: tiny, fast and good enough for picking words; not for anything secret.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// An independent stream for `salt`, so one article's text does not shift when another
    /// article draws more or fewer numbers.
    pub fn derive(seed: u64, salt: u64) -> Rng {
        let mut r = Rng::new(seed ^ salt.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`; `n` must not be 0.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `per_mille` / 1000.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.next_u64() % 1000 < per_mille
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `digits` lowercase hex digits.
    pub fn hex(&mut self, digits: usize) -> String {
        (0..digits)
            .map(|_| char::from_digit(self.below(16) as u32, 16).unwrap_or('0'))
            .collect()
    }

    /// A version-4-shaped UUID, as `ms.assetid` values look.
    pub fn uuid(&mut self) -> String {
        let h = self.hex(32);
        format!(
            "{}-{}-4{}-{}{}-{}",
            &h[0..8],
            &h[8..12],
            &h[13..16],
            ['8', '9', 'a', 'b'][self.below(4)],
            &h[17..20],
            &h[20..32]
        )
    }

    /// A US-style `MM/DD/YYYY` date between 2016 and 2021, as Microsoft front matter writes them.
    pub fn us_date(&mut self) -> String {
        format!(
            "{:02}/{:02}/{}",
            self.range(1, 12),
            self.range(1, 28),
            self.range(2016, 2021)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_reference_values() {
        // First outputs of splitmix64 seeded with 1234567 (Vigna's reference implementation).
        let mut r = Rng::new(1234567);
        assert_eq!(r.next_u64(), 6457827717110365317);
        assert_eq!(r.next_u64(), 3203168211198807973);
    }

    #[test]
    fn uuid_has_the_right_shape() {
        let u = Rng::new(7).uuid();
        let parts: Vec<usize> = u.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12]);
        assert!(u.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }

    #[test]
    fn range_stays_inside() {
        let mut r = Rng::new(3);
        for _ in 0..1000 {
            assert!((5..=9).contains(&r.range(5, 9)));
        }
    }
}
