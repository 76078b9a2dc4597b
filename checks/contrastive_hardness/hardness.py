"""Checks of C3: the relative penalty against the ratio of mpmath derivatives of the loss, its strict increase (read
through the odds (Σ over k ≠ j of r_k) / r_j, which keep their digits when r_j rounds to 1), and the entropy on a
grid of temperatures at 40 digits: the similarities are on the 0.1 grid, so two of them are equal or 0.1 apart, and at
τ ≥ 10⁻² the smallest weight that moves H is e^{−10} relative to the largest, far above 40-digit rounding."""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.contrastive_hardness.claims_hardness import (
    ENTROPY_STRICT,
    ENTROPY_WEAK,
    INCREASING,
    INCREASING_K2,
)
from .strategies import counts, counts_from_two, direction, fractions, mp_directional, seeds, similarities, taus

# r against the ratio of two mpmath derivatives. mpmath.diff at d + 15 digits is good to about d + 15 digits of the
# loss's own scale (1 + |L_i|, |L_i| ≤ 2/τ + log(K + 1)), not of the derivative's: ∂L_i/∂s_ij = P_ij/τ is smaller than
# that scale by e^{(M − s_ij)/τ}/(K + 1), M = max(s_ii, s_i·), i.e. up to e^{−2000} at τ = 10⁻³. At a fixed 45 digits
# a weight of e^{−108} (τ = 0.01) kept only ~12 digits (log r off by 3e-9; thorough profile, seed 1) and a smaller
# one came out as 0. So the derivatives are taken at 30 + ⌈(M − min s_i·)/(τ ln 10) + log10((K + 1)(1 + |L_i|))⌉
# digits, which leaves every weight's derivative 30 digits. The subject at 30 digits carries relative error
# ≲ 10⁻³⁰·|s/τ| ≤ 2e-27 in r; float64 rounds each log to ½ ulp ≤ 1.2e-16·|log r|. 1e-15·(1 + |log r|) leaves a
# factor 4 over the float rounding of both sides; the mutants are off by factors of order 1 (the positive's share,
# linear weights).
RATIO_TOL = 1e-15
#: r_i0 = e^{−108.7} at τ = 0.01: its derivative, taken at a fixed 45 digits, kept ~12 digits (thorough, seed 1)
TINY_WEIGHT = {"count": 4, "seed": 0, "tau": 0.01, "fraction": 0.0}
ENTROPY_DIGITS = 40
#: the temperature grid of the entropy checks: 10^{-2}, 10^{-1.5}, …, 10^{2}
TAU_GRID = [10.0**e for e in np.arange(-2.0, 2.01, 0.5)]


def _ratio_digits(s0, neg, tau):
    """Digits for the derivatives of the ratio check: 30 for the smallest weight's derivative, plus what it lies
    below the loss's scale (see RATIO_TOL)."""
    top, t, terms = max(s0, *neg), float(tau), len(neg) + 1
    loss_scale = 1 + (top - s0) / t + np.log(terms)
    return 30 + int(np.ceil((top - min(neg)) / (t * np.log(10)) + np.log10(terms * loss_scale)))


def _ratio_check(subject, ev, count, seed, tau, fraction):
    sims = similarities(seed, count + 1)
    s0, neg = sims[0], sims[1:]
    j = int(fraction * count)
    with mpmath.workdps(30):
        r = subject(s0, neg, tau)
        total = mpmath.fsum(r)
    digits = _ratio_digits(s0, neg, tau)
    pos = mp_directional(s0, neg, tau, direction(0, count, 0), digits=digits)
    e_j = np.zeros(count + 1)
    e_j[1 + j] = 1.0
    neg_j = mp_directional(s0, neg, tau, e_j, digits=digits)
    truth = abs(neg_j) / abs(pos)
    ev.show("(s_ii, s_i·)", sims)
    ev.close(float(mpmath.log(r[j])), float(mpmath.log(truth)), atol=RATIO_TOL * (1 + abs(float(mpmath.log(truth)))),
             what="log r_i(s_ij)", labels=("the stated r", "|∂L/∂s_ij| / |∂L/∂s_ii| by mpmath"),
             context=f"K={count}, τ={tau:g}, j={j}")
    ev.close(float(total), 1.0, atol=1e-25, what="Σ_k r_ik", labels=("Σ r", "1"))
    ev.that(all(x > 0 for x in r), "a weight is not positive")


