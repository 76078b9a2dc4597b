"""Checks of the loss claims: P1 (the released loss against the paper's formula), P2 (the gradient weight and
its range) and P3 (the small-β limit and its remainder).

Ground truth: sequence probabilities as products of softmax probabilities at 30 digits (no logarithm of the
sum of log-probabilities the port uses), complex-step gradients of the released loss on a token-level
softmax model, mpmath at 40–50 digits, and mpmath's Richardson extrapolation for the β → 0 limit.
"""

from __future__ import annotations

import functools

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.npo import claims_loss as C
from .strategies import forget_set, seeds, token_batch, token_batches

# -- P1 ---------------------------------------------------------------------------------------------

# The port sums at most 6 token NLLs of logits |z| ≤ 15 (scale 3): absolute error ≤ 6·4ε·15 ≈ 1e-13 per
# sequence, so β(ℓ_θ − ℓ_ref) is off by ≤ 10·2e-13 and the loss, a smooth function of it with slope ≤ 2/β·β,
# by ≤ 4e-12 relative to its size (the loss is ≥ (2/β)·e^{βu}·(1 − …) where it is small, and the error
# scales with it). 1e-10 leaves 25× headroom; every mutant changes the value by O(1).
PORT_RTOL = 1e-10


@functools.lru_cache(maxsize=256)
def _paper_loss_high_precision(seed: int, batch: int, length: int, vocab: int, scale: float, beta: float) -> float:
    """(2/β) mean_i log(1 + (π_θ,i/π_ref,i)^β) at 30 digits, each π the product over the counted
    positions of e^{z_y}/Σ_v e^{z_v} (the release's shift: position t scores the label at t + 1)."""
    logits, ref_logits, labels = token_batch(seed, batch, length, vocab, scale)
    with mpmath.workdps(30):
        b = mpmath.mpf(beta)

        def prob(z, row):
            p = mpmath.mpf(1)
            for t in range(length - 1):
                y = int(row[t + 1])
                if y < 0:
                    continue
                p *= mpmath.exp(mpmath.mpf(z[t, y])) / mpmath.fsum(mpmath.exp(mpmath.mpf(v)) for v in z[t])
            return p

        total = mpmath.fsum(mpmath.log1p((prob(logits[i], labels[i]) / prob(ref_logits[i], labels[i])) ** b)
                            for i in range(batch))  # log1p: the ratio^β can be 1e-30 and below
        return float(2 / b * total / batch)


@C.RELEASED_LOSS.check(given={"case": token_batches, "beta": st.floats(0.01, 10.0)}, examples=15,
                       precision="mpmath 30 digits, sequence probabilities as products of softmax probabilities",
                       tolerance=f"relative {PORT_RTOL:g}: float64 sums of ≤ 6 token NLLs (≈ 4e-12 relative), "
                                 "25× headroom")
def matches_product_of_probabilities(subject, ev, case, beta):
    r"""The port of the released loss equals $\frac{2}{\beta}\operatorname{mean}_i\log(1 + (\pi_\theta/"
    r"\pi_{\mathrm{ref}})^\beta)$ computed at 30 digits from products of token probabilities."""
    logits, ref_logits, labels = token_batch(**case)
    truth = _paper_loss_high_precision(**case, beta=beta)
    got = subject(logits, ref_logits, labels, beta)
    ev.show("labels (−100: not scored)", labels)
    ev.show("released loss (port, float64)", got)
    ev.show("paper's loss (30 digits)", truth)
    ev.close(got, truth, rtol=PORT_RTOL, what="NPO loss", context=f"β={beta:.4g}, {case}",
             labels=("released loss (port)", "paper's formula at 30 digits"))


# -- P2: the weight against the derivative of the released loss --------------------------------------

# mpmath.diff at 40 digits is good to ~30 digits; float64 evaluation of 2a/(a + b) with a, b = e^{βl}, e^{βr}
# (βl ≥ −300: no underflow) is good to 4ε ≈ 1e-15 relative. 1e-13 relative leaves 100× headroom; the
# mutants are off by factors 2, β or more.
WEIGHT_RTOL = 1e-13

_weight_cases = {"ell_theta": st.floats(-30.0, 0.0), "ell_ref": st.floats(-30.0, 0.0), "beta": st.floats(0.01, 10.0)}


