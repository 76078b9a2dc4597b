"""The claims of the scale-invariance family (S1–S10 of Heo et al., "AdamP", arXiv 2006.08217).

Each claim's ``subject`` is the formula the paper states (``formulas``), as a function, or the
algorithm under test (the numpy SGDP/AdamP of ``library``); mutants are plausible wrong versions of
it. S1–S4 (§2): orthogonality, gradient and Hessian scaling, GD norm growth, effective step size,
the ‖w_t‖⁴ bound. S5–S6 (§2): momentum; the two S6 growth factors are formula claims, their closed
forms declared once as ``Formula`` objects (the library's ``growth_factor_*``), checked in float64
against the one-step recursion of the momentum run, with mutants generated from the expression tree.
S7–S10 (§3, released code v0.3.0): the SGDP/AdamP projection and its cosine test. Statements the suite
adds (refinements named by ``refined_by``, the definition extended to c < 0, the false-alarm rate, the
library's conformance to the released code) carry ``origin="suite"``.
"""

from __future__ import annotations

import numpy as np

from claimkit import Claim, formula_claim

from ...fixtures.scale_problems import momentum_growth
from .formulas import (
    _ADAMP_BUFFER_COSINE,
    _ADAMP_LAYER_FIRST,
    BUFFER_NORM_ONLY,
    EQUAL_UPDATES_AS_ORTHOGONAL,
    GROWTH_FACTOR_EQUAL_UPDATES,
    GROWTH_FACTOR_ORTHOGONAL,
    INVERSE_SQUARE,
    LIBRARY,
    PROJECTION_SLIPS,
    _adamp_decay_with_momentum_factor,
    _AdamPNesterovIgnored,
    _AdamPWithoutBiasCorrection,
    _BufferCosine,
    _channel_view_last_axis,
    _cosine_of_columns,
    _cosine_without_rescaling,
    _DecayWithoutMomentumFactor,
    _GradientBasis,
    _KeepsRadial,
    _layer_view_as_column,
    _LayerFirst,
    _NoBufferProjection,
    _s5_no_factor_two,
    _s5_shifted_powers,
    _s5_sum_to_t,
    _SGDPDampeningIgnored,
    _SGDPNaiveNorms,
    _SGDPWrongDefaultDelta,
    _SignedCosine,
    _UnscaledThreshold,
    circulated_factor,
    effective_step_size,
    gd_next_norm_sq,
    gradient_at_scaled_point,
    hessian_from_scaled_point,
    hessian_times_weights,
    library_with,
    momentum_next_norm_sq,
    momentum_radial_inner,
    norm4_lower_bound,
    radial_derivative,
)
from .library import SGDP, AdamP, channel_view, layer_view
from .paper import PAPER

SCALE_INVARIANT = r"$f(cw) = f(w)$ for every $c > 0$ and every $w \neq 0$ ($f$ differentiable away from 0)"


# -- S1–S4: orthogonality, scaling, gradient descent -----------------------------------------------

ORTHOGONALITY = Claim(
    id="scale_invariance.orthogonality",
    paper=PAPER,
    location="§2, S1 (Euler's theorem for degree-0 homogeneous functions)",
    statement=r"For scale-invariant $f$, the weights are orthogonal to the gradient: $w \cdot \nabla f(w) = 0$.",
    assumptions=(SCALE_INVARIANT,),
    kind="identity",
    expected="proved",
    subject=radial_derivative,
)
ORTHOGONALITY.mutant("euler_degree_one", r"Euler at degree 1: $w \cdot \nabla f(w) = f(w)$",
                     lambda f_value, w: f_value)
ORTHOGONALITY.mutant("euler_degree_minus_one", r"Euler at degree $-1$: $w \cdot \nabla f(w) = -f(w)$",
                     lambda f_value, w: -f_value)

GRADIENT_SCALING = Claim(
    id="scale_invariance.gradient_scaling",
    paper=PAPER,
    location="§2, S2 (gradient of a scale-invariant function)",
    statement=r"$\nabla f(cw) = \nabla f(w)/c$ for every $c > 0$.",
    assumptions=(SCALE_INVARIANT,),
    kind="identity",
    expected="proved",
    subject=gradient_at_scaled_point,
)
GRADIENT_SCALING.mutant("times_c", r"$\nabla f(cw) = c\,\nabla f(w)$", lambda g, c: c * g)
GRADIENT_SCALING.mutant("unchanged", r"$\nabla f(cw) = \nabla f(w)$ (the gradient as scale invariant as $f$)",
                        lambda g, c: g)
