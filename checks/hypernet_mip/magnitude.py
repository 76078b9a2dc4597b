"""Checks of M7: a positive lower bound on ‖h(E(z))‖ (refuted by a ReLU network vanishing at an encoded point,
re-verified in exact rationals), and the library's bounds m ≤ ‖h(E(z))‖ ≤ M on drawn points and on a fine grid of
the whole period, with networks that attain them."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from ...theorems.hypernet_mip import formulas as F
from ...theorems.hypernet_mip.claims_encoding import BOUNDED_MAGNITUDE, MAGNITUDE_BOUNDS
from .strategies import random_net, seeds

GRID = np.linspace(0.0, 1.0, 201)


def _relu_case(seed: int, width: int, witness: bool):
    if witness:  # h(x) = relu(−x₁): W₁ = [−1, 0], W₂ = [1]
        return [(np.array([[-1.0, 0.0]]), None), (np.array([[1.0]]), None)]
    return random_net(np.random.default_rng(seed), [2, width, 1])


def _grid_norms(subject, net) -> np.ndarray:
    enc = F.release_encode_input(GRID[:, None])
    return np.array([float(np.linalg.norm(subject(net, e, F.relu))) for e in enc])


def _confirm_zero(subject, seed, width, witness):
    """At the grid point where ‖h(E(z))‖ is smallest, the network in exact rationals (E(z) read as rationals) gives
    exactly 0."""
    net = _relu_case(seed, width, witness)
    i = int(np.argmin(_grid_norms(subject, net)))
    x = [Fraction(float(v)) for v in F.release_encode_input(GRID[i:i + 1, None])[0]]
    value = F.forward_exact(net, x, Fraction(0))
    return all(v == 0 for v in value), f"exactly h(E({GRID[i]:g})) = {[str(v) for v in value]}"


@BOUNDED_MAGNITUDE.check(given={"seed": seeds, "width": st.integers(1, 3), "witness": st.booleans()}, examples=8,
                         regressions=[{"seed": 0, "width": 1, "witness": True}], min_valid=4,
                         precision="float64 on a grid of 201 points; a counterexample re-verified in exact rationals",
                         confirm=_confirm_zero, tolerance="strict: the smallest norm must be positive")
def positive_lower_bound(subject, ev, seed, width, witness):
    r"""$\min_z\lVert h(E(z))\rVert > 0$ over a grid of $[0, 1]$ ($k = 1$), for small bias-free ReLU networks."""
    net = _relu_case(seed, width, witness)
    norms = _grid_norms(subject, net)
    i = int(np.argmin(norms))
    ev.show("W₁", net[0][0])
    ev.show("W₂", net[1][0])
    ev.show("z where ‖h(E(z))‖ is smallest", GRID[i])
    ev.lt(0.0, float(norms[i]), what="min ‖h(E(z))‖", labels=("0", "min over z of ‖h(E(z))‖"))


def _bounds_case(seed: int, k: int, depth: int, slope: float, kind: str):
    """A network on 2k encoded inputs: random (widths ≥ 2k half the time, so that σ_min > 0), the identity (both
    bounds attained), or −D then I with D = diag(2, 1, …, 1) (the lower bound attained at z₁ = 1)."""
    rng = np.random.default_rng(seed)
    n = 2 * k
    if kind == "identity":
        return [(np.eye(n), None)]
    if kind == "diagonal":
        d = np.ones(n)
        d[0] = 2.0
        return [(-np.diag(d), None), (np.eye(n), None)]
    wide = bool(rng.integers(0, 2))
    sizes = [n] + [int(rng.integers(n, n + 6)) if wide else int(rng.integers(1, 9)) for _ in range(depth)]
    return random_net(rng, sizes)


# The norms carry (depth·width + 2)·ε of relative roundoff (≤ 1e-14) and the SVD's ε‖W‖; BOUND_RTOL leaves 100×.
BOUND_RTOL = 1e-12
KINDS = st.sampled_from(["random", "random", "identity", "diagonal"])


def _assert_bounds(subject, ev, net, k, slope, norms):
    lower, upper = subject(net, k, slope=slope)
    ev.show("(m, M)", [lower, upper])
    ev.show("smallest and largest ‖h(E(z))‖", [float(np.min(norms)), float(np.max(norms))])
    ev.le(float(np.max(norms)), upper * (1 + BOUND_RTOL), what="‖h(E(z))‖ ≤ M", labels=("max ‖h(E(z))‖", "M"))
    ev.le(lower * (1 - BOUND_RTOL), float(np.min(norms)), what="m ≤ ‖h(E(z))‖", labels=("m", "min ‖h(E(z))‖"))


@MAGNITUDE_BOUNDS.check(given={"seed": seeds, "k": st.integers(1, 3), "depth": st.integers(1, 3),
                               "slope": st.sampled_from([0.0, 0.01, 0.3, 1.0]), "kind": KINDS}, examples=15,
                        regressions=[{"seed": 0, "k": 2, "depth": 1, "slope": 0.01, "kind": "identity"},
                                     {"seed": 0, "k": 1, "depth": 2, "slope": 0.3, "kind": "diagonal"}],
                        precision="float64", tolerance=f"relative {BOUND_RTOL:g} (BOUND_RTOL)")
def bounds_on_drawn_points(subject, ev, seed, k, depth, slope, kind):
    r"""$m \le \lVert h(E(z))\rVert \le M$ at 64 points of $[-2, 3]^k$ and the corners of $[0, 1]^k$."""
    net = _bounds_case(seed, k, depth, slope, kind)
    rng = np.random.default_rng(seed + 1)
    z = np.vstack([np.zeros(k), np.ones(k), rng.uniform(-2, 3, (64, k))])
    act = F.leaky(slope)
    with np.errstate(all="ignore"):
        enc = np.concatenate([np.cos(np.pi * z / 2), np.sin(np.pi * z / 2)], axis=-1)
    norms = np.array([float(np.linalg.norm(F.forward(net, e, act))) for e in enc])
    _assert_bounds(subject, ev, net, k, slope, norms)


@MAGNITUDE_BOUNDS.check(given={"seed": seeds, "depth": st.integers(1, 3),
                               "slope": st.sampled_from([0.0, 0.01, 0.3, 1.0]), "kind": KINDS}, examples=10,
                        regressions=[{"seed": 0, "depth": 2, "slope": 0.01, "kind": "diagonal"}],
                        precision="float64 on 4001 points of the period [0, 4)",
                        tolerance=f"relative {BOUND_RTOL:g} (BOUND_RTOL)")
def bounds_on_the_period(subject, ev, seed, depth, slope, kind):
    r"""For $k = 1$, the smallest and largest $\lVert h(E(z))\rVert$ on a grid of the whole period lie in
    $[m, M]$."""
    net = _bounds_case(seed, 1, depth, slope, kind)
    z = np.linspace(0.0, 4.0, 4001)[:-1]
    enc = np.stack([np.cos(np.pi * z / 2), np.sin(np.pi * z / 2)], axis=-1)
    act = F.leaky(slope)
    x = enc.T
    for i, (w, _) in enumerate(net):
        x = w @ x
        if i < len(net) - 1:
            x = act(x)
    _assert_bounds(subject, ev, net, 1, slope, np.linalg.norm(x, axis=0))
