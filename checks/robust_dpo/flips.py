"""Monte Carlo over label flips: the second route for robust_dpo.unbiased_loss, robust_dpo.cdpo_bias and
robust_dpo.flip_variance (the first is the engine's 30-digit comparison with another expression)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from claimkit.stats import normal_tail

from ...theorems.robust_dpo import formulas as F
from ...theorems.robust_dpo.claims_loss import CDPO_BIAS, UNBIASED, VARIANCE
from .strategies import seeds

SAMPLES = 20_000
# a 5.5-standard-error z-test: false alarm 3.8e-8 per example; 6 examples in the family: 2.3e-7
Z = 5.5
RATE = normal_tail(Z)
CASES = {"h": st.floats(-20.0, 20.0), "epsilon": st.floats(0.02, 0.49), "beta": st.floats(0.05, 10.0), "seed": seeds}


def _signs(rng, eps, size):
    return np.where(rng.random(size) < eps, -1.0, 1.0)


def _z_test(ev, claimed, draws, what):
    mean, se = float(np.mean(draws)), float(np.std(draws, ddof=1) / np.sqrt(draws.size))
    ev.show("Monte Carlo mean and standard error", [mean, se])
    ev.le(abs(claimed - mean) / se, Z, what=f"|{what} − Monte Carlo mean| in standard errors",
          labels=("standard errors", "threshold"))


def _usable(ev, h, beta):
    ev.assume(abs(beta * h) >= 0.1, "the flip variance vanishes at h = 0: no standard error to test against")


@UNBIASED.check(given=CASES, examples=2, precision=f"float64 Monte Carlo, {SAMPLES} flips",
                tolerance=f"{Z} standard errors", false_alarm_rate=RATE, power="cdpo_as_rdpo: off by "
                "2ε(1 − ε)βh, over 20 standard errors for most drawn cases")
def flip_average(subject, ev, h, epsilon, beta, seed):
    """The claimed flip average equals the mean of ℓ̂_ε over simulated flips."""
    _usable(ev, h, beta)
    rng = np.random.default_rng(seed)
    draws = F.rdpo(_signs(rng, epsilon, SAMPLES) * h, epsilon, beta)
    _z_test(ev, subject(h=h, epsilon=epsilon, beta=beta), draws, "E flip")


@CDPO_BIAS.check(given=CASES, examples=2, precision=f"float64 Monte Carlo, {SAMPLES} flips",
                 tolerance=f"{Z} standard errors", false_alarm_rate=RATE, power="generated mutants (a factor or sign "
                 "changed): off by a multiple of the bias")
def bias_by_simulation(subject, ev, h, epsilon, beta, seed):
    """The claimed bias equals the mean of ℓ_cDPO(±h) − ℓ(h) over simulated flips."""
    _usable(ev, h, beta)
    rng = np.random.default_rng(seed)
    draws = F.cdpo(_signs(rng, epsilon, SAMPLES) * h, epsilon, beta) - F.dpo(h, beta)
    _z_test(ev, subject(h=h, epsilon=epsilon, beta=beta), draws, "bias")


@VARIANCE.check(given=CASES, examples=2, precision=f"float64 Monte Carlo, {SAMPLES} pairs of flips",
                tolerance=f"{Z} standard errors", false_alarm_rate=RATE, power="generated mutants (an exponent or "
                "factor changed)")
def variance_by_simulation(subject, ev, h, epsilon, beta, seed):
    """The claimed variance equals the mean of ½(ℓ̂_ε(s₁h) − ℓ̂_ε(s₂h))² over two independent flips."""
    _usable(ev, h, beta)
    rng = np.random.default_rng(seed)
    a, b = _signs(rng, epsilon, SAMPLES), _signs(rng, epsilon, SAMPLES)
    draws = 0.5 * (F.rdpo(a * h, epsilon, beta) - F.rdpo(b * h, epsilon, beta)) ** 2
    _z_test(ev, subject(h=h, epsilon=epsilon, beta=beta), draws, "variance")
