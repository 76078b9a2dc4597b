"""The library against independent routes: the loss by its definition with 30 significant digits (mpmath), the
regret against a numerical minimisation of the risk over score vectors (scipy), the zero-one regret in exact
rationals."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st
from scipy.optimize import minimize

from ...theorems.ce_h_consistency import claims as C
from .strategies import seeds

TAUS = st.sampled_from([0.0, 0.5, 1.0, 1.5, 1.8, 2.0])
#: the loss from log-softmax and expm1 in float64: a few ulps relative; 1e-12 leaves 1e3 headroom. The definition
#: is evaluated with 30 significant digits to spare (see _definition), so its own error is below 1e-30 relative.
LOSS_RTOL = 1e-12
#: significant digits the definition keeps after the cancellation in (1 + v)^{1−τ} − 1, and when re-verifying
LOSS_DIGITS = 30
CONFIRM_DIGITS = 60
#: The minimum of the risk over scores: BFGS (gtol 1e-10) alone stopped 1.2e-9 above it at τ = 1.8, n = 4 (the risk
#: is flat in the scores of classes with s_j ∝ p_j^5 near 1e-8), so its point is polished by Newton's method on the
#: stationarity conditions at 30 digits: the minimum is then good to 1e-25, and C(h) is taken at 30 digits too.
#: The library's regret is a difference of float risks of size ≤ 5 (1e-15); 1e-9 absolute leaves 1e6 headroom and
#: is far below the mutant's error (> 1e-3 away from τ = 1)
REGRET_ATOL = 1e-9


def _scores(n, scale, seed):
    rng = np.random.default_rng(seed)
    h = scale * rng.standard_normal(n)
    return h, int(rng.integers(n))


def _definition(h, y, tau, digits=LOSS_DIGITS):
    """Φ_τ(v) = ((1 + v)^{1−τ} − 1)/(1 − τ) (log(1 + v) at τ = 1), v = Σ_{y'≠y} e^{h(y') − h(y)}, as written.

    For small v (a confident right answer, e.g. v ≈ 4e-34 at scale 30) the value is about v while 1 + v and
    (1 + v)^{1−τ} are 1 to within v: the subtraction cancels log10(1/v) digits. So v is computed first (exp has
    relative accuracy at any precision) and the working precision is set to `digits` + log10(1/v) + 10, which keeps
    `digits` significant digits of the result whatever the scale (at a fixed 30 digits the answer came out 0)."""
    with mpmath.workdps(digits + 10):
        v = mpmath.fsum(mpmath.exp(mpmath.mpf(h[j]) - mpmath.mpf(h[y])) for j in range(len(h)) if j != y)
    lost = max(0, int(mpmath.ceil(-mpmath.log10(v)))) if v > 0 else 0
    with mpmath.workdps(digits + lost + 10):
        v = mpmath.fsum(mpmath.exp(mpmath.mpf(h[j]) - mpmath.mpf(h[y])) for j in range(len(h)) if j != y)
        if tau == 1:
            return mpmath.log(1 + v)
        return ((1 + v) ** (1 - mpmath.mpf(tau)) - 1) / (1 - mpmath.mpf(tau))


def _confirm_loss(subject, tau, n, scale, seed):
    """Re-verify by another route at 60 digits: Φ_τ(v) = expm1((1 − τ) log1p(v))/(1 − τ) (no cancellation at any v),
    log1p(v) at τ = 1, v as a sum of exponentials of the score differences."""
    h, y = _scores(n, scale, seed)
    got = subject["loss"](h, y, tau)
    with mpmath.workdps(CONFIRM_DIGITS):
        v = mpmath.fsum(mpmath.exp(mpmath.mpf(h[j]) - mpmath.mpf(h[y])) for j in range(n) if j != y)
        a = 1 - mpmath.mpf(tau)
        truth = mpmath.log1p(v) if tau == 1 else mpmath.expm1(a * mpmath.log1p(v)) / a
        err = abs(mpmath.mpf(got) - truth)
        return bool(err > LOSS_RTOL * abs(truth) + mpmath.mpf(10) ** -300), \
            f"library {got!r}, Φ_τ(v) by expm1/log1p at {CONFIRM_DIGITS} digits {mpmath.nstr(truth, 20)}"


@C.LIBRARY.check(given={"tau": TAUS, "n": st.integers(2, 6), "scale": st.sampled_from([0.01, 1.0, 30.0]),
                        "seed": seeds}, examples=10, precision="mpmath, 30 digits beyond the cancellation",
                 tolerance="relative 1e-12", confirm=_confirm_loss,
                 regressions=[{"tau": 0.0, "n": 2, "scale": 30.0, "seed": 10822}])
def loss_matches_definition(subject, ev, tau, n, scale, seed):
    r"""$\ell_\tau(h, x, y)$ against $\Phi_\tau(\sum_{y' \ne y} e^{h(y') - h(y)})$ evaluated with 30 significant
    digits."""
    h, y = _scores(n, scale, seed)
    ev.show("h", h)
    ev.show("label", y)
    truth = _definition(h, y, tau)
    ev.close(subject["loss"](h, y, tau), float(truth), rtol=LOSS_RTOL, atol=1e-300, what="loss",
             labels=("library", "definition"))


def _regret_case(n, seed):
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(n)) * 0.9 + 0.1 / n  # entries ≥ 0.02: the infimum is attained at finite scores
    return p, rng.standard_normal(n)


def _risk_mp(p, z, tau):
    """C(z) = Σ_i p_i φ_τ(s_i), s = softmax(z), φ_τ(s) = (s^{τ−1} − 1)/(1 − τ) (−log s at τ = 1), in mpmath."""
    m = max(z)
    w = [mpmath.exp(zi - m) for zi in z]
    total = mpmath.fsum(w)
    s = [wi / total for wi in w]
    if tau == 1:
        return mpmath.fsum(-pi * mpmath.log(si) for pi, si in zip(p, s)), s
    return mpmath.fsum(pi * (si ** (tau - 1) - 1) / (1 - tau) for pi, si in zip(p, s)), s


def _min_risk_mp(p, z0, tau, digits):
    """min over scores of C, polished by Newton (mpmath's mdnewton) at `digits` digits from the BFGS point z0, with
    z_0 = 0 (C depends on score differences only). The stationarity conditions, by hand from C with
    ∂s_i/∂z_j = s_i(δ_ij − s_j): ∂C/∂z_j = s_j A − p_j s_j^{τ−1}, A = Σ_i p_i s_i^{τ−1}; each is divided by
    p_j s_j^{τ−1} > 0 (same root), so the equations are of order 1 even where s_j is 1e-8."""
    with mpmath.workdps(digits):
        P = [mpmath.mpf(float(x)) for x in p]

        def equations(*rest):
            _, s = _risk_mp(P, [mpmath.mpf(0), *rest], tau)
            a = mpmath.fsum(pi * si ** (tau - 1) for pi, si in zip(P, s))
            return [s[j] ** (2 - tau) * a / P[j] - 1 for j in range(1, len(P))]

        start = [mpmath.mpf(float(z0[j] - z0[0])) for j in range(1, len(P))]
        rest = mpmath.findroot(equations, start, solver="mdnewton")
        rest = [rest[j] for j in range(rest.rows)] if isinstance(rest, mpmath.matrix) else [rest]
        return _risk_mp(P, [mpmath.mpf(0), *rest], tau)[0]


def _bfgs_start(p, tau):
    def risk(z):
        logs = z - np.logaddexp.reduce(z)
        return float(np.dot(p, -logs if tau == 1 else np.expm1((tau - 1) * logs) / (1 - tau)))

    return minimize(risk, np.log(p), method="BFGS", options={"gtol": 1e-10}).x


def _regret_truth(p, h, tau, digits):
    with mpmath.workdps(digits):
        at_h = _risk_mp([mpmath.mpf(float(x)) for x in p], [mpmath.mpf(float(x)) for x in h], tau)[0]
        return at_h - _min_risk_mp(p, _bfgs_start(p, tau), tau, digits)


def _confirm_regret(subject, tau, n, seed):
    """Re-verify at 50 digits: C(h) and the Newton-polished minimum both in mpmath (the check takes C(h) at 30)."""
    p, h = _regret_case(n, seed)
    got = subject["regret"](h, p, tau)
    truth = _regret_truth(p, h, tau, CONFIRM_DIGITS)
    return bool(abs(got - truth) > REGRET_ATOL), f"library {got!r}, C(h) − min C at {CONFIRM_DIGITS} digits " \
                                                 f"{mpmath.nstr(truth, 20)}"


@C.LIBRARY.check(given={"tau": st.sampled_from([0.0, 0.5, 1.0, 1.5, 1.8]), "n": st.integers(2, 5), "seed": seeds},
                 examples=6, precision="mpmath 30 digits (BFGS start, Newton polish)", tolerance="absolute 1e-9",
                 confirm=_confirm_regret, regressions=[{"tau": 1.8, "n": 4, "seed": 0}])
def regret_matches_solver(subject, ev, tau, n, seed):
    r"""The regret against $\mathcal{C}(h) - \min_{h'} \mathcal{C}(h')$ with the minimum over scores found by BFGS
    and polished by Newton's method on the stationarity conditions at 30 digits."""
    p, h = _regret_case(n, seed)
    ev.show("p", p)
    ev.show("h", h)
    truth = _regret_truth(p, h, tau, LOSS_DIGITS)
    ev.close(subject["regret"](h, p, tau), float(truth), atol=REGRET_ATOL, what="regret",
             labels=("library", "C(h) − min C"))


@C.LIBRARY.check(given={"scores": st.lists(st.integers(-2, 2), min_size=2, max_size=5), "seed": seeds},
                 examples=12, precision="exact rationals", tolerance="none: exact", confirm="exact")
def zero_one_exact(subject, ev, scores, seed):
    r"""$\max p - p_{\operatorname{argmax} h}$ with the first maximal score, in exact rationals against the library."""
    rng = np.random.default_rng(seed)
    w = [Fraction(int(x)) for x in rng.integers(1, 20, len(scores))]
    p = [x / sum(w) for x in w]
    first = scores.index(max(scores))
    truth = max(p) - p[first]
    ev.show("p", [str(x) for x in p])
    ev.close(Fraction(subject["zero_one"](scores, [float(x) for x in p])).limit_denominator(10**6), truth,
             what="zero-one regret", labels=("library", "exact"))