def _increase_case(seed, count, fraction, delta):
    neg = similarities(seed, count)
    j = int(fraction * count)
    moved = list(neg)
    moved[j] += delta
    return neg, moved, j


def _odds(subject, neg, tau, j, digits):
    with mpmath.workdps(digits):
        r = subject(0.5, neg, tau)
        return mpmath.fsum(x for k, x in enumerate(r) if k != j) / r[j]


def _increase_check(subject, ev, count, seed, tau, fraction, delta):
    neg, moved, j = _increase_case(seed, count, fraction, delta)
    before, after = _odds(subject, neg, tau, j, 30), _odds(subject, moved, tau, j, 30)
    ev.show("s_i· before", neg)
    ev.show(f"s_i{j} raised by δ", delta)
    ev.show("odds (Σ over k ≠ j of r_k) / r_j before and after", [mpmath.nstr(before, 12), mpmath.nstr(after, 12)])
    ev.that(after < before, f"r_i(s_ij) did not increase when s_ij rose by {delta:g} (K={count}, τ={tau:g}): the odds "
            f"against j went from {mpmath.nstr(before, 12)} to {mpmath.nstr(after, 12)}",
            claimed="a strict increase", observed=f"{mpmath.nstr(before, 12)} → {mpmath.nstr(after, 12)}")


def _confirm_increase(subject, count, seed, tau, fraction, delta):
    neg, moved, j = _increase_case(seed, count, fraction, delta)
    before, after = _odds(subject, neg, tau, j, 60), _odds(subject, moved, tau, j, 60)
    return bool(not after < before), f"at 60 digits the odds go from {mpmath.nstr(before, 20)} to " \
                                     f"{mpmath.nstr(after, 20)}"


INCREASE_GIVEN = {"seed": seeds, "tau": taus, "fraction": fractions, "delta": st.floats(1e-3, 0.5)}
for _claim, _counts in ((INCREASING, counts), (INCREASING_K2, counts_from_two)):
    def matches_gradient_ratio(subject, ev, count, seed, tau, fraction):
        r"""$r_i(s_{ij})$ equals $|\partial L_i/\partial s_{ij}|/|\partial L_i/\partial s_{ii}|$ from mpmath's
        derivatives of the loss, and the weights are positive and sum to 1."""
        _ratio_check(subject, ev, count, seed, tau, fraction)

    def strictly_increasing(subject, ev, count, seed, tau, fraction, delta):
        r"""Raising one similarity $s_{ij}$ by $\delta > 0$ raises $r_i(s_{ij})$ (its odds against fall), at 30
        digits."""
        _increase_check(subject, ev, count, seed, tau, fraction, delta)

    _claim.check(given={"count": _counts, "seed": seeds, "tau": taus, "fraction": fractions}, examples=8,
                 regressions=[TINY_WEIGHT],
                 precision="mpmath: r at 30 digits, the derivatives at 30 + the weights' range in digits",
                 tolerance=f"absolute {RATIO_TOL:g}·(1 + |log r|) on log r",
                 confirm="exact")(matches_gradient_ratio)
    _claim.check(given={"count": _counts, **INCREASE_GIVEN}, examples=12,
                 regressions=[{"count": 1, "seed": 11, "tau": 0.1, "fraction": 0.0, "delta": 0.25}]
                 if _counts is counts else [],
                 precision="mpmath, 30 digits", tolerance="strict inequality of the odds",
                 confirm=_confirm_increase)(strictly_increasing)


def _entropies(subject, neg, digits=ENTROPY_DIGITS, grid=TAU_GRID):
    with mpmath.workdps(digits):
        return [subject(0.5, neg, mpmath.mpf(t)) for t in grid]


