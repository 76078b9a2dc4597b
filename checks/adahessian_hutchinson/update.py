"""Checks of H5 and H7: the released update on quadratics, in float64 and at 60 digits.

Ground truths never come from the update under test: the minimiser itself, its reflection, Newton's and momentum
SGD's steps computed from the gradients the run recorded (explicit sums, exact rationals where no root is taken).
A second route takes the Hessian-vector product by central differences of the analytic gradient (exact for a
quadratic at any step, up to rounding).
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.adahessian_hutchinson import claims_update as U
from .strategies import seeds

DIGITS = 60
#: At 60 digits each step rounds at ~1e-60 relative; a few steps of sums and roots stay below 1e-50: 1e-45 of the
#: scale leaves ×10⁵.
HIGH_RTOL = mpmath.mpf(10) ** -45
#: float64: one step is a handful of operations on numbers of size |x₀| + |c| + 1 (the central differences of a
#: quadratic are exact up to the rounding of the gradient, a few ε h(|x| + |c|)); 1e-12 leaves ×1000.
FLOAT_RTOL = 1e-12


def _quadratic(seed: int, d: int, sign: str):
    """h (log-uniform magnitude in [1e-3, 1e3]; signs all +, all −, or mixed), c and x₀ normal."""
    rng = np.random.default_rng(seed)
    mag = 10 ** rng.uniform(-3, 3, size=d)
    signs = {"positive": np.ones(d), "negative": -np.ones(d), "mixed": rng.choice([-1.0, 1.0], size=d)}[sign]
    return mag * signs, rng.normal(size=d), rng.normal(size=d) * 3


def _mp_betas(b1: float = 0.9, b2: float = 0.999) -> tuple:
    """The betas as mpmath numbers (the same binary values): 1 − β and its powers are then taken at 60 digits."""
    return mpmath.mpf(b1), mpmath.mpf(b2)


def _run_high(subject, h, c, x0, steps, seed, **hyper):
    hyper = {**hyper, "betas": _mp_betas(*hyper.get("betas", (0.9, 0.999))), "lr": mpmath.mpf(hyper.get("lr", 1.0)),
             "eps": mpmath.mpf(hyper.get("eps", 0.0))}
    with mpmath.workdps(DIGITS):
        H = np.array([mpmath.mpf(v) for v in h], dtype=object)
        C = np.array([mpmath.mpf(v) for v in c], dtype=object)
        X0 = np.array([mpmath.mpf(v) for v in x0], dtype=object)
        xs = subject(lambda x: H * (x - C), lambda x, v: H * v, X0, steps, np.random.default_rng(seed), **hyper)
        return xs, H, C, X0


def _run_float_fd(subject, h, c, x0, steps, seed, **hyper):
    """The run with Hv from central differences of the gradient (step 1: exact for a quadratic)."""
    def grad(x):
        return h * (x - c)

    def hvp(x, v):
        return (grad(x + v) - grad(x - v)) / 2

    return subject(grad, hvp, x0, steps, np.random.default_rng(seed), **hyper)


_DEFAULT = dict(lr=1.0, betas=(0.9, 0.999), eps=0.0, hessian_power=1.0)

# -- H5 -----------------------------------------------------------------------------------------------------------


@U.FIRST_STEP.check(given={"seed": seeds, "d": st.integers(1, 4)}, examples=4, precision="mpmath 60 digits",
                    tolerance="1e-45 × (|x₀| + |c| + 1) (HIGH_RTOL)")
def lands_on_minimiser_high_precision(subject, ev, seed, d):
    r"""At 60 digits the port's first step equals $c$ ($h_i \in [10^{-3}, 10^3]$)."""
    h, c, x0 = _quadratic(seed, d, "positive")
    with mpmath.workdps(DIGITS):
        xs, _, C, X0 = _run_high(subject, h, c, x0, 1, seed, **_DEFAULT)
        gap = max(abs(a - b) for a, b in zip(xs[0], C))
        scale = max(abs(a) for a in X0) + max(abs(a) for a in C) + 1
        ev.show("h, c, x₀", [h, c, x0])
        ev.le(float(gap / scale), float(HIGH_RTOL), what="|x₁ − c| / scale", labels=("|x₁ − c| / scale", "1e-45"))


