"""T6 (the minibatch surrogate) against the full-batch loss, with witnesses re-verified in mpmath; T7 (the released
surrogate) in exact rationals and at the witness of the bound."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st
from scipy.special import softmax

from ...theorems.target_surrogate import claims_stochastic as C
from ...theorems.target_surrogate import formulas as F
from ...theorems.target_surrogate.library import linear_mm_step, max_target_step, released_eta_to_step
from .bound import MP_DIGITS, WITNESS_DELTA, witness_gap
from .strategies import classification, fractions_of_bound, seeds

TOL_REL = 1e-12  # rounding of g − L with |L| ≤ 10, as in bound.py


def _per_example_grads(z, labels):
    p = softmax(z, axis=1)
    p[np.arange(len(labels)), labels] -= 1.0
    return p


def _mp_ce(z, labels):
    with mpmath.workdps(MP_DIGITS):
        total = mpmath.mpf(0)
        for row, y in zip(z, labels):
            row = [mpmath.mpf(float(v)) for v in row]
            total += mpmath.log(mpmath.fsum(mpmath.exp(v) for v in row)) - row[int(y)]
        return total / len(labels)


def _stochastic_case(subject, seed, n, b, s):
    rng, _, labels, _ = classification(seed, n, 1, 3)
    z_t = rng.standard_normal((n, 3)) * 2
    rows = _per_example_grads(z_t, labels)
    full = rows / n
    batch = rng.choice(n, size=b, replace=False)
    est = subject(rows, batch)
    diff = est - full
    d = -s * diff / np.linalg.norm(diff)
    return z_t, labels, batch, est, d


def _confirm_stochastic(subject, seed, n, b, s):
    z_t, labels, batch, est, d = _stochastic_case(subject, seed, n, b, s)
    eta = 2 * n
    with mpmath.workdps(MP_DIGITS):
        lin = mpmath.fsum(mpmath.mpf(float(g)) * mpmath.mpf(float(v)) for g, v in zip(est.ravel(), d.ravel()))
        quad = mpmath.fsum(mpmath.mpf(float(v)) ** 2 for v in d.ravel()) / (2 * eta)
        gap = _mp_ce(z_t, labels) + lin + quad - _mp_ce(z_t + d, labels)
    return gap < 0, f"ĝ − L = {mpmath.nstr(gap, 12)} at 40 digits"


@C.STOCHASTIC_BOUND.check(
    given={"seed": seeds, "n": st.integers(2, 30), "b": st.integers(1, 29), "s": st.floats(1e-4, 1e-1)},
    examples=10, precision="float64", tolerance=f"{TOL_REL:g} relative to 1 + |L|", confirm=_confirm_stochastic)
def bound_holds_full_batch(subject, ev, seed, n, b, s):
    r"""$\hat g_t(z) \ge L(z)$ at $z = z_t - s(\hat G - \nabla L)/\|\hat G - \nabla L\|$, $\eta = 2n$, the full-batch
    loss computed directly."""
    ev.assume(b < n)
    z_t, labels, batch, est, d = _stochastic_case(subject, seed, n, b, s)
    loss_t, loss = F.ce_loss(z_t, labels), F.ce_loss(z_t + d, labels)
    g = loss_t + float(np.sum(est * d)) + float(np.sum(d * d)) / (4 * n)
    ev.show("z_t", z_t)
    ev.show("labels", labels)
    ev.show("minibatch", batch)
    ev.show("z − z_t", d)
    ev.le(loss - TOL_REL * (1 + loss), g, what="L(z) ≤ ĝ_t(z)", labels=("L(z)", "ĝ_t(z)"))


SSO_STEPS = 20


def _stochastic_trajectory(subject, seed):
    rng, x, labels, theta = classification(seed, 60, 5, 3, 1.0)
    thetas, losses = [theta], [F.ce_loss(x @ theta, labels)]
    for _ in range(SSO_STEPS):
        batch = rng.choice(60, size=4, replace=False)
        est = subject(_per_example_grads(x @ theta, labels), batch)
        theta = linear_mm_step(theta, x, est, 120.0)
        thetas.append(theta)
        losses.append(F.ce_loss(x @ theta, labels))
    return x, labels, thetas, np.array(losses)


def _confirm_trajectory(subject, seed):
    x, labels, thetas, losses = _stochastic_trajectory(subject, seed)
    t = int(np.argmax(np.diff(losses) > 1e-14))
    before, after = _mp_ce(x @ thetas[t], labels), _mp_ce(x @ thetas[t + 1], labels)
    return after > before, (f"step {t + 1}: L = {mpmath.nstr(before, 12)} before, {mpmath.nstr(after, 12)} after, "
                            "at 40 digits")


@C.STOCHASTIC_DESCENT.check(given={"seed": seeds}, examples=3, precision="float64",
                            tolerance="1e-14 absolute per step: rounding of the loss", confirm=_confirm_trajectory)
def full_loss_monotone(subject, ev, seed):
    r"""20 MM steps with minibatch surrogates (4 of 60 examples, $\eta = 2n = 120$, linear softmax model): the
    full-batch loss never increases."""
    _, _, _, losses = _stochastic_trajectory(subject, seed)
    ev.show("full-batch losses", losses)
    rises = np.flatnonzero(np.diff(losses) > 1e-14)
    t = int(rises[0]) if rises.size else int(np.argmax(np.diff(losses)))
    ev.le(losses[t + 1], losses[t] + 1e-14, what=f"L at step {t + 1} vs {t}", labels=("L after the step", "L before"))


# -- T7 -----------------------------------------------------------------------------------------------------------


def _released_case(seed, n, k, eta_exp):
    """Rational targets, targets_t, labels for the mean squared loss (every term rational), eta = 2^j."""
    rng = np.random.default_rng(seed)
    q = lambda shape: np.array([[Fraction(int(v), 8) for v in row] for row in rng.integers(-16, 17, shape)])  # noqa: E731
    z_t, y, z1, z2 = q((n, k)), q((n, k)), q((n, k)), q((n, k))
    grad = (z_t - y) / n
    eta = Fraction(2) ** eta_exp
    return z_t, y, z1, z2, grad, eta


def _g(loss_t, grad, z, z_t, step):
    d = z - z_t
    return loss_t + np.sum(grad * d) + np.sum(d * d) / (2 * step)


@C.RELEASED_MULTIPLE.check(
    given={"seed": seeds, "n": st.integers(1, 4), "k": st.integers(1, 3), "eta_exp": st.integers(-6, 10)},
    examples=10, precision="exact rationals", tolerance="none: exact equality", confirm="exact")
def multiple_of_surrogate(subject, ev, seed, n, k, eta_exp):
    r"""$S(\theta) = c\,g_t(\theta)$, $c = 1/(nk\,\mathrm{eta})$, $\eta$ = the subject's map of eta, in exact
    rationals with the mean squared loss (the identity does not involve the loss beyond $G$ and $L(z_t)$)."""
    z_t, y, z1, _, grad, eta = _released_case(seed, n, k, eta_exp)
    step = Fraction(subject(float(eta)))
    loss_t = np.sum((z_t - y) ** 2) / (2 * n)
    released = F.released_surrogate_exact(grad, z1, z_t, eta)
    ev.show("z_t", z_t.astype(str))
    ev.show("f(θ)", z1.astype(str))
    ev.close(released, _g(loss_t, grad, z1, z_t, step) / (n * k * eta), what="S(θ)", labels=("S(θ)", "c·g_t(θ)"))


@C.RELEASED_AFFINE.check(
    given={"seed": seeds, "n": st.integers(1, 4), "k": st.integers(1, 3), "eta_exp": st.integers(-6, 10)},
    examples=10, precision="exact rationals", tolerance="none: exact equality", confirm="exact")
def differences_match(subject, ev, seed, n, k, eta_exp):
    r"""$S(\theta_1) - S(\theta_2) = (g_t(\theta_1) - g_t(\theta_2))/(nk\,\mathrm{eta})$ in exact rationals, with
    the released surrogate ported to numpy (object arrays of fractions)."""
    z_t, _, z1, z2, grad, eta = _released_case(seed, n, k, eta_exp)
    ev.assume(not np.array_equal(z1, z2))
    step = Fraction(subject(float(eta)))
    s1 = F.released_surrogate_exact(grad, z1, z_t, eta)
    s2 = F.released_surrogate_exact(grad, z2, z_t, eta)
    diff_g = (_g(0, grad, z1, z_t, step) - _g(0, grad, z2, z_t, step)) / (n * k * eta)
    ev.show("z_t", z_t.astype(str))
    ev.close(s1 - s2, diff_g, what="S(θ₁) − S(θ₂)", labels=("released", "scaled g_t"))


@C.RELEASED_RANGE.check(
    given={"n": st.integers(1, 256), "c": fractions_of_bound, "seed": seeds}, examples=20,
    precision="float64 (witness) and float64 (released surrogate on random logits)",
    tolerance="1e-13 at the witness; 1e-12 relative to 1 + |L| at random logits",
    regressions=[{"n": 64, "c": 1.0, "seed": 0}])
def holds_above_min_eta(subject, ev, n, c, seed):
    r"""For $\mathrm{eta} = \mathrm{eta}_{\min}(n)/c$: at the witness and at random logits, the released surrogate
    mapped back to $g_t$ (by $\eta = 1/(2\,\mathrm{eta})$ and the factor $nk\,\mathrm{eta}$) upper-bounds the
    minibatch mean cross-entropy."""
    eta_released = subject(n) / c
    step = released_eta_to_step(eta_released)
    ev.le(-1e-13, witness_gap("softmax_ce", "mean", n, step, WITNESS_DELTA), what="witness",
          labels=("0", "g_t − L at the witness"))
    rng, _, labels, _ = classification(seed, n, 1, 3)
    z_t, d = rng.standard_normal((n, 3)) * 3, rng.standard_normal((n, 3)) * 0.3
    ev.show("eta (released)", eta_released)
    ev.show("z_t", z_t)
    ev.show("z − z_t", d)
    grad = _per_example_grads(z_t, labels) / n
    loss_t, loss = F.ce_loss(z_t, labels), F.ce_loss(z_t + d, labels)
    s_diff = F.released_surrogate(grad, z_t + d, z_t, eta_released) - F.released_surrogate(grad, z_t, z_t, eta_released)
    bound = loss_t + s_diff * (n * 3 * eta_released)
    ev.le(loss - TOL_REL * (1 + loss), bound, what="random logits", labels=("L(z)", "L(z_t) + nk·eta·(S(z) − S(z_t))"))
    ev.metric("ratio_to_bound_at_n64", f"{max_target_step('softmax_ce', 64, 'mean') / released_eta_to_step(1e3):.0f}")


@C.RELEASED_RANGE.check(given={"n": st.integers(1, 256), "eps": st.floats(0.01, 0.5)}, examples=15,
                        precision="mpmath 40 digits", tolerance="none: the sign of g − L at 40 digits")
def fails_below_min_eta(subject, ev, n, eps):
    r"""For $\mathrm{eta} = (1 - \epsilon)\,\mathrm{eta}_{\min}(n)$ the bound fails at the witness (mpmath)."""
    step = released_eta_to_step(subject(n) * (1 - eps))
    with mpmath.workdps(MP_DIGITS):
        gap = witness_gap("softmax_ce", "mean", n, mpmath.mpf(step), mpmath.mpf(WITNESS_DELTA), mpmath.mp)
    ev.show("g − L", mpmath.nstr(gap, 12))
    ev.lt(float(gap), 0.0, what="g − L below eta_min", labels=("g_t − L", "0"))
