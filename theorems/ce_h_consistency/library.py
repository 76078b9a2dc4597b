"""Comp-sum losses and their H-consistency transforms (Mao, Mohri & Zhong, arXiv 2304.07288).

What a practitioner calls to turn a surrogate-loss excess risk into a zero-one excess-risk guarantee:

* :func:`comp_sum_loss`: ℓ_τ(h, x, y) = Φ_τ(Σ_{y'≠y} e^{h(y') − h(y)}) for the scores h(x, ·) of one input,
  written through s_y = softmax(h)_y as Φ_τ(1/s_y − 1) and computed from −log s_y = softplus(logsumexp_{y'≠y}
  (h(y') − h(y))) (no overflow at any scale, relative accuracy when s_y is near 1);
* :func:`conditional_regret`: C_ℓ(h, x) − inf_h C_ℓ(h, x) for a conditional label distribution p, against the
  infimum over all score vectors (complete hypothesis set), from the minimiser s ∝ p^{1/(2−τ)} (τ < 2) or
  1 − max p (τ = 2);
* :func:`zero_one_regret`: max_y p_y − p_{argmax h}, ties in h broken towards the smallest index;
* :func:`transform`: the transform T_τ(t) of the bound (τ ∈ [0, 2], n classes);
* :func:`inverse_transform`: Γ_τ(ε) = T_τ^{−1}(ε), the zero-one excess risk guaranteed by a surrogate excess risk
  ε (1 once ε reaches T_τ(1)).

Every argument is validated: a boolean, string, None or complex value raises ``TypeError``; NaN, infinity, an
empty array, a wrong shape, a label out of range, a p off the simplex, τ outside [0, 2], t outside [0, 1],
ε < 0 or fewer than two classes raise ``ValueError``; each message names the argument. The losses depend on the
scores only through their differences, so adding a constant to every score leaves every value unchanged.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

__all__ = ["comp_sum_loss", "conditional_regret", "zero_one_regret", "transform", "inverse_transform"]

#: how far Σp may be from 1 (float rounding of a normalised vector of up to millions of entries)
SIMPLEX_TOL = 1e-9


def _real(name: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return x


def _vector(name: str, value: Any) -> np.ndarray:
    if value is None or isinstance(value, (str, bytes, bool, np.bool_)):
        raise TypeError(f"{name} must be a 1-d array of real numbers, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a 1-d array of real numbers") from None
    if raw.dtype.kind == "O":
        if not all(isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)) for x in raw.flat):
            raise TypeError(f"{name} must hold real numbers only (no booleans, strings, None or complex numbers)")
        raw = raw.astype(float)
    elif raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype}")
    arr = raw.astype(float)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-d, got shape {arr.shape}")
    if arr.size < 2:
        raise ValueError(f"{name} needs at least two classes, got {arr.size}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    return arr


def _tau(tau: Any) -> float:
    t = _real("tau", tau)
    if not 0.0 <= t <= 2.0:
        raise ValueError(f"tau must lie in [0, 2], got {tau!r}")
    return t


def _n(n: Any) -> int:
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
        raise TypeError(f"n must be an int, got {type(n).__name__}")
    if n < 2:
        raise ValueError(f"n must be at least 2, got {n}")
    return int(n)


def _simplex(name: str, value: Any, size: int | None = None) -> np.ndarray:
    p = _vector(name, value)
    if size is not None and p.size != size:
        raise ValueError(f"{name} must have {size} entries (one per score), got {p.size}")
    if np.any(p < 0) or abs(math.fsum(p) - 1.0) > SIMPLEX_TOL:
        raise ValueError(f"{name} must be a probability vector (non-negative, summing to 1)")
    return p


def _neg_log_softmax(h: np.ndarray) -> np.ndarray:
    """−log s_y = log(1 + Σ_{y'≠y} e^{h(y') − h(y)}) = softplus(L_y), L_y = logsumexp_{y'≠y}(h(y') − h(y)):
    relative accuracy even when s_y is within an ulp of 1 (where h − logsumexp(h) loses all digits)."""
    diff = h[None, :] - h[:, None]
    np.fill_diagonal(diff, -np.inf)
    return np.logaddexp(0.0, np.logaddexp.reduce(diff, axis=1))


def _phi_of_log_s(log_s: np.ndarray, tau: float) -> np.ndarray:
    """Φ_τ(1/s − 1) = (s^{τ−1} − 1)/(1 − τ) from log s, expm1 for accuracy near s = 1."""
    if tau == 1.0:
        return -log_s
    with np.errstate(over="ignore"):  # an infinite loss is the true value in float64 (e.g. τ < 1, s_y → 0)
        return np.expm1((tau - 1.0) * log_s) / (1.0 - tau)


def comp_sum_loss(scores: Any, label: Any, tau: Any) -> float:
    """ℓ_τ(h, x, y) for the scores h(x, ·) and the label y (an int in [0, n))."""
    h = _vector("scores", scores)
    if isinstance(label, (bool, np.bool_)) or not isinstance(label, numbers.Integral):
        raise TypeError(f"label must be an int, got {type(label).__name__}")
    if not 0 <= label < h.size:
        raise ValueError(f"label must lie in [0, {h.size}), got {label}")
    tau_ = _tau(tau)
    return float(_phi_of_log_s(-_neg_log_softmax(h)[int(label):int(label) + 1], tau_)[0])


def _inf_risk(p: np.ndarray, tau: float) -> float:
    """inf over score vectors of Σ_y p_y ℓ_τ: the minimiser s ∝ p^{1/(2−τ)} (τ < 2); 1 − max p at τ = 2."""
    if tau == 2.0:
        return 1.0 - float(p.max())
    support = p > 0
    q = p[support]
    r = 1.0 / (2.0 - tau)
    log_s = r * np.log(q) - np.logaddexp.reduce(r * np.log(q))
    return float(np.dot(q, _phi_of_log_s(log_s, tau)))


def conditional_regret(scores: Any, p: Any, tau: Any) -> float:
    """C_ℓτ(h, x) − inf_h C_ℓτ(h, x) over all score vectors (complete hypothesis set); never negative."""
    h = _vector("scores", scores)
    p_ = _simplex("p", p, h.size)
    tau_ = _tau(tau)
    risk = float(np.dot(p_, _phi_of_log_s(-_neg_log_softmax(h), tau_)))
    return max(risk - _inf_risk(p_, tau_), 0.0)


def zero_one_regret(scores: Any, p: Any) -> float:
    """max_y p_y − p_{argmax h}: the conditional zero-one regret (ties in h go to the smallest index)."""
    h = _vector("scores", scores)
    p_ = _simplex("p", p, h.size)
    return float(p_.max() - p_[int(np.argmax(h))])


def _power_mean_gap(t: float, tau: float) -> float:
    """M(t) − 1, M(t) = (((1+t)^r + (1−t)^r)/2)^{2−τ}, r = 1/(2−τ), without cancellation at small t: the excess
    e = ((1+t)^r + (1−t)^r)/2 − 1 = Σ_{k ≥ 1} C(r, 2k) t^{2k} by its binomial series for t < 1/4 (40 terms: the
    remainder is below 4^{-80}), directly otherwise; then M − 1 = expm1((2−τ) log1p(e))."""
    r = 1.0 / (2.0 - tau)
    if t < 0.25:
        excess, coeff, power = 0.0, 1.0, 1.0
        for k in range(1, 81):
            coeff *= (r - k + 1) / k  # C(r, k)
            power *= t
            if k % 2 == 0:
                excess += coeff * power
    else:
        excess = ((1 + t) ** r + (1 - t) ** r) / 2 - 1
    return float(math.expm1((2.0 - tau) * math.log1p(excess)))


def _ce_transform(t: float) -> float:
    """T₁(t) to a few ulps relative on all of [0, 1]. For t < 1/2: (log(1 − t²) + 2t artanh t)/2, both terms of
    order t², so no cancellation at small t (the paper's form subtracts two terms of order t to get t²/2). For
    t ≥ 1/2: the paper's ((1+t) log(1+t) + (1−t) log(1−t))/2, where 1 − t is exact and the terms cancel by at most
    a factor 5; the first form there loses log(1 − t) against artanh t, and t² rounds 1 − t² to a relative error
    ε/(1 − t) (1e-10 in T₁ at t = 1 − 1e-8)."""
    if t == 1.0:
        return math.log(2.0)
    if t < 0.5:
        return (math.log1p(-t * t) + 2 * t * math.atanh(t)) / 2
    return ((1 + t) * math.log1p(t) + (1 - t) * math.log1p(-t)) / 2


def transform(t: Any, tau: Any, n: Any = 2) -> float:
    """T_τ(t): 2^{1−τ}(1 − M(t))/(1 − τ) for τ < 1, ((1+t)/2) log(1+t) + ((1−t)/2) log(1−t) at τ = 1,
    (M(t) − 1)/((τ − 1) n^{τ−1}) for 1 < τ < 2 and t/n at τ = 2."""
    t_ = _real("t", t)
    if not 0.0 <= t_ <= 1.0:
        raise ValueError(f"t must lie in [0, 1], got {t!r}")
    tau_ = _tau(tau)
    n_ = _n(n)
    if tau_ == 2.0:
        return t_ / n_
    if tau_ == 1.0:
        return _ce_transform(t_)
    gap = _power_mean_gap(t_, tau_)
    if tau_ < 1.0:
        return -(2.0 ** (1.0 - tau_)) * gap / (1.0 - tau_)
    return gap / ((tau_ - 1.0) * n_ ** (tau_ - 1.0))


def inverse_transform(eps: Any, tau: Any, n: Any = 2) -> float:
    """Γ_τ(ε) = T_τ^{−1}(ε) by bisection on [0, 1] (T_τ increases); 1 once ε ≥ T_τ(1)."""
    e = _real("eps", eps)
    if e < 0:
        raise ValueError(f"eps must be non-negative, got {eps!r}")
    tau_ = _tau(tau)
    n_ = _n(n)
    if e >= transform(1.0, tau_, n_):
        return 1.0
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        if transform(mid, tau_, n_) < e:
            lo = mid
        else:
            hi = mid
    return hi
