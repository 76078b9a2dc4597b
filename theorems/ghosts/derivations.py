"""Sympy derivations of the Ghosts-of-Softmax claims.

Prop 4.2 (residue of the log-derivative), Thm 4.3 (zeros of the logistic), Lemma 4.5 (rotation into
the right half-plane), Thm 4.6 (zero-free strip) and its equality case, Def 5.1 eq. 17–18, §5.1
(geometric tail), Prop 5.2 (two cases), §6.4 (tempered binary), App. 4 eq. 26 (Bregman divergence of
the log-partition), Lemma App 4.1, Thm App 4.2 (third-order coefficient), App. 5, App. 2, Eq. 13
(corrected) and Def 4.7 (no cancellation in the batch average).
"""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from .claims import (
    ACTIVATIONS,
    APP5,
    BATCH,
    BINARY_RADIUS,
    BOUND_ATTAINED,
    BRANCH_POINTS,
    CAUCHY,
    CONTROLLER,
    HALF_PLANE,
    KL_CUBIC,
    KL_IDENTITY_REVERSE,
    MULTICLASS_BOUND,
    NORMALIZED_STEP,
    TEMPERATURE,
    THIRD_MOMENT,
    TOP2_GHOST_CORRECTED,
)

_d = sp.symbols("delta", real=True)
_D, _T, _P, _rho, _eta, _g = sp.symbols("Delta T P rho eta g", positive=True)
_tau = sp.symbols("tau", real=True)
_k = sp.symbols("k", integer=True)
_x, _y = sp.symbols("x y", real=True)


@BRANCH_POINTS.derivation("log_derivative_residue")
def _branch_points(d: Derivation) -> None:
    """At a zero t0 of order m, (log F)′ = F′/F has a simple pole with residue m: a branch point."""
    t, t0 = sp.symbols("t t0")
    m = sp.symbols("m", positive=True, integer=True)
    G = sp.Function("G")
    F = d.step("F with a zero of order m at t0", (t - t0) ** m * G(t), "G(t0) ≠ 0, G entire")
    logderiv = sp.diff(F, t) / F
    d.close(logderiv, m / (t - t0) + sp.diff(G(t), t) / G(t), "(log F)′ = m/(t − t0) + G′/G")
    d.step("so log F = m log(t − t0) + log G near t0", m * sp.log(t - t0) + sp.log(G(t)),
           "a logarithmic branch point at every zero; analytic where F ≠ 0 (disk simply connected)")


@BINARY_RADIUS.derivation("zeros_of_logistic")
def _binary(d: Derivation) -> None:
    """Zeros of 1 + e^{−(δ + Δτ)} are τ_k = (−δ + iπ(2k+1))/Δ; the nearest pair has modulus √(δ²+π²)/Δ."""
    t = sp.symbols("t")
    tk = d.step("candidate zeros", (-_d + sp.I * sp.pi * (2 * _k + 1)) / _D, "e^{−w} = −1 ⇔ w = iπ(2k+1)")
    d.close(sp.exp(-(_d + _D * tk)).rewrite(sp.cos), -1, "e^{−(δ + Δτ_k)} = −1")
    sols = sp.solveset(1 + sp.exp(-t), t, sp.S.Complexes)
    d.step("sympy: zeros of 1 + e^{−w}", sols, "solveset")
    mod2 = sp.expand(tk * sp.conjugate(tk))
    d.close(mod2, (_d**2 + sp.pi**2 * (2 * _k + 1) ** 2) / _D**2, "|τ_k|²")
    d.close_true(sp.Le(1, (2 * _k + 1) ** 2).subs(_k, 0), "(2k+1)² ≥ 1 with equality at k = 0, −1")
    rho = sp.sqrt(_d**2 + sp.pi**2) / _D
    d.close(sp.diff(rho, _d).subs(_d, 0), 0, "dρ/dδ = 0 at δ = 0")
    d.close_true(sp.Gt(sp.diff(rho, _d, 2).subs(_d, 0), 0), "d²ρ/dδ² > 0: the minimum π/Δ is at δ = 0")


