"""Checks of the released code: the toy's table, the README's column label, and the ResNet loss.

Routes: the README's quoted values; a 30-digit mpmath recomputation of the toy (its own kernel, solves and
means); the released regulariser and loss recomputed at 30 digits entry by entry.
"""

from __future__ import annotations

import functools

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.self_distillation import claims as C
from ...theorems.self_distillation import released as R
from .strategies import seeds

# The README prints 5 decimals: a value reproduces it when |value − printed| ≤ 5e-6 (half a unit in the last
# place), plus 1e-12 for the float64 port's rounding.
HALF_UNIT = 5e-6 + 1e-12
# The float64 port against 30 digits: 11 × 11 solves with cond(K + λI) ≈ 10, means of 101 squares: ≤ 1e-13;
# 1e-10 leaves headroom; the mutants move a value by ≥ 1e-3.
MP_TOL = 1e-10


@functools.lru_cache(maxsize=8)
def toy_at_30_digits(alpha: str, steps: int) -> tuple[float, ...]:
    """The notebook's printed column (steps 1 … steps, then ∞), recomputed with mpmath at 30 digits; α as a
    decimal string so that it is exact."""
    with mpmath.workdps(30):
        a, lam = mpmath.mpf(alpha), mpmath.mpf("0.2")
        X = [mpmath.mpf(i) / 10 for i in range(11)]
        grid = [mpmath.mpf(i) / 100 for i in range(101)]
        y = mpmath.matrix([mpmath.mpf(float(v)) for v in R.TOY_Y])  # the float64 values the notebook types in
        K = mpmath.matrix(11, 11)
        Kx = mpmath.matrix(101, 11)
        for i in range(11):
            for j in range(11):
                K[i, j] = mpmath.exp(-80 * (X[i] - X[j]) ** 2)
        for i in range(101):
            for j in range(11):
                Kx[i, j] = mpmath.exp(-80 * (grid[i] - X[j]) ** 2)
        shifted = K + lam * mpmath.eye(11)
        truth = [mpmath.sin(2 * mpmath.pi * x) for x in grid]

        def mse(coef):
            pred = Kx * coef
            return float(mpmath.fsum((pred[i] - truth[i]) ** 2 for i in range(101)) / 101)

        out, prev = [], y
        for _ in range(steps):
            coef = mpmath.lu_solve(shifted, a * y + (1 - a) * prev)
            out.append(mse(coef))
            prev = K * coef
        lim = mpmath.lu_solve(a * K + lam * mpmath.eye(11), y) * a
        out.append(mse(lim))
    return tuple(out)


@C.TOY_REPRODUCTION.check(given=None, precision="float64 port against the README's 5 decimals",
                          tolerance=f"half a unit in the 5th decimal ({HALF_UNIT:.1e}, HALF_UNIT)")
def matches_readme_table(subject, ev):
    r"""Each of the port's 14 values rounds to the README's printed value ($\alpha = 0$ and $\alpha = 0.35$)."""
    rows = []
    for alpha, printed in R.README_TABLE.items():
        got = subject(alpha, 6)
        for label, value, want in zip([*map(str, range(1, 7)), "∞"], got, printed):
            rows.append({"α": alpha, "step": label, "port": round(value, 7), "README": want})
            ev.close(value, want, atol=HALF_UNIT, what=f"MSE at α={alpha}, step {label}",
                     labels=("the port", "the README"))
    ev.table("toy losses", rows)
    if ev.wants_figures:
        from .figures import toy_figure
        ev.figure("toy_losses", toy_figure(subject, 20 if ev.profile == "thorough" else 8),
                  "MSE against sin(2πx) per distillation step for several α; dashed: the limits (at α = 0 the "
                  "limit, the zero function, lies above the range shown).")


