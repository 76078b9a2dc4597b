"""The transforms under test and their mutants: plausible wrong variants the checks must reject.

The transforms are those of the comp-sum H-consistency bounds as reconstructed from the abstract of arXiv
2304.07288 (the theorem's wording and number are not confirmed from the paper body): with
M(t) = (((1+t)^{1/(2−τ)} + (1−t)^{1/(2−τ)})/2)^{2−τ},
T_τ(t) = 2^{1−τ}(1 − M(t))/(1 − τ) for τ ∈ [0, 1), T_1(t) = ((1+t)/2) log(1+t) + ((1−t)/2) log(1−t),
T_τ(t) = (M(t) − 1)/((τ − 1) n^{τ−1}) for τ ∈ (1, 2) and T_2(t) = t/n.

Every subject has the signature ``T(t, tau, n)``; the library's :func:`~.library.transform` is the paper's.
"""

from __future__ import annotations

import math

from .library import inverse_transform, transform


def paper_transform(t: float, tau: float, n: int) -> float:
    """The transform as reconstructed (the library's :func:`transform`)."""
    return transform(t, tau, n)


def _mean(t: float, tau: float) -> float:
    r = 1.0 / (2.0 - tau)
    return (((1 + t) ** r + (1 - t) ** r) / 2) ** (2.0 - tau)


def squared(t, tau, n):
    """$T(t) = t^2$: too strong near 0."""
    return t * t


def linear(t, tau, n):
    """$T(t) = t$: the rate of a linear transform."""
    return t


def ce_log2(t, tau, n):
    """$T_1$ with $\\log_2$ in place of the natural logarithm."""
    return transform(t, tau, n) / math.log(2) if tau == 1 else transform(t, tau, n)


def half_square(t, tau, n):
    """$T(t) = t^2/2$ for every $\\tau$: the leading term of $T_1$ only."""
    return t * t / 2


def no_two_power(t, tau, n):
    """$T_\\tau$ for $\\tau < 1$ with the factor $2/(1-\\tau)$ in place of $2^{1-\\tau}/(1-\\tau)$."""
    if tau < 1:
        return 2 * (1 - _mean(t, tau)) / (1 - tau)
    return transform(t, tau, n)


def mean_exponent_one(t, tau, n):
    """$M(t)$ without the outer power $2 - \\tau$."""
    if tau == 1 or tau == 2:
        return transform(t, tau, n)
    r = 1.0 / (2.0 - tau)
    m = ((1 + t) ** r + (1 - t) ** r) / 2
    return 2 ** (1 - tau) * (1 - m) / (1 - tau) if tau < 1 else (m - 1) / ((tau - 1) * n ** (tau - 1))


def mae_no_n(t, tau, n):
    """MAE with $T(t) = t$ (no $1/n$)."""
    return t if tau == 2 else transform(t, tau, n)


def gce_n_power_tau(t, tau, n):
    """GCE with the factor $n^{\\tau}$ in place of $n^{\\tau-1}$."""
    if 1 < tau < 2:
        return (_mean(t, tau) - 1) / ((tau - 1) * n**tau)
    return transform(t, tau, n)


def gce_n_power_two_minus_tau(t, tau, n):
    """GCE with the factor $n^{2-\\tau}$ in place of $n^{\\tau-1}$."""
    if 1 < tau < 2:
        return (_mean(t, tau) - 1) / ((tau - 1) * n ** (2 - tau))
    return transform(t, tau, n)


def gce_no_n(t, tau, n):
    """GCE and MAE without the factor in $n$: the transform of $n = 2$ for every $n$."""
    return transform(t, tau, 2)


def mae_half(t, tau, n):
    """MAE with $T(t) = t/2$ for every $n$."""
    return t / 2 if tau == 2 else transform(t, tau, n)


def two_class_for_all(t, tau, n):
    """The transform of $n = 2$ used for every $n$ (the paper's $n^{\\tau-1}$ dropped)."""
    return transform(t, tau, 2)


def three_class_for_all(t, tau, n):
    """The transform of $n = 3$ used whatever $n$."""
    return transform(t, tau, 3)


# -- Γ₁ = T₁⁻¹ (H6) -------------------------------------------------------------------------------------------


