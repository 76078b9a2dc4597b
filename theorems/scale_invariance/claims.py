"""The claims of the scale-invariance family (S1–S10 of Heo et al., "AdamP", arXiv 2006.08217).

Each claim's ``subject`` is the formula the paper states (``formulas``), as a function, or the
algorithm under test (the numpy SGDP/AdamP of ``library``); mutants are plausible wrong versions of
it. S1–S4 (§2): orthogonality, gradient and Hessian scaling, GD norm growth, effective step size,
the ‖w_t‖⁴ bound, and the definition extended to negative factors. S5–S6 (§2): momentum. S7–S10
(§3, released code v0.3.0): the SGDP/AdamP projection and its cosine test.
"""

from __future__ import annotations

import numpy as np

from claimkit import Claim

from .formulas import (
    _ADAMP_BUFFER_COSINE,
    _ADAMP_LAYER_FIRST,
    PROJECTION_SLIPS,
    _adamp_decay_with_momentum_factor,
    _BufferCosine,
    _DecayWithoutMomentumFactor,
    _GradientBasis,
    _KeepsRadial,
    _LayerFirst,
    _NoBufferProjection,
    _s5_no_factor_two,
    _s5_shifted_powers,
    _s5_sum_to_t,
    _SignedCosine,
    _UnscaledThreshold,
    circulated_factor,
    effective_step_size,
    gd_next_norm_sq,
    gradient_at_scaled_point,
    growth_factor_equal_updates,
    growth_factor_orthogonal_gradients,
    hessian_from_scaled_point,
    hessian_times_weights,
    momentum_next_norm_sq,
    momentum_radial_inner,
    norm4_lower_bound,
    radial_derivative,
)
from .library import SGDP, AdamP
from .paper import PAPER

SCALE_INVARIANT = "f(c w) = f(w) for every c > 0 and every w ≠ 0 (f differentiable away from 0)"


# -- S1–S4: orthogonality, scaling, gradient descent -----------------------------------------------

ORTHOGONALITY = Claim(
    id="scale_invariance.orthogonality",
    paper=PAPER,
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
    paper=PAPER,
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
    paper=PAPER,
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
    paper=PAPER,
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
    paper=PAPER,
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
    paper=PAPER,
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
    paper=PAPER,
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
    paper=PAPER,
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


# -- S5: momentum ----------------------------------------------------------------------------------

MOMENTUM_SETUP = ("heavy ball p_t = β p_{t−1} + g_t, p_{−1} = 0, w_{t+1} = w_t − η p_t, 0 ≤ β < 1",
                  "g_t ⊥ w_t at every step (true for scale-invariant f by S1)")

MOMENTUM_NORM = Claim(
    id="scale_invariance.momentum_norm_growth",
    paper=PAPER,
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
    paper=PAPER,
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

# -- S6: the growth factor, under two different assumptions ----------------------------------------

GROWTH_EQUAL = Claim(
    id="scale_invariance.momentum_factor_equal_updates",
    paper=PAPER,
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
    paper=PAPER,
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
    paper=PAPER,
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

# -- S7–S10: SGDP / AdamP as released --------------------------------------------------------------

SGDP_RULES = Claim(
    id="scale_invariance.sgdp_released_rules",
    paper=PAPER,
    location="released code v0.3.0, adamp/sgdp.py (_projection, step)",
    statement="SGDP as released: the projection is tried only on parameters with more than one "
              "dimension, per output channel first and then on the whole layer; a view fires when the "
              "largest |cos(raw gradient, weights)| of its rows is strictly below delta/√(row length); "
              "firing removes the radial part of the update per row and scales the decoupled decay "
              "1 − lr·wd·ratio/(1 − momentum) by wd_ratio; otherwise ratio 1.",
    assumptions=("numpy re-implementation in theorems/scale_invariance/library.py", "released defaults unless stated"),
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
    paper=PAPER,
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
    paper=PAPER,
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
    paper=PAPER,
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
    paper=PAPER,
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
    paper=PAPER,
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
    paper=PAPER,
    location="released code v0.3.0, _projection; §3 (identifying scale-invariant weights), S10",
    statement="The cosine test fires only on scale-invariant weights.",
    assumptions=("a linear layer without normalization (not scale invariant)", "released defaults"),
    kind="algorithm",
    expected="refuted",
    subject=SGDP,
    notes="A zero gradient gives cos = 0 < delta/√n: at a stationary point (a net that fits its targets) "
          "the test fires on a layer that is not scale invariant, and weight decay is cut by wd_ratio.",
)

COSINE_FALSE_ALARM = Claim(
    id="scale_invariance.cosine_test_false_alarm",
    paper=PAPER,
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