@C.TOY_REPRODUCTION.check(given=None, precision="mpmath 30 digits", tolerance=f"{MP_TOL:g} absolute (MP_TOL)")
def matches_30_digit_recomputation(subject, ev):
    r"""The port's values equal a 30-digit recomputation, and the 30-digit values round to the README's (so the
    5-decimal match is not a rounding accident); the thorough profile runs 20 steps."""
    steps = 20 if ev.profile == "thorough" else 6
    for alpha, printed in R.README_TABLE.items():
        exact = toy_at_30_digits(repr(alpha), steps)
        got = subject(alpha, steps)
        ev.close(np.array(got), np.array(exact), atol=MP_TOL, what=f"MSE at α={alpha}",
                 labels=("the port", "30-digit recomputation"))
        chosen = [*exact[:6], exact[-1]]
        ev.close(np.array(chosen), np.array(printed), atol=HALF_UNIT, what=f"30-digit values at α={alpha}",
                 labels=("30-digit recomputation", "the README"))
    ev.metric("limit MSE at α = 0 times 101", toy_at_30_digits("0.0", 6)[-1] * 101)


def _confirm_label(subject):
    exact = toy_at_30_digits(repr(float(subject)), 6)
    chosen = [*exact[:6], exact[-1]]
    worst = max(abs(a - b) for a, b in zip(chosen, R.README_SECOND_COLUMN))
    return worst > HALF_UNIT, f"at 30 digits the largest gap to the README's column is {worst:.3g}"


@C.README_COLUMN_LABEL.check(given=None, precision="float64 port, re-verified at 30 digits",
                             tolerance=f"half a unit in the 5th decimal ({HALF_UNIT:.1e})",
                             confirm=lambda subject: _confirm_label(subject))
def column_matches_its_label(subject, ev):
    r"""The port at the header's $\alpha$ reproduces the README's second column."""
    got = R.toy_losses(float(subject), 6)
    ev.show("the port at α = 0.25", [round(v, 5) for v in got])
    ev.show("the README's second column", list(R.README_SECOND_COLUMN))
    ev.close(np.array(got), np.array(R.README_SECOND_COLUMN), atol=HALF_UNIT, what="second column",
             labels=("the port at the header's α", "the README's column"))


# -- the released ResNet loss --------------------------------------------------------------------------

# Sums of a few hundred squares and square roots in float64 against 30 digits: ≤ 1e-13 relative; 1e-10 leaves
# headroom. The mutants differ by factors (‖θ‖ against ‖θ‖², sums against means) or O(1) terms.
LOSS_RTOL = 1e-10


def _params(seed, tensors, scale):
    """Parameter tensors of random shapes from a seed, scaled; seed −1 stands for one tensor holding the one entry
    ``scale`` (the smallest witness)."""
    if seed == -1:
        return [np.array([scale])]
    rng = np.random.default_rng(seed)
    return [rng.normal(size=tuple(int(s) for s in rng.integers(1, 5, size=int(rng.integers(1, 3))))) * scale
            for _ in range(tensors)]


def _mp_sum_of_norms(params, squared):
    with mpmath.workdps(30):
        total = mpmath.mpf(0)
        for p in params:
            sq = mpmath.fsum(mpmath.mpf(float(v)) ** 2 for v in np.ravel(p))
            total += sq if squared else mpmath.sqrt(sq)
        return total


def _confirm_l2(subject, seed, tensors, scale, reg):
    params = _params(seed, tensors, scale)
    with mpmath.workdps(50):
        claimed = mpmath.mpf(subject(params, reg))
        want = mpmath.mpf(reg) * _mp_sum_of_norms(params, squared=True)
        gap = abs(claimed - want) / want
    return bool(gap > LOSS_RTOL), f"relative gap {mpmath.nstr(gap, 5)} between the code and λ‖θ‖²"


_PARAM_GIVEN = {"seed": seeds, "tensors": st.integers(1, 5), "scale": st.sampled_from([0.01, 0.3, 1.0, 2.0, 10.0]),
                "reg": st.sampled_from([1e-4, 1e-3, 0.1, 1.0])}
ONE_TENSOR_OF_TWO = {"seed": -1, "tensors": 1, "scale": 2.0, "reg": 1.0}  # θ = (2): 2λ against 4λ