GRADIENT_SCALING.mutant("over_c_squared", r"$\nabla f(cw) = \nabla f(w)/c^2$", lambda g, c: g / c**2)

HESSIAN_SCALING = Claim(
    id="scale_invariance.hessian_scaling",
    paper=PAPER,
    location="§2, S2 (Hessian of a scale-invariant function)",
    statement=r"$c^2\,\nabla^2 f(cw) = \nabla^2 f(w)$ for every $c > 0$.",
    assumptions=(SCALE_INVARIANT, "$f$ twice differentiable away from 0"),
    kind="identity",
    expected="proved",
    subject=hessian_from_scaled_point,
)
HESSIAN_SCALING.mutant("factor_c", r"$c\,\nabla^2 f(cw) = \nabla^2 f(w)$", lambda h, c: c * h)
HESSIAN_SCALING.mutant("no_factor", r"$\nabla^2 f(cw) = \nabla^2 f(w)$", lambda h, c: h)

HESSIAN_RADIAL = Claim(
    id="scale_invariance.hessian_radial",
    paper=PAPER,
    location="§2, S2 (differentiating Euler's identity)",
    statement=r"$\nabla^2 f(w)\,w = -\nabla f(w)$.",
    assumptions=(SCALE_INVARIANT, "$f$ twice differentiable away from 0"),
    kind="identity",
    expected="proved",
    subject=hessian_times_weights,
)
HESSIAN_RADIAL.mutant("flat_radial", r"$\nabla^2 f(w)\,w = 0$ (the radial direction is flat to second order)",
                      lambda g: np.zeros_like(g))
HESSIAN_RADIAL.mutant("plus_gradient", r"$\nabla^2 f(w)\,w = +\nabla f(w)$", lambda g: g)

GD_NORM_GROWTH = Claim(
    id="scale_invariance.gd_norm_growth",
    paper=PAPER,
    location="§2, S3 (norm growth under gradient descent)",
    statement=r"Gradient descent $w_{t+1} = w_t - \eta \nabla f(w_t)$ gives "
              r"$\|w_{t+1}\|^2 = \|w_t\|^2 + \eta^2 \|\nabla f(w_t)\|^2$, so the norm never shrinks.",
    assumptions=(SCALE_INVARIANT, "plain gradient descent, no weight decay, no momentum"),
    kind="identity",
    expected="proved",
    subject=gd_next_norm_sq,
)
GD_NORM_GROWTH.mutant("shrinks", r"$\|w_{t+1}\|^2 = \|w_t\|^2 - \eta^2 \|\nabla f\|^2$ (the norm shrinks)",
                      lambda n, eta, g2: n - eta**2 * g2)
GD_NORM_GROWTH.mutant("missing_square", r"$\|w_{t+1}\|^2 = \|w_t\|^2 + \eta \|\nabla f\|^2$ ($\eta$ not squared)",
                      lambda n, eta, g2: n + eta * g2)
GD_NORM_GROWTH.mutant("constant_norm", r"$\|w_{t+1}\| = \|w_t\|$ (GD stays on the sphere)",
                      lambda n, eta, g2: n)

EFFECTIVE_STEP = Claim(
    id="scale_invariance.effective_step",
    paper=PAPER,
    location="§2, S4 (effective step size)",
    statement=r"One GD step on $w$ with rate $\eta$ equals, after normalisation, a retraction step on the "
              r"unit sphere $u = w/\|w\|$ with rate $\eta/\|w\|^2$: "
              r"$w_{t+1}/\|w_{t+1}\| = \operatorname{normalize}\left(u - \frac{\eta}{\|w\|^2} \nabla f(u)\right)$.",
    assumptions=(SCALE_INVARIANT,),
    kind="identity",
    expected="proved",
    subject=effective_step_size,
)
EFFECTIVE_STEP.mutant("over_norm", r"effective step $\eta/\|w\|$", lambda eta, n: eta / n)
EFFECTIVE_STEP.mutant("unchanged", r"effective step $\eta$ (scale does not matter)", lambda eta, n: eta)