def _cos_positive_on_open_half_turn(d: Derivation) -> None:
    from sympy.calculus.util import function_range

    rng = d.step("range of cos on (−π/2, π/2)", function_range(sp.cos(_x), _x, sp.Interval.open(-sp.pi / 2, sp.pi / 2)),
                 "function_range")
    d.close_true(rng.is_subset(sp.Interval.Lopen(0, sp.oo)), "cos > 0 there")


@HALF_PLANE.derivation("rotate_into_right_half_plane")
def _half_plane(d: Derivation) -> None:
    """Rotate by the arc's midpoint φ: every u_k e^{−iφ} has argument in (−π/2, π/2), so positive real part."""
    k, n = sp.symbols("k n", integer=True, positive=True)
    c, r, th = sp.IndexedBase("c"), sp.IndexedBase("r"), sp.IndexedBase("theta")
    phi = sp.symbols("phi", real=True)
    d.step("Re(e^{−iφ} Σ c_k u_k), u_k = r_k e^{iθ_k}", sp.Sum(c[k] * r[k] * sp.cos(th[k] - phi), (k, 1, n)),
           "|θ_k − φ| < π/2 for an open arc of length < π centred at φ; c_k, r_k > 0")
    _cos_positive_on_open_half_turn(d)


@MULTICLASS_BOUND.derivation("strip_without_zeros")
def _multiclass(d: Derivation) -> None:
    """For |Im t| Δ_a < π the terms w_k e^{a_k t} have arguments a_k Im t in an arc of length Δ_a|Im t| < π."""
    arc = d.step("arc length of the arguments a_k y, y = Im t", (sp.Symbol("a_max") - sp.Symbol("a_min")) * sp.Abs(_y),
                 "arg(w_k e^{a_k (x + iy)}) = a_k y")
    d.close(arc.subs(sp.Symbol("a_max") - sp.Symbol("a_min"), _D), _D * sp.Abs(_y), "= Δ_a |y|")
    _cos_positive_on_open_half_turn(d)
    d.step("Lemma 4.5 ⇒ F(t) ≠ 0 for |Im t| < π/Δ_a", sp.Lt(sp.Abs(_y), sp.pi / _D), "half-plane")
    d.close_true(sp.Ge(_x**2 + (sp.pi / _D) ** 2, (sp.pi / _D) ** 2), "|t|² = x² + y² ≥ (π/Δ_a)² at every zero")


@BOUND_ATTAINED.derivation("equality_case")
def _attained(d: Derivation) -> None:
    """At t = iπ/Δ (slopes shifted to [0, Δ]) Im F = Σ w_k sin(π a_k/Δ) ≥ 0, zero only if every a_k ∈ {0, Δ}."""
    s = sp.symbols("s", real=True)  # s = a_k/Δ ∈ [0, 1]
    zeros = d.step("zeros of sin(π s) on [0, 1]", sp.solveset(sp.sin(sp.pi * s), s, sp.Interval(0, 1)), "solveset")
    d.close_true(sp.Eq(zeros, sp.FiniteSet(0, 1)), "only the two extreme slopes")
    from sympy.calculus.util import function_range

    rng = function_range(sp.sin(sp.pi * s), s, sp.Interval(0, 1))
    d.close_true(rng.is_subset(sp.Interval(0, sp.oo)), "sin(π s) ≥ 0 on [0, 1]: Im F ≥ 0, no cancellation")
    wt, wb = sp.symbols("w_top w_bottom", positive=True)
    F_at = wb + wt * sp.exp(sp.I * sp.pi)
    d.close(F_at, wb - wt, "two-level slopes: F(iπ/Δ) = W_bottom − W_top, zero iff the weights balance")


@NORMALIZED_STEP.derivation("learning_rate_threshold")
def _normalized(d: Derivation) -> None:
    """r = τΔ/π with τ = η‖∇f‖ equals 1 exactly at η = π/(Δ‖∇f‖); r is increasing in η."""
    r = d.step("r(η)", _eta * _g * _D / sp.pi, "τ = ‖p‖ = η‖∇f‖ for p = −η∇f")
    d.close(r.subs(_eta, sp.pi / (_D * _g)), 1, "r = 1 at η = π/(Δ_a‖∇f‖)")
    d.close_true(sp.Gt(sp.diff(r, _eta), 0), "dr/dη > 0, so r < 1 ⇔ η < π/(Δ_a‖∇f‖)")
    d.close(r.subs(_eta, sp.pi / (_D * _g)) * sp.pi / _D, (sp.pi / (_D * _g)) * _g, "τ at r = 1 is ρ_a = π/Δ_a")


