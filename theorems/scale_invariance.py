"""Scale invariance: orthogonality, gradient and Hessian scaling, GD norm growth, effective step size,
momentum, and the SGDP/AdamP projection.

Statements S1–S10 of the scale-invariance claim family, as used by Heo et al.,
"AdamP" (ICLR 2021, arXiv 2006.08217). f is scale invariant when f(c w) = f(w) for every c > 0.

Each claim's ``subject`` is the formula the paper states, as a function, or the algorithm under test
(the numpy SGDP/AdamP of fixtures/optimizers.py); mutants are plausible wrong versions of it. The
checks (checks/scale_invariance.py) compare the subject with ground truth measured on tiny
LayerNorm/BatchNorm models, generic scale-invariant functions, exact-rational simulations and
hand-built cases of the released projection rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy as sp

from claimkit import Claim, Derivation, Paper
from ..fixtures.optimizers import SGDP, AdamP

ADAMP = Paper(
    title="AdamP: Slowing Down the Slowdown for Momentum Optimizers on Scale-invariant Weights",
    authors=("Byeongho Heo", "Sanghyuk Chun", "Seong Joon Oh", "Dongyoon Han", "Sangdoo Yun",
             "Gyuwan Kim", "Youngjung Uh", "Jung-Woo Ha"),
    year=2021,
    arxiv="2006.08217",
    code="https://github.com/clovaai/AdamP",
)

SCALE_INVARIANT = "f(c w) = f(w) for every c > 0 and every w ≠ 0 (f differentiable away from 0)"


# -- the formulas under test ---------------------------------------------------------------------


def radial_derivative(f_value: float, w: np.ndarray) -> float:
    """S1: the predicted value of w · ∇f(w) for scale-invariant f (Euler at degree 0)."""
    return 0.0


def gradient_at_scaled_point(grad_w: np.ndarray, c: float) -> np.ndarray:
    """S2: ∇f(c w) predicted from ∇f(w)."""
    return grad_w / c


def hessian_from_scaled_point(hess_cw: np.ndarray, c: float) -> np.ndarray:
    """S2: ∇²f(w) predicted from ∇²f(c w), as c² ∇²f(c w)."""
    return c**2 * hess_cw


def hessian_times_weights(grad_w: np.ndarray) -> np.ndarray:
    """S2: ∇²f(w) w predicted from ∇f(w), as −∇f(w)."""
    return -grad_w


def gd_next_norm_sq(norm_sq: float, eta: float, grad_norm_sq: float) -> float:
    """S3: ‖w_{t+1}‖² after one GD step, as ‖w_t‖² + η²‖∇f(w_t)‖²."""
    return norm_sq + eta**2 * grad_norm_sq


def effective_step_size(eta: float, norm: float) -> float:
    """S4: the rate of the equivalent retraction step on the unit sphere, η/‖w‖²."""
    return eta / norm**2


def norm4_lower_bound(norm0: float, eta: float, G: float, t: int) -> float:
    """S4: lower bound on ‖w_t‖⁴ with constant gradient norm G on the unit sphere."""
    return norm0**4 + 2 * eta**2 * G**2 * t


# -- claims ----------------------------------------------------------------------------------------

ORTHOGONALITY = Claim(
    id="scale_invariance.orthogonality",
    paper=ADAMP,
    location="§2, S1 (Euler's theorem for degree-0 homogeneous functions)",
    statement="For scale-invariant f, the weights are orthogonal to the gradient: w · ∇f(w) = 0.",
    assumptions=(SCALE_INVARIANT,),
    kind="identity",
    expected="proved",
    subject=radial_derivative,
)
ORTHOGONALITY.mutant("euler_degree_one", "Euler at degree 1: w·∇f(w) = f(w)",
                     lambda f_value, w: f_value)
ORTHOGONALITY.mutant("euler_degree_minus_one", "Euler at degree −1: w·∇f(w) = −f(w)",
                     lambda f_value, w: -f_value)

GRADIENT_SCALING = Claim(
    id="scale_invariance.gradient_scaling",
    paper=ADAMP,
    location="§2, S2 (gradient of a scale-invariant function)",
    statement="∇f(c w) = ∇f(w) / c for every c > 0.",
    assumptions=(SCALE_INVARIANT,),
    kind="identity",
    expected="proved",
    subject=gradient_at_scaled_point,
)
GRADIENT_SCALING.mutant("times_c", "∇f(c w) = c ∇f(w)", lambda g, c: c * g)
GRADIENT_SCALING.mutant("unchanged", "∇f(c w) = ∇f(w) (gradient as scale invariant as f)", lambda g, c: g)
GRADIENT_SCALING.mutant("over_c_squared", "∇f(c w) = ∇f(w)/c²", lambda g, c: g / c**2)

HESSIAN_SCALING = Claim(
    id="scale_invariance.hessian_scaling",
    paper=ADAMP,
    location="§2, S2 (Hessian of a scale-invariant function)",
    statement="c² ∇²f(c w) = ∇²f(w) for every c > 0.",
    assumptions=(SCALE_INVARIANT, "f twice differentiable away from 0"),
    kind="identity",
    expected="proved",
    subject=hessian_from_scaled_point,
)
HESSIAN_SCALING.mutant("factor_c", "c ∇²f(c w) = ∇²f(w)", lambda h, c: c * h)
HESSIAN_SCALING.mutant("no_factor", "∇²f(c w) = ∇²f(w)", lambda h, c: h)

HESSIAN_RADIAL = Claim(
    id="scale_invariance.hessian_radial",
    paper=ADAMP,
    location="§2, S2 (differentiating Euler's identity)",
    statement="∇²f(w) w = −∇f(w).",
    assumptions=(SCALE_INVARIANT, "f twice differentiable away from 0"),
    kind="identity",
    expected="proved",
    subject=hessian_times_weights,
)
HESSIAN_RADIAL.mutant("flat_radial", "∇²f(w) w = 0 (the radial direction is flat to second order)",
                      lambda g: np.zeros_like(g))
HESSIAN_RADIAL.mutant("plus_gradient", "∇²f(w) w = +∇f(w)", lambda g: g)

GD_NORM_GROWTH = Claim(
    id="scale_invariance.gd_norm_growth",
    paper=ADAMP,
    location="§2, S3 (norm growth under gradient descent)",
    statement="Gradient descent w_{t+1} = w_t − η∇f(w_t) gives ‖w_{t+1}‖² = ‖w_t‖² + η²‖∇f(w_t)‖², "
              "so the norm never shrinks.",
    assumptions=(SCALE_INVARIANT, "plain gradient descent, no weight decay, no momentum"),
    kind="identity",
    expected="proved",
    subject=gd_next_norm_sq,
)
GD_NORM_GROWTH.mutant("shrinks", "‖w_{t+1}‖² = ‖w_t‖² − η²‖∇f‖² (the norm shrinks)",
                      lambda n, eta, g2: n - eta**2 * g2)
GD_NORM_GROWTH.mutant("missing_square", "‖w_{t+1}‖² = ‖w_t‖² + η‖∇f‖² (η not squared)",
                      lambda n, eta, g2: n + eta * g2)
GD_NORM_GROWTH.mutant("constant_norm", "‖w_{t+1}‖ = ‖w_t‖ (GD stays on the sphere)",
                      lambda n, eta, g2: n)

EFFECTIVE_STEP = Claim(
    id="scale_invariance.effective_step",
    paper=ADAMP,
    location="§2, S4 (effective step size)",
    statement="One GD step on w with rate η equals, after normalisation, a retraction step on the "
              "unit sphere u = w/‖w‖ with rate η/‖w‖²: w_{t+1}/‖w_{t+1}‖ = normalize(u − (η/‖w‖²) ∇f(u)).",
    assumptions=(SCALE_INVARIANT,),
    kind="identity",
    expected="proved",
    subject=effective_step_size,
)
EFFECTIVE_STEP.mutant("over_norm", "effective step η/‖w‖", lambda eta, n: eta / n)
EFFECTIVE_STEP.mutant("unchanged", "effective step η (scale does not matter)", lambda eta, n: eta)

NORM4_BOUND = Claim(
    id="scale_invariance.norm_growth_bound",
    paper=ADAMP,
    location="§2, S4 (consequence of S3 with constant gradient norm)",
    statement="If ‖∇f(u)‖ = G at every point u of the unit sphere visited, GD gives "
              "‖w_t‖⁴ ≥ ‖w_0‖⁴ + 2η²G²t.",
    assumptions=(SCALE_INVARIANT, "the gradient norm on the unit sphere is constant, G"),
    kind="inequality",
    expected="proved",
    subject=norm4_lower_bound,
)
NORM4_BOUND.mutant("factor_four", "‖w_t‖⁴ ≥ ‖w_0‖⁴ + 4η²G²t (overstated rate)",
                   lambda n0, eta, G, t: n0**4 + 4 * eta**2 * G**2 * t)
NORM4_BOUND.mutant("square_not_fourth", "‖w_t‖² ≥ ‖w_0‖² + 2η²G²t, stated for the fourth power",
                   lambda n0, eta, G, t: (n0**2 + 2 * eta**2 * G**2 * t) ** 2)

NEGATIVE_SCALE = Claim(
    id="scale_invariance.invariance_negative_factors",
    paper=ADAMP,
    location="§2, definition of scale invariance (extended to c < 0)",
    statement="A network whose layer is followed by LayerNorm is invariant to rescaling that layer's "
              "weights by any non-zero factor: f(c W) = f(W) for all c ≠ 0, negative c included.",
    assumptions=("LayerNorm with ε = 0 after the linear layer", "squared loss on a linear head"),
    kind="identity",
    expected="refuted",
    subject=None,
    notes="The definition admits c > 0 only; LayerNorm maps −a to −LN(a), so a negative factor "
          "flips the sign of the features. The suite refutes the extension with a counterexample.",
)


# -- derivations ----------------------------------------------------------------------------------

_x, _y, _z = sp.symbols("x y z", real=True)
_c = sp.symbols("c", positive=True)
_g = sp.Function("g")


def _generic(dim: int) -> tuple[list[sp.Symbol], sp.Expr]:
    """f(w) = g(w/‖w‖), the general scale-invariant function of ``dim`` variables."""
    xs = [_x, _y, _z][:dim]
    r = sp.sqrt(sum(v**2 for v in xs))
    return xs, _g(*[v / r for v in xs])


def _scaled(expr: sp.Expr, xs: list[sp.Symbol]) -> sp.Expr:
    return expr.subs({v: _c * v for v in xs}, simultaneous=True)


@ORTHOGONALITY.derivation("euler_degree_zero")
def _orthogonality(d: Derivation) -> None:
    """Differentiate f(w) = g(w/‖w‖) in three variables and contract with w."""
    xs, f = _generic(3)
    d.step("general scale-invariant function", sp.Eq(sp.Function("f")(*xs), f), "f(w) = g(w/‖w‖)")
    grad = [f.diff(v) for v in xs]
    radial = d.step("w · ∇f(w)", sum(v * gv for v, gv in zip(xs, grad)), "chain rule")
    d.close(radial, 0, "w · ∇f(w) = 0")


@GRADIENT_SCALING.derivation("chain_rule")
def _gradient_scaling(d: Derivation) -> None:
    """∇f evaluated at c w against ∇f(w)/c, for the general f and c > 0."""
    xs, f = _generic(3)
    d.step("f(c w) = f(w) for c > 0", sp.simplify(_scaled(f, xs) - f), "‖c w‖ = c‖w‖ for c > 0")
    grad = [f.diff(v) for v in xs]
    for v, gv in zip(xs, grad):
        d.close(_scaled(gv, xs), gv / _c, f"∂f/∂{v} at c w equals (∂f/∂{v})(w)/c")


@HESSIAN_SCALING.derivation("chain_rule_twice")
def _hessian_scaling(d: Derivation) -> None:
    """Second derivatives of the general f in two variables, at c w, times c²."""
    xs, f = _generic(2)
    grad = [f.diff(v) for v in xs]
    for i, gi in enumerate(grad):
        for j, v in enumerate(xs):
            hij = gi.diff(v)
            d.close(_c**2 * _scaled(hij, xs), hij, f"c² H_{i}{j}(c w) = H_{i}{j}(w)")


@HESSIAN_RADIAL.derivation("differentiate_euler")
def _hessian_radial(d: Derivation) -> None:
    """In two variables every scale-invariant f is h(θ), θ = atan2(y, x); compute H w + ∇f."""
    h = sp.Function("h")
    xs = [_x, _y]
    f = d.step("general scale-invariant function of two variables", h(sp.atan2(_y, _x)),
               "f depends on the angle only")
    grad = [f.diff(v) for v in xs]
    for i, gi in enumerate(grad):
        hw = sum(gi.diff(v) * v for v in xs)
        d.close(hw, -gi, f"(∇²f(w) w)_{i} = −(∇f(w))_{i}")


@GD_NORM_GROWTH.derivation("expand_the_square")
def _gd_norm(d: Derivation) -> None:
    """Expand ‖w − η g‖² and use w · g = 0 (S1) to remove the cross term."""
    w = sp.symbols("w1:4", real=True)
    g = list(sp.symbols("g1:4", real=True))
    eta = sp.symbols("eta", positive=True)
    g[2] = d.step("orthogonality w·g = 0 solved for g3", -(w[0] * g[0] + w[1] * g[1]) / w[2], "S1")
    nxt = sum((wi - eta * gi) ** 2 for wi, gi in zip(w, g))
    d.close(nxt, sum(wi**2 for wi in w) + eta**2 * sum(gi**2 for gi in g), "‖w − ηg‖² = ‖w‖² + η²‖g‖²")


@EFFECTIVE_STEP.derivation("rescale_to_the_sphere")
def _effective(d: Derivation) -> None:
    """w − η∇f(w) = ‖w‖ (u − (η/‖w‖²) ∇f(u)) with u = w/‖w‖, for the general f in two variables."""
    xs, f = _generic(2)
    r = sp.sqrt(sum(v**2 for v in xs))
    eta = sp.symbols("eta", positive=True)
    grad = [f.diff(v) for v in xs]
    grad_at_u = [gv.subs({v: v / r for v in xs}, simultaneous=True) for gv in grad]
    for v, gv, gu in zip(xs, grad, grad_at_u):
        d.close(v - eta * gv, r * (v / r - eta / r**2 * gu), f"component {v} of the GD step")


@NORM4_BOUND.derivation("square_the_recursion")
def _norm4(d: Derivation) -> None:
    """x = ‖w‖²: x' = x + η²G²/x (S2, S3), so x'² = x² + 2η²G² + η⁴G⁴/x² ≥ x² + 2η²G²."""
    x, eta, G, t, k = sp.symbols("x eta G t k", positive=True)
    nxt = d.step("x_{t+1} = x_t + η² ‖∇f(w_t)‖², ‖∇f(w_t)‖ = G/‖w_t‖", x + eta**2 * G**2 / x, "S2 and S3")
    d.close(sp.expand(nxt**2), x**2 + 2 * eta**2 * G**2 + eta**4 * G**4 / x**2, "x_{t+1}² expanded")
    d.close_true(sp.StrictGreaterThan(eta**4 * G**4 / x**2, 0), "the remainder η⁴G⁴/x² is positive")
    total = sp.summation(2 * eta**2 * G**2, (k, 0, t - 1))
    d.close(total, 2 * eta**2 * G**2 * t, "telescoping t one-step inequalities adds 2η²G²t")


# =================================================================================================
# S5–S10: momentum, SGDP/AdamP (Heo et al., AdamP, ICLR 2021; released code v0.3.0)
# =================================================================================================

MOMENTUM_SETUP = ("heavy ball p_t = β p_{t−1} + g_t, p_{−1} = 0, w_{t+1} = w_t − η p_t, 0 ≤ β < 1",
                  "g_t ⊥ w_t at every step (true for scale-invariant f by S1)")

# -- S5 formulas -----------------------------------------------------------------------------------


def momentum_next_norm_sq(norm_sq: Any, eta: Any, beta: Any, update_norms_sq: Sequence[Any]) -> Any:
    """S5: ‖w_{t+1}‖² = ‖w_t‖² + η²‖p_t‖² + 2η² Σ_{k<t} β^{t−k} ‖p_k‖², with t = len(update_norms_sq) − 1.

    Works on floats and on ``Fraction`` (exact) inputs.
    """
    P = list(update_norms_sq)
    t = len(P) - 1
    return norm_sq + eta**2 * P[t] + 2 * eta**2 * sum(beta ** (t - k) * P[k] for k in range(t))


def momentum_radial_inner(eta: Any, beta: Any, update_norms_sq: Sequence[Any]) -> Any:
    """S5: ⟨w_t, p_t⟩ = −η Σ_{k<t} β^{t−k} ‖p_k‖² (hence ≤ 0), with t = len(update_norms_sq) − 1."""
    P = list(update_norms_sq)
    t = len(P) - 1
    return -eta * sum(beta ** (t - k) * P[k] for k in range(t))


def _s5_no_factor_two(norm_sq, eta, beta, P):
    t = len(P) - 1
    return norm_sq + eta**2 * P[t] + eta**2 * sum(beta ** (t - k) * P[k] for k in range(t))


def _s5_shifted_powers(norm_sq, eta, beta, P):
    t = len(P) - 1
    return norm_sq + eta**2 * P[t] + 2 * eta**2 * sum(beta ** (t - k - 1) * P[k] for k in range(t))


def _s5_sum_to_t(norm_sq, eta, beta, P):
    t = len(P) - 1
    return norm_sq + eta**2 * P[t] + 2 * eta**2 * sum(beta ** (t - k) * P[k] for k in range(t + 1))


MOMENTUM_NORM = Claim(
    id="scale_invariance.momentum_norm_growth",
    paper=ADAMP,
    location="§2 (norm growth with momentum), S5",
    statement="With heavy-ball momentum, ‖w_{t+1}‖² = ‖w_t‖² + η²‖p_t‖² + 2η² Σ_{k<t} β^{t−k} ‖p_k‖²; "
              "the only property of f used is w_t ⊥ ∇f(w_t).",
    assumptions=MOMENTUM_SETUP,
    kind="identity",
    expected="proved",
    subject=momentum_next_norm_sq,
)
MOMENTUM_NORM.mutant("no_factor_two", "the cross terms without the factor 2", _s5_no_factor_two)
MOMENTUM_NORM.mutant("shifted_powers", "weights β^{t−k−1} instead of β^{t−k}", _s5_shifted_powers)
MOMENTUM_NORM.mutant("sum_to_t", "the sum runs to k = t (double-counts the current update)", _s5_sum_to_t)
MOMENTUM_NORM.mutant("gd_law", "momentum-free law ‖w_t‖² + η²‖p_t‖² (no cross terms)",
                     lambda n, eta, beta, P: n + eta**2 * P[-1])

MOMENTUM_INNER = Claim(
    id="scale_invariance.momentum_radial_inner",
    paper=ADAMP,
    location="§2 (norm growth with momentum), S5",
    statement="With heavy-ball momentum and w_t ⊥ ∇f(w_t), ⟨w_t, p_t⟩ = −η Σ_{k<t} β^{t−k} ‖p_k‖² ≤ 0: "
              "the momentum buffer always points away from the origin's side, so its step adds norm.",
    assumptions=MOMENTUM_SETUP,
    kind="identity",
    expected="proved",
    subject=momentum_radial_inner,
)
MOMENTUM_INNER.mutant("positive_sign", "⟨w_t, p_t⟩ = +η Σ β^{t−k}‖p_k‖²",
                      lambda eta, beta, P: -momentum_radial_inner(eta, beta, P))
MOMENTUM_INNER.mutant("orthogonal_like_gd", "⟨w_t, p_t⟩ = 0, as for the gradient itself",
                      lambda eta, beta, P: 0 * eta)
MOMENTUM_INNER.mutant("shifted_powers", "weights β^{t−k−1}",
                      lambda eta, beta, P: -eta * sum(beta ** (len(P) - 2 - k) * P[k] for k in range(len(P) - 1)))


@MOMENTUM_INNER.derivation("recursion_and_unrolling")
def _momentum_inner(d: Derivation) -> None:
    """a_t = ⟨w_t, p_t⟩ obeys a_{t+1} = β(a_t − η‖p_t‖²), a_0 = 0; the closed form solves it."""
    w = sp.Matrix(sp.symbols("w1:4", real=True))
    p = sp.Matrix(sp.symbols("p1:4", real=True))
    g = sp.Matrix(sp.symbols("g1:4", real=True))
    eta, beta = sp.symbols("eta beta", positive=True)
    w_next = w - eta * p
    # g_{t+1} ⊥ w_{t+1}: solve the orthogonality for its third component
    g3 = sp.solve(sp.Eq(w_next.dot(g), 0), g[2])[0]
    g_next = sp.Matrix([g[0], g[1], g3])
    d.step("g_{t+1} ⊥ w_{t+1} = w_t − η p_t, solved for one component", sp.Eq(sp.Symbol("g3"), g3), "S1")
    a_next = w_next.dot(beta * p + g_next)
    d.close(a_next, beta * (w.dot(p) - eta * p.dot(p)), "a_{t+1} = β(a_t − η‖p_t‖²)")
    t, k = sp.symbols("t k", integer=True, nonnegative=True)
    P = sp.Function("P")
    closed = lambda T: -eta * sp.Sum(beta ** (T - k) * P(k), (k, 0, T - 1))  # noqa: E731
    peeled = -eta * sp.Sum(beta ** (t + 1 - k) * P(k), (k, 0, t - 1)) - eta * beta * P(t)
    d.step("closed form at t+1 with the k = t term split off", sp.Eq(closed(t + 1), peeled),
           "split the last term of the sum")
    d.close(peeled, beta * (closed(t) - eta * P(t)), "the closed form satisfies the recursion")
    Ps = sp.symbols("P0:7", nonnegative=True)
    a = sp.Integer(0)
    for T in range(6):
        d.close(a, -eta * sum(beta ** (T - j) * Ps[j] for j in range(T)), f"unrolled at t = {T}")
        a = beta * (a - eta * Ps[T])
    d.close_true(sp.Le(-eta * sum(beta ** (5 - j) * Ps[j] for j in range(5)), 0),
                 "every term is ≤ 0 (η, β ≥ 0, ‖p_k‖² ≥ 0), so ⟨w_t, p_t⟩ ≤ 0")


@MOMENTUM_NORM.derivation("expand_and_substitute")
def _momentum_norm(d: Derivation) -> None:
    """‖w_t − η p_t‖² = ‖w_t‖² − 2η a_t + η²‖p_t‖², then a_t from the recursion (scale_invariance.momentum_radial_inner)."""
    w = sp.Matrix(sp.symbols("w1:4", real=True))
    p = sp.Matrix(sp.symbols("p1:4", real=True))
    eta, beta = sp.symbols("eta beta", positive=True)
    d.close((w - eta * p).dot(w - eta * p), w.dot(w) - 2 * eta * w.dot(p) + eta**2 * p.dot(p),
            "expand the square")
    Ps = sp.symbols("P0:7", nonnegative=True)
    W0 = sp.Symbol("N0", positive=True)
    a, N = sp.Integer(0), W0
    for T in range(6):
        N = N - 2 * eta * a + eta**2 * Ps[T]  # ‖w_{T+1}‖² from ‖w_T‖², a_T, ‖p_T‖²
        N_claim = W0 + sum(eta**2 * Ps[j] + 2 * eta**2 * sum(beta ** (j - k) * Ps[k] for k in range(j))
                           for j in range(T + 1))
        d.close(N, N_claim, f"‖w_{T + 1}‖² summed from S5 at steps 0..{T}")
        a = beta * (a - eta * Ps[T])


# -- S6: the growth factor, under two different assumptions -----------------------------------------


def growth_factor_equal_updates(beta: Any, t: int) -> Any:
    """S6 (equal update norms ‖p_k‖ = P): (‖w_{t+1}‖² − ‖w_t‖²)/(η²P²) = 1 + 2β(1 − β^t)/(1 − β) → 1 + 2β/(1 − β)."""
    return 1 + 2 * sum(beta ** (t - k) for k in range(t))


def growth_factor_orthogonal_gradients(beta: Any, t: int) -> Any:
    """S6 (gradients of norm G, mutually orthogonal or i.i.d. isotropic in the tangent space, in expectation):
    (‖w_{t+1}‖² − ‖w_t‖²)/(η²G²) = ((1 − β^{t+1})/(1 − β))² → 1/(1 − β)²."""
    return sum(beta**j for j in range(t + 1)) ** 2


def circulated_factor(beta: float) -> float:
    """S6 as it circulates: momentum multiplies the per-step norm growth of GD (same gradients) by 1 + 2β/(1 − β)."""
    return 1 + 2 * beta / (1 - beta)


GROWTH_EQUAL = Claim(
    id="scale_invariance.momentum_factor_equal_updates",
    paper=ADAMP,
    location="§2 (momentum accelerates norm growth), S6, first candidate",
    statement="If every momentum update has the same norm ‖p_k‖ = P, the per-step growth is "
              "‖w_{t+1}‖² − ‖w_t‖² = η²P² (1 + 2β(1 − β^t)/(1 − β)) → η²P² (1 + 2β/(1 − β)): the factor "
              "1 + 2β/(1 − β) compares momentum with GD taking steps of the same length ηP.",
    assumptions=MOMENTUM_SETUP + ("‖p_k‖ = P at every step (equal update norms)",),
    kind="identity",
    expected="proved",
    subject=growth_factor_equal_updates,
)
GROWTH_EQUAL.mutant("inverse_square", "the other candidate, 1/(1 − β)²",
                    lambda beta, t: 1 / (1 - beta) ** 2)
GROWTH_EQUAL.mutant("missing_two", "1 + β(1 − β^t)/(1 − β)",
                    lambda beta, t: 1 + sum(beta ** (t - k) for k in range(t)))

GROWTH_ORTHO = Claim(
    id="scale_invariance.momentum_factor_iid_gradients",
    paper=ADAMP,
    location="§2 (momentum accelerates norm growth), S6, second candidate",
    statement="If the gradients have constant norm G and are mutually orthogonal (exactly), or i.i.d. "
              "isotropic in the tangent space (in expectation), the per-step growth is "
              "η²G² ((1 − β^{t+1})/(1 − β))² → η²G²/(1 − β)²: the factor 1/(1 − β)² compares momentum with "
              "GD on the same gradients with the same η.",
    assumptions=MOMENTUM_SETUP + ("‖g_t‖ = G", "⟨g_j, g_k⟩ = 0 for j ≠ k (or zero-mean isotropic tangent "
                                  "gradients, independent of the past)"),
    kind="statistical",
    expected="proved",
    subject=growth_factor_orthogonal_gradients,
)
GROWTH_ORTHO.mutant("equal_updates_factor", "the first candidate 1 + 2β(1 − β^t)/(1 − β)",
                    growth_factor_equal_updates)
GROWTH_ORTHO.mutant("asymptote_at_every_t", "1/(1 − β)² at every t (no transient)",
                    lambda beta, t: 1 / (1 - beta) ** 2)
GROWTH_ORTHO.mutant("buffer_norm_only", "E‖p_t‖²/G² = (1 − β^{2t+2})/(1 − β²) (cross terms forgotten)",
                    lambda beta, t: sum(beta ** (2 * j) for j in range(t + 1)))

GROWTH_CIRCULATED = Claim(
    id="scale_invariance.momentum_factor_same_gradients",
    paper=ADAMP,
    location="§2 (momentum accelerates norm growth), S6 as it circulates",
    statement="Momentum multiplies the asymptotic per-step norm growth of gradient descent on the same "
              "gradients (same η) by 1 + 2β/(1 − β).",
    assumptions=MOMENTUM_SETUP + ("GD and momentum see gradients of the same norm G",),
    kind="limit",
    expected="conditional",
    subject=circulated_factor,
    refined_by="scale_invariance.momentum_factor_equal_updates",
    notes="False relative to GD on the same gradients: with mutually orthogonal gradients of norm G the "
          "factor is 1/(1 − β)² (exact rationals); 1 + 2β/(1 − β) holds for equal update norms.",
)


@GROWTH_EQUAL.derivation("geometric_sum_by_induction")
def _growth_equal(d: Derivation) -> None:
    """e_t = 1 + 2A_t with A_{t+1} = β(A_t + 1) (S5 with ‖p_k‖ = P); closed form by induction; limit."""
    beta = sp.symbols("beta", positive=True)
    r = sp.symbols("r", positive=True)  # r = β^t
    e = lambda rr: 1 + 2 * beta * (1 - rr) / (1 - beta)  # noqa: E731
    d.close(e(1), 1, "e_0 = 1 (no past updates)")
    d.close(e(beta * r), 1 + beta * (e(r) + 1), "e_{t+1} = 1 + β(e_t + 1), the S5 recursion with P_k = P")
    d.close(e(0), 1 + 2 * beta / (1 - beta), "β^t → 0 for 0 ≤ β < 1: the limit 1 + 2β/(1 − β)")
    d.close(e(0), (1 + beta) / (1 - beta), "= (1 + β)/(1 − β)")


@GROWTH_ORTHO.derivation("buffer_energy_by_induction")
def _growth_ortho(d: Derivation) -> None:
    """s_t = E‖p_t‖²/G² = β² s_{t−1} + 1; e_t = s_t + 2A_t, A_{t+1} = β(A_t + s_t); closed forms; limit."""
    beta = sp.symbols("beta", positive=True)
    r = sp.symbols("r", positive=True)  # r = β^t
    s = lambda rr: (1 - beta**2 * rr**2) / (1 - beta**2)  # noqa: E731  s_t with r = β^t
    e = lambda rr: ((1 - beta * rr) / (1 - beta)) ** 2  # noqa: E731
    d.close(s(beta * r), beta**2 * s(r) + 1, "s_{t+1} = β² s_t + 1 (cross terms vanish: ⟨g_{t+1}, p_t⟩ = 0)")
    d.close(s(1), 1, "s_0 = 1")
    d.close(e(1), s(1), "e_0 = s_0")
    d.close(e(beta * r), s(beta * r) + beta * (e(r) - s(r)) + 2 * beta * s(r),
            "e_{t+1} = s_{t+1} + 2β(A_t + s_t) with 2A_t = e_t − s_t")
    d.close(e(0), 1 / (1 - beta) ** 2, "β^t → 0: the limit 1/(1 − β)²")


# -- S7–S10: SGDP / AdamP as released --------------------------------------------------------------
# The optimizers live in fixtures/optimizers.py (a numpy library); the variants below each change one
# piece of the projection rule, as an implementation slip would.


class _BufferCosine(SGDP):
    """Slip: the cosine test compares the weights with the momentum buffer, not the raw gradient."""

    def _cosine_source(self, grad, update):
        return update


class _SignedCosine(SGDP):
    """Slip: no absolute value on the cosine (a strongly anti-aligned gradient passes the test)."""

    def _abs(self, cos):
        return cos


class _UnscaledThreshold(SGDP):
    """Slip: threshold delta instead of delta / sqrt(row length)."""

    def _threshold(self, row_length):
        return self.delta


class _NonStrict(SGDP):
    """Slip: |cos| ≤ threshold instead of <."""

    def _fires(self, max_cos, threshold):
        return max_cos <= threshold


class _LayerFirst(SGDP):
    """Slip: the whole-layer view is tried before the per-channel view."""

    view_order = ("layer", "channel")


class _ProjectsVectors(SGDP):
    """Slip: one-dimensional parameters (biases, gains) are projected too."""

    min_ndim = 1


class _RatioAlways(SGDP):
    """Slip: the weight decay is scaled by wd_ratio even when no view fired."""

    def _ratio_without_projection(self):
        return self.wd_ratio


class _GradientBasis(SGDP):
    """Slip: the component along the gradient is removed instead of the radial one."""

    def _radial_reference(self, w, grad):
        return grad


class _KeepsRadial(SGDP):
    """Slip: the update is replaced by its radial part instead of losing it (sign of the subtraction)."""

    def _radial_part(self, uv, p_n):
        return uv - p_n * np.sum(p_n * uv, axis=1, keepdims=True)


class _DecayWithoutMomentumFactor(SGDP):
    """Slip: SGDP's decoupled decay without the 1/(1 − momentum) factor (AdamP's rule)."""

    def step(self, grads):
        m = self.momentum
        saved = self.weight_decay
        self.weight_decay = saved * (1.0 - m)
        try:
            super().step(grads)
        finally:
            self.weight_decay = saved


class _NoBufferProjection(SGDP):
    """Departure from the release: the stored momentum buffer is left unprojected."""

    def project(self, w, grad, update):
        return super().project(w, grad, update.copy())


PROJECTION_SLIPS = {
    "cosine_with_buffer": (_BufferCosine, "cosine with the momentum buffer instead of the raw gradient"),
    "no_absolute_value": (_SignedCosine, "no absolute value on the cosine"),
    "threshold_delta": (_UnscaledThreshold, "threshold delta instead of delta/√dim"),
    "non_strict": (_NonStrict, "≤ instead of < in the cosine test"),
    "layer_view_first": (_LayerFirst, "the layer view tried before the channel view"),
    "projects_vectors": (_ProjectsVectors, "projection of one-dimensional parameters"),
    "ratio_always": (_RatioAlways, "wd_ratio applied when nothing was projected"),
}

SGDP_RULES = Claim(
    id="scale_invariance.sgdp_released_rules",
    paper=ADAMP,
    location="released code v0.3.0, adamp/sgdp.py (_projection, step)",
    statement="SGDP as released: the projection is tried only on parameters with more than one "
              "dimension, per output channel first and then on the whole layer; a view fires when the "
              "largest |cos(raw gradient, weights)| of its rows is strictly below delta/√(row length); "
              "firing removes the radial part of the update per row and scales the decoupled decay "
              "1 − lr·wd·ratio/(1 − momentum) by wd_ratio; otherwise ratio 1.",
    assumptions=("numpy re-implementation in fixtures/optimizers.py", "released defaults unless stated"),
    kind="algorithm",
    expected="supported",
    subject=SGDP,
)
for _name, (_cls, _desc) in PROJECTION_SLIPS.items():
    SGDP_RULES.mutant(_name, _desc, _cls)
SGDP_RULES.mutant("decay_without_momentum_factor", "decoupled decay 1 − lr·wd·ratio, without 1/(1 − momentum)",
                  _DecayWithoutMomentumFactor)
SGDP_RULES.mutant("buffer_left_unprojected", "the stored momentum buffer is not projected in place",
                  _NoBufferProjection)

SGDP_DIRECTION = Claim(
    id="scale_invariance.sgdp_direction_preserved",
    paper=ADAMP,
    location="abstract / §3 (SGDP and AdamP), S7",
    statement="The projection \"only alters the effective step sizes without changing the effective "
              "update directions\": from the same state, the SGDP step and the unprojected step move "
              "w/‖w‖ along the same great circle in the same direction (same unit tangent), by different "
              "angles.",
    assumptions=("the fired view matches the invariance: rows for BatchNorm, the whole layer for LayerNorm",
                 "eps → 0 in the projection"),
    kind="identity",
    expected="proved",
    subject=SGDP,
)
SGDP_DIRECTION.mutant("gradient_basis", "removes the component along the gradient, not the radial one",
                      _GradientBasis)
SGDP_DIRECTION.mutant("keeps_radial_part", "keeps the radial part of the update and drops the tangent part",
                      _KeepsRadial)

SGDP_DIRECTION_RELEASED = Claim(
    id="scale_invariance.sgdp_direction_released_views",
    paper=ADAMP,
    location="abstract / §3 (SGDP and AdamP), S7 with the released view selection",
    statement="With the released cosine test choosing the view, the projection \"only alters the effective "
              "step sizes without changing the effective update directions\": on a LayerNorm layer the SGDP "
              "step and the unprojected step have the same tangent part with respect to the layer's "
              "(whole-matrix) scale invariance.",
    assumptions=("LayerNorm layer: f(cW) = f(W) for the whole matrix only, not per row",
                 "the released cosine test (delta = 0.1) picks the view; momentum 0, eps → 0"),
    kind="identity",
    expected="refuted",
    subject=SGDP,
    notes="The cosine test tries the per-channel view first. On a LayerNorm net it fires there for about "
          "0.4% of random nets (76 of seeds 0–19999), and the per-row projection then removes each row's "
          "radial part, which has a tangent component for the whole matrix: the direction changes. S7 "
          "holds when the fired view matches the invariance (scale_invariance.sgdp_direction_preserved).",
)

SGDP_NORM = Claim(
    id="scale_invariance.sgdp_norm_identity",
    paper=ADAMP,
    location="§3 (SGDP and AdamP), S8 as an identity",
    statement="When the projection fires (eps = 0), each normalized block obeys the momentum-free law "
              "‖w_{t+1}‖² = (1 − λ)²‖w_t‖² + lr_t²‖d̃_t‖², λ = lr·wd·wd_ratio/(1 − momentum) for SGDP and "
              "lr·wd·wd_ratio for AdamP, d̃_t the projected update: no momentum cross terms.",
    assumptions=("the view that fires matches the invariance (rows for BatchNorm, layer for LayerNorm)",
                 "eps in the projection negligible (1e-30 here)"),
    kind="identity",
    expected="proved",
    subject={"SGDP": SGDP, "AdamP": AdamP},
)


def _adamp_decay_with_momentum_factor() -> type:
    class _AdamPDecay(AdamP):
        """Slip: AdamP's decay with SGDP's 1/(1 − β1) factor."""

        def step(self, grads):
            saved = self.weight_decay
            self.weight_decay = saved / (1.0 - self.beta1)
            try:
                super().step(grads)
            finally:
                self.weight_decay = saved

    return _AdamPDecay


_ADAMP_LAYER_FIRST = type("_AdamPLayerFirst", (AdamP,), {"view_order": ("layer", "channel"),
                                                         "__doc__": "Slip: layer view first (AdamP)."})
_ADAMP_BUFFER_COSINE = type("_AdamPUpdateCosine", (AdamP,), {"_cosine_source": _BufferCosine._cosine_source,
                                                             "__doc__": "Slip: cosine with the update (AdamP)."})

SGDP_NORM.mutant("cosine_with_buffer", PROJECTION_SLIPS["cosine_with_buffer"][1],
                 {"SGDP": _BufferCosine, "AdamP": AdamP})
SGDP_NORM.mutant("layer_view_first", PROJECTION_SLIPS["layer_view_first"][1], {"SGDP": _LayerFirst, "AdamP": AdamP})
SGDP_NORM.mutant("decay_without_momentum_factor", "SGDP's decoupled decay without 1/(1 − momentum)",
                 {"SGDP": _DecayWithoutMomentumFactor, "AdamP": AdamP})
SGDP_NORM.mutant("adamp_layer_view_first", "AdamP: the layer view tried before the channel view",
                 {"SGDP": SGDP, "AdamP": _ADAMP_LAYER_FIRST})
SGDP_NORM.mutant("adamp_cosine_with_update", "AdamP: the cosine test on the Adam update, not the raw gradient",
                 {"SGDP": SGDP, "AdamP": _ADAMP_BUFFER_COSINE})
SGDP_NORM.mutant("adamp_decay_with_momentum_factor", "AdamP's decay divided by 1 − β1 (SGDP's rule)",
                 {"SGDP": SGDP, "AdamP": _adamp_decay_with_momentum_factor()})

SGDP_AS_GD = Claim(
    id="scale_invariance.sgdp_growth_as_gd",
    paper=ADAMP,
    location="§3 (SGDP and AdamP), S8 as stated",
    statement="With the projection, the norm of scale-invariant weights grows as under momentum-free GD "
              "with the same gradients and learning rate.",
    assumptions=("SGDP with momentum β > 0, no weight decay", "gradients orthogonal to the weights"),
    kind="identity",
    expected="conditional",
    subject=SGDP,
    refined_by="scale_invariance.sgdp_norm_identity",
    notes="The cross terms vanish but the projected buffer is still longer than one gradient: with "
          "mutually orthogonal gradients SGDP's growth exceeds GD's by a factor approaching ≈ 1/(1 − β²).",
)

ADAM_MONOTONE = Claim(
    id="scale_invariance.adam_norm_monotone",
    paper=ADAMP,
    location="§2 (Adam also increases the norm), S9",
    statement="Adam without projection grows the norm of scale-invariant weights at every step.",
    assumptions=("AdamP with delta = 0 (the test never fires): Adam with decoupled decay, wd = 0",
                 "gradient orthogonal to the weights"),
    kind="inequality",
    expected="refuted",
    subject=AdamP,
    notes="Adam's per-coordinate scaling gives the update a radial component: at the first step the "
          "update is sign(g), and ⟨w, sign g⟩ > 0 is possible with w ⊥ g, so the norm shrinks.",
)

COSINE_SELECTIVE = Claim(
    id="scale_invariance.cosine_test_selective",
    paper=ADAMP,
    location="released code v0.3.0, _projection; §3 (identifying scale-invariant weights), S10",
    statement="The cosine test fires only on scale-invariant weights.",
    assumptions=("a linear layer without normalization (not scale invariant)", "released defaults"),
    kind="algorithm",
    expected="refuted",
    subject=SGDP,
    notes="A zero gradient gives cos = 0 < delta/√n: at a stationary point (a net that fits its targets) "
          "the test fires on a layer that is not scale invariant, and weight decay is cut by wd_ratio.",
)


def false_alarm_bounds(m: int, n: int, delta: float) -> tuple[float, float]:
    """S10: bounds on P(the test fires) for an (m, n) layer whose gradient is isotropic Gaussian and
    independent of the weights: [max(p_C, p_L), p_C + p_L], with p_L = I_{δ²/(mn)}(½, (mn − 1)/2) the
    layer-view probability and p_C = I_{δ²/n}(½, (n − 1)/2)^m the channel-view one (cos² of a uniform
    direction with a fixed one is Beta(½, (N − 1)/2))."""
    from scipy.special import betainc

    N = m * n
    p_layer = float(betainc(0.5, (N - 1) / 2, delta**2 / N))
    p_channel = float(betainc(0.5, (n - 1) / 2, delta**2 / n)) ** m if m > 1 else p_layer
    return max(p_layer, p_channel), min(1.0, p_layer + p_channel)


COSINE_FALSE_ALARM = Claim(
    id="scale_invariance.cosine_test_false_alarm",
    paper=ADAMP,
    location="released code v0.3.0, _projection (delta = 0.1), S10",
    statement="On a layer that is not scale invariant, with a gradient direction uniform and independent "
              "of the weights, the released test fires with probability between max(p_C, p_L) and "
              "p_C + p_L (p_L = I_{δ²/N}(½, (N−1)/2) ≈ 2Φ(δ) − 1 ≈ 8.0% for δ = 0.1 and large N).",
    assumptions=("isotropic Gaussian gradient independent of the weights", "delta = 0.1, eps = 1e-8"),
    kind="statistical",
    expected="supported",
    subject=SGDP,
)
COSINE_FALSE_ALARM.mutant("no_absolute_value", PROJECTION_SLIPS["no_absolute_value"][1], _SignedCosine)
COSINE_FALSE_ALARM.mutant("threshold_delta", PROJECTION_SLIPS["threshold_delta"][1], _UnscaledThreshold)


@SGDP_DIRECTION.derivation("tangent_parts_agree")
def _direction(d: Derivation) -> None:
    """Π_w(w − η d) = Π_w(w − η Π_w d) = −η Π_w d; the radial parts are 1 − η(ŵ·d)/‖w‖ and 1."""
    w = sp.Matrix(sp.symbols("w1:4", real=True))
    u = sp.Matrix(sp.symbols("d1:4", real=True))
    eta = sp.symbols("eta", positive=True)
    ww = w.dot(w)
    proj = lambda x: x - (w.dot(x) / ww) * w  # noqa: E731
    plain, projected = w - eta * u, w - eta * proj(u)
    for i in range(3):
        d.close(proj(plain)[i], proj(projected)[i], f"tangent component {i + 1} of the two steps")
        d.close(proj(projected)[i], -eta * proj(u)[i], f"= −η (Π_w d)_{i + 1}")
    d.close(w.dot(projected) / ww, 1, "radial coordinate of the projected step: 1 (norm from Pythagoras)")
    d.close(w.dot(plain) / ww, 1 - eta * w.dot(u) / ww, "radial coordinate of the plain step: 1 − η w·d/‖w‖²")


@SGDP_NORM.derivation("pythagoras_with_decay")
def _sgdp_norm(d: Derivation) -> None:
    """‖(1 − λ)w − lr Π_w d‖² with the projection Π_w d = d − (w·d/‖w‖²) w."""
    w = sp.Matrix(sp.symbols("w1:4", real=True))
    u = sp.Matrix(sp.symbols("d1:4", real=True))
    lr, lam = sp.symbols("lr lambda", positive=True)
    pd = u - (w.dot(u) / w.dot(w)) * w
    d.close(w.dot(pd), 0, "the projected update is orthogonal to w")
    nxt = (1 - lam) * w - lr * pd
    d.close(nxt.dot(nxt), (1 - lam) ** 2 * w.dot(w) + lr**2 * pd.dot(pd), "‖w_{t+1}‖² = (1−λ)²‖w_t‖² + lr²‖d̃‖²")