NORM4_BOUND = Claim(
    id="scale_invariance.norm_growth_bound",
    paper=PAPER,
    location="§2, S4 (consequence of S3 with constant gradient norm)",
    statement=r"If $\|\nabla f(u)\| = G$ at every point $u$ of the unit sphere visited, GD gives "
              r"$\|w_t\|^4 \ge \|w_0\|^4 + 2\eta^2 G^2 t$.",
    assumptions=(SCALE_INVARIANT, "the gradient norm on the unit sphere is constant, $G$"),
    kind="inequality",
    expected="proved",
    subject=norm4_lower_bound,
)
NORM4_BOUND.mutant("factor_four", r"$\|w_t\|^4 \ge \|w_0\|^4 + 4\eta^2 G^2 t$ (overstated rate)",
                   lambda n0, eta, G, t: n0**4 + 4 * eta**2 * G**2 * t)
NORM4_BOUND.mutant("square_not_fourth", r"$\|w_t\|^2 \ge \|w_0\|^2 + 2\eta^2 G^2 t$, stated for the fourth power",
                   lambda n0, eta, G, t: (n0**2 + 2 * eta**2 * G**2 * t) ** 2)

NEGATIVE_SCALE = Claim(
    id="scale_invariance.invariance_negative_factors",
    paper=PAPER,
    location="§2, definition of scale invariance (c > 0), extended by the suite to c < 0",
    statement=r"A network whose layer is followed by LayerNorm is invariant to rescaling that layer's "
              r"weights by any non-zero factor: $f(cW) = f(W)$ for all $c \neq 0$, negative $c$ included.",
    assumptions=(r"LayerNorm with $\epsilon = 0$ after the linear layer", "squared loss on a linear head"),
    kind="identity",
    expected="refuted",
    subject=None,
    origin="suite",
    notes=r"The paper's definition admits $c > 0$ only; the extension to $c < 0$ is the suite's. LayerNorm "
          r"maps $-a$ to $-\operatorname{LN}(a)$, so a negative factor flips the sign of the features, and the "
          r"suite refutes the extension with a counterexample.",
)


# -- S5: momentum ----------------------------------------------------------------------------------

MOMENTUM_SETUP = (r"heavy ball $p_t = \beta p_{t-1} + g_t$, $p_{-1} = 0$, $w_{t+1} = w_t - \eta p_t$, "
                  r"$0 \le \beta < 1$",
                  r"$g_t \perp w_t$ at every step (true for scale-invariant $f$ by S1)")

MOMENTUM_NORM = Claim(
    id="scale_invariance.momentum_norm_growth",
    paper=PAPER,
    location="§2 (norm growth with momentum), S5",
    statement=r"With heavy-ball momentum, $\|w_{t+1}\|^2 = \|w_t\|^2 + \eta^2 \|p_t\|^2 + 2\eta^2 \sum_{k<t} "
              r"\beta^{t-k} \|p_k\|^2$; the only property of $f$ used is $w_t \perp \nabla f(w_t)$.",
    assumptions=MOMENTUM_SETUP,
    kind="identity",
    expected="proved",
    subject=momentum_next_norm_sq,
)
MOMENTUM_NORM.mutant("no_factor_two", "the cross terms without the factor 2", _s5_no_factor_two)
MOMENTUM_NORM.mutant("shifted_powers", r"weights $\beta^{t-k-1}$ instead of $\beta^{t-k}$", _s5_shifted_powers)
MOMENTUM_NORM.mutant("sum_to_t", "the sum runs to $k = t$ (double-counts the current update)", _s5_sum_to_t)
MOMENTUM_NORM.mutant("gd_law", r"momentum-free law $\|w_t\|^2 + \eta^2 \|p_t\|^2$ (no cross terms)",
                     lambda n, eta, beta, P: n + eta**2 * P[-1])

MOMENTUM_INNER = Claim(
    id="scale_invariance.momentum_radial_inner",
    paper=PAPER,
    location="§2 (norm growth with momentum), S5",
    statement=r"With heavy-ball momentum and $w_t \perp \nabla f(w_t)$, "
              r"$\langle w_t, p_t \rangle = -\eta \sum_{k<t} \beta^{t-k} \|p_k\|^2 \le 0$: the momentum buffer "
              r"always points away from the origin's side, so its step adds norm.",
    assumptions=MOMENTUM_SETUP,
    kind="identity",
    expected="proved",
    subject=momentum_radial_inner,
)
MOMENTUM_INNER.mutant("positive_sign", r"$\langle w_t, p_t \rangle = +\eta \sum_{k<t} \beta^{t-k} \|p_k\|^2$",
                      lambda eta, beta, P: -momentum_radial_inner(eta, beta, P))
