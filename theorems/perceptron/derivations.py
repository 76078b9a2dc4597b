"""Sympy derivations of the perceptron claims (Tyurin, arXiv 2412.08424).

The limits of the logistic weights σ(−γm) (Thm 3.2's proof, with and without ties), LR+GD's first
step, the weighted Novikoff argument of Thm 3.3, Novikoff's bound (Thms 5.2, 5.3), Thm 6.1's bound and
its Jensen step, the limit of Normalized LR+GD's step (§6), Thm 4.1's closed forms, BP's margins and
tie condition on Thm 5.1's dataset, and the loss slopes of the abstract (i).
"""

from __future__ import annotations

import sympy as sp

from claimkit import Derivation

from .claims import (
    BP_BOUND,
    FIRST_STEP,
    JENSEN,
    LIMIT_WITH_TIES,
    LOSS_SLOPE,
    LR_TO_BP,
    NBP_BOUND,
    NLR_BOUND,
    NORMALIZED_LIMIT,
    PERCEPTRON_BOUND,
    SIGMOID_LIMIT,
    THM41,
    THM51,
    THM51_TIES,
)

# -- derivations -----------------------------------------------------------------------------------

_g = sp.Symbol("gamma", positive=True)
_mpos = sp.Symbol("m", positive=True)
_mneg = sp.Symbol("m", negative=True)


def _sig(x: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-x))


@SIGMOID_LIMIT.derivation("limits_of_the_weight")
def _sigmoid_limits(d: Derivation) -> None:
    """lim σ(−γm) for m > 0, m < 0, and the value at m = 0 for every γ."""
    d.close(sp.limit(_sig(-_g * _mpos), _g, sp.oo), 0, "m > 0: σ(−γm) → 0")
    d.close(sp.limit(_sig(-_g * _mneg), _g, sp.oo), 1, "m < 0: σ(−γm) → 1")
    d.close(_sig(-_g * 0), sp.Rational(1, 2), "m = 0: σ(−γ·0) = 1/2 for every γ (a tie keeps weight 1/2)")
    # A perturbed tie: margin γ·(c e^{−aγ}) of a near-tied point still gives weight 1/2 in the limit.
    a, c = sp.symbols("a c", positive=True)
    d.close(sp.limit(_sig(-_g * c * sp.exp(-a * _g)), _g, sp.oo), sp.Rational(1, 2),
            "an exponentially small perturbation of a tie still tends to 1/2")


def _symbolic_data(n: int) -> list[sp.Matrix]:
    return [sp.Matrix(sp.symbols(f"z{i}_1:3", real=True)) for i in range(1, n + 1)]


@FIRST_STEP.derivation("one_gd_step_from_zero")
def _first_step(d: Derivation) -> None:
    """θ_1 = 0 − γ∇f(0) = (γ/n)Σσ(0)z_i, for three symbolic points in the plane."""
    zs = _symbolic_data(3)
    theta1 = d.step("θ_1 = (γ/n) Σ σ(−z_iᵀ0) z_i", (_g / 3) * sum((_sig(0) * z for z in zs), sp.zeros(2, 1)),
                    "gradient step from θ_0 = 0")
    target = sum(zs, sp.zeros(2, 1)) / 6
    for k in range(2):
        d.close(theta1[k] / _g, target[k], f"component {k + 1}: θ_1/γ = (1/(2n)) Σ z_i")


