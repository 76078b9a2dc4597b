"""Checks that the library a practitioner calls computes the released step, the notes-page step and H.

``lion_step`` against the port of the release run in exact rationals on the same (float) inputs, for m and g from
subnormal to 10³⁰⁰, and against itself under (m, g) → 2ᵉ(m, g); ``lion_k_step`` against the page form; ``lyapunov``
against H evaluated at 40 digits from the definitions.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.lion_k import claims_library as L
from ...theorems.lion_k.formulas import page_form_step, released_lion_step, sign
from .strategies import seeds

U = 2.0**-53
TINY = 5e-324  # the subnormal spacing: the absolute rounding of any result in that range


def _exact(values) -> np.ndarray:
    return np.array([Fraction(float(v)) for v in np.ravel(values)], dtype=object)


@st.composite
def step_inputs(draw):
    """x ~ N(0, 1), (m, g) normal times 10^e with e ∈ [−320, 300] (subnormal included), lr ∈ [1e-5, 0.5],
    weight_decay with lr·wd ≤ 1, β1, β2 ∈ [0, 0.999]."""
    rng = np.random.default_rng(draw(seeds))
    e = draw(st.integers(-320, 300))
    d = draw(st.integers(1, 4))
    x = rng.normal(size=d)
    with np.errstate(under="ignore"):
        m = rng.normal(size=d) * 10.0**e
        g = rng.normal(size=d) * 10.0**e * 10 ** rng.uniform(-2, 2)
    lr = float(10 ** rng.uniform(-5, math.log10(0.5)))
    wd = float(rng.uniform(0, 1 / lr)) if draw(st.booleans()) else 0.0
    betas = (float(rng.uniform(0, 0.999)), float(rng.uniform(0, 0.999)))
    return x, m, g, lr, wd, betas


@L.LIBRARY_STEPS.check(given={"inputs": step_inputs()}, examples=10,
                       precision="exact rationals on the float inputs",
                       tolerance="x: 4u(|x| + lr); m: 8u(β2|m| + (1 − β2)|g|) + the subnormal spacing")
def matches_exact_release_step(subject, ev, inputs):
    r"""lion_step equals the released step computed exactly on the same inputs, to a few roundings, for $(m, g)$ from
    subnormal to $10^{300}$ (cases where $c$ is within $10^{-12}$ of cancelling are set aside)."""
    x, m, g, lr, wd, betas = inputs
    b1, b2 = (Fraction(b) for b in betas)
    mq, gq = _exact(m), _exact(g)
    c = b1 * mq + (1 - b1) * gq
    size = np.array([abs(b1 * a) + abs((1 - b1) * b) for a, b in zip(mq, gq)], dtype=object)
    ev.assume(all(abs(ci) >= Fraction(1, 10**12) * si for ci, si in zip(c, size)) or not any(size))
    x_true, m_true = released_lion_step(_exact(x), mq, gq, Fraction(lr), (b1, b2), Fraction(wd))
    x_new, m_new = subject["lion_step"](x, m, g, lr=lr, betas=betas, weight_decay=wd)
    ev.show("x, m, g", [x, m, g])
    ev.show("lr, weight_decay, betas", [lr, wd, betas])
    ev.show("lion_step (x, m)", [x_new, m_new])
    ev.close(x_new, np.array([float(v) for v in x_true]), atol=float(4 * U * (np.max(np.abs(x)) + lr)),
             what="parameters", labels=("lion_step", "exact released step"))
    bound = np.array([float(8 * U * (b2 * abs(a) + (1 - b2) * abs(b))) + TINY for a, b in zip(mq, gq)])
    err = np.abs(m_new - np.array([float(v) for v in m_true]))
    ev.le(float(np.max(err / bound)), 1.0, what="momentum error over its rounding bound",
          labels=("|lion_step − exact| / bound", "1"))


def _integer_pair(seed: int):
    rng = np.random.default_rng(seed)
    d = int(rng.integers(1, 4))
    return [int(v) for v in rng.integers(-8, 9, size=d)], [int(v) for v in rng.integers(-8, 9, size=d)]


# m = 1, g = 0 at 2⁻¹⁰⁷⁴ with β1 = 1/2: c = 2⁻¹⁰⁷⁵ exactly, which float64 rounds to 0 (no step) unless (m, g) is
# rescaled first.
SCALE_CASES = [{"pair": ([1], [0]), "e": -1074, "beta1": 0.5}]


@L.LIBRARY_STEPS.check(given={"pair": seeds.map(_integer_pair), "e": st.integers(-1074, 1000),
                              "beta1": st.sampled_from([0.5, 0.9, 0.1, 0.0])}, examples=10, regressions=SCALE_CASES,
                       precision="exact scaling by powers of two",
                       tolerance="x: identical; m: 4u relative + the subnormal spacing")
def scale_free_sign(subject, ev, pair, e, beta1):
    r"""Scaling $(m, g)$ by $2^e$ ($e$ from $-1074$, subnormal, to 1000; integer entries so the scaling is exact) leaves
    lion_step's parameters unchanged and scales its momentum by $2^e$."""
    mm, g = (np.array(v, dtype=float) for v in pair)
    k = math.ldexp(1.0, e)
    x = np.linspace(-0.5, 0.5, len(mm))
    kw = dict(lr=0.01, betas=(beta1, 0.99), weight_decay=0.5)
    with np.errstate(under="ignore", over="ignore"):
        ms, gs = mm * k, g * k
    ev.assume(bool(np.all(np.isfinite(ms)) and np.all(np.isfinite(gs))))
    x1, m1 = subject["lion_step"](x, mm, g, **kw)
    xk, mk = subject["lion_step"](x, ms, gs, **kw)
    ev.show("m, g (integers), e", [mm, g, e])
    ev.show("x_new at scale 1 and 2^e", [x1, xk])
    ev.close(xk, x1, what="parameters after the step", labels=("(m, g)·2^e", "(m, g)"))
    with np.errstate(under="ignore", over="ignore"):
        target = m1 * k
    ev.close(mk, target, rtol=4 * U, atol=TINY, what="momentum",
             labels=("m_new of (m, g)·2^e", "2^e · m_new of (m, g)"))