MOMENTUM_INNER.mutant("orthogonal_like_gd", r"$\langle w_t, p_t \rangle = 0$, as for the gradient itself",
                      lambda eta, beta, P: 0 * eta)
MOMENTUM_INNER.mutant("shifted_powers", r"weights $\beta^{t-k-1}$",
                      lambda eta, beta, P: -eta * sum(beta ** (len(P) - 2 - k) * P[k] for k in range(len(P) - 1)))

# -- S6: the growth factor, under two different assumptions ----------------------------------------

# float64 evaluation of the S6 factors on the whole domain, where 1 − β^t cancels as β → 1. For β ≥ 1/2, 1 − β
# is a multiple of u = 2^-53, so is x = t(1 − β), and 1 − x is a float; β^t = 1 − x + x²/2 − … comes back within
# 0.52 u (glibc pow), so 1 − β^t is off by at most min(x²/2, 0.52 u): relative to 1 − β^t ≈ x, at most
# min(x/2, 0.52 u/x) ≤ 0.51 √u ≈ 5.4e-9 (β < 1/2: 1 − β^t ≥ 1/2, a few u). The squared factor doubles it; the
# other operations add a few u. Measured worst over 4·10⁴ draws with 1 − β from 1e-16 to 1 and t up to 10⁶:
# 5.3e-9 and 1.05e-8. 5e-8 leaves 4.7× headroom; every generated mutant is off by far more somewhere on the domain.
GROWTH_RTOL = 5e-8
GROWTH_RTOL_REASON = (r"in float64, $1 - \beta^t$ cancels as $\beta \to 1$: at most $0.51\sqrt{u} \approx 5.4 \times "
                      r"10^{-9}$ relative, doubled by the square (measured worst $1.05 \times 10^{-8}$ over "
                      r"$4 \cdot 10^4$ draws); $5 \times 10^{-8}$ leaves 4.7 times that")
# Examples of the generated check: most draws have β^t below 1e-7 (large t), where the transient mutants
# (exponents of β^t doubled or halved) are invisible; 100 draws hold enough with β^t visible to kill them (for
# each of the ci seeds 0 to 39; 80 draws leave two of them alive for one seed).
GROWTH_EXAMPLES = 100


def _equal_updates_growth(beta: float, t: int) -> float:
    """The S6 factor with equal update norms, from the one-step recursion of the run (float64)."""
    return momentum_growth(beta, t, "equal_updates")


def _equal_updates_growth_at(digits: int, beta: float, t: int) -> object:
    return momentum_growth(beta, t, "equal_updates", digits + 10)


def _orthogonal_growth(beta: float, t: int) -> float:
    """The S6 factor with mutually orthogonal gradients, from the one-step recursion of the run (float64)."""
    return momentum_growth(beta, t, "orthogonal")


def _orthogonal_growth_at(digits: int, beta: float, t: int) -> object:
    return momentum_growth(beta, t, "orthogonal", digits + 10)


GROWTH_EQUAL = formula_claim(
    id="scale_invariance.momentum_factor_equal_updates",
    paper=PAPER,
    location="§2 (momentum accelerates norm growth), S6 with equal update norms",
    statement=r"If every momentum update has the same norm $\|p_k\| = P$, the per-step growth is "
              r"$\|w_{t+1}\|^2 - \|w_t\|^2 = \eta^2 P^2 \left(1 + \frac{2\beta(1 - \beta^t)}{1 - \beta}\right) \to "
              r"\eta^2 P^2 \left(1 + \frac{2\beta}{1 - \beta}\right)$: the factor $1 + 2\beta/(1 - \beta)$ compares "
              r"momentum with GD taking steps of the same length $\eta P$.",
    formula=GROWTH_FACTOR_EQUAL_UPDATES,
    truth=_equal_updates_growth,
    truth_at_precision=_equal_updates_growth_at,
    rtol=GROWTH_RTOL,
    tolerance_reason=GROWTH_RTOL_REASON,
    examples=GROWTH_EXAMPLES,
    assumptions=MOMENTUM_SETUP + (r"$\|p_k\| = P$ at every step (equal update norms)",),
    kind="identity",
    expected="proved",
    origin="suite",
    notes="The refinement of scale_invariance.momentum_factor_same_gradients: the circulated factor holds "
          "when the updates, not the gradients, have equal norms.",
)
# The generated constant_changed_3 (the 2 becomes 1) is the hand-written missing_two it replaces.
GROWTH_EQUAL.mutant("inverse_square", r"the other candidate, $1/(1 - \beta)^2$", INVERSE_SQUARE)