@CAUCHY.derivation("geometric_tail")
def _cauchy(d: Derivation) -> None:
    """Σ_{k>n} (M/ρ^k) τ^k with τ = rρ sums to M r^{n+1}/(1 − r)."""
    M, r = sp.symbols("M r", positive=True)
    n = sp.symbols("n", integer=True, nonnegative=True)
    S = d.step("claimed tail sum S_n", M * r ** (n + 1) / (1 - r), "Σ_{k>n} |c_k| τ^k ≤ Σ_{k>n} M r^k")
    d.close(S - r * S, M * r ** (n + 1), "S_n − r S_n = M r^{n+1}: S_n is the geometric tail (converges for r < 1)")
    d.close_true(sp.Gt(S.subs({M: 1, r: sp.Rational(1, 2), n: 3}), 0), "the tail is positive and O(r^n)")


@CONTROLLER.derivation("two_cases")
def _controller(d: Derivation) -> None:
    """‖s p‖ = min(‖p‖, ρ_a) in both cases ‖p‖ ≤ ρ_a and ‖p‖ > ρ_a; r = ‖p̃‖Δ/π ≤ 1."""
    def mn(u, v):
        return (u + v - sp.Abs(u - v)) / 2  # min(u, v) for real u, v

    d.close(_P * mn(1, _rho / _P), mn(_P, _rho), "‖s p‖ = ‖p‖ min(1, ρ_a/‖p‖) = min(‖p‖, ρ_a)")
    q = sp.symbols("q", positive=True)  # |‖p‖ − ρ_a|
    d.close((mn(_P, _rho) - _rho).subs(_P, _rho + q), 0, "‖p‖ = ρ_a + q: ‖p̃‖ = ρ_a")
    d.close_true(sp.Lt((mn(_P, _rho) - _rho).subs(_P, _rho - q), 0), "‖p‖ = ρ_a − q: ‖p̃‖ = ‖p‖ < ρ_a")
    d.close(mn(_P, _rho).subs(_rho, sp.pi / _D) * _D / sp.pi - 1,
            (_P * _D / sp.pi - 1 - sp.Abs(_P * _D / sp.pi - 1)) / 2, "r(p̃) − 1 = (x − |x|)/2 ≤ 0, x = r(p) − 1")


@TEMPERATURE.derivation("tempered_binary")
def _temperature(d: Derivation) -> None:
    """Logits z/T: zeros of 1 + e^{−(δ + Δτ)/T} have modulus T√(δ² + π²(2k+1)²)/Δ; minimum πT/Δ at δ = 0."""
    tk = (-_d + sp.I * sp.pi * _T * (2 * _k + 1)) / _D
    tk = d.step("zeros for logits z/T", tk, "(δ + Δτ)/T = iπ(2k+1)")
    d.close(sp.exp(-(_d + _D * tk) / _T).subs(_k, 0), -1, "e^{−(δ+Δτ_0)/T} = −1")
    d.close(sp.sqrt(sp.expand(tk * sp.conjugate(tk))).subs({_k: 0, _d: 0}), sp.pi * _T / _D, "|τ_0| at δ = 0: πT/Δ")
    d.close((_tau / (sp.pi * _T / _D)), _tau * _D / (sp.pi * _T), "r_T = τΔ/(πT)")


def _softmax3(z, a, t):
    e = [sp.exp(zi + ai * t) for zi, ai in zip(z, a)]
    s = sum(e)
    return [x / s for x in e]


@KL_IDENTITY_REVERSE.derivation("bregman_of_log_partition")
def _kl_reverse(d: Derivation) -> None:
    """Three classes, symbolic: K(τ) − K(0) − τK′(0) − KL(p(0)‖p(τ)) simplifies to 0."""
    z = sp.symbols("z1:4", real=True)
    a = sp.symbols("a1:4", real=True)
    K = sp.log(sum(sp.exp(zi + ai * _tau) for zi, ai in zip(z, a)))
    lhs = d.step("K(τ) − K(0) − τK′(0)", K - K.subs(_tau, 0) - _tau * sp.diff(K, _tau).subs(_tau, 0), "definition")
    p0 = _softmax3(z, a, 0)
    kl = sum(p * (sp.log(sp.exp(zi) / sum(sp.exp(zj) for zj in z)) - (zi + ai * _tau - K))
             for p, zi, ai in zip(p0, z, a))
    d.close(sp.expand(lhs - kl), 0, "= Σ p_i(0) log(p_i(0)/p_i(τ)) = KL(p(0)‖p(τ))", method="simplify")