@st.composite
def page_inputs(draw):
    """x, M, g normal (3 coordinates), β_p, β_n ∈ [0, 1], lr, λ with lr·λ ≤ 1, a kernel and δ."""
    rng = np.random.default_rng(draw(seeds))
    kernel = draw(st.sampled_from(["l1", "log_cosh", "quadratic"]))
    lr = float(10 ** rng.uniform(-4, -1))
    return (rng.normal(size=3), rng.normal(size=3), rng.normal(size=3) * 10 ** rng.uniform(-2, 2), lr,
            float(rng.uniform(0, 1)), float(rng.uniform(0, 1)), float(rng.uniform(0, 1 / lr)), kernel,
            float(10 ** rng.uniform(-2, 1)))


@L.LIBRARY_STEPS.check(given={"inputs": page_inputs()}, examples=8,
                       precision="exact rationals for ℓ1; float64 for log-cosh and quadratic",
                       tolerance="4u(|x| + lr) on x; 4u(|M| + |g|) on M")
def lion_k_step_matches_page_form(subject, ev, inputs):
    r"""lion_k_step equals the notes-page step $M_{t+1} = \beta_p M - (1 - \beta_p)g$, $\tilde M = \beta_n M_{t+1} -
    (1 - \beta_n)g$, $x + \eta(\nabla\mathcal{K}(\tilde M) - \lambda x)$ (for $\ell_1$ computed in exact rationals)."""
    x, M, g, lr, bp, bn, lam, kernel, delta = inputs
    if kernel == "l1":
        Xq, Mq = page_form_step(_exact(x), _exact(M), _exact(g), Fraction(lr), Fraction(bp), Fraction(bn),
                                Fraction(lam), grad_k=sign)
        X_true, M_true = np.array([float(v) for v in Xq]), np.array([float(v) for v in Mq])
    else:
        grad_k = (lambda v: np.tanh(v / delta)) if kernel == "log_cosh" else (lambda v: v)
        X_true, M_true = page_form_step(x, M, g, lr, bp, bn, lam, grad_k=grad_k)
    X_new, M_new = subject["lion_k_step"](x, M, g, lr=lr, beta_polyak=bp, beta_nesterov=bn, weight_decay=lam,
                                          kernel=kernel, delta=delta)
    ev.show("kernel, β_p, β_n, lr, λ", [kernel, bp, bn, lr, lam])
    ev.show("x, M, g", [x, M, g])
    ev.close(X_new, X_true, atol=float(4 * U * (np.max(np.abs(x)) + lr) * 4), what="parameters",
             labels=("lion_k_step", "page form"))
    ev.close(M_new, M_true, atol=float(8 * U * (np.max(np.abs(M)) + np.max(np.abs(g)))), what="M",
             labels=("lion_k_step", "page form"))


# -- lyapunov -------------------------------------------------------------------------------------------------


