"""Scale invariance: orthogonality, gradient and Hessian scaling, GD norm growth, effective step size.

Statements S1–S4 of the claim family (shared/claims/scale_invariance.md), as used by Heo et al.,
"AdamP" (ICLR 2021, arXiv 2006.08217). f is scale invariant when f(c w) = f(w) for every c > 0.

Each claim's ``subject`` is the formula the paper states, as a function; mutants are plausible
wrong versions of that formula. The checks (checks/scale_invariance.py) compare the subject with
ground truth measured on tiny LayerNorm/BatchNorm models and generic scale-invariant functions.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from claimkit import Claim, Derivation, Paper

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
    id="scale.orthogonality",
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
    id="scale.gradient_scaling",
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
    id="scale.hessian_scaling",
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
    id="scale.hessian_radial",
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
    id="scale.gd_norm_growth",
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
    id="scale.effective_step",
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
    id="scale.norm_growth_bound",
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
    id="scale.invariance_negative_factors",
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