@U.FIRST_STEP.check(given={"seed": seeds, "d": st.integers(1, 4)}, examples=4,
                    precision="float64, Hv by central differences of the gradient",
                    tolerance="1e-12 × (|x₀| + |c| + 1) (FLOAT_RTOL)")
def lands_on_minimiser_finite_differences(subject, ev, seed, d):
    r"""In float64, with $Hv$ from central differences of $\nabla f$, the first step lands on $c$ to rounding."""
    h, c, x0 = _quadratic(seed, d, "positive")
    x1 = _run_float_fd(subject, h, c, x0, 1, seed, **_DEFAULT)[0]
    ev.show("h, c, x₀", [h, c, x0])
    ev.close(x1, c, atol=FLOAT_RTOL * (np.max(np.abs(x0)) + np.max(np.abs(c)) + 1), what="x₁",
             labels=("released x₁", "minimiser c"))


@U.FIRST_STEP_NEGATIVE.check(given={"seed": seeds, "d": st.integers(1, 4)}, examples=4, precision="mpmath 60 digits",
                             tolerance="1e-45 × (|x₀| + |c| + 1) (HIGH_RTOL)")
def reflection_high_precision(subject, ev, seed, d):
    r"""At 60 digits, with curvatures of mixed signs, the first step gives $c_i$ where $h_i > 0$ and $2x_{0,i} - c_i$
    where $h_i < 0$."""
    h, c, x0 = _quadratic(seed, d, "mixed")
    with mpmath.workdps(DIGITS):
        xs, _, C, X0 = _run_high(subject, h, c, x0, 1, seed, **_DEFAULT)
        want = [cc if hh > 0 else 2 * xx - cc for hh, cc, xx in zip(h, C, X0)]
        gap = max(abs(a - b) for a, b in zip(xs[0], want))
        scale = max(abs(a) for a in X0) + max(abs(a) for a in C) + 1
        ev.show("h, c, x₀", [h, c, x0])
        ev.le(float(gap / scale), float(HIGH_RTOL), what="|x₁ − target| / scale",
              labels=("|x₁ − (c or 2x₀ − c)| / scale", "1e-45"))


@U.FIRST_STEP_NEGATIVE.check(given={"seed": seeds, "d": st.integers(1, 4)}, examples=4,
                             precision="float64, Hv by central differences of the gradient",
                             tolerance="1e-12 × (|x₀| + |c| + 1) (FLOAT_RTOL)")
def reflection_finite_differences(subject, ev, seed, d):
    r"""In float64 with central-difference $Hv$ and all $h_i < 0$: $x_1 = 2x_0 - c$ to rounding."""
    h, c, x0 = _quadratic(seed, d, "negative")
    x1 = _run_float_fd(subject, h, c, x0, 1, seed, **_DEFAULT)[0]
    ev.show("h, c, x₀", [h, c, x0])
    ev.close(x1, 2 * x0 - c, atol=FLOAT_RTOL * (np.max(np.abs(x0)) + np.max(np.abs(c)) + 1), what="x₁",
             labels=("released x₁", "2x₀ − c"))


@U.FIRST_STEP_NEGATIVE.check(precision="float64", tolerance="none: NaN and exact equality")
def zero_curvature(subject, ev):
    r"""$h = (0, 1)$: with $\varepsilon = 0$ the first coordinate is $0/0$ (NaN); with $\varepsilon = 10^{-4}$ it does
    not move."""
    h, c, x0 = np.array([0.0, 1.0]), np.array([0.5, 0.5]), np.array([2.0, 2.0])
    with np.errstate(invalid="ignore", divide="ignore"):
        nan_run = _run_float_fd(subject, h, c, x0, 1, 0, **_DEFAULT)[0]
    eps_run = _run_float_fd(subject, h, c, x0, 1, 0, **{**_DEFAULT, "eps": 1e-4})[0]
    ev.show("x₁ with ε = 0, with ε = 1e-4", [nan_run, eps_run])
    ev.that(bool(np.isnan(nan_run[0])), "ε = 0 and h = 0 gave a number", claimed=float(nan_run[0]), observed="NaN",
            labels=("x₁ (ε = 0)", "0/0"))
    ev.that(bool(eps_run[0] == x0[0]), "h = 0 with ε > 0 moved", claimed=float(eps_run[0]), observed=float(x0[0]),
            labels=("x₁ (ε = 1e-4)", "x₀"))


