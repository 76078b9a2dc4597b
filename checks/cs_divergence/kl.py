"""Checks of S3: each reading of the CS–KL relation over random Gaussian pairs (d ≤ 4, random rotations,
eigenvalues in [0.1, 10], means in [−6, 6]), counterexamples re-verified with mpmath at 50 digits.

D_CS and the KLs come from the subject (mutants replace one of them); the bound's right side is built from the KL
as each statement says.
"""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.cs_divergence import claims_kl as C
from ...theorems.cs_divergence import formulas as F
from .strategies import WITNESS, dimensions, gaussian_pair, seeds

# The two sides are computed to ~1e-13 relative (condition numbers ≤ 100); a violation smaller than this slack is
# not counted. The mutants and the counterexamples are off by O(0.1) or more.
SLACK = 1e-9
DIGITS = 50


def _rhs(kind: str, kl, mu1, s1, mu2, s2):
    forward, backward = kl(mu1, s1, mu2, s2), kl(mu2, s2, mu1, s1)
    return {"forward": forward, "min": min(forward, backward), "half_sum": 0.5 * (forward + backward)}[kind]


def _rhs_mp(kind: str, mu1, s1, mu2, s2):
    forward, backward = F.kl_mp(mu1, s1, mu2, s2), F.kl_mp(mu2, s2, mu1, s1)
    return {"forward": forward, "min": min(forward, backward), "half_sum": (forward + backward) / 2}[kind]


def _confirm(kind: str, pair_kind: str):
    def confirm(subject, seed, d):
        mu1, s1, mu2, s2 = gaussian_pair(seed, d, pair_kind)
        with mpmath.workdps(DIGITS):
            m = F.to_mp(mu1, s1, mu2, s2)
            dcs, rhs = F.dcs_mp(*m), _rhs_mp(kind, *m)
            return bool(dcs > rhs), (f"at {DIGITS} digits D_CS = {mpmath.nstr(dcs, 20)} and the bound "
                                     f"{mpmath.nstr(rhs, 20)}")
    return confirm


def _bound_check(claim, kind: str, pair_kind: str, label: str, examples: int = 12, regressions=()):
    @claim.check(given={"seed": seeds, "d": dimensions}, examples=examples, precision="float64, "
                 f"re-verified with mpmath at {DIGITS} digits", tolerance=f"absolute and relative slack {SLACK:g}",
                 confirm=_confirm(kind, pair_kind), regressions=regressions, name="search_for_violations")
    def search_for_violations(subject, ev, seed, d):
        mu1, s1, mu2, s2 = gaussian_pair(seed, d, pair_kind)
        ev.show("μ₁", mu1)
        ev.show("Σ₁", s1)
        ev.show("μ₂", mu2)
        ev.show("Σ₂", s2)
        dcs = subject["dcs"](mu1, s1, mu2, s2)
        rhs = _rhs(kind, subject["kl"], mu1, s1, mu2, s2)
        ev.show("D_CS, bound", [dcs, rhs])
        ev.le(dcs, rhs + SLACK * (1 + abs(rhs)), what=f"D_CS ≤ {label}", labels=("D_CS", label))

    return search_for_violations


_bound_check(C.KL_BOUND, "forward", "any", "KL(p‖q)", regressions=[WITNESS])
_bound_check(C.KL_MIN, "min", "any", "min(KL(p‖q), KL(q‖p))", regressions=[WITNESS])
_bound_check(C.KL_SYMMETRIC, "half_sum", "mixed", "(KL(p‖q) + KL(q‖p))/2")
_bound_check(C.WIDER_P, "forward", "wider", "KL(p‖q)", regressions=[WITNESS])

SURVEY_PAIRS = 150


