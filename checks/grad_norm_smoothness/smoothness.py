"""Checks of G5: the quasi-self-concordance inequality of the logistic loss with the library's constant, in the
Euclidean norm and in its duals, and that the constant is attained.

Ground truth of D²f(x)[u, u] and D³f(x)[u, u, v]: mpmath's numerical differentiation of φ(s, t) = f(x + su + tv)
at 30 digits, cross-checked against the complex step of the second derivative along v (h = 1e-20)."""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.grad_norm_smoothness import claims_smoothness as C
from .strategies import seeds

#: The two routes to D³f agree to CROSS_RTOL relative, or to CROSS_ATOL relative to the bound's right side M‖v‖D²f
#: (D³f itself can be ~0, near zero margins, where mpmath's differences keep only an absolute accuracy of about
#: 1e-25 of the function's scale): the complex step is exact to rounding (1e-15 per term, n ≤ 6 terms).
CROSS_RTOL, CROSS_ATOL = 1e-9, 1e-15
#: The inequality is read with a relative allowance BOUND_RTOL for the 30-digit differentiation (its error is
#: below 1e-20 relative); the mutants miss by factors of 2 or more.
BOUND_RTOL = 1e-12


def _curvature(z: np.ndarray) -> np.ndarray:
    """ℓ''(z) = σ(z)σ(−z) = 1/(2 + 2 cosh z), complex-safe."""
    return 1.0 / (2.0 + 2.0 * np.cosh(z))


def _second(a, y, mu, x, u) -> complex:
    z = y * (a @ x)
    return complex(np.mean(_curvature(z) * (a @ u) ** 2) + mu * (u @ u))


def derivatives(a: np.ndarray, y: np.ndarray, mu: float, x: np.ndarray, u: np.ndarray,
                v: np.ndarray) -> tuple[float, float, float]:
    """(D²f[u, u], D³f[u, u, v] by mpmath at 30 digits, D³f[u, u, v] by the complex step)."""
    reach = 1.0 + float(np.max(np.abs(a @ v)))  # how fast the margins move along v
    h = 1e-20 / reach  # the margins' imaginary parts stay ≤ 1e-20
    third_cs = _second(a, y, mu, x + 1j * h * v, u).imag / h
    v = v / reach  # mpmath's difference steps are of order 1: move the margins by O(1) along v, rescale after
    with mpmath.workdps(30):
        rows = [[mpmath.mpf(float(t)) for t in r] for r in a]
        labels = [mpmath.mpf(float(t)) for t in y]
        xs, us, vs = ([mpmath.mpf(float(t)) for t in w] for w in (x, u, v))
        m = mpmath.mpf(mu)

        def phi(s, t):
            p = [xi + s * ui + t * vi for xi, ui, vi in zip(xs, us, vs)]
            loss = mpmath.fsum(mpmath.log1p(mpmath.exp(-lab * mpmath.fsum(ri * pi for ri, pi in zip(r, p))))
                               for r, lab in zip(rows, labels)) / len(rows)
            return loss + m / 2 * mpmath.fsum(pi * pi for pi in p)

        second = mpmath.diff(phi, (0, 0), (2, 0))
        third = mpmath.diff(phi, (0, 0), (2, 1)) * reach
    return float(second), float(third), float(third_cs)


def _norm(v: np.ndarray, norm: float, metric: np.ndarray | None) -> float:
    if metric is not None:
        return float(np.sqrt(v @ metric @ v))
    return float(np.linalg.norm(v, ord=norm))


def _judge(ev, subject, a, y, mu, x, u, v, *, norm: float = 2, metric=None, label: str = "") -> float:
    """Assert |D³f| ≤ M‖v‖D²f with M from the subject; return |D³f|/(M‖v‖D²f)."""
    big_m = subject(a, norm=norm, metric=metric) if metric is not None else subject(a, norm=norm)
    ev.finite(big_m, f"the constant M{label}")
    second, third, third_cs = derivatives(a, y, mu, x, u, v)
    size = _norm(v, norm, metric)
    rhs = big_m * size * second
    ev.close(third_cs, third, rtol=CROSS_RTOL, atol=CROSS_ATOL * rhs + 1e-300, what=f"D³f, two routes{label}",
             labels=("complex step", "mpmath, 30 digits"))
    ev.le(abs(third), rhs * (1 + BOUND_RTOL), what=f"|D³f[u,u,v]| ≤ M‖v‖ D²f[u,u]{label}",
          labels=("|D³f[u, u, v]|", "M ‖v‖ D²f[u, u]"))
    return abs(third) / rhs if rhs > 0 else 0.0