GROWTH_ORTHO = formula_claim(
    id="scale_invariance.momentum_factor_iid_gradients",
    paper=PAPER,
    location="§2 (momentum accelerates norm growth), S6 with orthogonal or i.i.d. gradients",
    statement=r"If the gradients have constant norm $G$ and are mutually orthogonal (exactly), or i.i.d. "
              r"isotropic in the tangent space (in expectation), the per-step growth is "
              r"$\eta^2 G^2 \left(\frac{1 - \beta^{t+1}}{1 - \beta}\right)^2 \to \frac{\eta^2 G^2}{(1 - \beta)^2}$: "
              r"the factor $1/(1 - \beta)^2$ compares momentum with GD on the same gradients with the same $\eta$.",
    formula=GROWTH_FACTOR_ORTHOGONAL,
    truth=_orthogonal_growth,
    truth_at_precision=_orthogonal_growth_at,
    rtol=GROWTH_RTOL,
    tolerance_reason=GROWTH_RTOL_REASON,
    examples=GROWTH_EXAMPLES,
    assumptions=MOMENTUM_SETUP + (r"$\|g_t\| = G$", r"$\langle g_j, g_k \rangle = 0$ for $j \neq k$ (or zero-mean "
                                  "isotropic tangent gradients, independent of the past)"),
    kind="statistical",
    expected="proved",
    origin="suite",
    notes="The second candidate factor of S6, with the assumption under which it holds.",
)
# The generated factor_dropped_3 ((1 + β/(1 − β))² = 1/(1 − β)²) is the hand-written asymptote_at_every_t it replaces.
GROWTH_ORTHO.mutant("equal_updates_factor", r"the first candidate $1 + 2\beta(1 - \beta^t)/(1 - \beta)$",
                    EQUAL_UPDATES_AS_ORTHOGONAL)
GROWTH_ORTHO.mutant("buffer_norm_only",
                    r"$\mathbb{E}\|p_t\|^2/G^2 = (1 - \beta^{2t+2})/(1 - \beta^2)$ (cross terms forgotten)",
                    BUFFER_NORM_ONLY)

GROWTH_CIRCULATED = Claim(
    id="scale_invariance.momentum_factor_same_gradients",
    paper=PAPER,
    location="§2 (momentum accelerates norm growth), S6 as it circulates",
    statement=r"Momentum multiplies the asymptotic per-step norm growth of gradient descent on the same "
              r"gradients (same $\eta$) by $1 + 2\beta/(1 - \beta)$.",
    assumptions=MOMENTUM_SETUP,
    kind="limit",
    expected="conditional",
    subject=circulated_factor,
    refined_by="scale_invariance.momentum_factor_equal_updates",
    notes=r"False relative to GD on the same gradients: with mutually orthogonal gradients of norm $G$ the "
          r"factor is $1/(1 - \beta)^2$ (exact rationals); $1 + 2\beta/(1 - \beta)$ holds for equal update norms.",
)

# -- S7–S10: SGDP / AdamP as released --------------------------------------------------------------

SGDP_RULES = Claim(
    id="scale_invariance.sgdp_released_rules",
    paper=PAPER,
    location="released code v0.3.0, adamp/sgdp.py (_projection, step)",
    statement=r"SGDP as released: the projection is tried only on parameters with more than one "
              r"dimension, per output channel first and then on the whole layer; a view fires when the "
              r"largest $|\cos(\text{raw gradient}, \text{weights})|$ of its rows is strictly below "
              r"$\delta/\sqrt{L}$ ($L$ the row length); firing removes the radial part of the update per row "
              r"and scales the decoupled decay $1 - \mathrm{lr}\cdot\mathrm{wd}\cdot\rho/(1 - \mu)$ by "
              r"$\rho = \text{wd_ratio}$ ($\mu$ the momentum); otherwise $\rho = 1$.",
    assumptions=("the numpy SGDP of the family's library", "released defaults unless stated"),
    kind="algorithm",
    expected="supported",
    subject=SGDP,
    origin="suite",
)
for _name, (_cls, _desc) in PROJECTION_SLIPS.items():
    SGDP_RULES.mutant(_name, _desc, _cls)
SGDP_RULES.mutant("decay_without_momentum_factor",
                  r"decoupled decay $1 - \mathrm{lr}\cdot\mathrm{wd}\cdot\rho$, without $1/(1 - \mu)$",
                  _DecayWithoutMomentumFactor)
