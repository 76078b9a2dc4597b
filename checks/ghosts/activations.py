"""Checks of App. 2: activation singularities and the per-neuron cap on the loss radius.

Ground truth: the argument principle on each activation's denominator, the exact power series of erf
(GELU), and exact series recursions of the loss of a one-neuron step.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.ghosts import claims as C
from .ground_truth import GROWN, OUTSIDE, TAYLOR_N, WIND_GAP, _wind
from .numerics import max_scaled_term, tanh_neuron_loss_coefficients

# -- App. 2 --------------------------------------------------------------------------------------------

# Singularities are zeros of the denominators: sigmoid = 1/(1+e^{−x}), SiLU = x·sigmoid,
# softplus = log(1 + e^{x}), tanh = (e^x − e^{−x})/(e^x + e^{−x}). Each denominator is an F(s) around h.
_DENOMINATORS = {
    "sigmoid": lambda h: ([0.0, -h], [0.0, -1.0]),
    "silu": lambda h: ([0.0, -h], [0.0, -1.0]),
    "softplus": lambda h: ([0.0, h], [0.0, 1.0]),
    "tanh": lambda h: ([h, -h], [1.0, -1.0]),
}


@C.ACTIVATIONS.check(given={"h": st.floats(-8.0, 8.0)}, examples=5, precision="float64 argument principle",
                     tolerance=f"circles at (1 ∓ {WIND_GAP})·ρ around the pre-activation h")
def denominators_vanish_at_stated_distance(subject, ev, h):
    r"""For each activation, its denominator has no zero within $(1 - \varepsilon)\rho(h)$ of $h$ and one within
    $(1 + \varepsilon)\rho(h)$."""
    ev.show("ρ(h) per activation", {name: subject[name](h) for name in _DENOMINATORS})
    for name, make in _DENOMINATORS.items():
        rho = subject[name](h)
        ev.finite(rho, f"{name} radius")
        z, a = make(h)
        inner, outer = _wind(ev, z, a, (1 - WIND_GAP) * rho), _wind(ev, z, a, (1 + WIND_GAP) * rho)
        ev.show(f"{name}: zeros inside (1 − ε)ρ, (1 + ε)ρ", [inner, outer])
        ev.close(0, inner, what=f"{name}: zeros inside (1−ε)ρ", context=f"h={h:.4g}",
                 labels=("zeros the claim puts inside", "winding number"))
        ev.le(1, outer, what=f"{name}: zeros inside (1+ε)ρ", context=f"h={h:.4g}", labels=("1", "winding number"))


def _gelu_terms(R: float, ks: range) -> float:
    """max over k in ks of |c_{2k+2}| R^{2k+2}, c from erf's series: GELU = x/2 + (x/2) erf(x/√2)."""
    with mpmath.workdps(30):
        best = mpmath.mpf(0)
        for k in ks:
            logc = (-mpmath.log(mpmath.sqrt(2 * mpmath.pi)) - k * mpmath.log(2) - mpmath.loggamma(k + 1)
                    - mpmath.log(2 * k + 1))
            best = max(best, mpmath.exp(logc + (2 * k + 2) * mpmath.log(R)))
        return float(best)


@C.ACTIVATIONS.check(given=None, precision="mpmath 30 digits, exact power series of erf",
                     tolerance="terms |c_n| R^n < 1e-3 for n ≈ 600 decide convergence at R")
def gelu_series_radius(subject, ev):
    """GELU's Taylor series at 0 converges at R = 10 (if called entire) or at twice the radius claimed."""
    R = subject["gelu"](0.0)
    ks = range(290, 300)
    if math.isinf(R):
        ev.le(_gelu_terms(10.0, ks), 1e-3, what="GELU Taylor terms at R = 10")
    else:
        ev.that(_gelu_terms(2 * R, ks) > 1e-3, f"GELU's series converges at 2×{R:.4g}: no singularity at {R:.4g}")
    ev.metric("max |c_n| 10^n, n ≈ 600", _gelu_terms(10.0, ks))


def _per_neuron_net(seed, shared):
    """(W1, b1, W2) of a 1 → 2 (tanh) → 2 net drawn from ``seed``; ``shared``: neuron 0's output weights are
    equal across classes."""
    rng = np.random.default_rng(seed)
    W1, b1 = rng.normal(0, 1, 2), rng.normal(0, 1, 2)
    W2 = rng.normal(0, 1, (2, 2))
    if shared:
        W2[1, 0] = W2[0, 0]
    return W1, b1, W2


def _per_neuron_case(seed, shared):
    """The net at input x = 1, target class 0; the step moves neuron 0's input weight: (h0, Δw, c)."""
    W1, b1, W2 = _per_neuron_net(seed, shared)
    h0 = W1[0] + b1[0]
    dw = W2[1, 0] - W2[0, 0]                     # z_1 − z_0 = dw·tanh(h0 + τ) + c
    c = (W2[1, 1] - W2[0, 1]) * math.tanh(W1[1] + b1[1])
    return h0, dw, c