def _case(seed: int, n: int, d: int, log_scale: float, margin: float):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(n, d)) * 10.0**log_scale
    y = rng.choice([-1.0, 1.0], size=n)
    x = rng.normal(size=d) * margin / (10.0**log_scale * math.sqrt(d))
    return a, y, x, rng.normal(size=d), rng.normal(size=d)


def extremal_case(a: np.ndarray, row: int, norm: float, metric: np.ndarray | None, margin: float = 40.0):
    """x with margin ``margin`` on sample ``row`` (label 1), v its dual direction (‖v‖ = 1, a_rowᵀv = ‖a_row‖_*), and u
    orthogonal to the other rows when d allows (else along a_row), scaled so that a_rowᵀu is of order 1. Lengths are
    taken with math.hypot, so rows near the float range do not overflow."""
    size = math.hypot(*a[row])
    r = a[row] / size  # a unit vector; a_row = size · r
    x = margin * r / size
    if metric is not None:
        w = np.linalg.solve(metric, r)
        v = w / math.sqrt(float(r @ w))
    elif norm == 2:
        v = r.copy()
    elif norm == math.inf:
        v = np.sign(r)
    else:
        j = int(np.argmax(np.abs(r)))
        v = np.zeros_like(r)
        v[j] = np.sign(r[j])
    others = np.delete(a, row, axis=0) / size
    if others.size and others.shape[0] < a.shape[1]:
        q, _ = np.linalg.qr(others.T, mode="complete")
        u = q[:, others.shape[0]:] @ (q[:, others.shape[0]:].T @ r)
    else:
        u = r.copy()
    return x, u / size, v


#: A near-extremal case tried first in every run: one sample, margin 20 along it, v along it (ratio tanh(10)).
NEAR_EXTREMAL = {"seed": 0, "n": 1, "d": 2, "log_scale": 0.0, "margin": 20.0, "regularised": False, "extremal": True}


@C.QSC.check(given={"seed": seeds, "n": st.integers(1, 5), "d": st.integers(1, 4), "log_scale": st.floats(-2, 2),
                    "margin": st.floats(0, 20), "regularised": st.booleans(), "extremal": st.booleans()}, examples=6,
             regressions=[NEAR_EXTREMAL], precision="mpmath 30 digits, cross-checked by the complex step",
             tolerance=f"relative {BOUND_RTOL:g} on the bound; the routes agree to {CROSS_RTOL:g} "
                       f"(or {CROSS_ATOL:g} of the bound)")
def bound_holds_on_drawn_cases(subject, ev, seed, n, d, log_scale, margin, regularised, extremal):
    r"""Drawn samples ($n \le 5$, $d \le 4$, scales $10^{\pm 2}$), labels, a point with margins up to 20, $u$, $v$,
    with or without $\mu = 0.1$ — or, when extremal, $x$ of margin up to 20 on the longest row (label 1), $v$ along it
    and $u$ orthogonal to the others where $d$ allows: $\lvert D^3 f[u, u, v]\rvert \le M\lVert v\rVert_2
    D^2 f[u, u]$."""
    a, y, x, u, v = _case(seed, n, d, log_scale, margin)
    if extremal:
        row = int(np.argmax(np.linalg.norm(a, axis=1)))
        y[row] = 1.0
        x, u, v = extremal_case(a, row, 2, None, margin)
    ev.show("a (rows), y", [a.tolist(), y.tolist()])
    ev.show("x, u, v", [x.tolist(), u.tolist(), v.tolist()])
    ratio = _judge(ev, subject, a, y, 0.1 if regularised else 0.0, x, u, v)
    ev.metric("largest_ratio", ratio)