# -- H7: k = 0 -----------------------------------------------------------------------------------------------------


def _stream(seed: int, d: int, steps: int):
    """Gradients (normal, random scale) and curvature estimates (|normal|, a quarter of them 0) for ``steps`` steps."""
    rng = np.random.default_rng(seed)
    g = rng.normal(size=(steps, d)) * 10 ** rng.uniform(-2, 2)
    D = np.abs(rng.normal(size=(steps, d))) * (rng.random(size=(steps, d)) > 0.25)
    return g, D


def _replay(subject, g, D, x0, **hyper):
    """The subject run on a given stream: grad_fn and hvp_fn return the t-th gradient and estimate."""
    calls = {"g": 0, "h": 0}

    def grad(_x):
        calls["g"] += 1
        return g[calls["g"] - 1]

    def hvp(_x, _v):
        calls["h"] += 1
        return D[calls["h"] - 1]

    return subject(grad, hvp, x0, len(g), np.random.default_rng(0), **hyper)


def _momentum_sgd(g, x0, lr, beta1, eps, exact: bool):
    """x_t = x_{t−1} − lr m̂_t/(1 + eps), m̂_t by explicit sums (exact Fractions when ``exact``)."""
    cast = Fraction if exact else float
    b1, eta, e = cast(beta1), cast(lr), cast(eps)
    x = [cast(v) for v in x0]
    out = []
    for t in range(1, len(g) + 1):
        m_hat = [(1 - b1) * sum(b1 ** (t - s) * cast(g[s - 1][j]) for s in range(1, t + 1)) / (1 - b1**t)
                 for j in range(len(x))]
        x = [xj - eta * mj / (1 + e) for xj, mj in zip(x, m_hat)]
        out.append(x)
    return out


def _zero_case(seed: int, steps: int, eps: float):
    g, D = _stream(seed, 3, steps)
    return g, D, np.random.default_rng(seed + 1).normal(size=3), float(10 ** np.random.default_rng(seed).uniform(-3, 0))


def _power_zero_float(subject, ev, seed, steps, eps, scaled):
    g, D, x0, lr = _zero_case(seed, steps, eps)
    xs = _replay(subject, g, D, x0, lr=lr, betas=(0.9, 0.999), eps=eps, hessian_power=0.0)
    want = _momentum_sgd(g, x0, lr, 0.9, eps if scaled else 0.0, exact=False)
    ev.show("gradients (rows: steps)", g)
    ev.show("curvature estimates", D)
    ev.show("lr, eps", [lr, eps])
    scale = float(np.max(np.abs(x0)) + lr * np.max(np.abs(g)) * steps)
    ev.close(np.array(xs), np.array(want), atol=FLOAT_RTOL * scale, what="iterates",
             labels=("released run, k = 0", "momentum SGD" + (" at η/(1 + ε)" if scaled else "")))


def _confirm_power_zero(subject, seed, steps):
    """At 60 digits (port on mpmath numbers) against exact rationals: the gap to momentum SGD at rate η persists."""
    eps = 1e-4
    g, D, x0, lr = _zero_case(seed, steps, eps)
    with mpmath.workdps(DIGITS):
        to_mp = np.vectorize(mpmath.mpf, otypes=[object])
        xs = _replay(subject, to_mp(g), to_mp(D), to_mp(x0), lr=mpmath.mpf(lr), betas=_mp_betas(),
                     eps=mpmath.mpf(eps), hessian_power=0)
        want = _momentum_sgd(g, x0, lr, 0.9, 0.0, exact=True)
        gap = max(abs(xs[-1][j] - mpmath.mpf(want[-1][j].numerator) / want[-1][j].denominator) for j in range(3))
        return bool(gap > mpmath.mpf(10) ** -40), f"60 digits: last-iterate gap to momentum SGD {mpmath.nstr(gap, 5)}"


@U.POWER_ZERO.check(given={"seed": seeds, "steps": st.integers(1, 8)}, examples=4,
                    regressions=[{"seed": 0, "steps": 1}], precision="float64, re-verified at 60 digits",
                    tolerance="1e-12 × (|x₀| + lr max|g| T) (FLOAT_RTOL)", confirm=_confirm_power_zero)
