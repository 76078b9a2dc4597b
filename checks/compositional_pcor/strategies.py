"""Data generators and hypothesis strategies for the compositional partial-correlation checks.

Float data follow the specification: logistic-normal compositions ``L = N(0, I) · M · 0.5`` with ``M`` a
random ``D × D`` matrix, ``x = closure(exp(L))``, optionally with Student-t (3 degrees of freedom) rows
for heavy tails and a part scaled down to about 1e-12. Exact data are integer logs, so that a ground truth
in rationals sees exactly the log-ratios the float subject sees (up to one rounding of ``exp``).
"""

from __future__ import annotations

import functools

import numpy as np
from hypothesis import strategies as st


@functools.lru_cache(maxsize=256)
def logistic_normal(seed: int, n: int, d: int, heavy: bool = False, tiny: bool = False) -> np.ndarray:
    """``n × d`` compositions: closure(exp(Z M / 2)), Z standard normal (Student-t with 3 degrees of freedom
    when ``heavy``), M a standard normal d × d matrix; with ``tiny`` the last part is multiplied by 1e-12."""
    rng = np.random.default_rng(seed)
    m = rng.normal(size=(d, d))
    z = rng.standard_t(3, size=(n, d)) if heavy else rng.normal(size=(n, d))
    logs = z @ m * 0.5
    x = np.exp(logs - logs.max(axis=1, keepdims=True))
    if tiny:
        x[:, -1] *= 1e-12
    x = x / x.sum(axis=1, keepdims=True)
    x.flags.writeable = False
    return x


@st.composite
def datasets(draw, min_d: int = 3, max_d: int = 12, max_n: int = 500):
    """(seed, n, D, heavy, tiny) with D in [min_d, max_d] and n in [D + 5, max_n]."""
    d = draw(st.integers(min_d, max_d))
    n = draw(st.integers(d + 5, max_n))
    return draw(st.integers(0, 2**32 - 1)), n, d, draw(st.booleans()), draw(st.booleans())


#: The specification's seeded case: default_rng(0), n = 200, D = 6, Gaussian, no tiny part.
SPEC_CASE = (0, 200, 6, False, False)


@functools.lru_cache(maxsize=256)
def integer_logs(seed: int, n: int, d: int, low: int = -3, high: int = 3) -> np.ndarray:
    """``n × d`` integer logs drawn uniformly in [low, high] (read-only)."""
    logs = np.random.default_rng(seed).integers(low, high + 1, size=(n, d))
    logs.flags.writeable = False
    return logs


def compositions_from_logs(logs: np.ndarray, seed: int = 0, spread: float = 0.0) -> np.ndarray:
    """``exp(logs)`` with each sample multiplied by a positive factor ``10^u``, ``u`` uniform in
    [−spread, spread] (the log-ratios do not change)."""
    rng = np.random.default_rng(seed)
    scale = 10.0 ** rng.uniform(-spread, spread, size=(logs.shape[0], 1))
    return np.exp(np.asarray(logs, dtype=float)) * scale


small_exact = st.tuples(st.integers(0, 2**32 - 1), st.integers(3, 6)).flatmap(
    lambda sd: st.tuples(st.just(sd[0]), st.integers(sd[1] + 1, sd[1] + 6), st.just(sd[1])))
"""(seed, n, D) for exact checks: D in [3, 6], n in [D + 1, D + 6]."""