@LR_TO_BP.derivation("induction_step")
def _lr_to_bp_step(d: Derivation) -> None:
    """If θ_t/γ = θ̂_t + δ(γ) with δ = O(e^{−aγ}) and no margin of θ̂_t is 0, each weight σ(−γ m_i)
    tends to the indicator of m_i < 0, so θ_{t+1}/γ → θ̂_t + (1/n)Σ_{m_i<0} z_i = θ̂_{t+1}."""
    a, c = sp.symbols("a c", real=True)
    a_pos = sp.Symbol("a", positive=True)
    pert = c * sp.exp(-a_pos * _g)
    n, w_i, z_i = sp.symbols("n w_i z_i")
    d.step("θ_{t+1}/γ = θ_t/γ + (1/n) Σ w_i z_i with w_i = σ(−γ m_i(θ_t/γ))",
           sp.Eq(sp.Symbol("theta_next") / _g,
                 sp.Symbol("theta_t") / _g + sp.Sum(w_i * z_i, (sp.Symbol("i"), 1, n)) / n),
           "divide the GD step by γ")
    d.close(sp.limit(_sig(-_g * (_mpos + pert)), _g, sp.oo), 0, "m_i(θ̂_t) > 0: weight → 0")
    d.close(sp.limit(_sig(-_g * (_mneg + pert)), _g, sp.oo), 1, "m_i(θ̂_t) < 0: weight → 1")
    # the deviation produced by one step is again exponentially small in γ
    dev = sp.Abs(_sig(-_g * (_mpos + pert)))
    d.close(sp.limit(dev * sp.exp(_mpos * _g / 2), _g, sp.oo), 0,
            "the new deviation is o(e^{−mγ/2}): the induction hypothesis holds at t + 1")


@LIMIT_WITH_TIES.derivation("induction_step_with_ties")
def _limit_with_ties(d: Derivation) -> None:
    """As for Thm 3.2, plus tied points: a margin γ·O(e^{−aγ}) (or exactly 0) keeps weight → 1/2, and
    the deviation it creates, O(γe^{−aγ}), is again exponentially small."""
    a_pos, c = sp.Symbol("a", positive=True), sp.Symbol("c", real=True)
    pert = c * sp.exp(-a_pos * _g)
    d.close(sp.limit(_sig(-_g * (_mpos + pert)), _g, sp.oo), 0, "m_i(ψ_t) > 0: weight → 0")
    d.close(sp.limit(_sig(-_g * (_mneg + pert)), _g, sp.oo), 1, "m_i(ψ_t) < 0: weight → 1")
    d.close(sp.limit(_sig(-_g * pert), _g, sp.oo), sp.Rational(1, 2), "m_i(ψ_t) = 0: weight → 1/2")
    d.close(sp.limit((_sig(-_g * pert) - sp.Rational(1, 2)) * sp.exp(a_pos * _g / 2), _g, sp.oo), 0,
            "the tied weight's error is o(e^{−aγ/2}): the induction hypothesis holds at t + 1")


@BP_BOUND.derivation("weighted_novikoff")
def _bp_bound(d: Derivation) -> None:
    """With s_k = |S_k|/n ∈ [1/n, 1] and S = Σ s_k: (μ/2 + μS)² ≤ R²/4 + R²S gives S ≤ R²/μ² − 3/4,
    hence T − 1 ≤ nS ≤ n R²/μ² − 3n/4 and T ≤ n R²/μ² for n ≥ 2 (n = 1 solves at t = 1)."""
    S, mu, R = sp.symbols("S mu R", positive=True)
    kappa = sp.Symbol("kappa", nonnegative=True)  # R²/μ² − 1
    ineq = d.step("(μ/2 + μS)² ≤ R²/4 + R²S, divided by μ², R² = (κ+1)μ²",
                  sp.expand((sp.Rational(1, 2) + S) ** 2 - (kappa + 1) * (sp.Rational(1, 4) + S)),
                  "Cauchy–Schwarz on w·θ̂_T ≤ ‖θ̂_T‖, with ‖Σ_S z‖/n ≤ s_k R and s_k² ≤ s_k")
    d.close(ineq, S**2 - kappa * S - kappa / 4, "the quadratic S² − κS − κ/4 ≤ 0")
    root = (kappa + sp.sqrt(kappa**2 + kappa)) / 2
    d.close(root**2 - kappa * root - kappa / 4, 0, "its larger root (κ + √(κ² + κ))/2")
    d.close((kappa + sp.Rational(1, 2)) ** 2 - (kappa**2 + kappa), sp.Rational(1, 4),
            "(κ + 1/2)² − (κ² + κ) = 1/4 > 0: √(κ² + κ) ≤ κ + 1/2, so S ≤ κ + 1/4 = R²/μ² − 3/4")
    n = sp.Symbol("n", integer=True, positive=True)
    k = sp.Symbol("k", nonnegative=True)  # n = k + 2
    d.close(sp.expand((n * (kappa + 1) - 1 - n * (kappa + sp.Rational(1, 4))).subs(n, k + 2)),
                    (3 * k + 2) / 4, "n R²/μ² − (1 + n(R²/μ² − 3/4)) = (3n − 4)/4 with n = k + 2")
    d.close_true(sp.Ge((3 * k + 2) / 4, 0), "which is ≥ 0: T ≤ n R²/μ² for n ≥ 2")