def _survey(claim, kind: str):
    def worst(subject):
        worst_gap, worst_case, violated = -np.inf, None, 0
        for seed in range(1, SURVEY_PAIRS + 1):
            d = 1 + seed % 4
            mu1, s1, mu2, s2 = gaussian_pair(seed, d)
            gap = subject["dcs"](mu1, s1, mu2, s2) - _rhs(kind, subject["kl"], mu1, s1, mu2, s2)
            violated += gap > SLACK
            if gap > worst_gap:
                worst_gap, worst_case = gap, (seed, d)
        return violated / SURVEY_PAIRS, worst_gap, worst_case

    def confirm(subject):
        _, _, (seed, d) = worst(subject)
        return _confirm(kind, "any")(subject, seed, d)

    @claim.check(precision=f"float64 over {SURVEY_PAIRS} pairs; the worst re-verified with mpmath at {DIGITS} digits",
                 tolerance=f"slack {SLACK:g}", confirm=confirm, name="survey_of_violations")
    def survey_of_violations(subject, ev):
        fraction, gap, (seed, d) = worst(subject)
        ev.metric("violated_fraction", fraction)
        ev.metric("largest_violation", gap)
        mu1, s1, mu2, s2 = gaussian_pair(seed, d)
        ev.show("the worst pair: μ₁, μ₂", [mu1, mu2])
        ev.show("Σ₁", s1)
        ev.show("Σ₂", s2)
        ev.le(fraction, 0.0, what="fraction of pairs violating the bound",
              labels=("fraction violated", "0 (the bound holds for every pair)"))


_survey(C.KL_BOUND, "forward")
_survey(C.KL_MIN, "min")

# D_CS and KL at equal covariances: both ~1e-13 relative in float64; the mpmath route at 30 digits.
EQUAL_RTOL = 1e-10


@C.KL_EQUAL_COV.check(given={"seed": seeds, "d": dimensions}, examples=10, precision="float64 and mpmath 30 digits",
                      tolerance=f"relative {EQUAL_RTOL:g}")
def equal_at_shared_covariance(subject, ev, seed, d):
    r"""With $\Sigma_1 = \Sigma_2$: $D_{CS}$ equals $\mathrm{KL}(p\|q)$, and both equal $\frac{1}{2}\Delta^\top
    \Sigma^{-1}\Delta$ computed at 30 digits."""
    mu1, s1, mu2, s2 = gaussian_pair(seed, d, "shared")
    ev.show("Δ", mu1 - mu2)
    ev.show("Σ", s1)
    with mpmath.workdps(30):
        delta = mpmath.matrix([mpmath.mpf(float(x)) for x in mu1 - mu2])
        truth = float((delta.T * mpmath.lu_solve(mpmath.matrix(s1.tolist()), delta))[0] / 2)
    dcs, kl = subject["dcs"](mu1, s1, mu2, s2), subject["kl"](mu1, s1, mu2, s2)
    ev.close(dcs, kl, rtol=EQUAL_RTOL, atol=1e-12, what="D_CS = KL", labels=("D_CS", "KL(p‖q)"))
    ev.close(dcs, truth, rtol=EQUAL_RTOL, atol=1e-12, what="D_CS = ΔᵀΣ⁻¹Δ/2", labels=("D_CS", "ΔᵀΣ⁻¹Δ/2 (30 digits)"))


@C.MIN_REFINED.check(given={"seed": seeds, "d": dimensions, "same": st.sampled_from(["same_mean", "shared"])},
                     examples=12, precision=f"float64, re-verified with mpmath at {DIGITS} digits",
                     tolerance=f"slack {SLACK:g}")
def search_for_violations(subject, ev, seed, d, same):
    r"""With equal means or equal covariances: $D_{CS} \le \min(\mathrm{KL}(p\|q), \mathrm{KL}(q\|p))$."""
    mu1, s1, mu2, s2 = gaussian_pair(seed, d, same)
    ev.show("μ₁, μ₂", [mu1, mu2])
    ev.show("Σ₁", s1)
    ev.show("Σ₂", s2)
    dcs = subject["dcs"](mu1, s1, mu2, s2)
    rhs = _rhs("min", subject["kl"], mu1, s1, mu2, s2)
    ev.le(dcs, rhs + SLACK * (1 + abs(rhs)), what="D_CS ≤ min of the KLs", labels=("D_CS", "min(KL(p‖q), KL(q‖p))"))