#: (rows, the row of largest norm): one sample, two samples of unequal norms (u ⟂ the short one), rows at 1e200.
EXTREMAL_ROWS = (
    (np.array([[3.0, 4.0]]), 0),
    (np.array([[3.0, 4.0], [1.0, 0.0]]), 0),
    (np.array([[0.5, -1.0, 2.0], [0.1, 0.1, 0.1]]), 0),
    (np.array([[3e200, 4e200]]), 0),
)


@C.QSC.check(given=None, precision="mpmath 30 digits, cross-checked by the complex step",
             tolerance=f"relative {BOUND_RTOL:g} on the bound")
def bound_at_extremal_cases(subject, ev):
    r"""Near-extremal cases: margin 40 on the row of largest norm, $v$ along it, $u$ orthogonal to the other rows;
    also rows at scale $10^{200}$: the bound holds, with a finite $M$."""
    worst = 0.0
    for a, row in EXTREMAL_ROWS:
        x, u, v = extremal_case(a, row, 2, None)
        y = np.ones(a.shape[0])
        ev.show(f"rows {a.tolist()}: x, u, v", [x.tolist(), u.tolist(), v.tolist()])
        worst = max(worst, _judge(ev, subject, a, y, 0.0, x, u, v, label=f" (rows {a.tolist()})"))
    ev.metric("closest_ratio", worst)


METRIC = np.array([[2.0, 0.5, 0.0], [0.5, 1.0, 0.2], [0.0, 0.2, 3.0]])
NORMS = ((1.0, None), (math.inf, None), (2.0, METRIC))


@C.QSC_NORMS.check(given=None, precision="mpmath 30 digits, cross-checked by the complex step",
                   tolerance="ratio ≥ M (1 − 1e-12): tanh(20) = 1 − 8.5e-18")
def constant_is_attained(subject, ev):
    r"""For $\lVert\cdot\rVert_2$, $\lVert\cdot\rVert_1$, $\lVert\cdot\rVert_\infty$ and $\lVert\cdot\rVert_B$: on
    rows $(0.5, -1, 2)$ and $(0.1, 0.1, 0.1)$, margin 40 on the first, $v$ its dual direction and $u$ orthogonal to
    the second, the ratio $\lvert D^3 f\rvert/(\lVert v\rVert D^2 f)$ equals the claimed $M$ to $10^{-12}$."""
    a = EXTREMAL_ROWS[2][0]
    shortfall = 0.0
    for norm, metric in ((2.0, None), *NORMS):
        big_m = subject(a, norm=norm, metric=metric) if metric is not None else subject(a, norm=norm)
        x, u, v = extremal_case(a, 0, norm, metric)
        second, third, _ = derivatives(a, np.ones(2), 0.0, x, u, v)
        ratio = abs(third) / (_norm(v, norm, metric) * second)
        name = "B" if metric is not None else f"{norm:g}"
        ev.show(f"norm {name}: M, attained ratio", [big_m, ratio])
        shortfall = max(shortfall, 1 - ratio / big_m)
        ev.le(1 - ratio / big_m, 1e-12, what=f"the ratio reaches M, norm {name}",
              labels=("1 − ratio/M", "1e-12"))
    ev.metric("worst_shortfall", shortfall)


@C.QSC_NORMS.check(given=None, precision="mpmath 30 digits, cross-checked by the complex step",
                   tolerance=f"relative {BOUND_RTOL:g} on the bound")
def other_norms_hold(subject, ev):
    r"""In $\lVert\cdot\rVert_1$, $\lVert\cdot\rVert_\infty$ and $\lVert\cdot\rVert_B$: the bound holds at the
    extremal cases of each norm and at three drawn cases (seeds 0–2)."""
    for norm, metric in NORMS:
        name = "B" if metric is not None else f"{norm:g}"
        a = EXTREMAL_ROWS[2][0]
        x, u, v = extremal_case(a, 0, norm, metric)
        _judge(ev, subject, a, np.ones(2), 0.0, x, u, v, norm=norm, metric=metric, label=f", norm {name}, extremal")
        for seed in range(3):
            a, y, x, u, v = _case(seed, 3, 3, 0.0, 10.0)
            _judge(ev, subject, a, y, 0.0, x, u, v, norm=norm, metric=metric, label=f", norm {name}, seed {seed}")