def momentum_sgd_at_rate_eta(subject, ev, seed, steps):
    r"""With $k = 0$ and the default $\varepsilon = 10^{-4}$, the released iterates equal momentum SGD's at rate
    $\eta$ (computed from the same gradients by explicit sums)."""
    _power_zero_float(subject, ev, seed, steps, 1e-4, scaled=False)


@U.POWER_ZERO_SCALED.check(given={"seed": seeds, "steps": st.integers(1, 8),
                                  "eps": st.floats(-4, -0.3).map(lambda u: 10**u)}, examples=5,
                           precision="float64", tolerance="1e-12 × (|x₀| + lr max|g| T) (FLOAT_RTOL)")
def momentum_sgd_at_scaled_rate(subject, ev, seed, steps, eps):
    r"""With $k = 0$ the released iterates equal momentum SGD's at rate $\eta/(1 + \varepsilon)$, a quarter of the
    curvature estimates being 0."""
    _power_zero_float(subject, ev, seed, steps, eps, scaled=True)


@U.POWER_ZERO_SCALED.check(given={"seed": seeds, "steps": st.integers(1, 4),
                                  "eps": st.sampled_from([Fraction(1, 10000), Fraction(1, 4), Fraction(1, 2)])},
                           examples=2, precision="the port at 60 digits against exact rationals",
                           tolerance="1e-40 absolute (the 60-digit run's rounding)")
def scaled_rate_exact(subject, ev, seed, steps, eps):
    r"""At 60 digits the released iterates with $k = 0$ equal momentum SGD at rate $\eta/(1 + \varepsilon)$ computed in
    exact rationals."""
    g, D = _stream(seed, 2, steps)
    g = np.round(g * 8) / 8
    x0 = np.array([0.5, -1.25])
    with mpmath.workdps(DIGITS):
        to_mp = np.vectorize(mpmath.mpf, otypes=[object])
        xs = _replay(subject, to_mp(g), to_mp(D), to_mp(x0), lr=mpmath.mpf("0.125"), betas=_mp_betas(),
                     eps=mpmath.mpf(eps.numerator) / eps.denominator, hessian_power=0)
        want = _momentum_sgd(g, x0, Fraction(1, 8), 0.9, eps, exact=True)
        gap = max(abs(xs[t][j] - mpmath.mpf(want[t][j].numerator) / want[t][j].denominator)
                  for t in range(steps) for j in range(2))
        ev.show("gradients", g)
        ev.le(float(gap), 1e-40, what="largest gap", labels=("|port − exact momentum SGD|", "1e-40"))


# -- H7: k = 1 -----------------------------------------------------------------------------------------------------


def _newton_gaps(subject, h, c, x0, steps, seed, eps, *, high: bool):
    """Runs the subject on the diagonal quadratic and returns, per step, the largest relative gap between x_t and
    x_{t−1} − η m̂_t/|h| (η = 0.5; m̂_t from the recorded gradients by explicit sums)."""
    record = []
    if high:
        with mpmath.workdps(DIGITS):
            H = np.array([mpmath.mpf(v) for v in h], dtype=object)
            C = np.array([mpmath.mpf(v) for v in c], dtype=object)
            X0 = np.array([mpmath.mpf(v) for v in x0], dtype=object)
            xs = subject(lambda x: record.append(H * (x - C)) or record[-1], lambda x, v: H * v, X0, steps,
                         np.random.default_rng(seed), lr=mpmath.mpf("0.5"), betas=_mp_betas(), eps=eps)
            return _gaps(xs, record, X0, [abs(v) for v in H], mpmath.mpf("0.5"), mpmath.mpf(0.9))
    xs = subject(lambda x: record.append(h * (x - c)) or record[-1], lambda x, v: h * v, x0, steps,
                 np.random.default_rng(seed), lr=0.5, betas=(0.9, 0.999), eps=eps)
    return _gaps(xs, record, x0, np.abs(h), 0.5, 0.9)


def _gaps(xs, grads, x0, abs_h, lr, b1):
    prev, out = x0, []
    for t in range(1, len(xs) + 1):
        for j in range(len(x0)):
            m_hat = (1 - b1) * sum(b1 ** (t - s) * grads[s - 1][j] for s in range(1, t + 1)) / (1 - b1**t)
            want = prev[j] - lr * m_hat / abs_h[j]
            out.append(abs(xs[t - 1][j] - want) / (abs(prev[j]) + abs(want) + 1))
        prev = xs[t - 1]
    return max(out)


