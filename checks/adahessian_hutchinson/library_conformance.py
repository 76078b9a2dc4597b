"""Checks that the library a practitioner calls computes the released update, averaging and estimator.

``adahessian_step`` against the port of optim_adahessian.py on random streams, and against itself when gradients and
curvature estimates are scaled by 2ᵉ (|e| ≤ 1000, exact scalings); ``spatial_average`` against the port of get_trace;
``hutchinson_diagonal`` against the mean of z ⊙ Hz over the probes it drew (recorded through a callable).
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from ...theorems.adahessian_hutchinson import claims_library as L
from ...theorems.adahessian_hutchinson.formulas import ReleaseState, released_step, released_trace
from ...theorems.adahessian_hutchinson.library import init_state
from .strategies import integer_symmetric, seeds

#: The library's hypot root and the release's EMA of squares agree to a few ulps per step; over 10 steps the
#: iterates agree within ~1e-14 relative; 1e-12 leaves ×100.
LIB_RTOL = 1e-12


def _stream(seed: int):
    rng = np.random.default_rng(seed)
    eps = float(rng.choice([0.0, 1e-4, 1e-2]))
    T = int(rng.integers(1, 11))
    g = rng.normal(size=(T, 2, 3)) * 10 ** rng.uniform(-2, 2)
    D = np.abs(rng.normal(size=(T, 2, 3))) * 10 ** rng.uniform(-2, 2) + (0.05 if eps == 0 else 0.0)
    betas = (float(rng.uniform(0, 0.99)), float(rng.uniform(0.5, 0.9999)))
    hyper = dict(lr=float(10 ** rng.uniform(-3, 0)), betas=betas,
                 eps=eps, weight_decay=float(rng.choice([0.0, 0.05])), hessian_power=float(rng.choice(
                     [0.0, 0.5, 1.0, rng.uniform(0, 1)])))
    return g, D, rng.normal(size=(2, 3)), hyper


@L.LIBRARY.check(given={"seed": seeds}, examples=4, precision="float64 against the port of the release",
                 tolerance="1e-12 × (|x_t| + 1) (LIB_RTOL)")
def matches_release_port(subject, ev, seed):
    r"""Over up to 10 steps of random gradients and estimates, any $k$, $\varepsilon$, weight decay and betas,
    adahessian_step's iterates equal the port's."""
    g, D, x0, hyper = _stream(seed)
    x, state = x0, init_state(x0.shape)
    y, rstate = x0, ReleaseState(np.zeros(x0.shape), np.zeros(x0.shape), 0)
    ev.show("hyperparameters", hyper)
    for t in range(len(g)):
        x, state = subject["adahessian_step"](x, g[t], D[t], state, **hyper)
        y, rstate = released_step(y, g[t], D[t], rstate, **hyper)
        ev.close(x, y, atol=LIB_RTOL * (float(np.max(np.abs(y))) + 1), what=f"x_{t + 1}",
                 labels=("adahessian_step", "release port"))


SCALE_CASES = [{"seed": 0, "e": 700}, {"seed": 0, "e": -700}]


@L.LIBRARY.check(given={"seed": seeds, "e": st.integers(-1000, 1000)}, examples=5, regressions=SCALE_CASES,
                 precision="float64; exact scalings by 2ᵉ", tolerance="relative 1e-13 on the iterates")
def scale_free_update(subject, ev, seed, e):
    r"""With $\varepsilon = 0$, $k = 1$: scaling every gradient and curvature estimate by $2^e$ ($|e| \le 1000$) leaves
    the five iterates unchanged."""
    rng = np.random.default_rng(seed)
    g = rng.normal(size=(5, 4))
    D = np.abs(rng.normal(size=(5, 4))) + 0.1
    x0 = rng.normal(size=4)
    k = math.ldexp(1.0, e)
    hyper = dict(lr=0.1, eps=0.0, hessian_power=1.0)
    x, xs, s1, s2 = x0, x0, init_state(4), init_state(4)
    ev.show("e", e)
    for t in range(5):
        x, s1 = subject["adahessian_step"](x, g[t], D[t], s1, **hyper)
        xs, s2 = subject["adahessian_step"](xs, g[t] * k, D[t] * k, s2, **hyper)
        ev.close(xs, x, rtol=1e-13, atol=1e-300, what=f"x_{t + 1}", labels=("scaled by 2^e", "scale 1"))


@L.LIBRARY.check(given={"seed": seeds}, examples=4, precision="float64", tolerance="1e-15 relative")
def averaging_matches_release(subject, ev, seed):
    r"""spatial_average with the default rule equals the port of get_trace on 1-D, 2-D and 4-D tensors."""
    rng = np.random.default_rng(seed)
    for shape in ((5,), (3, 4), (2, 3, 3, 3)):
        a = rng.normal(size=shape)
        ev.close(subject["spatial_average"](a), np.broadcast_to(released_trace([a])[0], shape), rtol=1e-15,
                 atol=1e-300, what=f"a {len(shape)}-D estimate", labels=("spatial_average", "release port"))


@L.LIBRARY.check(given={"H": st.tuples(seeds, st.integers(1, 6)).map(
    lambda sd: integer_symmetric(np.random.default_rng(sd[0]), sd[1])), "probes": st.integers(1, 5)}, examples=4,
                 precision="exact (integer probes and matrix)", tolerance="none: exact")
def hutchinson_mean_of_probes(subject, ev, H, probes):
    r"""hutchinson_diagonal called with a callable returns exactly the mean of $z \odot Hz$ over the probes it passed,
    and the probes are $\pm 1$."""
    seen = []

    def hvp(z):
        seen.append(z.copy())
        return H @ z

    est = subject["hutchinson_diagonal"](hvp, dim=len(H), probes=probes, rng=7)
    Z = np.array(seen)
    ev.show("H", H)
    ev.that(bool(len(Z) == probes and np.all(np.abs(Z) == 1)), "the probes are not ±1 or not as many as asked",
            claimed=Z.tolist(), observed=probes, labels=("probes passed", "probes asked"))
    ev.close(est, (Z * (Z @ H.T)).sum(axis=0) / probes, what="estimate", labels=("hutchinson_diagonal",
                                                                                "mean of z ⊙ Hz"))
