"""Checks of T1 (the covariance of the batch mean gradient), T2 and T3 (the covariance ratios of the learning-rate
rules): every batch enumerated in exact rationals, and a Monte Carlo estimate from numpy's sampler."""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from claimkit.stats import student_t_tail

from ...theorems.train_longer import claims_noise as C
from .exact import enumerated_covariance, exact_ratio_by_enumeration
from .strategies import gradient_sets, scalar_gradient_sets, seeds

TWO_EXAMPLES = ((1,), (-1,))


def _compare_matrices(ev, claimed, truth, what: str, labels: tuple[str, str]) -> None:
    """Entry by entry, exactly (Fractions)."""
    for i, row in enumerate(truth):
        for j, value in enumerate(row):
            ev.close(Fraction(claimed[i][j]), value, what=f"{what}[{i}][{j}]", labels=labels)


def _show_case(ev, grads, batch_size, claimed, truth) -> None:
    ev.show("per-example gradients g_n (rows)", [list(r) for r in grads])
    ev.show("N, M", [len(grads), batch_size])
    ev.show("claimed Cov(ĝ)", [[str(v) for v in row] for row in claimed])
    ev.show("Cov(ĝ) over every batch", [[str(v) for v in row] for row in truth])


# -- T1 -------------------------------------------------------------------------------------------------


@C.COVARIANCE_AS_STATED.check(
    given={"grads": gradient_sets(centred=True), "batch_size": st.integers(1, 9)}, examples=15,
    precision="exact rationals (every batch enumerated)", tolerance="none: exact equality", confirm="exact",
    regressions=[{"grads": TWO_EXAMPLES, "batch_size": 1}])
def enumeration_at_zero_mean(subject, ev, grads, batch_size):
    r"""With $\bar g = 0$ exactly, the stated covariance equals the covariance of $\hat g$ over all
    $\binom{N}{M}$ batches."""
    ev.assume(batch_size <= len(grads))
    truth = enumerated_covariance(grads, batch_size)
    claimed = subject(grads, batch_size)
    _show_case(ev, grads, batch_size, claimed, truth)
    _compare_matrices(ev, claimed, truth, "Cov(ĝ)", ("the stated form", "every batch enumerated"))


@C.COVARIANCE_EXACT.check(
    given={"grads": gradient_sets(), "batch_size": st.integers(1, 9)}, examples=15,
    precision="exact rationals (every batch enumerated)", tolerance="none: exact equality", confirm="exact",
    regressions=[{"grads": TWO_EXAMPLES, "batch_size": 1}])
def matches_enumeration(subject, ev, grads, batch_size):
    r"""The formula equals the covariance of $\hat g$ over all $\binom{N}{M}$ batches, for scalar and vector
    gradients, centred or not."""
    ev.assume(batch_size <= len(grads))
    truth = enumerated_covariance(grads, batch_size)
    claimed = subject(grads, batch_size)
    _show_case(ev, grads, batch_size, claimed, truth)
    _compare_matrices(ev, claimed, truth, "Cov(ĝ)", ("the formula", "every batch enumerated"))


# Monte Carlo: 40 groups of 1500 batches drawn by numpy (random keys, argsort: uniform M-subsets). Each group
# estimates Var ĝ by the mean of (ĝ − ḡ)² (ḡ known exactly); a t-test of the 40 estimates against the claimed
# variance at |t| ≤ 6 (39 degrees of freedom) fails a true formula with probability student_t_tail(6, 39).
MC_GROUPS, MC_PER_GROUP, MC_T = 40, 1500, 6.0
MC_RATE = student_t_tail(MC_T, MC_GROUPS - 1)


@functools.lru_cache(maxsize=64)
def _monte_carlo_variances(grads, batch_size: int, seed: int) -> np.ndarray:
    """The MC_GROUPS estimates of Var ĝ (cached: they do not depend on the formula under test)."""
    g = np.array([r[0] for r in grads], dtype=float)
    rng = np.random.default_rng(seed)
    keys = rng.random((MC_GROUPS * MC_PER_GROUP, len(g)))
    batches = np.argsort(keys, axis=1)[:, :batch_size]
    means = g[batches].mean(axis=1).reshape(MC_GROUPS, MC_PER_GROUP)
    return ((means - g.mean()) ** 2).mean(axis=1)


@C.COVARIANCE_EXACT.check(
    given={"grads": gradient_sets(min_n=6, max_n=12, max_d=1), "batch_size": st.integers(2, 10), "seed": seeds},
    examples=2, precision=f"float64 Monte Carlo, {MC_GROUPS}×{MC_PER_GROUP} batches",
    tolerance=f"|t| ≤ {MC_T:g} with {MC_GROUPS - 1} degrees of freedom", false_alarm_rate=MC_RATE,
    power="the with-replacement, one-over-N and no-correction mutants differ by ≥ 8% (≥ 15 standard errors)")