def _strict_failures(values):
    return [(a, b) for a, b in zip(range(len(values)), range(1, len(values))) if not values[a] < values[b]]


TIES = [{"count": 1, "seed": 2}, {"count": 4, "seed": -1}]


def _negatives(count, seed):
    """Similarities on the 0.1 grid; seed −1: all equal to 0.3 (a tie)."""
    return [0.3] * count if seed < 0 else similarities(seed, count, grid=True)


def _confirm_entropy_strict(subject, count, seed):
    values = _entropies(subject, _negatives(count, seed), digits=2 * ENTROPY_DIGITS)
    bad = _strict_failures(values)
    return bool(bad), f"at {2 * ENTROPY_DIGITS} digits, H at τ = " + ", ".join(
        f"{TAU_GRID[a]:.3g} and {TAU_GRID[b]:.3g}: {mpmath.nstr(values[a], 15)}, {mpmath.nstr(values[b], 15)}"
        for a, b in bad[:2])


@ENTROPY_STRICT.check(given={"count": counts, "seed": st.integers(0, 2**32 - 1) | st.just(-1)}, examples=8,
                      regressions=TIES, precision=f"mpmath, {ENTROPY_DIGITS} digits",
                      tolerance="strict inequality between neighbouring grid points", confirm=_confirm_entropy_strict)
def entropy_strictly_increasing_on_grid(subject, ev, count, seed):
    r"""$H(r_i)$ at $\tau = 10^{-2}, 10^{-1.5}, \dots, 10^{2}$ is strictly increasing."""
    neg = _negatives(count, seed)
    values = _entropies(subject, neg)
    ev.show("s_i·", neg)
    ev.show("H on the grid", [mpmath.nstr(v, 12) for v in values])
    bad = _strict_failures(values)
    ev.that(not bad, "H does not increase strictly: " + ", ".join(
        f"τ = {TAU_GRID[a]:.3g} → {TAU_GRID[b]:.3g}: {mpmath.nstr(values[a], 12)} → {mpmath.nstr(values[b], 12)}"
        for a, b in bad[:2]), claimed="strictly increasing", observed=[float(v) for v in values])


@ENTROPY_WEAK.check(given={"count": counts, "seed": st.integers(0, 2**32 - 1) | st.just(-1)}, examples=8,
                    regressions=TIES, precision=f"mpmath, {ENTROPY_DIGITS} digits",
                    tolerance="non-strict inequality (strict unless all tied); 1e-9 for log K at τ = 10⁶",
                    confirm="exact")
def entropy_nondecreasing_on_grid(subject, ev, count, seed):
    r"""$H(r_i)$ on the grid never decreases, increases strictly unless all negatives are equal, and is within
    $10^{-9}$ of $\log K$ at $\tau = 10^{6}$ (where $\log K - H \approx \mathrm{Var}(s)/(2\tau^2) \le 10^{-12}$)."""
    neg = _negatives(count, seed)
    values = _entropies(subject, neg)
    ev.show("s_i·", neg)
    ev.show("H on the grid", [mpmath.nstr(v, 12) for v in values])
    tied = len(set(neg)) == 1
    for a in range(len(values) - 1):
        if tied:
            ev.le(float(values[a]), float(values[a + 1]), what="H(τ_a) ≤ H(τ_(a+1))",
                  labels=("H at the smaller τ", "H at the larger τ"))
        else:
            ev.that(values[a] < values[a + 1], f"H at τ = {TAU_GRID[a]:.3g} is not below H at τ = "
                    f"{TAU_GRID[a + 1]:.3g}", claimed="strictly increasing",
                    observed=[float(values[a]), float(values[a + 1])])
    with mpmath.workdps(40):
        far = subject(0.5, neg, mpmath.mpf(10) ** 6)
    ev.close(float(far), float(np.log(count)), atol=1e-9, what="H at τ = 10⁶", labels=("H", "log K"))
