r"""Checks of V1 (frozen subspace) and V2 (mode-wise error dynamics).

V1: the null space of $X$ by SVD (stable step sizes, 2000 steps) and by complete QR of $X^\top$ (divergent step
sizes). V2: the augmented linear system by matrix exponential, and gradient flow simulated by RK4 on sampled
teachers, noise and initialisations.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from claimkit.stats import normal_tail

from ...theorems.advani_saxe import claims as C
from .ground_truth import augmented_error
from .strategies import inputs, nonzero_spectrum, seeds, sizes, variances

# -- V1 ---------------------------------------------------------------------------------------------------------------

# Each step adds round-off of about ε·‖Xᵀ(y − Xw)‖ ≤ 1e-15 to the null-space component; the updates shrink
# geometrically once the row-space error has converged, so 2000 steps accumulate ≲ 1e-14 (measured ≈ 6e-15).
# The spec's bound 1e-12 leaves 100× headroom; weight decay moves the null component by ≥ 1e-4 relative.
DRIFT_TOL = 1e-12
STEPS = 2000
# With a divergent step size the iterates grow like |1 − ηλ_max|^s; the null component then carries round-off of
# order ε times the largest iterate. 1e-12 relative to max‖w_s‖ leaves 4000× headroom over ε·(steps = 30).
RELATIVE_DRIFT_TOL = 1e-12
DIVERGENT_STEPS = 30


@C.FROZEN.check(given={"seed": seeds, "nm": sizes(8, 40, gap=0.1, sides="below"), "rate": st.floats(0.05, 1.9)},
                examples=3, thorough_factor=10, precision="float64, null space by SVD",
                tolerance=f"{DRIFT_TOL:g} absolute after {STEPS} steps (round-off ≲ 1e-14)")
def null_component_unchanged(subject, ev, seed, nm, rate):
    r"""After 2000 steps with $\eta = \text{rate}/\lambda_{\max}$, the projection of $w - w_0$ on
    $\operatorname{null}(X)$ (from the SVD) is zero to round-off."""
    n, p = nm
    X = inputs(seed, n, p)
    rng = np.random.default_rng(seed + 1)
    y, w0 = rng.standard_normal(p), rng.standard_normal(n)
    _, s, vt = np.linalg.svd(X)
    null = vt[p:]
    lr = rate / float(s[0] ** 2)
    w = subject(X, y, w0, lr, STEPS)
    drift = float(np.max(np.abs(null @ (w - w0))))
    ev.show("X", X)
    ev.show("null-space component of w − w0", null @ (w - w0))
    ev.metric("drift", drift)
    ev.le(drift, DRIFT_TOL, what="null-space drift", labels=("largest null-space drift", "tolerance"),
          context=f"N={n}, P={p}, η={lr:.3g}")


@C.FROZEN.check(given={"seed": seeds, "nm": sizes(4, 20, gap=0.1, sides="below"), "rate": st.floats(2.1, 20.0)},
                examples=5, precision="float64, null space by complete QR of Xᵀ",
                tolerance=f"{RELATIVE_DRIFT_TOL:g} relative to the largest iterate ({DIVERGENT_STEPS} divergent steps)")
def null_component_unchanged_at_any_step_size(subject, ev, seed, nm, rate):
    r"""With a divergent step size $\eta = \text{rate}/\lambda_{\max}$, rate $> 2$, the null-space component (basis from
    the complete QR of $X^\top$) stays that of $w_0$ up to round-off relative to the iterates."""
    n, p = nm
    X = inputs(seed, n, p)
    rng = np.random.default_rng(seed + 2)
    y, w0 = rng.standard_normal(p), rng.standard_normal(n)
    q, _ = np.linalg.qr(X.T, mode="complete")
    null = q[:, p:].T
    lr = rate / float(np.linalg.eigvalsh(X @ X.T)[-1])
    w = subject(X, y, w0, lr, DIVERGENT_STEPS)
    scale = max(float(np.max(np.abs(w))), float(np.max(np.abs(w0))))
    drift = float(np.max(np.abs(null @ (w - w0)))) / scale
    ev.show("X", X)
    ev.show("largest |w| after the steps", scale)
    ev.metric("relative_drift", drift)
    ev.le(drift, RELATIVE_DRIFT_TOL, what="relative null-space drift",
          labels=("null-space drift / largest iterate", "tolerance"), context=f"N={n}, P={p}, η={lr:.3g}")


# -- V2 ---------------------------------------------------------------------------------------------------------------

# scipy's expm (Padé 13 with scaling and squaring) is accurate to ~1e-14 relative in norm for ‖Bt‖ ≤ 1e3; the trace
# of e^{Bt} C₀ e^{Bᵀt} over N ≤ 30 modes adds ~N ε. 1e-9 relative leaves ≥ 1e4 headroom; every mutant is off by
# ≥ 1e-3 relative on these draws.
EXPM_TOL = 1e-9


@C.GEN_ERROR.check(given={"seed": seeds, "nm": sizes(3, 30, gap=0.0, load_max=2.0), "t": st.floats(0.0, 20.0),
                          "noise": variances, "teacher": variances, "init": st.floats(0.0, 2.0)},
                   examples=8, precision="float64 matrix exponential (scipy Padé)",
                   tolerance=f"{EXPM_TOL:g} relative (expm ≈ 1e-14)")
def matches_augmented_system(subject, ev, seed, nm, t, noise, teacher, init):
    r"""$E_g(t)$ from the spectrum equals the second moment of the augmented system $(w - \bar w, X^\top\varepsilon)$
    propagated by its matrix exponential (no eigendecomposition), loads on both sides of 1 and at 1."""
    n, p = nm
    X = inputs(seed, n, p)
    lam = nonzero_spectrum(X)
    ev.show("X", X)
    ev.show("non-zero spectrum of XᵀX", lam)
    truth = augmented_error(X, t, noise, teacher, init)
    claimed = subject(lam, t, n, noise, teacher, init)
    gap = abs(claimed - truth) / truth
    ev.metric("relative_gap", gap)
    ev.close(claimed, truth, rtol=EXPM_TOL, what="E_g(t)", labels=("spectral formula", "augmented system"),
             context=f"N={n}, P={p}, t={t:.4g}")


SAMPLES = 1000
RK4_STEP = 0.05
Z = 6.0


def simulated_flow(X: np.ndarray, t: float, noise: float, teacher: float, init: float, seed: int):
    r"""Mean and standard error of $\lVert w(t) - \bar w\rVert^2/N + \sigma_\varepsilon^2$ over ``SAMPLES`` draws of
    $(\bar w, \varepsilon, w_0)$, with $w(t)$ from RK4 on $\dot w = X^\top(y - Xw)$ (all draws at once)."""
    p, n = X.shape
    rng = np.random.default_rng(seed)
    wbar = math.sqrt(teacher) * rng.standard_normal((n, SAMPLES))
    y = X @ wbar + math.sqrt(noise) * rng.standard_normal((p, SAMPLES))
    w = math.sqrt(init) * rng.standard_normal((n, SAMPLES))
    steps = max(1, math.ceil(t / RK4_STEP))
    h = t / steps

    def field(v):
        return X.T @ (y - X @ v)

    for _ in range(steps):
        k1 = field(w)
        k2 = field(w + h / 2 * k1)
        k3 = field(w + h / 2 * k2)
        k4 = field(w + h * k3)
        w = w + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    err = np.sum((w - wbar) ** 2, axis=0) / n + noise
    return float(err.mean()), float(err.std(ddof=1) / math.sqrt(SAMPLES))


# RK4 with h = 0.05 and λ ≤ (1 + √2)² ≈ 5.9: local error ≤ (hλ)⁵/120 ≈ 2e-5 per step on the stiffest mode, whose
# transient has decayed by then: the bias is ≲ 1e-4 relative, below 1 % of the Monte Carlo standard error.
@C.GEN_ERROR.check(given={"seed": seeds, "nm": sizes(10, 20, gap=0.1, load_max=2.0), "t": st.floats(0.2, 2.0),
                          "noise": variances, "teacher": variances, "init": st.floats(0.0, 2.0)},
                   examples=3, thorough_factor=10, min_valid=3,
                   precision=f"float64 RK4 (h = {RK4_STEP}) over {SAMPLES} sampled teachers, noise and initialisations",
                   tolerance=f"{Z:g} standard errors (two-sided z-test)", false_alarm_rate=normal_tail(Z),
                   power="the noise term without (1 − e)², the unsquared factors and learnable null modes: off by ≥ 10 "
                         "standard errors on these draws")
def matches_simulated_flow(subject, ev, seed, nm, t, noise, teacher, init):
    r"""$E_g(t)$ from the spectrum lies within 6 standard errors of the mean error of gradient flow simulated by RK4
    from sampled $(\bar w, \varepsilon, w_0)$ at a fixed sampled $X$ ($10 \le N \le 20$, $|\alpha - 1| \ge 0.1$)."""
    n, p = nm
    X = inputs(seed, n, p)
    mean, se = simulated_flow(X, t, noise, teacher, init, seed + 3)
    claimed = subject(nonzero_spectrum(X), t, n, noise, teacher, init)
    ev.show("X", X)
    ev.show("simulated mean and standard error", [mean, se])
    z = abs(claimed - mean) / se
    ev.metric("z", z)
    ev.le(z, Z, what="|formula − simulated| in standard errors", labels=("standard errors apart", "threshold"),
          context=f"N={n}, P={p}, t={t:.3g}, simulated={mean:.6g}±{se:.2g}, formula={claimed:.6g}")
