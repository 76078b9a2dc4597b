"""The gradient claims: the normalisations' Jacobian, Proposition 3.1 (R5, R6: the gradient of the second MLP
weight under Pre-LN and Peri-LN), the Post-LN vanishing gradient (R7), and the library's conformance.

Proposition 3.1's wording is a secondary summary's (the paper body was not read): Pre-LN
‖∂L/∂W2_{ij}‖ ∝ ‖h_i‖, Peri-LN ‖∂L/∂W2_{ij}‖ ≤ 4γ√D‖h‖/‖a‖ (its Eq. 8).
"""

from __future__ import annotations

import numpy as np

from claimkit import Claim

from . import formulas as F
from . import library as LIB
from .paper import PAPER

RECONSTRUCTED = ("Wording not confirmed from the paper (its body was not read): the statement as reconstructed from "
                 "a secondary summary that attributes it to the paper.")
MLP = (r"one MLP sublayer: $\tilde x = \mathrm{Norm}(x)$, $h = \mathrm{ReLU}(\tilde xW^{(1)} + b^{(1)}) \in "
       r"\mathbb{R}^m$, $a = hW^{(2)} \in \mathbb{R}^D$; $g = \partial L/\partial o$")
PERI_OUT = r"Peri-LN: $\tilde a = \mathrm{Norm}(a)$, $o = x + \tilde a$; $\varepsilon = 0$, $a \ne 0$"
PRE_OUT = r"Pre-LN: $o = x + a$"

# -- the Jacobian ------------------------------------------------------------------------------------------

JACOBIAN = Claim(
    id="peri_ln.norm_jacobian",
    paper=PAPER,
    location="proof of Proposition 3.1 (the Jacobian of the output normalisation; derived by this suite)",
    statement=r"$\partial\,\mathrm{RMSNorm}(a)/\partial a = (\mathrm{diag}(\gamma) - \gamma\odot a\,a^\top/(Dr^2))/r$ "
              r"with $r = \|a\|/\sqrt{D}$, and for LayerNorm the same at $c = a - \bar a\mathbf{1}$ times "
              r"$P = I - \mathbf{1}\mathbf{1}^\top/D$; both are homogeneous of degree $-1$ in $a$ and their operator "
              r"norm is at most $\sqrt{D}\max|\gamma|/\|c\|$, with equality for a constant gain (for LayerNorm when "
              r"$D \ge 3$: at $D = 2$ LayerNorm is constant, $\pm\gamma$, and $J = 0$).",
    assumptions=(r"$a \in \mathbb{R}^D$, $a \ne 0$ (not constant for LayerNorm), $\varepsilon = 0$",),
    kind="identity",
    expected="proved",
    subject=F.norm_jacobian,
    origin="suite",
)
JACOBIAN.mutant("without_rank_one", r"$\mathrm{diag}(\gamma)/r$: the rank-one term missing",
                F.jacobian_without_rank_one)
JACOBIAN.mutant("rank_one_without_d", r"$(\mathrm{diag}(\gamma) - \gamma\odot a\,a^\top/r^2)/r$: the $1/D$ missing",
                F.jacobian_rank_one_unscaled)
JACOBIAN.mutant("without_centring", r"LayerNorm's Jacobian without the centring $P$", F.jacobian_without_centring)

# -- R6 ------------------------------------------------------------------------------------------------------

PRE_GRADIENT = Claim(
    id="peri_ln.pre_ln_weight_gradient",
    paper=PAPER,
    location="Proposition 3.1 (1), as summarised",
    statement=r"For Pre-LN, $\partial L/\partial W^{(2)}_{ij} = h_i\,(\partial L/\partial o)_j$: the gradient is "
              r"proportional to $h_i$.",
    assumptions=(MLP, PRE_OUT),
    kind="identity",
    expected="proved",
    subject=F.pre_weight_gradient,
    notes=RECONSTRUCTED,
)
PRE_GRADIENT.mutant("transposed", r"$g_i h_j$: the outer product the wrong way round", F.weight_gradient_transposed)
PRE_GRADIENT.mutant("through_a_norm", r"the Peri-LN gradient (an output normalisation that Pre-LN does not have)",
                    F.peri_weight_gradient)

