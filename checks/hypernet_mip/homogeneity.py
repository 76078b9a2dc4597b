"""Checks of M1 (homogeneity; the smooth activations' defects) and M4 (the primary network's c^L): float64 against
the absolute-value network's roundoff scale, and exact rationals (mpmath at 40 digits for smooth activations)."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.hypernet_mip import formulas as F
from ...theorems.hypernet_mip.claims_homogeneity import PRIMARY_SCALING, RELU_HOMOGENEOUS, SMOOTH_NOT_HOMOGENEOUS
from .strategies import abs_net_scale, exact_vector, random_net, seeds, slopes

# Roundoff of an MLP of width ≤ 64 and depth ≤ 4: each output is a sum of products bounded by the absolute-value
# network; its error is at most (depth·width + 2)·ε times that scale ≈ 3e-14. HOMOGENEITY_TOL leaves 30× headroom;
# a non-homogeneous activation is off by O(1) of the scale for c away from 1.
HOMOGENEITY_TOL = 1e-12


def _c_from(subject: dict, u: float) -> float:
    lo, hi = subject["c_range"]
    return lo + u * (hi - lo)


@RELU_HOMOGENEOUS.check(given={"seed": seeds, "depth": st.integers(1, 4), "width": st.integers(1, 64),
                               "u": st.floats(0, 1), "slope": slopes}, examples=15,
                        regressions=[{"seed": 0, "depth": 2, "width": 8, "u": 0.0, "slope": 0.0},
                                     {"seed": 1, "depth": 4, "width": 64, "u": 1.0, "slope": 0.01}],
                        precision="float64", tolerance=f"absolute {HOMOGENEITY_TOL:g} times c·‖|W_L|⋯|W_1||γ|‖ "
                                                        "(HOMOGENEITY_TOL: roundoff of the network)")
def float_homogeneity(subject, ev, seed, depth, width, u, slope):
    r"""$h(c\gamma)$ against $c\,h(\gamma)$ for a random bias-free MLP of widths 1 to 64, depths 1 to 4."""
    rng = np.random.default_rng(seed)
    sizes = [int(rng.integers(1, 9)), *([width] * (depth - 1)), int(rng.integers(1, 9))]
    net = random_net(rng, sizes)
    gamma = rng.standard_normal(sizes[0])
    c = _c_from(subject, u)
    act = F.activation_of(subject["activation"], slope)
    lhs, rhs = F.forward(net, c * gamma, act), c * F.forward(net, gamma, act)
    ev.show("γ", gamma)
    ev.show("c", c)
    ev.close(lhs, rhs, atol=HOMOGENEITY_TOL * max(abs(c), 1e-300) * abs_net_scale(net, gamma), what="h(cγ)",
             labels=("h(cγ)", "c·h(γ)"))


def _exact_forward(subject: dict, net, x, slope: float):
    """The network in exact rationals (LeakyReLU) or at 40 digits (other activations)."""
    if subject["activation"] == "leaky":
        return F.forward_exact(net, x, Fraction(slope))
    with mpmath.workdps(40):
        if subject["activation"] == "gelu":
            def act(t):
                return t * (1 + mpmath.erf(t / mpmath.sqrt(2))) / 2
        else:
            def act(t):
                return mpmath.log(1 + mpmath.exp(t)) - mpmath.log(2)
        vec = list(x)
        for i, (w, _) in enumerate(net):
            vec = [mpmath.fsum(mpmath.mpf(float(a)) * v for a, v in zip(row, vec)) for row in np.asarray(w)]
            if i < len(net) - 1:
                vec = [act(v) for v in vec]
        return vec


@RELU_HOMOGENEOUS.check(given={"seed": seeds, "depth": st.integers(1, 3), "width": st.integers(1, 5),
                               "u": st.floats(0, 1), "slope": slopes}, examples=10,
                        precision="exact rationals (mpmath 40 digits for a smooth activation)",
                        tolerance="exact equality (1e-30 relative at 40 digits)")
def exact_homogeneity(subject, ev, seed, depth, width, u, slope):
    r"""$h(c\gamma) = c\,h(\gamma)$ exactly, the weights, $\gamma$ and $c$ read as rationals."""
    rng = np.random.default_rng(seed)
    sizes = [int(rng.integers(1, 4)), *([width] * (depth - 1)), int(rng.integers(1, 4))]
    net = random_net(rng, sizes)
    gamma = exact_vector(rng.standard_normal(sizes[0]))
    c = Fraction(_c_from(subject, u))
    ev.show("c", float(c))
    if subject["activation"] == "leaky":
        lhs = _exact_forward(subject, net, [c * g for g in gamma], slope)
        rhs = [c * v for v in _exact_forward(subject, net, gamma, slope)]
        ev.that(lhs == rhs, "h(cγ) ≠ c·h(γ) in exact arithmetic", claimed=[float(v) for v in lhs],
                observed=[float(v) for v in rhs], labels=("h(cγ)", "c·h(γ)"))
        return
    with mpmath.workdps(40):
        cm = mpmath.mpf(c.numerator) / c.denominator
        gm = [mpmath.mpf(g.numerator) / g.denominator for g in gamma]
        lhs = _exact_forward(subject, net, [cm * g for g in gm], slope)
        rhs = [cm * v for v in _exact_forward(subject, net, gm, slope)]
        gap = max(abs(a - b) for a, b in zip(lhs, rhs))
        scale = max(max(abs(b) for b in rhs), mpmath.mpf(10) ** -30)
        ev.le(float(gap / scale), 1e-30, what="relative gap at 40 digits", labels=("|h(cγ) − c·h(γ)|", "1e-30"))


def _mp_activation(name: str, t):
    if name == "GELU":
        return t * (1 + mpmath.erf(t / mpmath.sqrt(2))) / 2
    if name == "tanh":
        return mpmath.tanh(t)
    if name == "SiLU":
        return t / (1 + mpmath.exp(-t))
    return t if t > 0 else mpmath.expm1(t)


# The float64 activations are accurate to a few ε; the defects are 0.2 or more, so 1e-12 is far below them and far
# above the activations' roundoff.
DEFECT_TOL = 1e-12
DEFECT_FLOOR = 1e-3


@SMOOTH_NOT_HOMOGENEOUS.check(given=None, precision="float64 against mpmath at 40 digits",
                              tolerance=f"absolute {DEFECT_TOL:g} against the 40-digit defect; |defect| ≥ "
                                        f"{DEFECT_FLOOR:g}")
def one_neuron_witness(subject, ev):
    r"""For each activation, $\varphi(-2) - 2\varphi(-1)$ in float64 matches its 40-digit value and is not 0."""
    defects = {}
    for name, act in subject.items():
        got = float(act(np.float64(-2.0))) - 2 * float(act(np.float64(-1.0)))
        with mpmath.workdps(40):
            truth = float(_mp_activation(name, mpmath.mpf(-2)) - 2 * _mp_activation(name, mpmath.mpf(-1)))
        defects[name] = round(truth, 6)
        ev.close(got, truth, atol=DEFECT_TOL, what=f"{name} defect", labels=("float64", "40 digits"))
        ev.le(DEFECT_FLOOR, abs(got), what=f"|{name}(−2) − 2·{name}(−1)|", labels=("floor", "|defect|"))
    ev.metric("defects", list(defects.values()))


# -- M4 ---------------------------------------------------------------------------------------------------------


def _primary_output(theta: np.ndarray, widths: list[int], x: np.ndarray) -> np.ndarray:
    offset, v = 0, x
    for i, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:])):
        w = theta[offset:offset + n_in * n_out].reshape(n_out, n_in)
        offset += n_in * n_out
        v = w @ v
        if i < len(widths) - 2:
            v = np.maximum(v, 0.0)
    return v


def _primary_exact(theta: list[Fraction], widths: list[int], x: list[Fraction]) -> list[Fraction]:
    offset, v = 0, x
    for i, (n_in, n_out) in enumerate(zip(widths[:-1], widths[1:])):
        rows = [theta[offset + r * n_in: offset + (r + 1) * n_in] for r in range(n_out)]
        offset += n_in * n_out
        v = [sum((a * b for a, b in zip(row, v)), Fraction(0)) for row in rows]
        if i < len(widths) - 2:
            v = [t if t > 0 else Fraction(0) for t in v]
    return v


def _primary_case(seed: int, depth: int, hyper_width: int):
    rng = np.random.default_rng(seed)
    widths = [int(rng.integers(1, 5)) for _ in range(depth + 1)]
    n_theta = sum(a * b for a, b in zip(widths[:-1], widths[1:]))
    hyper = random_net(rng, [3, hyper_width, n_theta])
    return rng, widths, hyper


# Roundoff: the primary network multiplies L weights that are themselves network outputs; relative to the product
# of the layers' Frobenius norms times ‖x‖ the error is below (L + 2)·(width + 3)·ε ≈ 1e-14; PRIMARY_TOL leaves 100×.
PRIMARY_TOL = 1e-12


@PRIMARY_SCALING.check(given={"seed": seeds, "depth": st.integers(1, 4), "hyper_width": st.integers(1, 8),
                              "c": st.floats(0.05, 10), "slope": st.sampled_from([0.0, 0.01])}, examples=20,
                       precision="float64", tolerance=f"absolute {PRIMARY_TOL:g}·c^L·∏‖W_l‖_F‖x‖ (PRIMARY_TOL)")
def float_scaling(subject, ev, seed, depth, hyper_width, c, slope):
    r"""$f(x; h(c\gamma))$ against subject$(c, L)\cdot f(x; h(\gamma))$ for a random bias-free hypernetwork."""
    ev.assume(abs(c - 1) > 0.05)
    rng, widths, hyper = _primary_case(seed, depth, hyper_width)
    gamma, x = rng.standard_normal(3), rng.standard_normal(widths[0])
    act = F.leaky(slope)
    theta, theta_c = F.forward(hyper, gamma, act), F.forward(hyper, c * gamma, act)
    out, out_c = _primary_output(theta, widths, x), _primary_output(theta_c, widths, x)
    scale = float(np.linalg.norm(x)) * math.prod(float(np.linalg.norm(theta)) for _ in range(depth))
    ev.show("primary widths", widths)
    ev.show("f(x; h(γ))", out)
    ev.close(out_c, subject(c, depth) * out, atol=PRIMARY_TOL * c**depth * scale + 1e-300, what="f(x; h(cγ))",
             labels=("f(x; h(cγ))", "subject(c, L)·f(x; h(γ))"))


@PRIMARY_SCALING.check(given={"seed": seeds, "depth": st.integers(1, 3), "c": st.floats(0.05, 10)}, examples=8,
                       precision="exact rationals", tolerance="exact equality")
def exact_scaling(subject, ev, seed, depth, c):
    r"""The same in exact rationals (ReLU hypernetwork, width 3)."""
    ev.assume(abs(c - 1) > 0.05)
    rng, widths, hyper = _primary_case(seed, depth, 3)
    gamma, x = exact_vector(rng.standard_normal(3)), exact_vector(rng.standard_normal(widths[0]))
    cq = Fraction(c)
    theta = F.forward_exact(hyper, gamma, Fraction(0))
    theta_c = F.forward_exact(hyper, [cq * g for g in gamma], Fraction(0))
    out, out_c = _primary_exact(theta, widths, x), _primary_exact(theta_c, widths, x)
    factor = subject(cq, depth)
    ev.show("primary widths", widths)
    ev.that(out_c == [factor * v for v in out], "f(x; h(cγ)) ≠ subject(c, L)·f(x; h(γ)) exactly",
            claimed=[float(v) for v in out_c], observed=[float(factor * v) for v in out],
            labels=("f(x; h(cγ))", "subject(c, L)·f(x; h(γ))"))