# The pole of tanh enters the loss through e^{dw·tanh}: its weight in the coefficients shrinks with
# |dw| and with the distance of h0 from 0, so a weak pole needs a longer series before the terms at
# 1.1·ρ grow (seed 229007: dw = −0.0048, h0 = −5.8 gives growth 1.6 at N = 100, 4e4 at N = 200).
# The test lengthens the series (more evidence) instead of lowering its threshold.
PER_NEURON_SERIES = (TAYLOR_N, 2 * TAYLOR_N, 4 * TAYLOR_N)


def _loss_terms_beyond_cap(subject, seed, shared, dps):
    """(cap, max_{N/2≤n≤N} |l_n| (1.1·cap)^n) for the loss series along the step; N grows from 100 to
    400 while the terms have not grown."""
    rho_fn, cap_fn = subject
    h0, dw, c = _per_neuron_case(seed, shared)
    cap = cap_fn([rho_fn(h0, 1.0), math.inf])  # neuron 1 does not move: ḣ_1 = 0, ρ_1 = ∞
    grown = 0.0
    for n_terms in PER_NEURON_SERIES:
        coeffs = tanh_neuron_loss_coefficients(h0, dw, c, n_terms, dps=dps)
        grown = max_scaled_term(coeffs, OUTSIDE * cap, (n_terms // 2, n_terms + 1))
        if grown >= GROWN or all(coeff == 0 for coeff in coeffs[1:]):
            break  # grown, or the loss is exactly flat along the step (zeros stay zeros in the recursions)
    return cap, grown


def _confirm_per_neuron(subject, seed, shared):
    cap, grown = _loss_terms_beyond_cap(subject, seed, shared, 60)
    return grown < GROWN, (f"at 60 digits and up to {PER_NEURON_SERIES[-1]} terms, the loss's Taylor terms at "
                           f"1.1·min_j ρ_j = {1.1 * cap:.4g} peak at {grown:.3g} (< {GROWN}): the series "
                           "converges beyond min_j ρ_j")


def _per_neuron_check(subject, ev, seed, shared):
    W1, b1, W2 = _per_neuron_net(seed, shared)
    h0, dw, c = _per_neuron_case(seed, shared)
    ev.show("input weights W1", W1)
    ev.show("biases b1", b1)
    ev.show("output weights W2 (rows: classes)", W2)
    ev.show("h0 (moving neuron's pre-activation)", h0)
    ev.show("Δw = W2[1, 0] − W2[0, 0]", dw)
    ev.show("c (the other neuron's logit gap)", c)
    cap, grown = _loss_terms_beyond_cap(subject, seed, shared, 30)
    ev.show("min_j ρ_j", cap)
    ev.show("largest loss Taylor term at 1.1 min_j ρ_j", grown)
    ev.le(GROWN, grown, what="loss Taylor terms at 1.1·min_j ρ_j (radius ≤ min_j ρ_j)",
          context=f"seed={seed}, output weights of neuron 0 equal across classes: {shared}",
          labels=("growth threshold", "largest loss Taylor term at 1.1 min_j ρ_j"))


# The counterexample the search below shrinks to (ci seed): the check tries it first, so a run does not repeat the
# search (seven passing draws, each up to 400 series terms) and the shrinking that found it.
SHARED_NEURON = {"seed": 0, "shared": True}


@C.PER_NEURON.check(given={"seed": st.integers(0, 2**32 - 1), "shared": st.booleans()}, examples=10,
                    confirm=_confirm_per_neuron, regressions=[SHARED_NEURON],
                    precision="mpmath 30 digits, exact series recursions (N = 100, up to 400)",
                    tolerance="term growth ≥ 10 at 1.1·min_j ρ_j (see TAYLOR_N)")
def loss_radius_within_smallest_neuron_radius(subject, ev, seed, shared):
    r"""The exact Taylor terms of $\ell(\tau)$ grow at $1.1\min_j \rho_j$, i.e. the loss radius is
    $\le \min_j \rho_j$."""
    _per_neuron_check(subject, ev, seed, shared)


@C.PER_NEURON_REFINED.check(given={"seed": st.integers(0, 2**32 - 1)}, examples=6,
                            precision="mpmath 30 digits, exact series recursions (N = 100, up to 400)",
                            tolerance="term growth ≥ 10 at 1.1·ρ_j (see TAYLOR_N, PER_NEURON_SERIES)")
def loss_radius_within_moving_neuron_radius(subject, ev, seed):
    r"""Output weights differ across classes: the exact Taylor terms of $\ell(\tau)$ grow at $1.1\rho_j$."""
    _per_neuron_check(subject, ev, seed, False)