@C.WEIGHT.check(given=_weight_cases, examples=20, precision="mpmath 30 digits (numerical differentiation)",
                tolerance=f"relative {WEIGHT_RTOL:g}: float64 evaluation of the weight (4ε) against ~30 digits")
def matches_derivative_of_released_loss(subject, ev, ell_theta, ell_ref, beta):
    r"""$W(l, r, \beta)$ equals $\partial_l$ of the release's $-\frac{2}{\beta}\log\sigma(\beta(\ell_\theta -
    \ell_{\mathrm{ref}}))$, $\ell = -l$, differentiated by mpmath at 30 digits."""
    truth = C._weight_float(ell_theta, ell_ref, beta)
    got = subject(ell_theta, ell_ref, beta)
    ev.show("W (formula, float64)", got)
    ev.show("∂ loss / ∂ log π_θ (30 digits)", truth)
    ev.close(got, truth, rtol=WEIGHT_RTOL, what="W", context=f"l={ell_theta:.6g}, r={ell_ref:.6g}, β={beta:.4g}",
             labels=("W from the formula", "derivative of the released loss"))


# -- P2: the weight against the gradient of the released loss on a token-level model ------------------

# Complex step with h = 1e-30: no subtractive cancellation, truncation O(h²) = 0 in float64; the analytic
# side sums ≤ 3 × 6 float64 terms of size ≤ 2: 1e-12 absolute covers both (mutants are off by O(W)).
CS_STEP = 1e-30
CS_ATOL = 1e-12


