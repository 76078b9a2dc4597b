"""The axioms A1–A5 as formalised by the specification, checked on operators at 40 digits: the power
family (O2), the family (M) (O5) and the candidates (S) and (E) (expected to fail an axiom).

Every check evaluates the operator under test (A1–A5 are properties of it); the limits of A5 are taken
at temperatures chosen from $p$ so that the limit is reached to 20 digits."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
from hypothesis import strategies as st

from ...theorems.softening_operators import claims as C
from ...theorems.softening_operators import formulas as F
from .strategies import as_simplex, dirichlet_cases, dirichlet_p, temperatures, weights

#: 40-digit arithmetic: values agree to ~38 digits; 1e-30 leaves headroom, mutants are off by > 1e-8.
TOL_40 = 1e-30
#: Distance to a limit: the temperature is chosen so the limit is reached to 1e-25; 1e-20 is the tolerance.
TOL_LIMIT = 1e-20


def low_temperature(p) -> mpmath.mpf:
    """A temperature T at which (second-largest distinct value / max)^{1/T} ≤ e^{-60} (< 1e-26)."""
    top = max(p)
    below = [x for x in p if 0 < x < top]
    if not below:
        return mpmath.mpf(1)
    ratio = Fraction(max(below)) / Fraction(top)
    return mpmath.mpf(math.log(1 / ratio)) / 60


HIGH_T = mpmath.mpf(10) ** 40  # |1/T · log(p_i/p_j)| ≤ 1e-40 · 700: F_T is uniform on the support to 1e-37


def ranking_preserved(subject, ev, V, seed, log_alpha, ties, zeros, T):
    p = dirichlet_p(V, seed, log_alpha, ties, zeros)
    ev.show("p", p)
    with mpmath.workdps(40):
        f = subject(list(p), T)
    ev.show("F(p)", [float(x) for x in f])
    for i in range(V):
        for j in range(V):
            if p[i] > p[j]:
                ev.that(bool(f[i] > f[j]), f"p[{i}] > p[{j}] but F(p)[{i}] ≤ F(p)[{j}]",
                        claimed=float(f[i]), observed=float(f[j]), labels=(f"F(p)[{i}]", f"F(p)[{j}]"))


def identity_at_one(subject, ev, w):
    p = as_simplex(w)
    ev.show("p", [str(x) for x in p])
    with mpmath.workdps(40):
        f = subject(p, 1)
        err = max(abs(a - F.to_mpf(b)) for a, b in zip(f, p))
    ev.show("F₁(p)", [float(x) for x in f])
    ev.le(float(err), TOL_40, what="max |F₁(p) − p|", labels=("max |F₁(p) − p|", "tolerance"))


def entropy_non_decreasing(subject, ev, V, seed, log_alpha, ties, zeros, T, ratio):
    p = dirichlet_p(V, seed, log_alpha, ties, zeros)
    T2 = T * ratio
    ev.show("p", p)
    with mpmath.workdps(40):
        h1, h2 = F.entropy(subject(list(p), T)), F.entropy(subject(list(p), T2))
    ev.show("H at T", float(h1))
    ev.show("H at T·ratio", float(h2))
    ev.le(float(h1 - h2), TOL_40, what="H(F_T(p)) − H(F_T′(p)), T < T′",
          labels=("H(F_T(p)) − H(F_T′(p))", "tolerance"))


def mass_on_argmax_at_low_temperature(subject, ev, w):
    p = as_simplex(w)
    top = max(p)
    with mpmath.workdps(40):
        T = low_temperature(p)
        f = subject(p, T)
        mass = mpmath.fsum(x for x, y in zip(f, p) if y == top)
    ev.show("p", [str(x) for x in p])
    ev.show("T", float(T))
    ev.show("F_T(p)", [float(x) for x in f])
    ev.le(float(abs(mass - 1)), TOL_LIMIT, what="|mass on argmax p − 1| at small T",
          labels=("|mass on argmax p − 1|", "tolerance"))


def uniform_at_high_temperature(subject, ev, w):
    p = as_simplex(w)
    with mpmath.workdps(50):
        f = subject(p, HIGH_T)
        err = max(abs(x - mpmath.mpf(1) / len(p)) for x in f)
    ev.show("p", [str(x) for x in p])
    ev.show("F_T(p) at T = 1e40", [float(x) for x in f])
    ev.le(float(err), TOL_LIMIT, what="max |F_T(p) − 1/V| at T = 1e40", labels=("max |F_T(p) − 1/V|", "tolerance"))


_RANK = {**dirichlet_cases, "T": temperatures}
_ENT = {**dirichlet_cases, "T": st.floats(-2.0, 2.0).map(lambda e: 10.0**e), "ratio": st.floats(1.01, 10.0)}
_EXACT_PATH = {"w": weights}
_ZERO_CASE = [{"w": [2, 2, 1, 0]}]


# -- O2: the power family ------------------------------------------------------------------------------


@C.POWER_RANKING.check(given=_RANK, examples=25, precision="mpmath 40 digits",
                       tolerance="strict comparison of 40-digit values (no float underflow)")
def strict_order_preserved(subject, ev, V, seed, log_alpha, ties, zeros, T):
    r"""For every pair $p_i > p_j$ of a Dirichlet draw with ties and zeros, $F_T(p)_i > F_T(p)_j$ at 40 digits."""
    ranking_preserved(subject, ev, V, seed, log_alpha, ties, zeros, T)


@C.POWER_IDENTITY.check(given=_EXACT_PATH, examples=20, precision="mpmath 40 digits against exact rationals",
                        tolerance=f"{TOL_40:g}: 40-digit arithmetic", regressions=_ZERO_CASE)
def identity_at_unit_temperature(subject, ev, w):
    r"""$F_1(p) = p$ for exact rational $p$ with zeros and ties."""
    identity_at_one(subject, ev, w)


# -- A2: continuity at zero entries ---------------------------------------------------------------------------

EPS = mpmath.mpf(10) ** -60
#: the 40-digit rounding of the two evaluations (V ≤ 6 entries of size ≤ 1): far below the mutant's O(1) jump
ROUNDING_40 = mpmath.mpf(10) ** -35


@C.POWER_CONTINUITY.check(
    given={"w": weights, "T": st.floats(-1.0, 1.0).map(lambda e: 10.0**e)}, examples=20,
    precision="mpmath 40 digits", regressions=[{"w": [2, 2, 1, 0], "T": 1.0}],
    tolerance="the bound 2V(2Vε)^(1/T) on the L1 distance, ε = 1e-60 (at most 2e-5 for V ≤ 6, T ≤ 10), plus "
              "1e-35 for the 40-digit rounding")
def zero_entries_are_continuous(subject, ev, w, T):
    r"""Moving each zero of $p$ to $\varepsilon = 10^{-60}$ moves $F_T(p)$ by at most $2V(2V\varepsilon)^{1/T}$
    in $L^1$."""
    p = as_simplex(w)
    ev.assume(any(x == 0 for x in p))
    V = len(p)
    with mpmath.workdps(40):
        q = [F.to_mpf(x) if x > 0 else EPS for x in p]
        s = mpmath.fsum(q)
        f0, f1 = subject(p, T), subject([x / s for x in q], T)
        dist = mpmath.fsum(abs(a - b) for a, b in zip(f0, f1))
        bound = 2 * V * (2 * V * EPS) ** (1 / mpmath.mpf(T)) + ROUNDING_40
    ev.show("p", [str(x) for x in p])
    ev.show("F_T(p)", [float(x) for x in f0])
    ev.show("F_T(p with zeros at 1e-60)", [float(x) for x in f1])
    ev.le(float(dist), float(bound), what="‖F_T(p) − F_T(p_ε)‖₁", labels=("‖F_T(p) − F_T(p_ε)‖₁", "2V(2Vε)^(1/T)"))


# -- O5: the family (M) ---------------------------------------------------------------------------------------


@C.MIXTURE_AXIOMS.check(given=_RANK, examples=12, precision="mpmath 40 digits",
                        tolerance="strict comparison of 40-digit values")
def mixture_strict_order(subject, ev, V, seed, log_alpha, ties, zeros, T):
    r"""A1 for (M): $p_i > p_j \Rightarrow G_T(p)_i > G_T(p)_j$."""
    ranking_preserved(subject, ev, V, seed, log_alpha, ties, zeros, T)


@C.MIXTURE_AXIOMS.check(given=_EXACT_PATH, examples=15, precision="mpmath 40 digits against exact rationals",
                        tolerance=f"{TOL_40:g}: 40-digit arithmetic")
def mixture_identity_at_one(subject, ev, w):
    r"""A4 for (M): $G_1(p) = p$."""
    identity_at_one(subject, ev, w)


@C.MIXTURE_AXIOMS.check(given=_ENT, examples=12, precision="mpmath 40 digits",
                        tolerance=f"{TOL_40:g}: 40-digit entropies")
def mixture_entropy_non_decreasing(subject, ev, V, seed, log_alpha, ties, zeros, T, ratio):
    r"""A3 for (M): $H(G_T(p)) \le H(G_{T'}(p))$ for $T < T'$ in $[10^{-2}, 10^3]$."""
    entropy_non_decreasing(subject, ev, V, seed, log_alpha, ties, zeros, T, ratio)


@C.MIXTURE_AXIOMS.check(given=_EXACT_PATH, examples=15, precision="mpmath 40 digits",
                        tolerance=f"{TOL_LIMIT:g}: the limit is reached to 1e-25 at the chosen T")
def mixture_concentrates_on_argmax(subject, ev, w):
    r"""A5 for (M), $T \to 0$: the mass on $\operatorname{argmax} p$ tends to 1."""
    mass_on_argmax_at_low_temperature(subject, ev, w)


@C.MIXTURE_AXIOMS.check(given=_EXACT_PATH, examples=15, precision="mpmath 50 digits",
                        tolerance=f"{TOL_LIMIT:g}: at T = 1e40 the distance to the limit is below 1e-37",
                        regressions=_ZERO_CASE)
def mixture_uniform_at_high_temperature(subject, ev, w):
    r"""A5 for (M), $T \to \infty$: $G_T(p) \to (1/V, \dots, 1/V)$, zeros included."""
    uniform_at_high_temperature(subject, ev, w)


@C.MIXTURE_AXIOMS.check(given={**_EXACT_PATH, "T": st.floats(1.01, 100.0)}, examples=15,
                        precision="mpmath 40 digits", tolerance="L1 distance above 1e-12")
def mixture_differs_from_power(subject, ev, w, T):
    r"""Non-equivalence: $G_T(p) \ne F_T(p)$ for $T > 1$ and $p$ not uniform on all $V$ classes."""
    p = as_simplex(w)
    ev.assume(len(set(p)) > 1)
    with mpmath.workdps(40):
        dist = mpmath.fsum(abs(a - b) for a, b in zip(subject(p, T), F.power_op(p, T)))
    ev.show("p", [str(x) for x in p])
    ev.show("‖G_T(p) − F_T(p)‖₁", float(dist))
    ev.that(bool(dist > 1e-12), "G_T(p) = F_T(p): (M) agrees with the power family here", claimed=float(dist),
            observed=0.0, labels=("‖G_T(p) − F_T(p)‖₁", "0"))


# -- O5: candidates (S) and (E) --------------------------------------------------------------------------------


def _confirm_smoothing(subject, w):
    p = as_simplex(w)
    exact = F.smoothing_op(p, Fraction(1, 10))  # (T − 1)⁺ = 0: S_T(p) = p exactly for every T ≤ 1
    top = max(p)
    mass = sum(p_i for p_i in p if p_i == top)
    return mass < 1, f"S_T(p) = p for T ≤ 1 (exact): mass on argmax p stays {mass} < 1 ({[float(x) for x in exact]})"


@C.SMOOTHING_AXIOMS.check(given=_EXACT_PATH, examples=10, precision="mpmath 40 digits",
                          tolerance=f"{TOL_LIMIT:g}", confirm=_confirm_smoothing,
                          regressions=[{"w": [2, 1]}])
def smoothing_concentrates_on_argmax(subject, ev, w):
    r"""A5 for (S), $T \to 0$: the mass on $\operatorname{argmax} p$ should tend to 1."""
    mass_on_argmax_at_low_temperature(subject, ev, w)


def _confirm_sparsemax(subject, w):
    p = as_simplex(w)
    with mpmath.workdps(60):
        err = max(abs(a - F.to_mpf(b)) for a, b in zip(F.sparsemax_op(p, 1), p))
    return err > mpmath.mpf(10) ** -20, f"at 60 digits max |E₁(p) − p| = {mpmath.nstr(err, 15)}"


@C.SPARSEMAX_AXIOMS.check(given=_EXACT_PATH, examples=10, precision="mpmath 40 digits against exact rationals",
                          tolerance=f"{TOL_40:g}", confirm=_confirm_sparsemax, regressions=[{"w": [7, 3]}])
def sparsemax_identity_at_one(subject, ev, w):
    r"""A4 for (E): $E_1(p) = p$?"""
    identity_at_one(subject, ev, w)


def _confirm_sparsemax_order(subject, V, seed, log_alpha, ties, zeros, T):
    p = dirichlet_p(V, seed, log_alpha, ties, zeros)
    with mpmath.workdps(60):
        f = F.sparsemax_op(list(p), T)
    bad = [(i, j) for i in range(V) for j in range(V) if p[i] > p[j] and not f[i] > f[j]]
    return bool(bad), f"at 60 digits p[i] > p[j] but E_T(p)[i] ≤ E_T(p)[j] for (i, j) in {bad[:3]}"


@C.SPARSEMAX_AXIOMS.check(given=_RANK, examples=10, precision="mpmath 40 digits",
                          tolerance="strict comparison of 40-digit values", confirm=_confirm_sparsemax_order,
                          regressions=[{"V": 4, "seed": 3, "log_alpha": 0.0, "ties": False, "zeros": False,
                                        "T": 0.1}])
def sparsemax_strict_order(subject, ev, V, seed, log_alpha, ties, zeros, T):
    r"""A1 for (E): $p_i > p_j \Rightarrow E_T(p)_i > E_T(p)_j$?"""
    ranking_preserved(subject, ev, V, seed, log_alpha, ties, zeros, T)