def gamma_ce(eps: float) -> float:
    """$\\Gamma_1(\\varepsilon) = T_1^{-1}(\\varepsilon)$ (the library's :func:`inverse_transform` at τ = 1)."""
    return inverse_transform(eps, 1.0)


def gamma_sqrt_eps(eps):
    """$\\Gamma_1(\\varepsilon) = \\sqrt{\\varepsilon}$: the inverse of $T(t) = t^2$."""
    return min(math.sqrt(eps), 1.0)


def gamma_sqrt_three_eps(eps):
    """$\\Gamma_1(\\varepsilon) = \\sqrt{3\\varepsilon}$: a constant too large."""
    return min(math.sqrt(3 * eps), 1.0)


def gamma_log2(eps):
    """$\\Gamma_1$ inverting $T_1$ computed with $\\log_2$."""
    return inverse_transform(eps * math.log(2), 1.0)


# -- bounded scores (H7) ---------------------------------------------------------------------------------------


def bounded_ce_transform(t: float, lam: float) -> float:
    """The exact inf of the best-in-class cross-entropy regret over $\\|h\\|_\\infty \\le \\Lambda$, $n = 2$, for a
    zero-one regret $t$: $\\log 2 - C(\\min(d^*, 2\\Lambda))$ with $d^* = \\log\\frac{1+t}{1-t}$ and
    $C(d) = \\frac{1+t}{2}\\log(1+e^{-d}) + \\frac{1-t}{2}\\log(1+e^{d})$; $T_1(t)$ once $2\\Lambda \\ge d^*$."""
    d_star = math.log1p(t) - math.log1p(-t)
    d = min(d_star, 2 * lam)
    cost = (1 + t) / 2 * math.log1p(math.exp(-d)) + (1 - t) / 2 * (d + math.log1p(math.exp(-d)))
    return math.log(2) - cost


def bounded_against_unconstrained(t, lam):
    """The regret measured against the unconstrained infimum ($\\Lambda$ ignored): $T_1(t)$."""
    return transform(t, 1.0, 2)


def bounded_edge_at_lambda(t, lam):
    """The best-in-class score gap taken as $\\Lambda$ instead of $2\\Lambda$."""
    return bounded_ce_transform(t, lam / 2)


def sqrt_one_minus_t(t, tau, n):
    """$T_0(t) = 1 - \\sqrt{1 - t}$: $t$ in place of $t^2$ under the root."""
    return 1 - math.sqrt(1 - t) if tau == 0 else transform(t, tau, n)


# -- library variants ------------------------------------------------------------------------------------------

def regret_proportional_minimiser(scores, p, tau):
    """The infimum taken at $s = p$ (the cross-entropy minimiser) for every $\\tau$."""
    import numpy as np

    from .library import comp_sum_loss, conditional_regret

    if tau == 1:
        return conditional_regret(scores, p, tau)
    p = np.asarray(p, float)
    logits = np.log(np.where(p > 0, p, 1e-300))
    inf = sum(pi * comp_sum_loss(logits, i, tau) for i, pi in enumerate(p) if pi > 0)
    risk = sum(pi * comp_sum_loss(scores, i, tau) for i, pi in enumerate(p))
    return risk - inf


def zero_one_argmin(scores, p):
    """The zero-one regret of $\\operatorname{argmin} h$ in place of $\\operatorname{argmax} h$."""
    import numpy as np

    p = np.asarray(p, float)
    return float(p.max() - p[int(np.argmin(scores))])


def zero_one_ties_to_best(scores, p):
    """Ties in $h$ broken towards the most probable class (an optimistic zero-one regret)."""
    import numpy as np

    p = np.asarray(p, float)
    h = np.asarray(scores, float)
    top = np.flatnonzero(h == h.max())
    return float(p.max() - p[top].max())


def loss_without_shift(scores, label, tau):
    """$\\Phi_\\tau(u) = (1+u)^{1-\\tau}/(1-\\tau)$ without the $-1$ (so $\\ell_\\tau \\not\\to 0$ at a confident
    right answer)."""
    from .library import comp_sum_loss

    return comp_sum_loss(scores, label, tau) + (1 / (1 - tau) if tau != 1 else 0.0)