def _model_log_probs(phi: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """log π_i of each labelled sequence under a model whose logits at position t are φ[t] (complex-safe)."""
    lse = np.log(np.exp(phi).sum(axis=1))  # |φ| ≤ 6: no overflow, no max subtraction (complex step)
    out = []
    for row in labels:
        out.append(sum(phi[t, y] - lse[t] for t, y in enumerate(row[1:]) if y >= 0))
    return np.array(out)


def _released_loss_of_phi(phi, phi_ref, labels, beta):
    x = beta * (-_model_log_probs(phi, labels) + _model_log_probs(phi_ref, labels))
    return (np.log(1 + np.exp(-x))).mean() * 2 / beta  # −logsigmoid(x) written complex-safe


@C.WEIGHT.check(given={"seed": seeds, "beta": st.floats(0.05, 5.0)}, examples=15,
                precision="float64 complex step (h = 1e-30)",
                tolerance=f"{CS_ATOL:g} absolute on the gradient: complex step is exact to rounding")
def model_gradient_by_complex_step(subject, ev, seed, beta):
    r"""On a token-level softmax model, $\frac{1}{B}\sum_i W_i\nabla\log\pi_\theta(y_i|x_i)$ with $W$ from the
    formula equals the complex-step gradient of the released loss."""
    rng = np.random.default_rng(seed)
    length, vocab, batch = 6, 3, 3
    phi, phi_ref = 1.5 * rng.normal(size=(length, vocab)), 1.5 * rng.normal(size=(length, vocab))
    labels = rng.integers(0, vocab, size=(batch, length))
    labels[:, :2] = -100
    lp, lr = _model_log_probs(phi, labels).real, _model_log_probs(phi_ref, labels).real
    soft = np.exp(phi - phi.max(axis=1, keepdims=True))
    soft /= soft.sum(axis=1, keepdims=True)
    grads = []
    for row in labels:
        g = np.zeros_like(phi)
        for t, y in enumerate(row[1:]):
            if y >= 0:
                g[t] -= soft[t]
                g[t, y] += 1
        grads.append(g)
    weights = [subject(float(a), float(r), beta) for a, r in zip(lp, lr)]
    claimed = sum(w * g for w, g in zip(weights, grads)) / batch
    truth = np.zeros_like(phi)
    for idx in np.ndindex(phi.shape):
        bumped = phi.astype(complex)
        bumped[idx] += 1j * CS_STEP
        truth[idx] = _released_loss_of_phi(bumped, phi_ref, labels, beta).imag / CS_STEP
    ev.show("log π_θ per sequence", lp)
    ev.show("log π_ref per sequence", lr)
    ev.show("W from the formula", weights)
    ev.close(claimed, truth, atol=CS_ATOL, what="∇L", context=f"seed={seed}, β={beta:.4g}",
             labels=("mean of W ∇log π_θ", "complex-step gradient of the released loss"))


# -- P2: the range of W, at 50 digits ----------------------------------------------------------------

_range_cases = {"ell_ref": st.floats(-1e4, 0.0), "beta": st.floats(-3.0, 2.0).map(lambda e: 10.0**e),
                "k": st.floats(-100.0, 100.0)}


@C.WEIGHT_RANGE.check(given=_range_cases, examples=20, precision="mpmath 50 digits",
                      tolerance="none: strict inequalities at 50 digits (|β(l − r)| ≤ 100 keeps 2 − W ≥ 7e-44)")
def strictly_between_zero_and_two(subject, ev, ell_ref, beta, k):
    r"""$0 < W < 2$ at 50 digits for $\beta(l - r) = k \in [-100, 100]$, $r \in [-10^4, 0]$."""
    ell = ell_ref + k / beta
    ev.assume(ell <= 0.0)
    with mpmath.workdps(50):
        w = subject(ell, ell_ref, beta)
        ev.show("W (50 digits)", mpmath.nstr(w, 20))
        ev.lt(0, w, what="W > 0", labels=("0", "W"))
        ev.lt(w, 2, what="W < 2", labels=("W", "2"))


@C.WEIGHT_RANGE.check(given={"ell_ref": st.floats(-1e4, 0.0), "beta": st.floats(-3.0, 2.0).map(lambda e: 10.0**e),
                             "gap": st.floats(-50.0, 50.0)}, examples=20, precision="mpmath 50 digits",
                      tolerance="|W − 1| ≤ 1e-45 at equality; |β(l − r)| ≥ 1e-20 gives |W − 1| ≥ 5e-21 otherwise",
                      confirm="exact")
def one_exactly_at_reference(subject, ev, ell_ref, beta, gap):
    r"""$W = 1$ at $\pi_\theta = \pi_{\mathrm{ref}}$, and $W > 1$ exactly when $\pi_\theta > \pi_{\mathrm{ref}}$
    (so $W \ne 1$ elsewhere)."""
    ell = min(0.0, ell_ref + gap / beta)
    ev.assume(abs(beta * (ell - ell_ref)) >= 1e-20)
    with mpmath.workdps(50):
        at_ref = subject(ell_ref, ell_ref, beta)
        w = subject(ell, ell_ref, beta)
        ev.show("W at π_θ = π_ref", mpmath.nstr(at_ref, 20))
        ev.show("W at the drawn π_θ", mpmath.nstr(w, 20))
        ev.that(bool(abs(at_ref - 1) <= mpmath.mpf("1e-45")), f"W = {mpmath.nstr(at_ref, 12)} at π_θ = π_ref",
                claimed=1, observed=float(at_ref), labels=("W at π_θ = π_ref, by the claim", "W computed"))
        ev.that(bool((w > 1) == (ell > ell_ref)) and bool(w != 1), f"W = {mpmath.nstr(w, 12)} with log π_θ − "
                f"log π_ref = {ell - ell_ref:.4g}", claimed=f"W {'>' if ell > ell_ref else '<'} 1",
                observed=float(w), labels=("W against 1, by the claim", "W computed"))


@C.WEIGHT_RANGE.check(given={"ell_ref": st.floats(-50.0, 0.0), "beta": st.floats(-3.0, 2.0).map(lambda e: 10.0**e)},
                      examples=25, precision="mpmath 60 digits",
                      tolerance="1e-40 relative: W(r − k/β) ≤ 2·exp(−k)·(1 + 1e-40) for k = 10, 100, 1000",
                      confirm="exact")
def vanishes_as_probability_vanishes(subject, ev, ell_ref, beta):
    r"""$W \le 2(\pi_\theta/\pi_{\mathrm{ref}})^\beta$: at $\log\pi_\theta = \log\pi_{\mathrm{ref}} - k/\beta$,
    $W \le 2e^{-k}$ for $k = 10, 100, 1000$, so $W \to 0$ as $\pi_\theta \to 0$."""
    with mpmath.workdps(60):
        rows = []
        for k in (10, 100, 1000):
            w = subject(mpmath.mpf(ell_ref) - mpmath.mpf(k) / beta, ell_ref, beta)
            bound = 2 * mpmath.exp(-k)
            rows.append({"k": k, "W": mpmath.nstr(w, 10), "2·exp(−k)": mpmath.nstr(bound, 10)})
            ev.show(f"W at k = {k}", mpmath.nstr(w, 15))
            # 1e-40: the rounding of β·(r − k/β) at 60 digits moves W by ≤ 1e-55 relative
            ev.le(w / bound, 1 + mpmath.mpf("1e-40"), what=f"W / 2e^(−k) at k = {k}",
                  labels=("W / 2·exp(−k)", "1 + 1e-40"))


# -- P3: the limit --------------------------------------------------------------------------------

_forget_sets = {"seed": seeds, "n": st.integers(1, 6), "spread": st.sampled_from([1.0, 10.0, 50.0])}


def _npo_loss_mp(lp, lr, beta):
    """(2/β) mean log(1 + e^{β(l − r)}) at the working precision, the log-probabilities taken exactly."""
    b = mpmath.mpf(beta)
    return 2 / b * mpmath.fsum(mpmath.log(1 + mpmath.exp(b * (mpmath.mpf(a) - mpmath.mpf(r))))
                               for a, r in zip(lp, lr)) / len(lp)


# At β = 1e-8 the remainder is ≤ β·E[u²]/4 ≤ 1e-8·2500/4 ≈ 6e-6 (u ∈ [−50, 50]); the subject's float
# constant 2 log 2/β ≈ 1.4e8 carries a rounding error ≤ 1.5e-8. A 1e-5 tolerance covers both; every mutant
# leaves an O(1) difference (the draws keep |E u| and |E log π_ref| above 0.05).
LIMIT_TOL = 1e-5


@C.SMALL_BETA_LIMIT.check(given=_forget_sets, examples=20, precision="mpmath 40 digits",
                          tolerance=f"{LIMIT_TOL:g} absolute at β = 1e-8 (remainder ≤ 6e-6, float constant ≤ 1.5e-8)")
def difference_vanishes_with_beta(subject, ev, seed, n, spread):
    r"""$L_\beta - \mathrm{constant}(\beta) - \mathrm{limit}$ at 40 digits shrinks with $\beta$ and is below
    $10^{-5}$ at $\beta = 10^{-8}$."""
    lp, lr = forget_set(seed, n, spread)
    ev.assume(abs(float(np.mean(lp - lr))) > 0.05 and abs(float(np.mean(lr))) > 0.05)
    constant, limit = subject
    rows = []
    with mpmath.workdps(40):
        for beta in (1e-2, 1e-4, 1e-6, 1e-8):
            gap = _npo_loss_mp(lp, lr, beta) - mpmath.mpf(constant(beta)) - mpmath.mpf(limit(lp, lr))
            rows.append({"β": beta, "L_β − constant − limit": float(gap)})
    ev.show("log π_θ", lp)
    ev.show("log π_ref", lr)
    ev.show("L_β − constant(β) − limit", [r["L_β − constant − limit"] for r in rows])
    ev.le(abs(rows[-1]["L_β − constant − limit"]), LIMIT_TOL, what="|L_β − constant − limit| at β = 1e-8",
          labels=("|L_β − constant − limit| at β = 1e-8", "tolerance"))


@C.SMALL_BETA_LIMIT.check(given=_forget_sets, examples=15, precision="mpmath 30 digits, numerical differentiation",
                          tolerance="1e-12 absolute on the limit and on β·constant(β) at β = 1e-30 (mpmath.diff of an "
                                    "analytic function at 30 digits is good to ~25 digits)")
def limit_is_derivative_at_zero(subject, ev, seed, n, spread):
    r"""With $g(\beta) = \beta L_\beta = 2\operatorname{mean}\log(1 + e^{\beta u})$, analytic at 0: $\beta\cdot
    \mathrm{constant}(\beta) \to g(0)$ and the limit is $g'(0)$, by mpmath's numerical derivative."""
    lp, lr = forget_set(seed, n, spread)
    ev.assume(abs(float(np.mean(lp - lr))) > 0.05 and abs(float(np.mean(lr))) > 0.05)
    constant, limit = subject
    with mpmath.workdps(30):
        def g(b):
            return 2 * mpmath.fsum(mpmath.log(1 + mpmath.exp(b * (mpmath.mpf(a) - mpmath.mpf(r))))
                                   for a, r in zip(lp, lr)) / len(lp)
        g0, slope = g(0), mpmath.diff(g, 0)
    ev.show("log π_θ", lp)
    ev.show("log π_ref", lr)
    ev.show("g(0), g′(0)", [float(g0), float(slope)])
    ev.close(1e-30 * constant(1e-30), float(g0), rtol=1e-12, what="β·constant(β) as β → 0",
             labels=("β·constant(β) at β = 1e-30", "g(0) = 2 log 2"))
    ev.close(limit(lp, lr), float(slope), atol=1e-12, what="limit",
             labels=("claimed limit", "g′(0) by numerical differentiation"))


# -- P3: the remainder's bounds and order ---------------------------------------------------------------

_remainder_cases = {"u": st.floats(-40.0, 40.0), "beta": st.floats(-8.0, np.log10(5.0)).map(lambda e: 10.0**e)}


def _remainder_by_definition(u: float, beta: float):
    """(2/β) log(1 + e^{βu}) − (2/β) log 2 − u at the working precision (the inputs taken exactly)."""
    b, x = mpmath.mpf(beta), mpmath.mpf(u)
    return 2 / b * mpmath.log(1 + mpmath.exp(b * x)) - 2 / b * mpmath.log(2) - x


@C.REMAINDER.check(given=_remainder_cases, examples=15, precision="mpmath 60 digits, both sides",
                   tolerance="1e-30 relative: at |βu| ≥ 1e-6 each side loses ≤ 17 digits to cancellation (the "
                             "definition: terms of 2 log 2/β against a remainder βu²/4; the closed form: "
                             "cosh(βu/2) − 1)")
def equals_definition(subject, ev, u, beta):
    r"""$\frac{2}{\beta}\log\cosh(\beta u/2)$ equals $\frac{2}{\beta}\log(1 + e^{\beta u}) - \frac{2}{\beta}\log 2
    - u$ evaluated at 60 digits."""
    ev.assume(abs(beta * u) >= 1e-6)
    with mpmath.workdps(60):
        truth = _remainder_by_definition(u, beta)
        got = subject(u, beta)
    ev.show("remainder, closed form (60 digits)", mpmath.nstr(got, 20))
    ev.show("remainder, definition (60 digits)", mpmath.nstr(truth, 20))
    ev.le(float(abs(got - truth) / abs(truth)), 1e-30, what="relative gap", context=f"u={u:.6g}, β={beta:.4g}",
          labels=("|closed form − definition| / |definition|", "1e-30"))


@C.REMAINDER.check(given=_remainder_cases, examples=15, precision="mpmath 60 digits",
                   tolerance="none: both bounds at 60 digits (at |βu| ≥ 1e-6 the closed form keeps 43 digits and the "
                             "gap to the upper bound is (βu)²/24 ≥ 4e-14 relative)", confirm="exact")
def bounds_at_sixty_digits(subject, ev, u, beta):
    r"""$\beta u^2/4 - \beta^3u^4/96 \le R \le \beta u^2/4$ at 60 digits."""
    ev.assume(abs(beta * u) >= 1e-6)
    with mpmath.workdps(60):
        r = subject(u, beta)
        b, x = mpmath.mpf(beta), mpmath.mpf(u)
        upper = b * x**2 / 4
        lower = upper - b**3 * x**4 / 96
        ev.show("R (60 digits)", mpmath.nstr(r, 20))
        ev.show("βu²/4", mpmath.nstr(upper, 20))
        ev.le(r / upper, 1, what="R ≤ βu²/4", labels=("R / (βu²/4)", "1"))
        ev.le(lower / upper, r / upper, what="R ≥ βu²/4 − β³u⁴/96", labels=("1 − (βu)²/24", "R / (βu²/4)"))


@C.REMAINDER.check(given={"u": st.floats(-40.0, 40.0)}, examples=15, precision="mpmath 40 digits",
                   tolerance="order within 0.05 of 1: the next term changes the log-ratio by ≤ 3(βu)²/(24 ln 2) "
                             "≤ 0.03 at β ≤ 0.02, |u| ≤ 40")
def remainder_is_first_order(subject, ev, u):
    r"""$\log_2(R(2\beta)/R(\beta))$ at $\beta = 0.01$ is 1 within the next term's size: the remainder is of
    first order in $\beta$."""
    ev.assume(abs(u) >= 1e-3)
    with mpmath.workdps(40):
        r1, r2 = subject(u, 0.01), subject(u, 0.02)
        order = float(mpmath.log(r2 / r1, 2))
    ev.show("R at β = 0.01", float(r1))
    ev.show("R at β = 0.02", float(r2))
    ev.close(order, 1.0, atol=0.05, what="order of the remainder in β", context=f"u={u:.4g}",
             labels=("measured order log₂(R(2β)/R(β))", "first order"))