def _reference(kernel, f, x, m, alpha, gamma, lam, eps, delta):
    """H at 40 digits from the definitions; also the size of its terms (for the tolerance)."""
    with mpmath.workdps(40):
        lam_, d = mpmath.mpf(lam), mpmath.mpf(delta)
        ys = [lam_ * mpmath.mpf(v) for v in x]
        ms = [mpmath.mpf(v) for v in m]
        if kernel == "quadratic":
            conj = mpmath.fsum(y * y for y in ys) / 2
            kval = mpmath.fsum(v * v for v in ms) / 2
        elif kernel == "l1":
            if max(abs(y) for y in ys) > 1:
                return mpmath.inf, 0.0
            conj, kval = mpmath.mpf(0), mpmath.fsum(abs(v) for v in ms)
        else:
            if max(abs(y) for y in ys) > 1:
                return mpmath.inf, 0.0
            conj = d * mpmath.fsum(mpmath.log(2) if abs(y) == 1 else y * mpmath.atanh(y) + mpmath.log(1 - y * y) / 2
                                   for y in ys)
            kval = d * mpmath.fsum(mpmath.log(mpmath.cosh(v / d)) for v in ms)
        c = (1 - mpmath.mpf(eps) * gamma) / (1 + mpmath.mpf(eps) * lam_)
        coupling = mpmath.fsum(v * y for v, y in zip(ms, ys))
        value = alpha * mpmath.mpf(f) + (gamma / lam_) * conj + c * (conj + kval - coupling)
        size = abs(alpha * f) + abs(gamma / lam_ * conj) + abs(c) * (abs(conj) + abs(kval) + abs(coupling))
        return value, float(size)


@st.composite
def lyapunov_inputs(draw):
    """A kernel, 1–3 coordinates, |λx_i| up to 1 (on the face and, for ℓ1 and log-cosh, outside now and then),
    |m_i| from 1e-8δ to 1e6δ, α, γ, λ ∈ [0.05, 5], εγ ∈ [0, 1], δ ∈ [0.01, 10]."""
    rng = np.random.default_rng(draw(seeds))
    kernel = draw(st.sampled_from(["log_cosh", "quadratic", "l1"]))
    d = draw(st.integers(1, 3))
    alpha, gamma, lam = (float(v) for v in 10 ** rng.uniform(math.log10(0.05), math.log10(5), 3))
    eps = float(rng.uniform(0, 1)) / gamma
    delta = float(10 ** rng.uniform(-2, 1))
    y = rng.uniform(-1, 1, size=d)
    if draw(st.booleans()):
        y[0] = draw(st.sampled_from([1.0, -1.0, 0.999999, 1.5]))
        if abs(y[0]) == 1.0:
            lam = 1.0  # λx = ±1 exactly: the face itself, with no rounding of λ·(1/λ)
    x = y / lam
    m = rng.choice([-1, 1], size=d) * delta * 10 ** rng.uniform(-8, 6, size=d)
    f = float(rng.normal() * 10 ** rng.uniform(-2, 2))
    return kernel, f, x, m, alpha, gamma, lam, eps, delta


# H sums a handful of terms, each evaluated to a few ulps (the stable forms of log cosh and of the log-cosh
# conjugate have no cancellation of their own): 1e-13 of the terms' size leaves ×100 headroom.
LYAPUNOV_RTOL = 1e-13


@L.LIBRARY_LYAPUNOV.check(given={"inputs": lyapunov_inputs()}, examples=12,
                          regressions=[{"inputs": ("log_cosh", 0.5, np.array([0.2]), np.array([1000.0]), 1.0, 1.0,
                                                   2.0, 0.25, 1.0)}],
                          precision="mpmath 40 digits", tolerance=f"{LYAPUNOV_RTOL:g} × the size of H's terms")
def matches_40_digit_reference(subject, ev, inputs):
    r"""lyapunov equals $H$ evaluated at 40 digits from its definition (log-cosh $\mathcal{K}^*$ by its artanh form,
    $\log\cosh$ directly), and is $+\infty$ exactly where $\mathcal{K}^*(\lambda x)$ is."""
    kernel, f, x, m, alpha, gamma, lam, eps, delta = inputs
    ref, size = _reference(kernel, f, x, m, alpha, gamma, lam, eps, delta)
    value = subject(f, x, m, alpha=alpha, gamma=gamma, weight_decay=lam, eps=eps, kernel=kernel, delta=delta)
    ev.show("kernel, λx, m/δ", [kernel, lam * x, m / delta])
    ev.show("lyapunov, 40-digit H", [value, float(ref)])
    if ref == mpmath.inf:
        ev.that(value == math.inf, "H is +inf outside the domain of 𝒦*", claimed=value, observed="inf",
                labels=("lyapunov", "40-digit H"))
        return
    ev.close(value, float(ref), atol=LYAPUNOV_RTOL * size, what="H", labels=("lyapunov", "40-digit H"))