@C.REGULARISER_IS_L2.check(given=_PARAM_GIVEN, examples=6, regressions=[ONE_TENSOR_OF_TWO],
                           precision="mpmath 30 digits",
                           tolerance=f"relative {LOSS_RTOL:g} (LOSS_RTOL)",
                           confirm=_confirm_l2)
def equals_lambda_squared_norm(subject, ev, seed, tensors, scale, reg):
    r"""The released penalty equals $\lambda\lVert\theta\rVert^2 = \lambda\sum_p\lVert\theta_p\rVert^2$, computed
    at 30 digits."""
    params = _params(seed, tensors, scale)
    ev.show("parameter tensors", [np.round(p, 6).tolist() for p in params])
    want = float(reg * _mp_sum_of_norms(params, squared=True))
    ev.close(subject(params, reg), want, rtol=LOSS_RTOL, what="regulariser",
             labels=("the released penalty", "λ‖θ‖²"))


@C.REGULARISER_GROUP_NORM.check(given=_PARAM_GIVEN, examples=6, regressions=[ONE_TENSOR_OF_TWO],
                                precision="mpmath 30 digits", tolerance=f"relative {LOSS_RTOL:g} (LOSS_RTOL)")
def equals_sum_of_tensor_norms(subject, ev, seed, tensors, scale, reg):
    r"""The released penalty equals $\lambda\sum_p\lVert\theta_p\rVert$ at 30 digits, and doubling $\theta$
    doubles it."""
    params = _params(seed, tensors, scale)
    ev.show("parameter tensors", [np.round(p, 6).tolist() for p in params])
    want = float(reg * _mp_sum_of_norms(params, squared=False))
    value = subject(params, reg)
    ev.close(value, want, rtol=LOSS_RTOL, what="regulariser", labels=("the released penalty", "λ Σ‖θ_p‖"))
    ev.close(subject([2 * p for p in params], reg), 2 * value, rtol=LOSS_RTOL, what="degree-1 homogeneity",
             labels=("penalty at 2θ", "2 × penalty at θ"))


@C.LOSS_WEIGHTING.check(given={"seed": seeds, "batch": st.integers(1, 6), "alpha": st.floats(0.0, 1.0)},
                        examples=6, precision="mpmath 30 digits, entry by entry",
                        tolerance=f"relative {LOSS_RTOL:g} (LOSS_RTOL)")
def equals_weighted_squared_error(subject, ev, seed, batch, alpha):
    r"""The released data loss equals $\frac{1}{BC}[\alpha\sum(s - Y)^2 + (1-\alpha)\sum(s - s_T)^2]$ with the
    softmaxes computed at 30 digits, $C = 10$ classes."""
    rng = np.random.default_rng(seed)
    pred, teacher = rng.normal(size=(batch, 10)) * 3, rng.normal(size=(batch, 10)) * 3
    target = np.eye(10)[rng.integers(0, 10, size=batch)]
    ev.show("student logits", np.round(pred, 4))
    ev.show("teacher logits", np.round(teacher, 4))
    with mpmath.workdps(30):
        def soft(row):
            e = [mpmath.exp(mpmath.mpf(float(v))) for v in row]
            z = mpmath.fsum(e)
            return [v / z for v in e]

        a = mpmath.mpf(alpha)
        truth_sum, teacher_sum = mpmath.mpf(0), mpmath.mpf(0)
        for b in range(batch):
            s, st_ = soft(pred[b]), soft(teacher[b])
            truth_sum += mpmath.fsum((s[c] - int(target[b, c])) ** 2 for c in range(10))
            teacher_sum += mpmath.fsum((s[c] - st_[c]) ** 2 for c in range(10))
        want = float((a * truth_sum + (1 - a) * teacher_sum) / (batch * 10))
    ev.close(subject(pred, target, teacher, alpha), want, rtol=LOSS_RTOL, atol=1e-15, what="data loss",
             labels=("the released loss", "weighted squared error at 30 digits"), context=f"α={alpha:.4g}")