def matches_monte_carlo(subject, ev, grads, batch_size, seed):
    r"""The variance of $\hat g$ estimated from batches drawn by numpy's sampler without replacement agrees with
    the formula (scalar gradients)."""
    n = len(grads)
    ev.assume(batch_size < n)
    g = np.array([r[0] for r in grads], dtype=float)
    estimates = _monte_carlo_variances(grads, batch_size, seed)
    claimed = float(subject(grads, batch_size)[0][0])
    t = (estimates.mean() - claimed) / (estimates.std(ddof=1) / math.sqrt(MC_GROUPS))
    ev.show("per-example gradients", g.tolist())
    ev.show("N, M", [n, batch_size])
    ev.show("Monte Carlo Var ĝ and its standard error",
            [float(estimates.mean()), float(estimates.std(ddof=1) / math.sqrt(MC_GROUPS))])
    ev.show("claimed Var ĝ", claimed)
    ev.metric("t", float(t))
    ev.le(abs(float(t)), MC_T, what="|t| of the Monte Carlo variance against the formula",
          labels=("|t|", "the threshold"))


# -- T2, T3 ---------------------------------------------------------------------------------------------


def _ratio_case(ev, grads, batch_size, k):
    n = len(grads)
    ev.assume(k * batch_size <= n and batch_size < n)
    return n


@C.SQRT_RULE_AS_STATED.check(
    given={"grads": scalar_gradient_sets, "batch_size": st.integers(1, 5), "k": st.integers(2, 6)}, examples=10,
    precision="exact rationals (every batch enumerated)", tolerance="none: exact equality", confirm="exact",
    regressions=[{"grads": ((1,), (-1,), (1,), (-1,)), "batch_size": 1, "k": 2}])
def ratio_by_enumeration(subject, ev, grads, batch_size, k):
    r"""The ratio $k\operatorname{Var}(\hat g_{kM})/\operatorname{Var}(\hat g_M)$, each variance over every batch,
    equals the claimed ratio."""
    n = _ratio_case(ev, grads, batch_size, k)
    truth = exact_ratio_by_enumeration(grads, batch_size, k, 1)
    ev.show("per-example gradients", [r[0] for r in grads])
    ev.show("N, M, k", [n, batch_size, k])
    ev.close(Fraction(subject(n, batch_size, k)), truth, what="Cov(Δw) after / before",
             labels=("the claim", "every batch enumerated"))


@C.LINEAR_RULE_AS_STATED.check(
    given={"grads": scalar_gradient_sets, "batch_size": st.integers(1, 5), "k": st.integers(2, 6)}, examples=10,
    precision="exact rationals (every batch enumerated)", tolerance="none: exact equality", confirm="exact",
    regressions=[{"grads": ((1,), (-1,), (1,), (-1,)), "batch_size": 1, "k": 2}])
def linear_ratio_by_enumeration(subject, ev, grads, batch_size, k):
    r"""The ratio $k^2\operatorname{Var}(\hat g_{kM})/\operatorname{Var}(\hat g_M)$, each variance over every
    batch, equals the claimed ratio."""
    n = _ratio_case(ev, grads, batch_size, k)
    truth = exact_ratio_by_enumeration(grads, batch_size, k, 2)
    ev.show("per-example gradients", [r[0] for r in grads])
    ev.show("N, M, k", [n, batch_size, k])
    ev.close(Fraction(subject(n, batch_size, k)), truth, what="Cov(Δw) after / before",
             labels=("the claim", "every batch enumerated"))


def _formula_exactly(formula, n, m, k) -> Fraction:
    """The formula's expression at integers, in exact rationals (outside the domains its float call accepts)."""
    value = sp.nsimplify(formula.expr.subs(dict(zip(formula.symbols, (n, m, k)))))
    return Fraction(int(sp.numer(value)), int(sp.denom(value)))


def _register_small_n(claim, lr_power: int, name: str) -> None:
    @claim.check(given={"grads": scalar_gradient_sets, "batch_size": st.integers(1, 5), "k": st.integers(1, 6)},
                 examples=6, precision="exact rationals (every batch enumerated)",
                 tolerance="none: exact equality", confirm="exact", name=name)
    def up_to_the_full_batch(subject, ev, grads, batch_size, k):
        r"""For $N \le 10$, up to the full batch $kM = N$: the formula, in exact rationals, equals the ratio of the
        variances over every batch."""
        n = _ratio_case(ev, grads, batch_size, k)
        truth = exact_ratio_by_enumeration(grads, batch_size, k, lr_power)
        ev.show("per-example gradients", [r[0] for r in grads])
        ev.show("N, M, k", [n, batch_size, k])
        ev.close(_formula_exactly(subject, n, batch_size, k), truth, what="Cov(Δw) after / before",
                 labels=("the formula", "every batch enumerated"))


_register_small_n(C.SQRT_RULE_RATIO, 1, "up_to_the_full_batch")
_register_small_n(C.LINEAR_RULE_RATIO, 2, "up_to_the_full_batch")
