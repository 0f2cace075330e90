//! Small statistics for the pricing simulator: a dense linear solve and Student's t quantile.
//!
//! The t quantile inverts the t distribution function, written with the regularized incomplete
//! beta function: for t ≥ 0, P(T ≤ t) = 1 − ½·I_{ν/(ν+t²)}(ν/2, ½) (Abramowitz & Stegun
//! 26.7.1 with 26.5.27); I_x(a, b) by its continued fraction evaluated with the modified Lentz
//! method (Press et al., *Numerical Recipes*, 3rd ed., §6.4). A few dozen lines instead of a
//! statistics crate; `libm` for ln Γ, so the numbers are the same natively and in wasm.

/// ln Γ(x) for x > 0.
fn ln_gamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// The continued fraction of the incomplete beta function (Numerical Recipes `betacf`).
fn beta_continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=300 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// The regularized incomplete beta function I_x(a, b), 0 ≤ x ≤ 1.
pub fn incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front = libm::exp(
        ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * libm::log(x) + b * libm::log(1.0 - x),
    );
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_continued_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_continued_fraction(b, a, 1.0 - x) / b
    }
}

/// P(T ≤ t) for Student's t with `df` degrees of freedom.
pub fn student_t_cdf(t: f64, df: f64) -> f64 {
    let tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t));
    if t >= 0.0 {
        1.0 - tail
    } else {
        tail
    }
}

/// The quantile of Student's t: the t with P(T ≤ t) = `p`, for 0.5 ≤ p < 1 (by bisection on
/// the distribution function, to 1e-12). `None` for df ≤ 0 or p outside [0.5, 1).
pub fn student_t_quantile(p: f64, df: f64) -> Option<f64> {
    if df.is_nan() || df <= 0.0 || !(0.5..1.0).contains(&p) {
        return None;
    }
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    while student_t_cdf(hi, df) < p {
        hi *= 2.0;
        if hi > 1e12 {
            return None;
        }
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if student_t_cdf(mid, df) < p {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-12 * hi.max(1.0) {
            break;
        }
    }
    Some(0.5 * (lo + hi))
}

/// Solves the dense system `m`·x = `b` (n × n, row-major) by Gaussian elimination with partial
/// pivoting; `None` when singular.
pub fn solve(mut m: Vec<f64>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    if m.len() != n * n {
        return None;
    }
    for col in 0..n {
        let pivot =
            (col..n).max_by(|&p, &q| m[p * n + col].abs().total_cmp(&m[q * n + col].abs()))?;
        if m[pivot * n + col].abs() < 1e-300 {
            return None;
        }
        if pivot != col {
            for j in 0..n {
                m.swap(pivot * n + j, col * n + j);
            }
            b.swap(pivot, col);
        }
        let inv = 1.0 / m[col * n + col];
        for r in col + 1..n {
            let f = m[r * n + col] * inv;
            if f != 0.0 {
                for j in col..n {
                    m[r * n + j] -= f * m[col * n + j];
                }
                b[r] -= f * b[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let s: f64 = (i + 1..n).map(|j| m[i * n + j] * x[j]).sum();
        x[i] = (b[i] - s) / m[i * n + i];
    }
    Some(x)
}
