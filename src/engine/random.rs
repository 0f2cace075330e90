//! Seeded random draws that give bit-identical results on every platform.
//!
//! Why not `rand_distr`: its samplers call `f64::ln`/`exp`/`cos`, which use the platform's
//! maths library natively (glibc) and a different implementation in wasm; they can differ in
//! the last bit, and a demo store must be byte-identical in the browser and in native tests.
//! Here every transcendental function comes from the `libm` crate (a pure-Rust port of musl's),
//! and every integer draw uses `u32`/`u64`, never `usize` (32 bits in wasm, 64 natively).

use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// Seeded draws over a core generator: ChaCha8 by default (portable, reproducible, and of
/// cryptographic quality, so streams from nearby seeds are independent), or
/// Xoshiro256++ ([`Rand::fast`]) where millions of draws per second count (the inventory
/// simulator's Monte Carlo): pure 64-bit integer arithmetic, several times faster than ChaCha8
/// in WebAssembly, which has no SIMD there, and as portable.
pub struct Rand<R = ChaCha8Rng>(R);

impl Rand<ChaCha8Rng> {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self(ChaCha8Rng::seed_from_u64(seed))
    }
}

impl Rand<Xoshiro256PlusPlus> {
    /// A fast generator seeded with `seed` (Xoshiro256++, seeded through SplitMix64 as its
    /// authors recommend, so close seeds give unrelated streams).
    pub fn fast(seed: u64) -> Self {
        Self(Xoshiro256PlusPlus::seed_from_u64(seed))
    }
}

impl<R: RngCore> Rand<R> {
    /// Uniform on [0, 1).
    pub fn uniform(&mut self) -> f64 {
        self.0.random::<f64>()
    }

    /// Uniform on (0, 1], safe to take the logarithm of.
    fn open_uniform(&mut self) -> f64 {
        1.0 - self.uniform()
    }

    /// Uniform on [lo, hi).
    pub fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// Uniform integer in 0..n (0 when n is 0).
    pub fn below(&mut self, n: u32) -> u32 {
        if n == 0 {
            0
        } else {
            self.0.random_range(0..n)
        }
    }

    /// A seed for another stream, drawn from this one.
    pub fn next_seed(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Standard normal draw (Box–Muller transform).
    pub fn normal(&mut self) -> f64 {
        let r = (-2.0 * libm::log(self.open_uniform())).sqrt();
        r * libm::cos(2.0 * std::f64::consts::PI * self.uniform())
    }

    /// Log-normal multiplier with median 1 and log-scale spread `sigma`.
    pub fn lognormal(&mut self, sigma: f64) -> f64 {
        libm::exp(sigma * self.normal())
    }

    /// Exponential draw with the given mean.
    pub fn exponential(&mut self, mean: f64) -> f64 {
        -mean * libm::log(self.open_uniform())
    }

    /// Poisson draw with mean `lambda`: Knuth's product method below 30, a rounded normal
    /// approximation above (its error is far below the demo store's own noise there).
    pub fn poisson(&mut self, lambda: f64) -> u32 {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda >= 30.0 {
            let x = lambda + lambda.sqrt() * self.normal();
            return libm::round(x).max(0.0) as u32;
        }
        let limit = libm::exp(-lambda);
        let mut k = 0;
        let mut product = self.uniform();
        while product > limit {
            k += 1;
            product *= self.uniform();
        }
        k
    }

    /// Binomial draw: `n` trials with success probability `p` (a rounded normal approximation
    /// when n·p·(1−p) is large).
    pub fn binomial(&mut self, n: u64, p: f64) -> u64 {
        let p = p.clamp(0.0, 1.0);
        let var = n as f64 * p * (1.0 - p);
        if var > 25.0 {
            let x = n as f64 * p + var.sqrt() * self.normal();
            return (libm::round(x).max(0.0) as u64).min(n);
        }
        (0..n).filter(|_| self.chance(p)).count() as u64
    }

    /// Gamma draw with the given shape and scale (Marsaglia and Tsang, 2000, "A simple method
    /// for generating gamma variables"; shape < 1 by the boost Γ(a) = Γ(a+1)·U^(1/a)).
    pub fn gamma(&mut self, shape: f64, scale: f64) -> f64 {
        if shape < 1.0 {
            let boost = libm::pow(self.open_uniform(), 1.0 / shape);
            return self.gamma(shape + 1.0, scale) * boost;
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.open_uniform();
            if libm::log(u) < 0.5 * x * x + d - d * v + d * libm::log(v) {
                return d * v * scale;
            }
        }
    }

    /// Index drawn with probability proportional to `weights` (the last index if the weights
    /// sum to zero).
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut target = self.uniform() * total;
        for (i, w) in weights.iter().enumerate() {
            if target < *w {
                return i;
            }
            target -= w;
        }
        weights.len().saturating_sub(1)
    }

    /// Shuffles a slice in place (Fisher–Yates with `u32` draws).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u32 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sample mean and variance of `n` draws.
    fn moments(n: usize, mut draw: impl FnMut() -> f64) -> (f64, f64) {
        let xs: Vec<f64> = (0..n).map(|_| draw()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        (mean, var)
    }

    #[test]
    fn same_seed_same_draws() {
        let (mut a, mut b) = (Rand::new(7), Rand::new(7));
        for _ in 0..100 {
            assert_eq!(a.normal().to_bits(), b.normal().to_bits());
        }
        assert_ne!(Rand::new(7).uniform(), Rand::new(8).uniform());
    }

    #[test]
    fn distributions_have_their_textbook_moments() {
        // Reference moments: normal (0, 1); Poisson(λ) mean = var = λ; Gamma(k, θ) mean kθ,
        // var kθ²; Binomial(n, p) mean np, var np(1−p). Tolerances are ~5 standard errors.
        let mut r = Rand::new(1);
        let (m, v) = moments(100_000, || r.normal());
        assert!(m.abs() < 0.02 && (v - 1.0).abs() < 0.03, "normal {m} {v}");
        for lambda in [0.7, 4.0, 45.0] {
            let (m, v) = moments(50_000, || r.poisson(lambda) as f64);
            assert!((m / lambda - 1.0).abs() < 0.03, "poisson mean {lambda} {m}");
            assert!((v / lambda - 1.0).abs() < 0.06, "poisson var {lambda} {v}");
        }
        for shape in [0.5, 2.5] {
            let (m, v) = moments(50_000, || r.gamma(shape, 2.0));
            assert!(
                (m / (2.0 * shape) - 1.0).abs() < 0.03,
                "gamma mean {shape} {m}"
            );
            assert!(
                (v / (4.0 * shape) - 1.0).abs() < 0.1,
                "gamma var {shape} {v}"
            );
        }
        for (n, p) in [(20, 0.3), (2_000, 0.05)] {
            let (m, v) = moments(20_000, || r.binomial(n, p) as f64);
            let (em, ev) = (n as f64 * p, n as f64 * p * (1.0 - p));
            assert!((m / em - 1.0).abs() < 0.03, "binomial mean {n} {m}");
            assert!((v / ev - 1.0).abs() < 0.08, "binomial var {n} {v}");
        }
    }

    #[test]
    fn weighted_draw_follows_weights() {
        let mut r = Rand::new(3);
        let mut counts = [0u32; 3];
        for _ in 0..30_000 {
            counts[r.weighted(&[1.0, 0.0, 3.0])] += 1;
        }
        assert_eq!(counts[1], 0);
        let share = counts[2] as f64 / 30_000.0;
        assert!((share - 0.75).abs() < 0.015, "{share}");
    }
}
