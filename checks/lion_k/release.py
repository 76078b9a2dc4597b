"""Checks of L7 (the notes-page form against Lion), L9 (lion_pytorch.py against the algorithm listing) and the sparse
update of lion_tf2.py: the same gradient streams through both forms, in exact rationals (signs decided exactly)
and in float64."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from ...theorems.lion_k import claims_discrete as D
from ...theorems.lion_k.formulas import (
    algorithm_lion_step,
    page_form_step,
    released_lion_step,
    tf2_dense_step,
)
from ...theorems.lion_k.library import lion_k_step, lion_step
from .strategies import rational, seeds

U = 2.0**-53


def _obj(values) -> np.ndarray:
    return np.array([Fraction(v) for v in values], dtype=object)


def _gradients(rng: np.random.Generator, d_max: int = 3, t_max: int = 10) -> list[list[int]]:
    """1–``d_max`` coordinates, 1–``t_max`` integer gradient vectors in [−12, 12] (zeros, sign changes)."""
    d = int(rng.integers(1, d_max + 1))
    return [[int(v) for v in rng.integers(-12, 13, size=d)] for _ in range(int(rng.integers(1, t_max + 1)))]


# -- L7 ----------------------------------------------------------------------------------------------------------

DYADIC_BETA2 = [Fraction(1, 2), Fraction(3, 4), Fraction(7, 8), Fraction(15, 16), Fraction(63, 64)]
def _page_case(seed: int):
    """β2 dyadic in {1/2, …, 63/64}, β_n = k/16, and a gradient stream."""
    rng = np.random.default_rng(seed)
    return (DYADIC_BETA2[int(rng.integers(0, len(DYADIC_BETA2)))], Fraction(int(rng.integers(0, 17)), 16),
            _gradients(rng))


# β2 = 1/2, β_n = 1/2 (β1 = 1/4), gradients 10 then −1: Lion's c_1 = 1/2 > 0, while β_n = β1 (or β1β2) gives a
# negative M̃ coefficient sum; swapping the roles changes the momentum at the first step.
PAGE_WITNESS = {"case": (Fraction(1, 2), Fraction(1, 2), [[10], [-1]])}


@D.PAGE_FORM.check(given={"case": seeds.map(_page_case)}, examples=8, regressions=[PAGE_WITNESS],
                   precision="exact rationals (dyadic betas: the library's floats are exact)",
                   tolerance="none: exact", confirm="exact")
def page_form_reproduces_lion_exact(subject, ev, case):
    r"""With $\beta_1 = \beta_n\beta_2$ (dyadic, so exactly representable), the page form run with the claimed
    $(\beta_p, \beta_n)$ gives $X_t = x_t$ and $M_t = -m_t$ at every step, exactly ($\eta = 1/10$, $\lambda = 1/2$)."""
    beta2, beta_n, grads = case
    beta1 = beta_n * beta2
    bp, bn = (Fraction(v) for v in subject(float(beta1), float(beta2)))
    eta, lam = Fraction(1, 10), Fraction(1, 2)
    d = len(grads[0])
    x = X = _obj([Fraction(1, 3)] * d)
    m, M = _obj([0] * d), _obj([0] * d)
    ev.show("β1, β2 and the claimed (β_p, β_n)", [str(beta1), str(beta2), str(bp), str(bn)])
    for t, g in enumerate(grads, start=1):
        gg = _obj(g)
        x, m = released_lion_step(x, m, gg, eta, (beta1, beta2), lam)
        X, M = page_form_step(X, M, gg, eta, bp, bn, lam)
        same = bool(all(a == b for a, b in zip(x, X)) and all(a == -b for a, b in zip(m, M)))
        if not same:
            ev.show("step t, Lion x_t, page X_t", [t, [str(v) for v in x], [str(v) for v in X]])
        ev.that(same, f"the forms part at step {t}", claimed=[str(v) for v in X], observed=[str(v) for v in x],
                labels=("page form X_t", "Lion x_t"))


# Float64: the forms compute x(1 − ηλ) − η s and x + η(s − λx), and β_nβ_p rounds to within an ulp of β1; a sign
# could differ only where c is within ~1e-16 of cancelling (probability ~1e-15 per coordinate-step with normal
# gradients). Between signs, 50 steps add at most ~4u per step to |x| ≤ 1 + 50η: 1e-12 covers it ×100.
FLOAT_ATOL = 1e-12


@D.PAGE_FORM.check(given={"b2": st.floats(0.05, 0.999), "ratio": st.floats(0.0, 1.0), "seed": seeds}, examples=5,
                   precision="float64 (the library's lion_step and lion_k_step)",
                   tolerance=f"{FLOAT_ATOL:g} absolute on x (FLOAT_ATOL)")
def page_form_reproduces_lion_float(subject, ev, b2, ratio, seed):
    r"""Any $0 \le \beta_1 \le \beta_2 < 1$: the library's lion_k_step with the claimed $(\beta_p, \beta_n)$ and
    lion_step follow the same 50 normal gradients to float64 rounding."""
    b1 = ratio * b2
    bp, bn = subject(b1, b2)
    rng = np.random.default_rng(seed)
    x = X = rng.normal(size=3) * 0.5
    m, M = np.zeros(3), np.zeros(3)
    ev.show("x₀", x)
    for _ in range(50):
        g = rng.normal(size=3) * 10 ** rng.uniform(-2, 2)
        x, m = lion_step(x, m, g, lr=0.01, betas=(b1, b2), weight_decay=0.5)
        X, M = lion_k_step(X, M, g, lr=0.01, beta_polyak=bp, beta_nesterov=bn, weight_decay=0.5)
    ev.show("β1, β2, claimed (β_p, β_n)", [b1, b2, bp, bn])
    ev.close(X, x, atol=FLOAT_ATOL, what="x after 50 steps", labels=("lion_k_step with the mapping", "lion_step"))


# -- L9 ----------------------------------------------------------------------------------------------------------


def _release_case(seed: int):
    """η ∈ [1/1000, 1/2], λ ∈ [0, 2] (0 often), β1, β2 ∈ [0, 99/100] (0 often), x₀ ∈ [−2, 2]ᵈ, a gradient stream."""
    rng = np.random.default_rng(seed)
    eta = rational(rng, Fraction(1, 1000), Fraction(1, 2), 1000)
    lam = Fraction(0) if rng.random() < 0.2 else rational(rng, 0, 2, 10)
    betas = tuple(Fraction(0) if rng.random() < 0.2 else rational(rng, 0, Fraction(99, 100), 100) for _ in range(2))
    grads = _gradients(rng)
    return eta, lam, betas, [rational(rng, -2, 2) for _ in grads[0]], grads


# A run where every plausible slip of the release shows in the parameters within three steps (found by searching
# small cases for one that separates them all).
RELEASE_CASES = [{"case": (Fraction(1, 10), Fraction(1, 2), (Fraction(2, 5), Fraction(1, 20)),
                           [Fraction(1), Fraction(-1, 2)], [[3, -3], [-3, 1], [4, 3]])}]


@D.RELEASE.check(given={"case": seeds.map(_release_case)}, examples=8, regressions=RELEASE_CASES,
                 precision="exact rationals", tolerance="none: exact", confirm="exact")
def matches_listing_exact(subject, ev, case):
    r"""The port of lion_pytorch.py and the algorithm listing, run side by side on the same gradients in exact
    rationals, give the same parameters and momentum at every step."""
    eta, lam, betas, x0, grads = case
    x = y = _obj(x0)
    m = n = _obj([0] * len(x0))
    for t, g in enumerate(grads, start=1):
        x, m = subject(x, m, _obj(g), eta, betas, lam)
        y, n = algorithm_lion_step(y, n, _obj(g), eta, betas, lam)
        same = bool(all(a == b for a, b in zip(x, y)) and all(a == b for a, b in zip(m, n)))
        ev.that(same, f"release and listing part at step {t} (η = {eta}, λ = {lam}, β = {betas})",
                claimed=[str(v) for v in x], observed=[str(v) for v in y], labels=("release x_t", "listing x_t"))


@D.RELEASE.check(given={"seed": seeds}, examples=5, precision="float64",
                 tolerance="4u·t·(|x| + η) at step t: the two orders of operations round differently, and the "
                           "differences add up over the steps")
def matches_listing_float(subject, ev, seed):
    r"""In float64 (random η, λ, β and 30 normal gradients) the release's $x(1 - \eta\lambda) - \eta s$ and the
    listing's $x - \eta(s + \lambda x)$ agree to rounding."""
    rng = np.random.default_rng(seed)
    eta, lam = float(10 ** rng.uniform(-4, -1)), float(rng.uniform(0, 2))
    betas = tuple(float(b) for b in rng.uniform(0, 0.999, size=2))
    x = y = rng.normal(size=4)
    m = n = np.zeros(4)
    ev.show("η, λ, β", [eta, lam, betas])
    ev.show("x₀", x)
    for t in range(1, 31):
        g = rng.normal(size=4)
        x, m = subject(x, m, g, eta, betas, lam)
        y, n = algorithm_lion_step(y, n, g, eta, betas, lam)
        ev.close(x, y, atol=float(4 * U * t * (np.max(np.abs(y)) + eta)), what="parameters",
                 labels=("release", "listing"))
        ev.close(m, n, rtol=4 * U, atol=1e-300, what="momentum", labels=("release", "listing"))


