"""Checks of App. 4: the KL identity (eq. 26, as printed and corrected), the third-moment lemma
(Lemma App 4.1) and the cubic KL bound (Thm App 4.2, eq. 29).

Ground truth: 50-digit Bregman divergences of the log-partition, exact rationals, scipy's bounded
minimisation.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.ghosts import claims as C
from ...theorems.ghosts import formulas as F

# -- eq. 26 ------------------------------------------------------------------------------------------


def _bregman(logits, slopes, tau):
    """K(τ) − K(0) − τK′(0) with K′(0) by mpmath numerical differentiation (50 digits)."""
    def K(t):
        return mpmath.log(mpmath.fsum(mpmath.exp(mpmath.mpf(z) + mpmath.mpf(a) * t) for z, a in zip(logits, slopes)))
    return K(tau) - K(0) - tau * mpmath.diff(K, 0)


kl_cases = {"n": st.integers(2, 5), "seed": st.integers(0, 2**32 - 1), "tau": st.floats(-5.0, 5.0)}


def _kl_case(n, seed):
    rng = np.random.default_rng(seed)
    return rng.normal(0, 2, n).tolist(), rng.normal(0, 1, n).tolist()


def _kl_compare(subject, ev, n, seed, tau, dps):
    logits, slopes = _kl_case(n, seed)
    ev.assume(abs(tau) > 1e-3)
    with mpmath.workdps(dps):
        t = mpmath.mpf(tau)
        truth = _bregman(logits, slopes, t)
        claimed = subject(logits, slopes, t)
        err = abs(claimed - truth)
        scale = abs(truth)
    ev.show("logits", logits)
    ev.show("slopes", slopes)
    ev.show("the claimed divergence (50 digits)", mpmath.nstr(claimed, 20))
    ev.show("K(τ) − K(0) − τK′(0) (50 digits)", mpmath.nstr(truth, 20))
    # 50 digits: the Bregman divergence is computed to ~45 digits; 1e-30 relative is far above that
    ev.le(float(err), 1e-30 * float(scale) + 1e-45, what="|claimed − (K(τ) − K(0) − τK′(0))|",
          context=f"n={n}, seed={seed}, τ={tau:.4g}",
          labels=("|claimed − (K(τ) − K(0) − τK′(0))|", "tolerance 1e-30·|K(τ) − K(0) − τK′(0)|"))


@C.KL_IDENTITY.check(given=kl_cases, examples=15, precision="mpmath 50 digits",
                     tolerance="relative 1e-30",
                     confirm=lambda subject, n, seed, tau: _confirm_kl(subject, n, seed, tau))
def equals_bregman_divergence(subject, ev, n, seed, tau):
    r"""$\operatorname{KL}(p(\tau) \,\|\, p(0))$ equals $K(\tau) - K(0) - \tau K'(0)$ at 50 digits."""
    _kl_compare(subject, ev, n, seed, tau, 50)


def _confirm_kl(subject, n, seed, tau):
    logits, slopes = _kl_case(n, seed)
    with mpmath.workdps(80):
        t = mpmath.mpf(tau)
        truth, claimed = _bregman(logits, slopes, t), subject(logits, slopes, t)
        return abs(claimed - truth) > 1e-40 * abs(truth), (
            f"at 80 digits K(τ)−K(0)−τK′(0) = {mpmath.nstr(truth, 15)} but the claimed KL = {mpmath.nstr(claimed, 15)}")


@C.KL_IDENTITY_REVERSE.check(given=kl_cases, examples=15, precision="mpmath 50 digits", tolerance="relative 1e-30")
def reverse_kl_equals_bregman_divergence(subject, ev, n, seed, tau):
    r"""$\operatorname{KL}(p(0) \,\|\, p(\tau))$ equals $K(\tau) - K(0) - \tau K'(0)$ at 50 digits."""
    _kl_compare(subject, ev, n, seed, tau, 50)


# -- Lemma App 4.1 -------------------------------------------------------------------------------------


@st.composite
def rational_laws(draw):
    k = draw(st.integers(2, 6))
    atoms = [Fraction(draw(st.integers(0, 60)), 60) for _ in range(k)]
    atoms[0], atoms[1] = Fraction(0), Fraction(1)  # support spans [0, 1]
    probs = [Fraction(draw(st.integers(1, 50))) for _ in range(k)]
    s = sum(probs)
    return atoms, [p / s for p in probs]


@C.THIRD_MOMENT.check(given={"law": rational_laws(), "width": st.floats(0.1, 10.0)}, examples=60,
                      precision="exact rationals for μ₃ on [0, 1], scaled by Δ³",
                      tolerance="1e-12 relative: float rounding of the bound", confirm="exact")
def third_moment_below_bound(subject, ev, law, width):
    r"""$|E(X - EX)^3| \le$ bound$(\Delta)$ for random discrete laws spanning an interval of length $\Delta$."""
    bound_fn, _ = subject
    atoms, probs = law
    m = sum(a * p for a, p in zip(atoms, probs))
    mu3 = sum(p * (a - m) ** 3 for a, p in zip(atoms, probs))
    ev.show("μ₃ on [0, 1] (exact)", str(mu3))
    ev.show("bound(Δ)", bound_fn(width))
    ev.le(abs(float(mu3)) * width**3, bound_fn(width) * (1 + 1e-12), what="|μ₃| ≤ bound",
          context=f"atoms={[str(a) for a in atoms]}, probs={[str(p) for p in probs]}", labels=("|μ₃| Δ³", "bound(Δ)"))