SCALING = Claim(
    id="peri_ln.weight_gradient_scaling",
    paper=PAPER,
    location="Proposition 3.1, R6 (derived by this suite)",
    statement=r"Replacing $h$ by $ch$ ($c > 0$) with $W^{(2)}$ and $g = \partial L/\partial o$ fixed multiplies the "
              r"Pre-LN gradient $\partial L/\partial W^{(2)}$ by exactly $c$ and leaves the Peri-LN gradient exactly "
              r"unchanged (degree 0), for RMSNorm and LayerNorm.",
    assumptions=(MLP, PRE_OUT, PERI_OUT),
    kind="identity",
    expected="proved",
    subject=(F.pre_weight_gradient, F.peri_weight_gradient),
    origin="suite",
    notes=r"$a = hW^{(2)}$ becomes $ca$ and $J(ca) = J(a)/c$, which cancels the factor $c$ of $h^\top$: the output "
          r"normalisation removes the scale of $h$ from the gradient; it does not bound it in terms of $g$.",
)
SCALING.mutant("peri_without_rank_one", r"Peri-LN's gradient with the Jacobian's rank-one term missing (still degree "
               r"0: a value check sees it)", (F.pre_weight_gradient, F.peri_gradient_without_rank_one),
               targets=("matches_complex_step",))
SCALING.mutant("peri_as_pre", r"the output normalisation ignored in the backward pass: $h_i g_j$",
               (F.pre_weight_gradient, F.peri_gradient_as_pre), targets=("scaling_law",))

# -- R5 ------------------------------------------------------------------------------------------------------

PAPER_BOUND = Claim(
    id="peri_ln.gradient_bound_as_summarised",
    paper=PAPER,
    location="Proposition 3.1 (2), Eq. 8 as summarised",
    statement=r"For Peri-LN, $|\partial L/\partial W^{(2)}_{ij}| \le 4\gamma\sqrt{D}\,\|h\|/\|a\|$.",
    assumptions=(MLP, PERI_OUT, r"RMSNorm; $\gamma$ read as $\max_k|\gamma_k|$"),
    kind="inequality",
    expected="conditional",
    subject=F.paper_bound,
    refined_by="peri_ln.gradient_bound_rmsnorm",
    notes=RECONSTRUCTED + r" The gradient is linear in $g = \partial L/\partial o$, which the bound does not "
          r"contain: a large enough $g$ exceeds any such bound. Exact witness: $D = 2$, $h = (1)$, "
          r"$W^{(2)} = (1, 0)$, $g = (0, 5)$, $\gamma = 1$: $\partial L/\partial W^{(2)}_{12} = 5\sqrt{2} > "
          r"4\sqrt{2}$. "
          r"With the factor $\|g\|$ the least constant is 1 (peri_ln.gradient_bound_rmsnorm), so Eq. 8 holds "
          r"whenever $\|g\| \le 4$; the triangle-inequality bound $\|J\| \le 2\gamma\sqrt{D}/\|a\|$ would need "
          r"$\|g\| \le 2$.",
)

RMS_BOUND = Claim(
    id="peri_ln.gradient_bound_rmsnorm",
    paper=PAPER,
    location="Proposition 3.1 (2), corrected (derived by this suite)",
    statement=r"For Peri-LN with RMSNorm, $\|\partial L/\partial W^{(2)}\|_F \le C\max|\gamma|\sqrt{D}\,\|h\|\,"
              r"\|\partial L/\partial o\|/\|a\|$ with $C = 1$, and $C = 1$ is the least constant: equality for a "
              r"constant gain and $\partial L/\partial o \perp a$. Hence Eq. 8 holds when "
              r"$\|\partial L/\partial o\| \le 4$.",
    assumptions=(MLP, PERI_OUT),
    kind="inequality",
    expected="proved",
    subject=F.least_bound,
    origin="suite",
)
RMS_BOUND.mutant("half", r"$C = 1/2$", F.bound_half, targets=("attained_for_orthogonal_gradient",))
RMS_BOUND.mutant("without_root_d", r"the factor $\sqrt{D}$ missing", F.bound_without_root_dim)
RMS_BOUND.mutant("mean_gain", r"the mean $|\gamma_k|$ in place of the largest", F.bound_with_mean_gain,
                 targets=("bound_holds",))

LN_UNCENTRED = Claim(
    id="peri_ln.gradient_bound_layernorm_uncentred",
    paper=PAPER,
    location="Proposition 3.1 (2) for LayerNorm, with $\\|a\\|$ (R5)",
    statement=r"For Peri-LN with LayerNorm, $\|\partial L/\partial W^{(2)}\|_F \le 4\max|\gamma|\sqrt{D}\,\|h\|\,"
              r"\|\partial L/\partial o\|/\|a\|$ (the constant 4, the factor $\|\partial L/\partial o\|$ and "
              r"$\|a\|$ as in Eq. 8).",
    assumptions=(MLP, PERI_OUT, r"LayerNorm without bias"),
    kind="inequality",
    expected="conditional",
    subject=F.four_with_uncentred_norm,
    refined_by="peri_ln.gradient_bound_layernorm",
    notes=RECONSTRUCTED + r" LayerNorm's Jacobian scales with $1/\|a - \bar a\mathbf{1}\|$, and "
          r"$\|a\|/\|a - \bar a\mathbf{1}\|$ is unbounded (a common offset): no constant works with $\|a\|$. Exact "
          r"witness: $D = 3$, $h = (1)$, $a = (5, 4, 3)$, $g = (1, -2, 1)$, $\gamma = 1$: the gradient's norm is 3, "
          r"the "
          r"bound $12/5$.",
)