@D.RELEASE.check(precision="exact rationals", tolerance="none: exact")
def zero_direction_only_decays(subject, ev):
    r"""Where $c = 0$ the parameter only decays: at the first step ($m_0 = 0$) for a zero gradient entry, and later for
    $\beta_1 m + (1 - \beta_1) g = 0$ ($\beta_1 = 1/2$, $m = 1$, $g = -1$)."""
    eta, lam, betas = Fraction(1, 10), Fraction(1, 2), (Fraction(1, 2), Fraction(3, 4))
    x0 = _obj([1, -1, Fraction(1, 2)])
    x1, m1 = subject(x0, _obj([0, 0, 0]), _obj([0, 3, 0]), eta, betas, lam)
    ev.show("x_1, m_1", [[str(v) for v in x1], [str(v) for v in m1]])
    decayed = [v * (1 - eta * lam) for v in x0]
    ev.that(bool(x1[0] == decayed[0] and x1[2] == decayed[2] and m1[0] == 0),
            "a zero gradient at the first step moved the parameter", claimed=[str(x1[0]), str(x1[2])],
            observed=[str(decayed[0]), str(decayed[2])], labels=("x_1 (release)", "x_0(1 − ηλ)"))
    x2, _ = subject(_obj([1]), _obj([1]), _obj([-1]), eta, betas, lam)
    ev.that(bool(x2[0] == 1 - eta * lam), "c = 0 from m = 1, g = −1 moved the parameter", claimed=str(x2[0]),
            observed=str(1 - eta * lam), labels=("x_1 (release)", "x_0(1 − ηλ)"))