@THIRD_MOMENT.derivation("two_point_maximum")
def _third_moment(d: Derivation) -> None:
    """Two-point law on {0, 1}: μ₃ = p(1−p)(1−2p), maximal at p = (3 − √3)/6 with value 1/(6√3)."""
    p = sp.symbols("p", positive=True)
    mu3 = d.step("μ₃ of Bernoulli(p)", sp.expand(p * (1 - p) ** 3 + (1 - p) * (-p) ** 3), "E(X − p)³")
    d.close(mu3, p * (1 - p) * (1 - 2 * p), "μ₃ = p(1 − p)(1 − 2p)", method="expand")
    crit = sp.solve(sp.diff(mu3, p), p)
    d.step("critical points", sp.FiniteSet(*crit), "dμ₃/dp = 0")
    pstar = (3 - sp.sqrt(3)) / 6
    d.close(mu3.subs(p, pstar), 1 / (6 * sp.sqrt(3)), "μ₃((3 − √3)/6) = 1/(6√3)")
    d.close(mu3.subs(p, (3 + sp.sqrt(3)) / 6), -1 / (6 * sp.sqrt(3)), "μ₃((3 + √3)/6) = −1/(6√3)")


@THIRD_MOMENT.derivation("general_laws")
def _third_moment_general(d: Derivation) -> None:
    """That two-point laws are extremal among all laws on the interval is not derived here."""
    d.open("reduction of an arbitrary law on [0, Δ] to a two-point law is not derived symbolically; "
           "the check does it on random discrete laws in exact rationals")


@KL_CUBIC.derivation("third_order_coefficient")
def _kl_cubic(d: Derivation) -> None:
    """KL(p(τ)‖p(0)) = τ²/2 Var + τ³ μ₃/3 + O(τ⁴) for a two-point law; with |μ₃| ≤ Δ³/(6√3) → Δ³/(18√3)."""
    p = sp.symbols("p", positive=True)
    th = sp.log(p / (1 - p))
    pt = 1 / (1 + sp.exp(-(th + _tau)))
    kl = pt * sp.log(pt / p) + (1 - pt) * sp.log((1 - pt) / (1 - p))
    d2 = sp.diff(kl, _tau, 2).subs(_tau, 0) / 2
    d3 = sp.diff(kl, _tau, 3).subs(_tau, 0) / 6
    d.close(d2, p * (1 - p) / 2, "τ² coefficient: Var/2")
    d.close(d3, p * (1 - p) * (1 - 2 * p) / 3, "τ³ coefficient: μ₃/3")
    d.close((1 / (6 * sp.sqrt(3))) / 3, 1 / (18 * sp.sqrt(3)), "max |μ₃|/3 = 1/(18√3): the constant is sharp as τ → 0")
    d.open("the bound for every τ (not only to third order) is not derived symbolically")


@APP5.derivation("logistic_loss")
def _app5(d: Derivation) -> None:
    """f″ = σ(1 − σ); the asymptotic ratios; the crossover solving 2e^δ/(π|Δ|) = 1."""
    sig = 1 / (1 + sp.exp(-_d))
    f = sp.log(1 + sp.exp(-_d))
    fpp = sp.diff(f, _d, 2)
    d.close(fpp, sig * (1 - sig), "f″ = σ(1 − σ)")
    d.step("zeros of 1 + e^{−w}", sp.solveset(1 + sp.exp(-sp.Symbol("w")), sp.Symbol("w"), sp.S.Complexes),
           "singularities of f: (2k+1)iπ")
    R = sp.sqrt(_d**2 + sp.pi**2)
    d.close(sp.limit((1 / fpp) / R / (sp.exp(_d) / _d), _d, sp.oo), 1, "(1/f″)/R_x ~ e^δ/δ")
    ratio = (2 / (_D**2 * fpp)) / (sp.pi / _D)
    d.close(sp.limit(ratio / (2 * sp.exp(_d) / (sp.pi * _D)), _d, sp.oo), 1, "τ_H/ρ_a ~ 2e^δ/(π|Δ|)")
    sol = sp.solve(sp.Eq(2 * sp.exp(_d) / (sp.pi * _D), 1), _d)
    d.close(sol[0], sp.log(sp.pi * _D / 2), "crossover δ* = ln(π|Δ|/2)")


