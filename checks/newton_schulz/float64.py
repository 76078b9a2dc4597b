"""Checks of N5, the iteration in float64 on exactly rank-deficient matrices: without a stopping rule
(the iterates overflow), stopping at the smallest residual ‖AVA − A‖ (it misses A⁺), and stopping at
the smallest relative step (it recovers A⁺ to O(√m κ ε)). Ground truth: A⁺ of an integer factorisation
in exact rationals, and the eigenvector frame a matrix was built from; a failure is re-verified by
evaluating the float iterates' errors in exact rationals."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from ...theorems.newton_schulz import claims as C
from ...theorems.newton_schulz import formulas as F
from . import exact as X
from .strategies import integer_factor, seeds, spectral_psd

EPS = 2.0**-52
#: Steps followed: the null-space contamination of the iterates reaches overflow after about 120.
STEPS = 200
#: N5b's target and the relative error that counts as "converged" for N5a (generous: a converging iteration
#: gets to 1e-14 on these matrices).
TARGET = 1e-8
#: The bound of the refined claim: relative error ≤ STEP_BOUND · √m · κ · ε (observed ≤ 12; 8× headroom).
STEP_BOUND = 100

#: The smallest witnesses found by enumerating integer factors: b = (1, 3) overflows; b = (3, 2, 3) (rank one,
#: κ = 1) is missed by the smallest residual; the 3 × 2 factor has κ = 4/3.
OVERFLOW_WITNESS = ((1,), (3,))
RESIDUAL_WITNESS = ((3,), (2,), (3,))
RESIDUAL_WITNESS_2 = ((-1, 2), (-2, 0), (-1, -2))
FIXED_FACTORS = (OVERFLOW_WITNESS, RESIDUAL_WITNESS, RESIDUAL_WITNESS_2, ((1, -2), (1, 2), (-1, 0), (3, 2)),
                 ((2,), (-1,), (1,), (3,)), ((1, 0), (1, 1), (0, 2), (2, -1), (1, 1)))


def float_iterates(factor: tuple[tuple[int, ...], ...]) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """(integer B, float A = BBᵀ (exact), the float64 iterates from V₀ = A/‖A‖₁²)."""
    b = np.array(factor, dtype=np.int64)
    a = (b @ b.T).astype(float)
    alpha = 1.0 / float(np.max(np.abs(a).sum(axis=0))) ** 2
    with np.errstate(all="ignore"):
        its = F.ns_iterates(a, alpha, STEPS)
    return b, a, its


def exact_relative_error(v: np.ndarray, pinv: np.ndarray) -> Fraction:
    """‖V − A⁺‖_F² / ‖A⁺‖_F² in exact rationals (V's float entries taken at their exact binary values)."""
    return X.frob2(X.fractions(v) - pinv) / X.frob2(pinv)


def _kappa(b: np.ndarray) -> float:
    s = np.linalg.svd(b.astype(float), compute_uv=False)
    return float((s[0] / s[-1]) ** 2)


# -- N5a: no stopping rule --------------------------------------------------------------------------------


def _confirm_overflow(subject) -> tuple[bool, str]:
    b, a, its = float_iterates(OVERFLOW_WITNESS)
    pinv = X.factor_pinv(X.fractions(b))
    finite = [k for k, v in enumerate(its) if np.all(np.isfinite(v))]
    last = finite[-1]
    n = X.fractions(np.array([3, -1]))  # A n = 0
    steps = list(range(16, min(last, 113), 16))
    growth = [X.fractions(its[k]) @ n @ n / (n @ n) for k in steps]
    factor = (abs(growth[-1] / growth[0])) ** (1.0 / (steps[-1] - steps[0]))
    err = exact_relative_error(its[last], pinv)
    return (last < STEPS and err > 1, f"exact rationals of the float64 iterates for b = (1, 3): the last finite "
            f"iterate is V_{last}, at squared relative distance {_big(err)} from A⁺; the null-space component "
            f"nᵀVn/nᵀn (0 for A⁺, n = (3, −1)) is {[_big(x) for x in growth]} at steps {steps}: ×{factor:.4f} per "
            "step")


def _big(x: Fraction) -> str:
    """A rational shown as a float, or as 10^k when it exceeds the float range."""
    try:
        return f"{float(x):.3g}"
    except OverflowError:
        return f"≈ 1e{len(str(abs(x.numerator) // x.denominator)) - 1}"


@C.FLOAT_NO_STOP.check(given=None, precision="float64 iterates; errors in exact rationals",
                       tolerance=f"converged: relative error ≤ {TARGET:g} after {STEPS} steps",
                       confirm=_confirm_overflow)
def iterates_converge_without_stopping(subject, ev):
    r"""After 200 steps the iterate is within $10^{-8}$ of $A^+$, for $A = BB^\top$ with small integer factors
    $B$ (first $b = (1, 3)$)."""
    for factor in FIXED_FACTORS:
        b, a, its = float_iterates(factor)
        pinv = X.factor_pinv(X.fractions(b))
        finite = [k for k, v in enumerate(its) if np.all(np.isfinite(v))]
        ev.metric("overflow_step", finite[-1] + 1 if finite[-1] < STEPS else None)
        v = subject(a, its)
        ev.show("B", b)
        ev.show("last finite step", finite[-1])
        ev.show("V_200 (the rule's choice)", v)
        ok = bool(np.all(np.isfinite(v))) and float(exact_relative_error(v, pinv)) <= TARGET**2
        ev.that(ok, f"B = {b.tolist()}: V_{STEPS} is not within {TARGET:g} of A⁺ (overflow at step {finite[-1] + 1})",
                claimed=v.tolist(), observed=X.to_float(pinv).tolist(), labels=("V_200", "A⁺ (exact)"))


# -- N5b: the smallest residual ---------------------------------------------------------------------------


def _confirm_residual(subject) -> tuple[bool, str]:
    b, a, its = float_iterates(RESIDUAL_WITNESS)
    pinv = X.factor_pinv(X.fractions(b))
    v = subject(a, its)
    err = math.sqrt(float(exact_relative_error(v, pinv)))
    return err > TARGET, (f"b = (3, 2, 3), A = bbᵀ (rank one, κ = 1): the iterate with the smallest residual is "
                          f"{err:.3g} from A⁺ in exact rationals (target {TARGET:g})")


@C.FLOAT_MIN_RESIDUAL.check(given=None, precision="float64 iterates; errors in exact rationals",
                            tolerance=f"relative error ≤ {TARGET:g} (the statement's)", confirm=_confirm_residual)
def smallest_residual_recovers_pinv(subject, ev):
    r"""The iterate with the smallest $\lVert AVA - A\rVert_F$ is within $10^{-8}$ of $A^+$, for $A = BB^\top$
    with small integer factors (first $b = (3, 2, 3)$)."""
    for factor in (RESIDUAL_WITNESS, *FIXED_FACTORS):
        b, a, its = float_iterates(factor)
        pinv = X.factor_pinv(X.fractions(b))
        v = subject(a, its)
        err = math.sqrt(float(exact_relative_error(v, pinv)))
        ev.metric("error", err)
        ev.show("B", b)
        ev.show("chosen iterate", v)
        ev.show("A⁺ (exact, in float)", X.to_float(pinv))
        if ev.wants_figures and factor == RESIDUAL_WITNESS:
            ev.figure("stopping_rules", _trajectory_figure(a, its, pinv),
                      "b = (3, 2, 3): relative error of every float64 iterate, the residual ‖AVA − A‖ and the "
                      "relative step; the smallest residual (dotted, orange) comes after the null-space growth has "
                      "begun, the smallest step (dotted, green) does not.")
        ev.le(err, TARGET, what="‖V − A⁺‖_F/‖A⁺‖_F", context=f"B={b.tolist()}, κ={_kappa(b):.3g}",
              labels=("relative error of the chosen iterate", "target 1e-8"))


def _trajectory_figure(a: np.ndarray, its: list[np.ndarray], pinv: np.ndarray):
    from claimkit.figures import pyplot

    plt = pyplot()
    good = [v for v in its if np.all(np.isfinite(v))]
    p = X.to_float(pinv)
    with np.errstate(all="ignore"):
        err = [float(np.linalg.norm(v - p) / np.linalg.norm(p)) for v in good]
        res = [float(np.linalg.norm(a @ v @ a - a) / np.linalg.norm(a)) for v in good]
        step = [float(np.linalg.norm(good[k + 1] - good[k]) / np.linalg.norm(good[k + 1]))
                for k in range(len(good) - 1)]
    fig, ax = plt.subplots(figsize=(5.8, 3.4))
    ax.semilogy(err, label="‖V_k − A⁺‖/‖A⁺‖")
    ax.semilogy(res, label="‖AV_kA − A‖/‖A‖")
    ax.semilogy(range(1, len(good)), step, label="‖V_k − V_(k−1)‖/‖V_k‖")
    ax.axvline(int(np.nanargmin(res)), color="C1", ls=":", lw=1)
    ax.axvline(1 + int(np.nanargmin(step)), color="C2", ls=":", lw=1)
    ax.set_xlabel("step k")
    ax.set_ylim(1e-18, 1e3)
    ax.legend(fontsize=7)
    return fig


# -- N5, refined: the smallest relative step -------------------------------------------------------------


@C.FLOAT_MIN_STEP.check(given=None, precision="float64 iterates; errors in exact rationals",
                        tolerance=f"relative error ≤ {STEP_BOUND}·√m·κ·ε (STEP_BOUND)")
def smallest_step_on_integer_factors(subject, ev):
    r"""On the integer factorisations of N5 (the witnesses included) and ten more drawn from fixed seeds, the
    smallest-step iterate is within $100\sqrt m\,\kappa\,\varepsilon$ of $A^+$ (exact)."""
    drawn = [tuple(map(tuple, integer_factor(s, 2 + s % 5, 1 + s % (1 + s % 5)))) for s in range(10)]
    worst = 0.0
    for factor in (*FIXED_FACTORS, *drawn):
        b, a, its = float_iterates(factor)
        pinv = X.factor_pinv(X.fractions(b))
        v = subject(a, its)
        ok = bool(np.all(np.isfinite(v)))
        err = math.sqrt(float(exact_relative_error(v, pinv))) if ok else math.inf
        bound = STEP_BOUND * math.sqrt(a.shape[0]) * _kappa(b) * EPS
        worst = max(worst, err / (bound / STEP_BOUND))
        ev.show("B", b)
        ev.show("relative error", err)
        ev.le(err, bound, what="‖V − A⁺‖_F/‖A⁺‖_F", context=f"B={b.tolist()}",
              labels=("relative error of the chosen iterate", "100 √m κ ε"))
    ev.metric("worst_ratio", worst)


@st.composite
def _ranked(draw: st.DrawFn) -> tuple[int, int]:
    m = draw(st.integers(1, 64))
    return m, draw(st.integers(1, m))


@C.FLOAT_MIN_STEP.check(given={"seed": seeds, "shape": _ranked(), "log_kappa": st.floats(0, 8)}, examples=6,
                        regressions=[{"seed": 1, "shape": (8, 5), "log_kappa": 7.0}],
                        precision="float64 against the eigenvector frame U diag(1/λ) Uᵀ",
                        tolerance=f"relative error ≤ {STEP_BOUND}·√m·κ·ε (STEP_BOUND); the frame's own error is ≈ mε")
def smallest_step_recovers_pinv(subject, ev, seed, shape, log_kappa):
    r"""$A = U\,\mathrm{diag}(\lambda)U^\top$, $m \le 64$, any rank, $\kappa \le 10^8$: the smallest-step iterate is
    within $100\sqrt m\,\kappa\,\varepsilon$ of $U\,\mathrm{diag}(1/\lambda)U^\top$."""
    m, rank = shape
    a, pinv, _, lam = spectral_psd(seed, m, rank, log_kappa)
    alpha = 1.0 / float(np.max(np.abs(a).sum(axis=0))) ** 2
    with np.errstate(all="ignore"):
        its = F.ns_iterates(a, alpha, STEPS)
    v = subject(a, its)
    kappa = float(lam[0] / lam[-1])
    ok = bool(np.all(np.isfinite(v)))
    err = float(np.linalg.norm(v - pinv) / np.linalg.norm(pinv)) if ok else math.inf
    ev.show("eigenvalues", lam)
    ev.show("relative error", err)
    ev.le(err, STEP_BOUND * math.sqrt(m) * kappa * EPS, what="‖V − A⁺‖_F/‖A⁺‖_F",
          context=f"m={m}, rank={rank}, κ={kappa:.3g}", labels=("relative error of the chosen iterate", "100 √m κ ε"))