# -- lion_tf2.py ---------------------------------------------------------------------------------------------------


def _tf2_float_case(seed: int, beta1: float):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=4)
    m = rng.normal(size=4) * 10 ** rng.uniform(-3, 1)
    grads = [rng.normal(size=4) * 10 ** rng.uniform(-1, 2) for _ in range(2)]
    return x, m, grads, (beta1, 0.99)


def _tf2_bound(m, g, betas):
    b1, b2 = betas
    return 8 * U * ((b2 / b1) * (b1 * np.abs(m) + np.abs(g)) + np.abs(m) + np.abs(g))


def _confirm_sparse(subject, beta1, seed):
    """Exact rationals: the sparse path at the case's β1 either raises (a division by zero at β1 = 0) or equals
    the dense one."""
    x, m, grads, betas = _tf2_float_case(seed, beta1)
    fb = (Fraction(beta1), Fraction(99, 100))
    xs, ms = _obj(x), _obj(m)
    xd, md = xs, ms
    try:
        for g in grads:
            xs, ms = subject(xs, ms, _obj(g), Fraction(1, 100), fb, Fraction(1, 10))
            xd, md = tf2_dense_step(xd, md, _obj(g), Fraction(1, 100), fb, Fraction(1, 10))
    except ZeroDivisionError:
        return True, "in exact arithmetic the sparse update divides β2 by β1 = 0"
    same = all(a == b for a, b in zip(xs, xd)) and all(a == b for a, b in zip(ms, md))
    return (not same), "exact rationals: the sparse and dense updates " + ("differ" if not same else "agree")


@D.TF2_SPARSE.check(given={"beta1": st.one_of(st.just(0.0), st.floats(0.01, 0.99)), "seed": seeds}, examples=5,
                    regressions=[{"beta1": 0.0, "seed": 0}], precision="float64, re-verified in exact rationals",
                    tolerance="8u((β2/β1)(β1|m| + |g|) + |m| + |g|) on the momentum; 8u(|x| + η) on x",
                    confirm=_confirm_sparse)
