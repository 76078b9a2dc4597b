"""Probability-domain softening, as a practitioner calls it (arXiv 2601.03195, abstract).

- :func:`soften` — the power family $F_T(p)_i = p_i^{1/T} / \\sum_j p_j^{1/T}$ (with $0^{1/T} = 0$),
  computed in log space so that small temperatures neither underflow nor divide by zero;
- :func:`log_soften` — $\\log F_T(p)$ ($-\\infty$ where $p_i = 0$);
- :func:`soften_logits` — $\\operatorname{softmax}(z/T)$, the logit-domain form;
- :func:`mix_soften` — the family (M): $(1 - \\lambda(T)) F_T(p) + \\lambda(T)/V$, $\\lambda(T) = \\max(0, 1 - 1/T)$;
- :func:`top_k` — keep the $k$ largest entries and renormalise (ties at the cut go to the lower index);
- :func:`entropy` — Shannon entropy in nats ($0 \\log 0 = 0$).

The weights ``p`` need only be non-negative with a positive finite sum: every function normalises them
first, and every result is invariant to rescaling ``p`` (the operators are defined on the simplex).
Every input is validated: a wrong type (bools included) raises ``TypeError``, a NaN, an infinity, a
wrong shape or an out-of-range value raises ``ValueError``; each message names the argument.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["soften", "log_soften", "soften_logits", "mix_soften", "top_k", "entropy"]


def _vector(x, name: str, *, nonnegative: bool) -> np.ndarray:
    if isinstance(x, (str, bytes)) or np.isscalar(x) or x is None:
        raise TypeError(f"{name} must be a 1-D array of real numbers, got {type(x).__name__}")
    arr = np.asarray(x)
    if arr.dtype == bool or arr.dtype == object or not (np.issubdtype(arr.dtype, np.integer)
                                                        or np.issubdtype(arr.dtype, np.floating)):
        raise TypeError(f"{name} must hold real numbers (not bools, complex or objects), got dtype {arr.dtype}")
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or infinity)")
    if nonnegative:
        if np.any(arr < 0):
            raise ValueError(f"{name} must be non-negative")
        total = float(np.sum(arr))
        if not (total > 0 and np.isfinite(total)):
            raise ValueError(f"{name} must have a positive finite sum")
        arr = arr / total
    return arr


def _temperature(t, name: str = "temperature") -> float:
    if isinstance(t, (bool, np.bool_)) or not isinstance(t, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(t).__name__}")
    t = float(t)
    if not np.isfinite(t) or t <= 0:
        raise ValueError(f"{name} must be finite and > 0, got {t!r}")
    return t


def log_soften(p, temperature) -> np.ndarray:
    """$\\log F_T(p)$ for the power family: $(\\log p_i - \\max_j \\log p_j)/T$ minus its log-sum-exp.

    Dividing the gap by $T$ (never multiplying by $1/T$) keeps a tie at exactly 0 even when $1/T$ overflows.
    """
    q = _vector(p, "p", nonnegative=True)
    t = _temperature(temperature)
    out = np.full(q.shape, -np.inf)
    on = q > 0
    logs = np.log(q[on])
    with np.errstate(over="ignore"):       # a gap / T beyond the float range is −inf: weight exactly 0
        y = (logs - np.max(logs)) / t      # ≤ 0, exactly 0 at every maximiser
    out[on] = y - np.log(np.sum(np.exp(y)))  # the sum is ≥ 1: no underflow of the normaliser
    return out


def soften(p, temperature) -> np.ndarray:
    """$F_T(p)_i = p_i^{1/T} / \\sum_j p_j^{1/T}$, zeros kept at zero; equals ``softmax(log p / T)``."""
    return np.exp(log_soften(p, temperature))


def soften_logits(logits, temperature) -> np.ndarray:
    """$\\operatorname{softmax}(z/T)$, shifted by $\\max z$ first (invariant to shifts of $z$)."""
    z = _vector(logits, "logits", nonnegative=False)
    t = _temperature(temperature)
    with np.errstate(over="ignore"):  # a gap beyond the float range is −inf: weight exactly 0
        y = (z - np.max(z)) / t
    w = np.exp(y)
    return w / np.sum(w)


def mix_soften(p, temperature) -> np.ndarray:
    """Family (M): $G_T = (1 - \\lambda) F_T(p) + \\lambda u$, $\\lambda = \\max(0, 1 - 1/T)$, $u$ uniform on $V$."""
    f = soften(p, temperature)
    t = _temperature(temperature)
    lam = max(0.0, 1.0 - 1.0 / t)
    return (1.0 - lam) * f + lam / f.size


def _k(k, size: int) -> int:
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, numbers.Integral):
        raise TypeError(f"k must be an integer, got {type(k).__name__}")
    k = int(k)
    if not 1 <= k <= size:
        raise ValueError(f"k must be in [1, {size}] (the length of p), got {k}")
    return k


def top_k(p, k) -> np.ndarray:
    """Keep the ``k`` largest entries of ``p`` (ties at the cut: the lower index first), renormalised.

    When fewer than ``k`` entries are positive, the kept zeros stay zero.
    """
    q = _vector(p, "p", nonnegative=True)
    k = _k(k, q.size)
    keep = np.argsort(-q, kind="stable")[:k]
    out = np.zeros_like(q)
    out[keep] = q[keep]
    return out / np.sum(out)


def entropy(p) -> float:
    """$H(p) = -\\sum_i p_i \\log p_i$ in nats, with $0 \\log 0 = 0$."""
    q = _vector(p, "p", nonnegative=True)
    on = q > 0
    return float(-np.sum(q[on] * np.log(q[on])))