def _confirm_newton(subject, seed, steps):
    """At 60 digits: the released step still differs from the signed Newton step."""
    h, c, x0 = _quadratic(seed, 2, "mixed")
    h[0] = -abs(h[0])
    with mpmath.workdps(DIGITS):
        record = []
        H = np.array([mpmath.mpf(v) for v in h], dtype=object)
        C = np.array([mpmath.mpf(v) for v in c], dtype=object)
        X0 = np.array([mpmath.mpf(v) for v in x0], dtype=object)
        xs = subject(lambda x: record.append(H * (x - C)) or record[-1], lambda x, v: H * v, X0, steps,
                     np.random.default_rng(seed), lr=mpmath.mpf("0.5"), betas=_mp_betas(), eps=mpmath.mpf("1e-4"))
        gap = _gaps(xs, record, X0, list(H), mpmath.mpf("0.5"), mpmath.mpf(0.9))
        return bool(gap > mpmath.mpf(10) ** -30), f"60 digits: largest relative gap to Newton {mpmath.nstr(gap, 5)}"


@U.POWER_ONE.check(given={"seed": seeds, "steps": st.integers(1, 6)}, examples=4, regressions=[{"seed": 1, "steps": 1}],
                   precision="float64, re-verified at 60 digits",
                   tolerance="1e-12 relative per step (FLOAT_RTOL)", confirm=_confirm_newton)
def diagonal_newton_steps(subject, ev, seed, steps):
    r"""On a diagonal quadratic (the first curvature negative), every released step ($k = 1$, $\varepsilon =
    10^{-4}$) equals $x_{t-1} - \eta\hat m_t/H_{ii}$ with $\hat m_t$ from the recorded gradients."""
    h, c, x0 = _quadratic(seed, 2, "mixed")
    h[0] = -abs(h[0])
    record = []
    xs = subject(lambda x: record.append(h * (x - c)) or record[-1], lambda x, v: h * v, x0, steps,
                 np.random.default_rng(seed), lr=0.5, betas=(0.9, 0.999), eps=1e-4)
    gap = _gaps(xs, record, x0, h, 0.5, 0.9)
    ev.show("h, c, x₀", [h, c, x0])
    ev.le(float(gap), FLOAT_RTOL, what="largest relative gap to Newton", labels=("|x_t − Newton| / scale", "1e-12"))


@U.POWER_ONE_CONDITIONS.check(given={"seed": seeds, "steps": st.integers(1, 8), "sign": st.sampled_from(
        ["positive", "negative", "mixed"])}, examples=4, precision="float64",
        tolerance="1e-12 relative per step (FLOAT_RTOL)")
def newton_steps_float(subject, ev, seed, steps, sign):
    r"""Float64, $\varepsilon = 0$, diagonal $H$ of either sign: every step equals $x_{t-1} - \eta\hat m_t/|H_{ii}|$."""
    h, c, x0 = _quadratic(seed, 3, sign)
    ev.show("h, c, x₀", [h, c, x0])
    ev.le(float(_newton_gaps(subject, h, c, x0, steps, seed, 0.0, high=False)), FLOAT_RTOL,
          what="largest relative gap", labels=("|x_t − (x_{t−1} − η m̂_t/|h|)| / scale", "1e-12"))


@U.POWER_ONE_CONDITIONS.check(given={"seed": seeds, "steps": st.integers(1, 5)}, examples=3,
                              precision="mpmath 60 digits", tolerance="1e-45 relative per step (HIGH_RTOL)")
def newton_steps_high_precision(subject, ev, seed, steps):
    r"""At 60 digits, curvatures of mixed signs, $\varepsilon = 0$: every step equals $x_{t-1} -
    \eta\hat m_t/|H_{ii}|$."""
    h, c, x0 = _quadratic(seed, 3, "mixed")
    ev.show("h, c, x₀", [h, c, x0])
    with mpmath.workdps(DIGITS):
        gap = _newton_gaps(subject, h, c, x0, steps, seed, mpmath.mpf(0), high=True)
        ev.le(float(gap), float(HIGH_RTOL), what="largest relative gap", labels=("relative gap", "1e-45"))