def sparse_equals_dense_float(subject, ev, beta1, seed):
    r"""Two steps of the sparse and the dense update of lion_tf2.py from the same state ($\beta_2 = 0.99$, $\eta =
    0.01$, $\lambda = 0.1$) give the same parameters and momentum to rounding."""
    x, m, grads, betas = _tf2_float_case(seed, beta1)
    ev.show("x₀, m₀", [x, m])
    ev.show("gradients", grads)
    xs, ms, xd, md = x, m, x, m
    for g in grads:
        bound = _tf2_bound(md, g, betas) if beta1 > 0 else np.full(4, 1e-300)
        xs, ms = subject(xs, ms, g, 0.01, betas, 0.1)
        xd, md = tf2_dense_step(xd, md, g, 0.01, betas, 0.1)
        ev.show("sparse momentum, dense momentum", [ms, md])
        ev.finite(ms, "sparse momentum")
        ev.le(float(np.max(np.abs(ms - md) / bound)), 1.0, what="momentum error over its rounding bound",
              labels=("|sparse − dense| / bound", "1"))
        ev.close(xs, xd, atol=float(8 * U * (np.max(np.abs(xd)) + 0.01)), what="parameters",
                 labels=("sparse", "dense"))


def _tf2_case(seed: int):
    rng = np.random.default_rng(seed)
    return (rational(rng, Fraction(1, 100), Fraction(99, 100), 100), rational(rng, 0, Fraction(99, 100), 100),
            _gradients(rng))


@D.TF2_SPARSE_POSITIVE.check(given={"case": seeds.map(_tf2_case)}, examples=6,
                             regressions=[{"case": (Fraction(1, 2), Fraction(9, 10), [[3], [-2]])}],
                             precision="exact rationals", tolerance="none: exact", confirm="exact")
def sparse_equals_dense_exact(subject, ev, case):
    r"""For $0 < \beta_1 < 1$ the sparse and dense updates of lion_tf2.py agree exactly at every step (rationals)."""
    beta1, beta2, grads = case
    d = len(grads[0])
    xs = xd = _obj([Fraction(1, 2)] * d)
    ms = md = _obj([0] * d)
    for t, g in enumerate(grads, start=1):
        xs, ms = subject(xs, ms, _obj(g), Fraction(1, 100), (beta1, beta2), Fraction(1, 10))
        xd, md = tf2_dense_step(xd, md, _obj(g), Fraction(1, 100), (beta1, beta2), Fraction(1, 10))
        same = bool(all(a == b for a, b in zip(xs, xd)) and all(a == b for a, b in zip(ms, md)))
        ev.that(same, f"sparse and dense part at step {t}", claimed=[str(v) for v in ms],
                observed=[str(v) for v in md], labels=("sparse momentum", "dense momentum"))


@D.TF2_SPARSE_POSITIVE.check(precision="float64 (200 seeded cases, 2000 thorough; β1 from 0.001 to 0.99)",
                             tolerance="8u((β2/β1)(β1|m| + |g|) + |m| + |g|) per momentum entry")
def float_momentum_within_rounding(subject, ev):
    r"""In float64 the sparse momentum stays within the stated rounding bound of the dense one, for $\beta_1$ down to
    $10^{-3}$ and $|g|$ up to $10^4|m|$; the worst error over the bound is reported."""
    rng = np.random.default_rng(13)
    worst = 0.0
    for _ in range(200 if ev.profile != "thorough" else 2000):
        b1 = float(10 ** rng.uniform(-3, np.log10(0.99)))
        m = rng.normal(size=4) * 10 ** rng.uniform(-3, 1)
        g = rng.normal(size=4) * 10 ** rng.uniform(-1, 2)
        x = rng.normal(size=4)
        _, ms = subject(x, m, g, 0.01, (b1, 0.99), 0.1)
        _, md = tf2_dense_step(x, m, g, 0.01, (b1, 0.99), 0.1)
        ratio = float(np.max(np.abs(ms - md) / _tf2_bound(m, g, (b1, 0.99))))
        worst = max(worst, ratio)
        ev.le(ratio, 1.0, what="momentum error over its rounding bound", labels=("|sparse − dense| / bound", "1"))
    ev.metric("worst_over_bound", worst)