def _novikoff(d: Derivation, step: str) -> None:
    T, mu, R = sp.symbols("T mu R", positive=True)
    d.step("w·θ̂_T ≥ Tμ and ‖θ̂_T‖² ≤ T R²", sp.Le((T * mu) ** 2, T * R**2), step)
    sol = sp.solve(sp.Eq((T * mu) ** 2, T * R**2), T)
    d.close(max(sol, key=lambda e: sp.count_ops(e)), R**2 / mu**2, "(Tμ)² ≤ T R² ⇔ T ≤ R²/μ²")


@PERCEPTRON_BOUND.derivation("novikoff")
def _perceptron_bound(d: Derivation) -> None:
    """Each update adds ≥ μ to w·θ̂ and ≤ R² to ‖θ̂‖² (its margin was ≤ 0): T²μ² ≤ TR²."""
    _novikoff(d, "z_j·θ̂ ≤ 0 for the picked point, ‖z_j‖ ≤ R, w·z_j ≥ μ")


@NBP_BOUND.derivation("novikoff_for_averages")
def _nbp_bound(d: Derivation) -> None:
    """The mean of the misclassified z_i has w·(mean) ≥ μ, ‖mean‖ ≤ R and θ̂·mean ≤ 0: T²μ² ≤ TR²."""
    _novikoff(d, "averaging keeps w·z ≥ μ, ‖z‖ ≤ R and m ≤ 0")


@NLR_BOUND.derivation("norm_growth_with_jensen")
def _nlr_bound(d: Derivation) -> None:
    """w·θ_T ≥ Tγμ; ‖θ_{t+1}‖² ≤ ‖θ_t‖² + 2γ log(2n−1) + γ²R² (Jensen step);
    so T ≤ R²/μ² + 2L/(γμ²)."""
    T, mu, R, L = sp.symbols("T mu R L", positive=True)
    d.step("(Tγμ)² ≤ T(γ²R² + 2γL), L = log(2n − 1)", sp.Le((T * _g * mu) ** 2, T * (_g**2 * R**2 + 2 * _g * L)),
           "Cauchy–Schwarz with ‖w‖ = 1")
    sol = [s for s in sp.solve(sp.Eq((T * _g * mu) ** 2, T * (_g**2 * R**2 + 2 * _g * L)), T) if s != 0]
    d.close(sol[0], R**2 / mu**2 + 2 * L / (_g * mu**2), "T ≤ R²/μ² + 2 log(2n−1)/(γμ²)")


@JENSEN.derivation("jensen_then_ratio")
def _jensen(d: Derivation) -> None:
    """Σp_i m_i ≤ log Σp_i e^{m_i} (log concave), p_i e^{m_i} ∝ σ(m_i), and the ratio bound 2n − 1."""
    x = sp.Symbol("x", positive=True)
    d.close_true(sp.Lt(sp.diff(sp.log(x), x, 2), 0), "log is concave (Jensen: Σp m ≤ log Σp e^m)")
    m = sp.Symbol("m", real=True)
    d.close(_sig(-m) * sp.exp(m), _sig(m), "σ(−m)e^m = σ(m): Σp_i e^{m_i} = Σσ(m_i)/Σσ(−m_i)")
    s, n = sp.symbols("s n", positive=True)
    ratio = d.step("with σ(m_j) = s ≤ 1/2: Σσ(m_i)/Σσ(−m_i) ≤ (n − 1 + s)/(1 − s)", (n - 1 + s) / (1 - s),
                   "σ(m_i) < 1 for i ≠ j, Σσ(−m_i) ≥ σ(−m_j) = 1 − s")
    k, r = sp.symbols("k r", nonnegative=True)  # n = 1 + k, s = 1/2 − r
    slope = d.step("∂/∂s of the ratio", sp.simplify(sp.diff(ratio, s)), "differentiate")
    d.close_true(sp.Gt(sp.factor(slope.subs({n: 1 + k, s: sp.Rational(1, 2) - r})), 0),
                 "positive for n ≥ 1, s ≤ 1/2: the ratio is largest at s = 1/2")
    d.close(ratio.subs(s, sp.Rational(1, 2)), 2 * n - 1, "at s = 1/2 the ratio is 2n − 1")