SGDP_RULES.mutant("buffer_left_unprojected", "the stored momentum buffer is not projected in place",
                  _NoBufferProjection)

LIBRARY_RELEASE = Claim(
    id="scale_invariance.library_follows_release",
    paper=PAPER,
    location="released code v0.3.0 (tag v0.3.0, adamp/sgdp.py and adamp/adamp.py)",
    statement=r"The library's SGDP and AdamP follow the released update rule step for step: from the same "
              r"parameters and gradients, with the released defaults or drawn hyperparameters, the weights, "
              r"the optimizer state and the projection record (view, weight-decay ratio) after every step equal "
              r"those of an independent re-implementation of the v0.3.0 code, for weights and gradients of "
              r"magnitude $10^{-200}$ to $10^{200}$; its cosine equals "
              r"$x \cdot y/(\max(\|x\|, \epsilon)\max(\|y\|, \epsilon))$ row by row at any scale, and its "
              r"views (and VIEWS) are the released channel and layer views.",
    assumptions=("the numpy SGDP, AdamP, cosine, channel_view, layer_view and VIEWS of the family's library",
                 r"gradients below $1.3 \times 10^{154}$ for AdamP (its second moment holds $g^2$)"),
    kind="algorithm",
    expected="supported",
    subject=LIBRARY,
    origin="suite",
)
_STEPS = ("steps_match_the_release",)
LIBRARY_RELEASE.mutant("adamp_without_bias_correction", r"AdamP without the bias corrections $1 - \beta_1^t$, "
                       r"$1 - \beta_2^t$", library_with(AdamP=_AdamPWithoutBiasCorrection), targets=_STEPS)
LIBRARY_RELEASE.mutant("sgdp_default_delta_0_01", r"SGDP's default $\delta$ is 0.01 instead of the released 0.1",
                       library_with(SGDP=_SGDPWrongDefaultDelta), targets=_STEPS)
LIBRARY_RELEASE.mutant("sgdp_dampening_ignored", "SGDP's buffer adds the whole gradient, ignoring dampening",
                       library_with(SGDP=_SGDPDampeningIgnored), targets=_STEPS)
LIBRARY_RELEASE.mutant("adamp_nesterov_ignored", r"AdamP's nesterov flag has no effect (numerator $m_t$)",
                       library_with(AdamP=_AdamPNesterovIgnored), targets=_STEPS)
LIBRARY_RELEASE.mutant("adamp_decay_with_momentum_factor", r"AdamP's decoupled decay divided by $1 - \beta_1$",
                       library_with(AdamP=_adamp_decay_with_momentum_factor()), targets=_STEPS)
LIBRARY_RELEASE.mutant("sgdp_naive_norms", r"the projection's row norms as $\sqrt{\sum w^2}$, which overflows to "
                       r"$\infty$ for weights near $10^{200}$", library_with(SGDP=_SGDPNaiveNorms), targets=_STEPS)
LIBRARY_RELEASE.mutant("cosine_without_rescaling", r"the cosine from $\sqrt{\sum x^2}$ taken as is (NaN near "
                       r"$10^{200}$, 0 near $10^{-200}$)", library_with(cosine=_cosine_without_rescaling),
                       targets=("cosine_matches_high_precision",))
LIBRARY_RELEASE.mutant("cosine_of_columns", "the cosine of columns instead of rows",
                       library_with(cosine=_cosine_of_columns), targets=("cosine_matches_high_precision",))
LIBRARY_RELEASE.mutant("channel_view_last_axis", r"channel view $\texttt{x.reshape(-1, x.shape[-1])}$",
                       library_with(channel_view=_channel_view_last_axis), targets=("views_match_the_release",))
LIBRARY_RELEASE.mutant("layer_view_as_column", r"layer view $\texttt{x.reshape(-1, 1)}$",
                       library_with(layer_view=_layer_view_as_column), targets=("views_match_the_release",))
LIBRARY_RELEASE.mutant("views_swapped", "VIEWS maps channel to the layer view and layer to the channel view",
                       library_with(VIEWS={"channel": layer_view, "layer": channel_view}),
                       targets=("views_match_the_release",))