@C.THIRD_MOMENT.check(given=None, precision="scipy bounded minimisation (xatol 1e-12)",
                      tolerance="bound within 1e-9 of the numerical maximum; argmax within 1e-5")
def two_point_maximum_is_attained(subject, ev):
    r"""Maximising $p(1-p)(1-2p)$ numerically gives the bound at $\Delta = 1$, at the stated $p$ (or $1 - p$)."""
    from scipy.optimize import minimize_scalar

    bound_fn, p_star = subject
    res = minimize_scalar(lambda p: -(p * (1 - p) * (1 - 2 * p)), bounds=(0, 1), method="bounded",
                          options={"xatol": 1e-12})
    ev.close(bound_fn(1.0), -res.fun, rtol=1e-9, what="max μ₃ on {0,1}", labels=("bound(1)", "numerical max of μ₃"))
    ev.that(bool(min(abs(p_star - res.x), abs(1 - p_star - res.x)) < 1e-5),
            f"stated maximiser p = {p_star:.6g}, numerical maximiser {res.x:.6g}", claimed=p_star, observed=res.x,
            labels=("stated maximiser p", "numerical maximiser"))
    ev.metric("numerical max of μ₃", -res.fun)
    ev.metric("numerical argmax p", res.x)


# -- Thm App 4.2 -------------------------------------------------------------------------------------


@C.KL_CUBIC.check(given={"n": st.integers(2, 5), "seed": st.integers(0, 2**32 - 1),
                         "tau": st.one_of(st.floats(1e-3, 30.0), st.floats(-30.0, -1e-3))},
                  examples=30, precision="mpmath 50 digits",
                  tolerance="none beyond 50-digit arithmetic (float64 gives fake violations at tiny τΔ)")
def kl_remainder_within_bound(subject, ev, n, seed, tau):
    r"""$|\operatorname{KL}(p(\tau) \,\|\, p(0)) - \tau^2\operatorname{Var}/2| \le$ bound$(\tau, \Delta)$ at 50 digits;
    near-extremal two-point laws included."""
    rng = np.random.default_rng(seed)
    if n == 2:  # two-point laws near the extremal p = (3 − √3)/6
        p = F.THIRD_MOMENT_EXTREMAL_P + rng.uniform(-0.05, 0.05)
        logits, slopes = [math.log(p), math.log(1 - p)], [1.0, 0.0]
    else:
        logits, slopes = rng.normal(0, 2, n).tolist(), rng.normal(0, 1, n).tolist()
    width = max(slopes) - min(slopes)
    with mpmath.workdps(50):
        t = mpmath.mpf(tau)
        p0 = F._tilted(logits, slopes, 0)
        m = mpmath.fsum(p * a for p, a in zip(p0, slopes))
        var = mpmath.fsum(p * (a - m) ** 2 for p, a in zip(p0, slopes))
        rem = abs(F.kl_forward(logits, slopes, t) - t**2 / 2 * var)
        bound = mpmath.mpf(subject(tau, width))
        ev.show("logits", logits)
        ev.show("slopes", slopes)
        ev.show("remainder (50 digits)", mpmath.nstr(rem, 20))
        ev.show("bound(τ, Δ)", float(bound))
        ev.le(float(rem / bound), 1.0, what="remainder / bound", context=f"n={n}, seed={seed}, τ={tau:.4g}",
              labels=("remainder / bound", "1"))


@C.KL_CUBIC.check(given=None, precision="mpmath 50 digits",
                  tolerance="ratio → 1: within 1e-4 at |τ| = 1e-5 (next term O(τΔ))")
def constant_is_sharp(subject, ev):
    r"""At the extremal two-point law, remainder/bound $\to 1$ as $\tau \to 0$ (both signs of $\tau$)."""
    with mpmath.workdps(50):
        p = (3 - mpmath.sqrt(3)) / 6
        logits, slopes = [mpmath.log(p), mpmath.log(1 - p)], [1, 0]
        rows = []
        for tau in (mpmath.mpf("-1e-5"), mpmath.mpf("1e-5"), mpmath.mpf("0.1"), mpmath.mpf("1")):
            rem = abs(F.kl_forward(logits, slopes, tau) - tau**2 / 2 * p * (1 - p))
            ratio = rem / mpmath.mpf(subject(float(tau), 1.0))
            rows.append({"tau": float(tau), "remainder/bound": float(ratio)})
            if abs(tau) < 1e-3:
                ev.close(1.0, float(ratio), atol=1e-4, what="remainder/bound as τ → 0", context=f"τ={float(tau)}",
                         labels=("remainder/bound the sharp constant gives as τ → 0", "remainder/bound at 50 digits"))
        ev.table("sharpness at the extremal law", rows)