@NORMALIZED_LIMIT.derivation("beta_and_step_limits")
def _normalized_limits(d: Derivation) -> None:
    """Three points, margins γm_1 < 0 < γm_2, γm_3 negative: β → n/|S| = 3/2, step → mean of z_1, z_3."""
    m1, m3 = sp.symbols("m1 m3", negative=True)
    m2 = sp.Symbol("m2", positive=True)
    lims = [sp.limit(_sig(-_g * m), _g, sp.oo) for m in (m1, m2, m3)]
    for i, (lim, target) in enumerate(zip(lims, (1, 0, 1))):
        d.close(lim, target, f"σ(−γ m_{i + 1}) → {target}")
    total = d.step("Σσ(−γm_i) → 2 ≠ 0, so the quotients below converge to the quotients of the limits",
                   sum(lims), "limit of a sum")
    d.close(3 / total, sp.Rational(3, 2), "β_t = n/Σσ → n/|S| = 3/2")
    # −β∇f = β(1/n)Σσ_i z_i = Σ p_i z_i with p_i = σ_i/Σσ_j: the step is linear in the z_i with these weights
    for i, target in enumerate((sp.Rational(1, 2), 0, sp.Rational(1, 2))):
        d.close(lims[i] / total, target, f"weight of z_{i + 1} in −β∇f → {target} (uniform over S = {{1, 3}})")


@THM41.derivation("closed_forms")
def _thm41(d: Derivation) -> None:
    """θ_1 = γ(1/2, 3/4), margins −γ/4 and 7γ/2; then θ_2/γ, the losses and the gradient norms.

    The weights σ(γ/4) and σ(−7γ/2) are rational in x = e^{γ/4}, so the limits γ → ∞ are limits
    x → ∞ of rational functions."""
    z1, z2 = sp.Matrix([1, -1]), sp.Matrix([1, 4])
    x = sp.Symbol("x", positive=True)  # x = e^{γ/4}
    th1 = d.step("θ_1 = (γ/(2n))(z_1 + z_2)", (_g / 4) * (z1 + z2), "first step, n = 2")
    m1, m2 = (z1.T * th1)[0], (z2.T * th1)[0]
    d.close(m1, -_g / 4, "m_1(θ_1) = −γ/4")
    d.close(m2, 7 * _g / 2, "m_2(θ_1) = 7γ/2")
    f1 = (sp.log(1 + sp.exp(-m1)) + sp.log(1 + sp.exp(-m2))) / 2
    d.close(sp.limit(f1 / _g, _g, sp.oo), sp.Rational(1, 8), "f(θ_1)/γ → 1/8, so f(θ_1) → ∞")
    w1 = d.step("σ(−m_1) = σ(γ/4)", x / (1 + x), "x = e^{γ/4}")
    w2 = d.step("σ(−m_2) = σ(−7γ/2)", 1 / (1 + x**14), "e^{7γ/2} = x¹⁴")
    d.close(w1.subs(x, sp.exp(_g / 4)), _sig(-m1), "the substitution is exact for σ(−m_1)")
    d.close(w2.subs(x, sp.exp(_g / 4)), _sig(-m2), "the substitution is exact for σ(−m_2)")
    neg_grad1 = (w1 * z1 + w2 * z2) / 2  # −∇f(θ_1) = (1/n) Σ σ(−m_i) z_i
    d.close(sp.limit(neg_grad1.dot(neg_grad1), x, sp.oo), sp.Rational(1, 2),
            "‖∇f(θ_1)‖² → 1/2: ‖∇f(θ_1)‖ → √2/2")
    th2_over_g = th1 / _g + neg_grad1
    d.close(sp.limit(th2_over_g[0], x, sp.oo), 1, "θ_2/γ → (1, ·)")
    d.close(sp.limit(th2_over_g[1], x, sp.oo), sp.Rational(1, 4), "θ_2/γ → (·, 1/4)")
    q1, q2 = sp.limit((z1.T * th2_over_g)[0], x, sp.oo), sp.limit((z2.T * th2_over_g)[0], x, sp.oo)
    d.close_true(sp.And(sp.Gt(q1, 0), sp.Gt(q2, 0)), "margins of θ_2/γ → (3/4, 2): the limit solves (1)")
    c = sp.Symbol("c", positive=True)
    d.close(sp.limit(sp.log(1 + sp.exp(-_g * c)), _g, sp.oo), 0,
            "each loss term log(1 + e^{−γ c}) → 0 for c > 0: f(θ_2) → 0")
    d.close(sp.limit(_sig(-_g * c), _g, sp.oo), 0, "each gradient weight σ(−γc) → 0: ‖∇f(θ_2)‖ → 0")