SGDP_DIRECTION_RELEASED = Claim(
    id="scale_invariance.sgdp_direction_released_views",
    paper=PAPER,
    location="abstract / §3 (SGDP and AdamP), S7 with the released view selection",
    statement="With the released cosine test choosing the view, the projection \"only alters the effective "
              "step sizes without changing the effective update directions\": on a LayerNorm layer the SGDP "
              "step and the unprojected step have the same tangent part with respect to the layer's "
              "(whole-matrix) scale invariance.",
    assumptions=("LayerNorm layer: $f(cW) = f(W)$ for the whole matrix only, not per row",
                 r"the released cosine test ($\delta = 0.1$) picks the view; momentum 0, $\epsilon \to 0$"),
    kind="identity",
    expected="conditional",
    subject=SGDP,
    refined_by="scale_invariance.sgdp_direction_preserved",
    notes="The cosine test tries the per-channel view first. On some LayerNorm nets it fires there (the first "
          "is seed {{released_views_keep_the_layernorm_direction.first_seed}}), and the per-row projection then "
          "removes each row's radial part, which has a tangent component for the whole matrix: the direction "
          "changes. S7 holds when the fired view matches the invariance (scale_invariance.sgdp_direction_preserved).",
)

SGDP_DIRECTION = Claim(
    id="scale_invariance.sgdp_direction_preserved",
    paper=PAPER,
    location="abstract / §3 (SGDP and AdamP), S7 when the fired view matches the invariance",
    statement="The projection \"only alters the effective step sizes without changing the effective update "
              "directions\": from the same state, the SGDP step and the unprojected step move $w/\\|w\\|$ along "
              "the same great circle in the same direction (same unit tangent), by different angles.",
    assumptions=("the fired view matches the invariance: rows for BatchNorm, the whole layer for LayerNorm",
                 r"$\epsilon \to 0$ in the projection"),
    kind="identity",
    expected="proved",
    subject=SGDP,
    origin="suite",
    notes="The refinement of scale_invariance.sgdp_direction_released_views: S7 with the added assumption that "
          "the view the cosine test fires matches the weights' invariance.",
)
SGDP_DIRECTION.mutant("gradient_basis", "removes the component along the gradient, not the radial one",
                      _GradientBasis)
SGDP_DIRECTION.mutant("keeps_radial_part", "keeps the radial part of the update and drops the tangent part",
                      _KeepsRadial)

SGDP_NORM = Claim(
    id="scale_invariance.sgdp_norm_identity",
    paper=PAPER,
    location="§3 (SGDP and AdamP), S8 as an identity",
    statement=r"When the projection fires ($\epsilon = 0$), each normalized block obeys the momentum-free law "
              r"$\|w_{t+1}\|^2 = (1 - \lambda)^2 \|w_t\|^2 + \mathrm{lr}_t^2 \|\tilde d_t\|^2$ with "
              r"$\lambda = \mathrm{lr}\cdot\mathrm{wd}\cdot\rho/(1 - \mu)$ for SGDP and "
              r"$\lambda = \mathrm{lr}\cdot\mathrm{wd}\cdot\rho$ for AdamP ($\rho = \text{wd_ratio}$, $\mu$ the "
              r"momentum), $\tilde d_t$ the projected update: no momentum cross terms.",
    assumptions=("the view that fires matches the invariance (rows for BatchNorm, layer for LayerNorm)",
                 r"$\epsilon$ in the projection negligible ($10^{-30}$ here)"),
    kind="identity",
    expected="proved",
    subject={"SGDP": SGDP, "AdamP": AdamP},
    origin="suite",
    notes="The refinement of scale_invariance.sgdp_growth_as_gd: the projection removes the momentum cross "
          "terms, though not the buffer's extra length.",
)

# Each mutant replaces one optimizer and keeps the other as released: only that optimizer's check can see it.
_SGDP_CHECK, _ADAMP_CHECK = ("sgdp_pythagoras_per_block",), ("adamp_pythagoras_per_block",)
SGDP_NORM.mutant("cosine_with_buffer", PROJECTION_SLIPS["cosine_with_buffer"][1],
                 {"SGDP": _BufferCosine, "AdamP": AdamP}, targets=_SGDP_CHECK)
SGDP_NORM.mutant("layer_view_first", PROJECTION_SLIPS["layer_view_first"][1], {"SGDP": _LayerFirst, "AdamP": AdamP},
                 targets=_SGDP_CHECK)
SGDP_NORM.mutant("decay_without_momentum_factor", r"SGDP's decoupled decay without $1/(1 - \mu)$",
                 {"SGDP": _DecayWithoutMomentumFactor, "AdamP": AdamP}, targets=_SGDP_CHECK)