@ACTIVATIONS.derivation("denominators")
def _activations(d: Derivation) -> None:
    """Singularities are zeros of the denominators: 1 + e^{−x} (sigmoid, SiLU), 1 + e^{x} (softplus), cosh x (tanh)."""
    w = sp.Symbol("w")
    s1 = d.step("1 + e^{−w} = 0", sp.solveset(1 + sp.exp(-w), w, sp.S.Complexes), "sigmoid, SiLU")
    d.close_true(sp.Contains(sp.I * sp.pi, s1), "iπ is a singularity")
    s2 = d.step("cosh w = 0", sp.solveset(sp.exp(w) + sp.exp(-w), w, sp.S.Complexes), "tanh = sinh/cosh")
    d.close_true(sp.Contains(sp.I * sp.pi / 2, s2), "iπ/2 is a pole of tanh")
    d.step("GELU = x Φ(x) = x(1 + erf(x/√2))/2", w * (1 + sp.erf(w / sp.sqrt(2))) / 2,
           "erf is an entire function (its power series has infinite radius): GELU has no finite singularity")


@TOP2_GHOST_CORRECTED.derivation("solve_two_term_f")
def _top2_corrected(d: Derivation) -> None:
    """e^{z_y + a_y τ} + e^{z_c + a_c τ} = e^{z_c + a_c τ}(1 + e^{δ + Δτ}) vanishes iff δ + Δτ = iπ(2k+1)."""
    t0 = d.step("τ_0", (-_d + sp.I * sp.pi) / _D, "δ + Δτ = iπ")
    d.close(sp.exp(_d + _D * t0).rewrite(sp.cos), -1, "e^{δ + Δτ_0} = −1, so F(τ_0) = 0")
    printed = (_d + sp.I * sp.pi) / _D
    d.close(sp.expand(sp.exp(_d + _D * printed).rewrite(sp.cos)), -sp.exp(2 * _d),
            "at the printed (δ + iπ)/Δ: e^{δ+Δτ} = −e^{2δ}, so F = e^{z_c}(1 − e^{2δ}) ≠ 0 for δ ≠ 0")


@BATCH.derivation("no_cancellation")
def _batch(d: Derivation) -> None:
    """(mean_x log F_x)′ has residue (1/|B|)·Σ_{x: F_x(t0)=0} m_x > 0 at a ghost t0: it never cancels."""
    t, t0 = sp.symbols("t t0")
    m1, m2, B = sp.symbols("m1 m2 B", positive=True, integer=True)
    G1, G2 = sp.Function("G1"), sp.Function("G2")
    mean = d.step("mean of two samples' log F near a shared ghost t0",
                  (m1 * sp.log(t - t0) + sp.log(G1(t)) + m2 * sp.log(t - t0) + sp.log(G2(t))) / B,
                  "F_x = (t − t0)^{m_x} G_x(t), G_x(t0) ≠ 0")
    regular = (t - t0) * (sp.diff(G1(t), t) / G1(t) + sp.diff(G2(t), t) / G2(t)) / B
    d.close(sp.expand((t - t0) * sp.diff(mean, t)), (m1 + m2) / B + regular,
            "(t − t0)·(mean)′ = (m1 + m2)/B + O(t − t0): residue (m1 + m2)/B")
    d.close_true(sp.Gt((m1 + m2) / B, 0), "positive: the averaged loss is singular at every ghost of every x ∈ B")
    d.step("hence ρ_B = min_{x∈B} ρ(x; v) ≥ min_{x∈B} π/Δ_a(x) ≥ π/max_{x∈S} Δ_a(x) = ρ_a",
           sp.Symbol("rho_B"), "Thm 4.6 per sample, B ⊆ S")
