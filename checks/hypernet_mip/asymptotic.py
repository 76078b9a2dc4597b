"""Checks of M2 (h(cγ)/c → h₀(γ) at rate 1/c, with the bound K/c) and M3's second part (one SGD step): float64
errors against the bound, a fitted log-log slope, the exact coefficient c·error in rationals, central differences of
the loss for the bias update, and exact rationals for the witness of a refutation."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from ...theorems.hypernet_mip import formulas as F
from ...theorems.hypernet_mip.claims_homogeneity import BIAS_ASYMPTOTIC, SGD_STEP, SGD_STEP_ASYMPTOTIC
from ...theorems.hypernet_mip.library import bias_asymptotic_bound
from .strategies import abs_net_scale, exact_vector, pre_activations, random_net, seeds, without_biases

# h(cγ)/c carries roundoff (depth·width + 2)·ε·scale ≤ 1e-14·scale with scale the absolute-value network at γ plus
# |b|/c terms; ROUNDOFF leaves 100× headroom and is far below the errors K/c ≥ 1e-6·K tested.
ROUNDOFF = 1e-12


def _case(seed: int, depth: int, width: int, zero_output_bias: bool):
    rng = np.random.default_rng(seed)
    sizes = [int(rng.integers(1, 5)), *([width] * (depth - 1)), int(rng.integers(1, 4))]
    net = random_net(rng, sizes, bias_scale=1.0)
    if zero_output_bias:
        net[-1] = (net[-1][0], np.zeros_like(net[-1][1]))
    return net, rng.standard_normal(sizes[0])


def _error(net, gamma, c: float, slope: float) -> float:
    act = F.leaky(slope)
    return float(np.linalg.norm(F.forward(net, c * gamma, act) / c - F.forward(without_biases(net), gamma, act)))


def _rate(subject) -> float | int:
    rate = float(subject["rate"])
    return int(rate) if rate.is_integer() else rate


@BIAS_ASYMPTOTIC.check(given={"seed": seeds, "depth": st.integers(1, 4), "width": st.integers(1, 16),
                              "log_c": st.floats(0, 6), "slope": st.sampled_from([0.0, 0.01, 0.5]),
                              "zero_output_bias": st.booleans()}, examples=10,
                       regressions=[{"seed": 3, "depth": 3, "width": 4, "log_c": 3.0, "slope": 0.0,
                                     "zero_output_bias": True}],
                       precision="float64", tolerance=f"absolute {ROUNDOFF:g}·scale of the network (ROUNDOFF)")
def bound_for_every_c(subject, ev, seed, depth, width, log_c, slope, zero_output_bias):
    r"""$\lVert h(c\gamma)/c - h_0(\gamma)\rVert \le K/c^{\mathrm{rate}}$ for $c = 10^{\mathrm{log\_c}}$."""
    net, gamma = _case(seed, depth, width, zero_output_bias)
    c = 10.0**log_c
    err = _error(net, gamma, c, slope)
    bound = subject["bound"](net) / c ** subject["rate"]
    ev.show("γ", gamma)
    ev.show("error", err)
    ev.le(err, bound + ROUNDOFF * abs_net_scale(net, gamma), what="error ≤ K/c", labels=("error", "K/c"))


@BIAS_ASYMPTOTIC.check(given={"seed": seeds, "depth": st.integers(1, 4), "width": st.integers(1, 16),
                              "slope": st.sampled_from([0.0, 0.01, 0.5])}, examples=6, min_valid=3,
                       precision="float64, least squares on 7 values of c from 1e3 to 1e6",
                       tolerance="|slope + rate| ≤ 0.02 (the error is exactly a/c beyond the threshold; roundoff "
                                 "moves log error by below 1e-6)")
def fitted_slope(subject, ev, seed, depth, width, slope):
    r"""The slope of $\log$ error against $\log c$ is $-$rate."""
    net, gamma = _case(seed, depth, width, False)
    pre = pre_activations(without_biases(net), gamma, slope)
    ev.assume(float(np.min(np.abs(pre))) > 1e-2)
    cs = np.geomspace(1e3, 1e6, 7)
    errs = np.array([_error(net, gamma, c, slope) for c in cs])
    ev.assume(bool(np.all(errs > 1e-9 * abs_net_scale(net, gamma) / cs)))
    fitted = float(np.polyfit(np.log(cs), np.log(errs), 1)[0])
    ev.metric("slopes", f"{fitted:.6f}")
    ev.show("errors at c = 1e3 … 1e6", errs)
    ev.close(fitted, -float(subject["rate"]), atol=0.02, what="fitted slope", labels=("fitted slope", "−rate"))


@BIAS_ASYMPTOTIC.check(given={"seed": seeds, "depth": st.integers(1, 3), "width": st.integers(1, 4),
                              "slope": st.sampled_from([0.0, 0.01])}, examples=8, min_valid=4,
                       precision="exact rationals", tolerance="exact equality")
def exact_coefficient(subject, ev, seed, depth, width, slope):
    r"""$c^{\mathrm{rate}}(h(c\gamma)/c - h_0(\gamma))$ is the same vector at $c = 10^8$ and $10^9$, exactly."""
    net, gamma = _case(seed, depth, width, False)
    ev.assume(float(np.min(np.abs(pre_activations(without_biases(net), gamma, slope)))) > 1e-6)
    g = exact_vector(gamma)
    s = Fraction(slope)
    base = F.forward_exact(without_biases(net), g, s)
    rate = _rate(subject)
    coefficients = []
    for c in (Fraction(10**8), Fraction(10**9)):
        out = F.forward_exact(net, [c * v for v in g], s)
        coefficients.append([(o / c - b) * c**rate for o, b in zip(out, base)])
    ev.show("coefficient at c = 1e8", [float(v) for v in coefficients[0]])
    ev.that(coefficients[0] == coefficients[1], "c^rate·error differs between c = 1e8 and 1e9",
            claimed=[float(v) for v in coefficients[0]], observed=[float(v) for v in coefficients[1]],
            labels=("at c = 1e8", "at c = 1e9"))


# -- M3: one SGD step ---------------------------------------------------------------------------------------------


def _step_case(seed: int, depth: int, width: int, witness: bool):
    if witness:  # the smallest witness: 1-1-1 ReLU, w = 1, γ = 1, y = 2, η = 1/2
        return [(np.array([[1.0]]), np.zeros(1)), (np.array([[1.0]]), np.zeros(1))], np.array([1.0]), \
            np.array([2.0]), 0.5, 0.0
    rng = np.random.default_rng(seed)
    sizes = [int(rng.integers(1, 4)), *([width] * depth), int(rng.integers(1, 4))]
    net = [(w, np.zeros(w.shape[0])) for w, _ in random_net(rng, sizes)]
    return net, rng.standard_normal(sizes[0]), rng.standard_normal(sizes[-1]), float(rng.uniform(0.01, 0.5)), 0.01


def _confirm_step(subject, seed, depth, width, witness, c):
    """Re-verify in exact rationals (the stepped float weights read as rationals): h(cγ) ≠ c·h(γ)."""
    net, gamma, y, lr, slope = _step_case(seed, depth, width, witness)
    stepped = subject(net, gamma, y, lr, slope)
    g, cq, s = exact_vector(gamma), Fraction(c), Fraction(slope)
    lhs = F.forward_exact(stepped, [cq * v for v in g], s)
    rhs = [cq * v for v in F.forward_exact(stepped, g, s)]
    return lhs != rhs, f"exactly h(cγ) = {[str(v) for v in lhs][:3]}, c·h(γ) = {[str(v) for v in rhs][:3]}"


@SGD_STEP.check(given={"seed": seeds, "depth": st.integers(1, 2), "width": st.integers(1, 6),
                       "witness": st.booleans(), "c": st.floats(2, 10)}, examples=10,
                regressions=[{"seed": 0, "depth": 1, "width": 1, "witness": True, "c": 2.0}],
                precision="float64; a counterexample re-verified in exact rationals", confirm=_confirm_step,
                tolerance=f"absolute {ROUNDOFF:g}·c·scale (ROUNDOFF)")
def proportional_after_step(subject, ev, seed, depth, width, witness, c):
    r"""After one SGD step from zero biases, $h(c\gamma)$ against $c\,h(\gamma)$."""
    net, gamma, y, lr, slope = _step_case(seed, depth, width, witness)
    stepped = subject(net, gamma, y, lr, slope)
    act = F.leaky(slope)
    ev.show("biases after the step", [b for _, b in stepped])
    ev.show("weights after the step", [w for w, _ in stepped])
    ev.close(F.forward(stepped, c * gamma, act), c * F.forward(stepped, gamma, act),
             atol=ROUNDOFF * c * abs_net_scale(stepped, gamma), what="h(cγ)", labels=("h(cγ)", "c·h(γ)"))


def _loss(net, gamma, y, slope):
    r = F.forward(net, gamma, F.leaky(slope)) - y
    return 0.5 * float(r @ r)


# Central differences with step H on a piecewise-quadratic loss (away from kinks, which the check rejects): the
# truncation is 0, the roundoff ε·L/H ≈ 1e-10·L; BIAS_TOL leaves 1000× headroom; the mutants are off by ½ or all.
H = 1e-6
BIAS_TOL = 1e-6


@SGD_STEP_ASYMPTOTIC.check(given={"seed": seeds, "depth": st.integers(1, 3), "width": st.integers(1, 8)},
                           examples=10, min_valid=5, precision="float64 central differences of the loss",
                           tolerance=f"absolute {BIAS_TOL:g}·η·(1 + ‖∇_b L‖) (BIAS_TOL; step H = {H:g})")
def bias_update_matches_differences(subject, ev, seed, depth, width):
    r"""The stepped biases equal $-\eta\,\partial L/\partial b_l$ by central differences, and the stepped network
    keeps $\lVert h(c\gamma)/c - h_0(\gamma)\rVert \le K/c$ (library bias_asymptotic_bound) at $c = 10^3$."""
    net, gamma, y, lr, slope = _step_case(seed, depth, width, False)
    ev.assume(float(np.min(np.abs(pre_activations(net, gamma, slope)))) > 1e-4)
    stepped = subject(net, gamma, y, lr, slope)
    for li, (_, b) in enumerate(net):
        grad = np.empty_like(b)
        for j in range(b.size):
            plus = [(ww, bb.copy()) for ww, bb in net]
            minus = [(ww, bb.copy()) for ww, bb in net]
            plus[li][1][j] += H
            minus[li][1][j] -= H
            grad[j] = (_loss(plus, gamma, y, slope) - _loss(minus, gamma, y, slope)) / (2 * H)
        ev.close(stepped[li][1], -lr * grad, atol=BIAS_TOL * lr * (1 + float(np.linalg.norm(grad))),
                 what=f"b_{li + 1} after the step", labels=("stepped bias", "−η·∂L/∂b by differences"))
    ev.show("output bias after the step", stepped[-1][1])
    c = 1e3
    ev.le(_error(stepped, gamma, c, slope), bias_asymptotic_bound(stepped) / c
          + ROUNDOFF * abs_net_scale(stepped, gamma), what="error ≤ K/c at c = 1e3", labels=("error", "K/c"))