LN_BOUND = Claim(
    id="peri_ln.gradient_bound_layernorm",
    paper=PAPER,
    location="Proposition 3.1 (2) for LayerNorm, corrected (derived by this suite)",
    statement=r"For Peri-LN with LayerNorm, $\|\partial L/\partial W^{(2)}\|_F \le \max|\gamma|\sqrt{D}\,\|h\|\,"
              r"\|\partial L/\partial o\|/\|a - \bar a\mathbf{1}\|$, with equality for a constant gain and "
              r"$\partial L/\partial o$ orthogonal to $\mathbf{1}$ and to $a$ ($D \ge 3$).",
    assumptions=(MLP, PERI_OUT, r"LayerNorm without bias"),
    kind="inequality",
    expected="proved",
    subject=F.least_bound,
    origin="suite",
)
LN_BOUND.mutant("uncentred", r"$\|a\|$ in place of $\|a - \bar a\mathbf{1}\|$", F.bound_uncentred,
                targets=("bound_holds",))
LN_BOUND.mutant("half", r"$C = 1/2$", F.bound_half, targets=("attained_for_orthogonal_gradient",))

# -- R7 ------------------------------------------------------------------------------------------------------

STACKS = {"post": F.post_block, "pre": F.pre_block, "peri": F.peri_block}
R7_SETUP = (r"$\rho_L = \|\partial L/\partial x_0\|/\|\partial L/\partial x_L\|$, its root mean square over "
            r"directions $\partial L/\partial x_L$ ($\|J_L\|_F/\sqrt{D}$, $J_L = \partial x_L/\partial x_0$), the "
            r"geometric mean over seeds")
R7_WEIGHTS = (r"$D = 128$, width $D$, $L \le 64$, RMSNorm, unit gains, $W^{(1)} \sim N(0, s^2/D)$, "
              r"$W^{(2)} \sim N(0, s^2/m)$, $s \in \{0.5, 1, 2\}$, $x_0 \sim N(0, I)$, 6 random unit directions; one "
              r"seed in the ci profile, six in the thorough profile")

VANISHING = Claim(
    id="peri_ln.post_ln_vanishing_gradient",
    paper=PAPER,
    location="abstract ('Pre-LN and Post-LN, which are prone to vanishing gradients'); R7",
    statement=r"With random weights, a Post-LN stack's gradient ratio $\rho_L$ vanishes with depth "
              r"($\rho_{64} < 1/2$ at every scale $s$), while Pre-LN and Peri-LN keep $\rho_L \ge 1/2$.",
    assumptions=(R7_SETUP, R7_WEIGHTS),
    kind="empirical",
    expected="conditional",
    subject=STACKS,
    refined_by="peri_ln.gradient_ratio_at_initialisation",
    notes=r"At initialisation the Post-LN ratio does not vanish for $s \le 1$: the normalisation's Jacobian "
          r"($\approx\sqrt{D}/\|x + F(x)\|$) and the sublayer's ($I + J_F$) cancel in mean square up to the "
          r"projection $I - uu^\top$, a factor $1 - 1/D$ per layer. Measured $\rho_{64}$ for Post-LN at "
          r"$s = 0.5, 1, 2$: {{ratio_by_depth.post_half:.3g}}, {{ratio_by_depth.post_one:.3g}}, "
          r"{{ratio_by_depth.post_two:.3g}}; fitted rates of $\log\rho_L$ per layer "
          r"{{ratio_by_depth.post_rate_half:.2g}}, {{ratio_by_depth.post_rate_one:.2g}}, "
          r"{{ratio_by_depth.post_rate_two:.2g}}. At $s = 2$, $\log\rho_L$ wanders like a random walk, so single "
          r"seeds range from strong decay to growth; the thorough profile averages six seeds. The paper's vanishing "
          r"gradients are measured during training, which this check does not reproduce.",
)