@THM51.derivation("margins_along_bp")
def _thm51(d: Derivation) -> None:
    """θ̂_t = θ̂_1 + ((t−1)/n) z_1 while only point 1 is misclassified; its margins in closed form."""
    n, t = sp.symbols("n t", positive=True)
    z1, zr = sp.Matrix([sp.Rational(1, 2), -1]), sp.Matrix([sp.Rational(1, 2), 1])
    th1 = d.step("θ̂_1 = (1/(2n))(z_1 + (n − 1) z_r)", (z1 + (n - 1) * zr) / (2 * n), "first BP step")
    th = th1 + (t - 1) / n * z1
    d.close(8 * n * (z1.T * th)[0], 10 * (t - 1) - 3 * n + 8, "8n·m_1(θ̂_t) = 10(t − 1) − 3n + 8")
    d.close(8 * n * (zr.T * th)[0], 5 * n - 8 - 6 * (t - 1), "8n·m_r(θ̂_t) = 5n − 8 − 6(t − 1)")
    d.close_true(sp.Gt((5 * n - 8 - sp.Rational(6, 10) * (3 * n - 8)).subs(n, 3 + sp.Symbol("k", nonnegative=True)), 0),
                 "the other points stay correct until m_1 > 0 (n ≥ 3)")
    d.step("so T = 1 + min{k ≥ 1 : 10k > 3n − 8} = ⌊(3n − 8)/10⌋ + 2 = 3n/10 + O(1) = Ω(n)",
           sp.floor((3 * n - 8) / 10) + 2, "first k with a positive margin")


@THM51_TIES.derivation("tie_condition")
def _thm51_ties(d: Derivation) -> None:
    """m_1(θ̂_t) = 0 ⇔ 10(t − 1) = 3n − 8: solvable in integers t ≥ 2 iff 3n ≡ 8 (mod 10) iff n ≡ 6."""
    n = sp.Symbol("n", integer=True)
    sols = [r for r in range(10) if (3 * r - 8) % 10 == 0]
    d.close(sp.Integer(len(sols)), 1, "exactly one residue class of n mod 10 solves 3n ≡ 8")
    d.close(sp.Integer(sols[0]), 6, "n ≡ 6 (mod 10)")
    d.close(sp.Mod(3 * (10 * n + 6) - 8, 10), 0, "3(10k + 6) − 8 = 30k + 10 ≡ 0")


@LOSS_SLOPE.derivation("loss_term_slopes")
def _loss_slope(d: Derivation) -> None:
    """log(1 + e^{−γm})/γ → −m for m < 0 and → 0 for m > 0."""
    d.close(sp.limit(sp.log(1 + sp.exp(-_g * _mneg)) / _g, _g, sp.oo), -_mneg, "m < 0: slope −m = |m|")
    d.close(sp.limit(sp.log(1 + sp.exp(-_g * _mpos)) / _g, _g, sp.oo), 0, "m > 0: slope 0")