SGDP_NORM.mutant("adamp_layer_view_first", "AdamP: the layer view tried before the channel view",
                 {"SGDP": SGDP, "AdamP": _ADAMP_LAYER_FIRST}, targets=_ADAMP_CHECK)
SGDP_NORM.mutant("adamp_cosine_with_update", "AdamP: the cosine test on the Adam update, not the raw gradient",
                 {"SGDP": SGDP, "AdamP": _ADAMP_BUFFER_COSINE}, targets=_ADAMP_CHECK)
SGDP_NORM.mutant("adamp_decay_with_momentum_factor", r"AdamP's decay divided by $1 - \beta_1$ (SGDP's rule)",
                 {"SGDP": SGDP, "AdamP": _adamp_decay_with_momentum_factor()}, targets=_ADAMP_CHECK)

SGDP_AS_GD = Claim(
    id="scale_invariance.sgdp_growth_as_gd",
    paper=PAPER,
    location="§3 (SGDP and AdamP), S8 as stated",
    statement="With the projection, the norm of scale-invariant weights grows as under momentum-free GD "
              "with the same gradients and learning rate.",
    assumptions=(r"SGDP with momentum $\beta > 0$, no weight decay", "gradients orthogonal to the weights"),
    kind="identity",
    expected="conditional",
    subject=SGDP,
    refined_by="scale_invariance.sgdp_norm_identity",
    notes=r"The cross terms vanish but the projected buffer is still longer than one gradient: with "
          r"mutually orthogonal gradients SGDP's growth exceeds GD's by a factor approaching $1/(1 - \beta^2)$.",
)

ADAM_MONOTONE = Claim(
    id="scale_invariance.adam_norm_monotone",
    paper=PAPER,
    location="§2 (Adam also increases the norm), S9",
    statement="Adam without projection grows the norm of scale-invariant weights at every step.",
    assumptions=(r"AdamP with $\delta = 0$ (the test never fires): Adam with decoupled decay, $\mathrm{wd} = 0$",
                 "gradient orthogonal to the weights"),
    kind="inequality",
    expected="refuted",
    subject=AdamP,
    notes=r"Adam's per-coordinate scaling gives the update a radial component: at the first step the "
          r"update is $\operatorname{sign}(g)$, and $\langle w, \operatorname{sign}(g) \rangle > 0$ is possible "
          r"with $w \perp g$, so the norm shrinks.",
)

COSINE_SELECTIVE = Claim(
    id="scale_invariance.cosine_test_selective",
    paper=PAPER,
    location="released code v0.3.0, _projection; §3 (identifying scale-invariant weights), S10",
    statement="The cosine test fires only on scale-invariant weights.",
    assumptions=("a linear layer without normalization (not scale invariant)", "released defaults"),
    kind="algorithm",
    expected="refuted",
    subject=SGDP,
    notes=r"A zero gradient gives $\cos = 0 < \delta/\sqrt{L}$: at a stationary point (a net that fits its "
          r"targets) the test fires on a layer that is not scale invariant, and weight decay is cut by "
          r"$\text{wd_ratio}$.",
)

COSINE_FALSE_ALARM = Claim(
    id="scale_invariance.cosine_test_false_alarm",
    paper=PAPER,
    location="released code v0.3.0, _projection (delta = 0.1), S10",
    statement=r"On a layer that is not scale invariant ($m$ rows of $n$ entries, $N = mn$), with a gradient "
              r"direction uniform and independent of the weights, the released test fires with probability "
              r"between $\max(p_C, p_L)$ and $p_C + p_L$, where "
              r"$p_C = I_{\delta^2/n}\left(\tfrac12, \tfrac{n-1}{2}\right)^m$ is the chance that the channel "
              r"view fires and $p_L = I_{\delta^2/N}\left(\tfrac12, \tfrac{N-1}{2}\right) \approx 2\Phi(\delta) - 1$ "
              r"that the layer view would (8.0% for $\delta = 0.1$ and large $N$).",
    assumptions=("isotropic Gaussian gradient independent of the weights",
                 r"$\delta = 0.1$, $\epsilon = 10^{-8}$"),
    kind="statistical",
    expected="supported",
    subject=SGDP,
    origin="suite",
)
COSINE_FALSE_ALARM.mutant("no_absolute_value", PROJECTION_SLIPS["no_absolute_value"][1], _SignedCosine)
COSINE_FALSE_ALARM.mutant("threshold_delta", PROJECTION_SLIPS["threshold_delta"][1], _UnscaledThreshold)