RATIO_PATTERN = Claim(
    id="peri_ln.gradient_ratio_at_initialisation",
    paper=PAPER,
    location="R7, at initialisation (measured by this suite)",
    statement=r"With random weights at $s \in \{0.5, 1\}$, Post-LN keeps $1/2 \le \rho_L \le 4$ up to $L = 64$; at "
              r"every $s \in \{0.5, 1, 2\}$ Pre-LN and Peri-LN keep $\rho_L \ge 1$, and Peri-LN's $\rho_L$ is the "
              r"same for every weight scale $s$.",
    assumptions=(R7_SETUP, R7_WEIGHTS),
    kind="empirical",
    expected="supported",
    subject=STACKS,
    origin="suite",
    notes=r"Pre-LN's and Peri-LN's ratios grow with depth ($\rho_{64}$ = {{ratio_pattern.pre_one:.3g}} and "
          r"{{ratio_pattern.peri_one:.3g}} at $s = 1$): the identity path keeps the gradient, and Peri-LN's is "
          r"scale-free (peri_ln.weight_rescaling_invariance).",
)
RATIO_PATTERN.mutant("peri_without_output_norm", r"Peri-LN without its output normalisation (Pre-LN)",
                     {**STACKS, "peri": F.pre_block})
RATIO_PATTERN.mutant("post_unnormalised", r"Post-LN without its normalisation (a plain residual stack)",
                     {**STACKS, "post": F.pre_increment_from_x})

# -- the library ----------------------------------------------------------------------------------------------

LIB_NORMS = Claim(
    id="peri_ln.library_norms",
    paper=PAPER,
    location="library: rms_norm, layer_norm",
    statement=r"rms_norm and layer_norm return RMSNorm and LayerNorm ($\varepsilon = 0$, gain, bias) to "
              r"$10^{-14}$ relative to their 40-digit values, for rows of any magnitude from $10^{-300}$ to "
              r"$10^{300}$ (LayerNorm: with a common offset up to $10^{6}$ times the spread).",
    assumptions=(r"finite rows, nonzero (not constant, for LayerNorm)",),
    kind="algorithm",
    expected="supported",
    subject=(LIB.rms_norm, LIB.layer_norm),
    origin="suite",
)
LIB_NORMS.mutant("unscaled", r"the norm squared without rescaling (overflows at $10^{200}$)",
                 (lambda a, gain=None: np.asarray(gain if gain is not None else 1.0) * np.asarray(a)
                  * np.sqrt(np.asarray(a).shape[-1] / np.sum(np.asarray(a) ** 2, axis=-1, keepdims=True)),
                  LIB.layer_norm))
LIB_NORMS.mutant("one_pass_variance", r"LayerNorm's variance as $\overline{a^2} - \bar a^2$",
                 (LIB.rms_norm, lambda a, gain=None, bias=None: _one_pass_layer(a, gain, bias)))

LIB_GRADIENTS = Claim(
    id="peri_ln.library_gradients",
    paper=PAPER,
    location="library: norm_vjp, stack_input_gradient, output_weight_gradient",
    statement=r"norm_vjp, stack_input_gradient and output_weight_gradient agree with complex-step derivatives of the "
              r"forward maps to $10^{-10}$ relative, for every placement and both normalisations.",
    assumptions=(r"finite inputs, no ReLU unit within $10^{-12}$ of its kink",),
    kind="algorithm",
    expected="supported",
    subject=(LIB.norm_vjp, LIB.stack_input_gradient, LIB.output_weight_gradient),
    origin="suite",
)
LIB_GRADIENTS.mutant("vjp_without_rank_one", r"norm_vjp without the rank-one term",
                     (lambda a, g, gain=None, kind="rms": _vjp_diag(a, g, gain, kind), LIB.stack_input_gradient,
                      LIB.output_weight_gradient))
LIB_GRADIENTS.mutant("stack_gradient_skips_norm", r"stack_input_gradient returns $g$ (the identity path only)",
                     (LIB.norm_vjp, lambda x0, layers, g, **kw: np.asarray(g, dtype=float),
                      LIB.output_weight_gradient))



def _one_pass_layer(a, gain=None, bias=None):
    a = np.asarray(a, dtype=float)
    mean = a.mean(axis=-1, keepdims=True)
    var = (a * a).mean(axis=-1, keepdims=True) - mean**2
    return (1.0 if gain is None else np.asarray(gain)) * (a - mean) / np.sqrt(var) + (0.0 if bias is None else bias)


def _vjp_diag(a, g, gain=None, kind="rms"):
    a = np.asarray(a, dtype=float)
    c = a - a.mean(axis=-1, keepdims=True) if kind == "layer" else a
    r = np.sqrt(np.sum(c * c, axis=-1, keepdims=True) / a.shape[-1])
    return (1.0 if gain is None else np.asarray(gain)) * np.asarray(g) / r
