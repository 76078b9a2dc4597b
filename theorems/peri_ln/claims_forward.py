"""The forward claims: R1 (weight-rescaling invariance), R2 (the growth bound), R3 (linear variance growth and
its expectation form), R4 (Pre-LN's additive bound and what exponential growth needs), R8 (a secondary summary's
architecture and toy arithmetic) and R9 (the variance-per-layer reproduction).

The paper body was not read: the placements (its Eqs. 1–3), the variance recursion (its Eq. 4) and the
abstract's wording come from the abstract and from secondary summaries, as each claim says.
"""

from __future__ import annotations

import sympy as sp

from claimkit import Claim, Formula, MonteCarlo, formula_claim, integers, interval

from . import formulas as F
from .paper import PAPER

RECONSTRUCTED = ("Wording not confirmed from the paper (its body was not read): the statement as reconstructed from "
                 "a secondary summary that attributes it to the paper.")
SETUP = (r"residual stream $x_l \in \mathbb{R}^D$; bias-free ReLU MLP $F(x) = \mathrm{ReLU}(xW^{(1)})W^{(2)}$; "
         r"$\mathrm{Norm}$ is RMSNorm $\gamma \odot a/r$, $r = \|a\|/\sqrt{D}$, or LayerNorm, with $\varepsilon = 0$")
PERI = r"Peri-LN: $x_{l+1} = x_l + \mathrm{Norm}_{out}(F(\mathrm{Norm}_{in}(x_l)))$"
PRE = r"Pre-LN: $x_{l+1} = x_l + F(\mathrm{Norm}(x_l))$"
POST = r"Post-LN: $x_{l+1} = \mathrm{Norm}(x_l + F(x_l))$"
NONZERO = r"every sublayer output $a = F(\cdot)$ met by a normalisation is nonzero (not constant, for LayerNorm)"

# -- R1 -------------------------------------------------------------------------------------------------

RESCALING = Claim(
    id="peri_ln.weight_rescaling_invariance",
    paper=PAPER,
    location="R1: derived from the Peri-LN placement (Eq. 3 as summarised)",
    statement=r"For every $c_1, c_2 > 0$, replacing $W^{(1)}_l \to c_1 W^{(1)}_l$ and $W^{(2)}_l \to c_2 W^{(2)}_l$ in "
              r"every block leaves every state $x_1, \ldots, x_L$ of a Peri-LN stack unchanged, for RMSNorm and for "
              r"LayerNorm.",
    assumptions=(SETUP, PERI, NONZERO),
    kind="identity",
    expected="proved",
    subject=F.peri_block,
    origin="suite",
    notes=r"$\mathrm{ReLU}$ is positively homogeneous, so $F$ with scaled weights is $c_1c_2F$, and both "
          r"normalisations are homogeneous of degree 0 for a positive factor. A bias $b^{(1)}$ breaks the first step "
          r"($\mathrm{ReLU}(c_1xW + b) \ne c_1\mathrm{ReLU}(xW + b)$); an $\varepsilon > 0$ breaks the second at "
          r"small scales (mutant output_norm_with_epsilon). Pre-LN's increment scales by $c_1c_2$ instead "
          r"(peri_ln.pre_ln_increment_scaling).",
)
RESCALING.mutant("norm_after_add", r"$\mathrm{Norm}(x + F(\mathrm{Norm}(x)))$: the output normalisation after the "
                 r"residual add", F.norm_after_add, targets=("invariant_in_float64", "invariant_at_forty_digits"))
RESCALING.mutant("pre_ln", r"no output normalisation: $x + F(\mathrm{Norm}(x))$", F.pre_block,
                 targets=("invariant_in_float64",))
RESCALING.mutant("output_norm_with_epsilon", r"$\varepsilon = 10^{-5}$ inside the output normalisation",
                 F.output_norm_with_epsilon, targets=("invariant_at_forty_digits",))
RESCALING.mutant("output_norm_without_gain", r"the output normalisation without its gain $\gamma_{out}$ (still "
                 r"invariant: a value check sees it)", F.output_norm_without_gain, targets=("is_the_peri_ln_map",))
RESCALING.mutant("output_gain_frozen_at_zero", r"$\gamma_{out} = 0$: every block is the identity (invariant)",
                 F.output_gain_frozen_at_zero, targets=("is_the_peri_ln_map",))

PRE_INCREMENT = Claim(
    id="peri_ln.pre_ln_increment_scaling",
    paper=PAPER,
    location="R1: derived from the Pre-LN placement (Eq. 2 as summarised)",
    statement=r"For $c_1, c_2 > 0$, a Pre-LN block's increment $x_{l+1} - x_l = F(\mathrm{Norm}(x_l))$ with weights "
              r"$c_1W^{(1)}, c_2W^{(2)}$ is exactly $c_1c_2$ times the increment with $W^{(1)}, W^{(2)}$, at the same "
              r"$x_l$ (so a Pre-LN stack is not invariant to the rescaling).",
    assumptions=(SETUP, PRE),
    kind="identity",
    expected="proved",
    subject=F.pre_block,
    origin="suite",
    notes="The Pre-LN counterpart of peri_ln.weight_rescaling_invariance: nothing normalises the increment.",
)
PRE_INCREMENT.mutant("increment_from_x", r"the increment computed from $x$ instead of $\mathrm{Norm}(x)$: "
                     r"$x + F(x)$ (still scales by $c_1c_2$: a value check sees it)", F.pre_increment_from_x,
                     targets=("is_the_pre_ln_map",))
PRE_INCREMENT.mutant("peri_ln", r"an output normalisation added (Peri-LN): the increment does not scale",
                     F.peri_block, targets=("increment_scales_exactly",))

ATTENTION_ALL = Claim(
    id="peri_ln.attention_rescaling_invariance",
    paper=PAPER,
    location="R1, for single-head attention (the suite's extension of the MLP statement)",
    statement=r"For every $c > 0$, replacing all four weights of a single-head attention sublayer, "
              r"$W_Q, W_K, W_V, W_O \to cW_Q, cW_K, cW_V, cW_O$, leaves a Peri-LN block's output unchanged.",
    assumptions=(r"$X \in \mathbb{R}^{T \times D}$, $\mathrm{Attn}(X) = \mathrm{softmax}(XW_Q(XW_K)^\top/\sqrt{d_k})"
                 r"XW_VW_O$ row-wise; RMSNorm, $\varepsilon = 0$",
                 r"Peri-LN: $X + \mathrm{Norm}(\mathrm{Attn}(\mathrm{Norm}(X)))$"),
    kind="identity",
    expected="conditional",
    subject=F.peri_attention_block,
    origin="suite",
    refined_by="peri_ln.attention_value_rescaling_invariance",
    notes=r"Scaling $W_Q$ and $W_K$ multiplies the attention logits by $c^2$, which changes the softmax; only the "
          r"value "
          r"and output weights enter homogeneously. Witness: $T = 2$, $D = 2$, $W_Q = W_K = W_V = W_O = I$, "
          r"$X = I$, $c = 2$: the first output row points along $(e^{\sqrt{2}}, 1)$ before and $(e^{4\sqrt{2}}, 1)$ "
          r"after.",
)

ATTENTION_VALUE = Claim(
    id="peri_ln.attention_value_rescaling_invariance",
    paper=PAPER,
    location="R1, for single-head attention (corrected by this suite)",
    statement=r"For every $c_1, c_2 > 0$, $W_V \to c_1W_V$, $W_O \to c_2W_O$ leaves a Peri-LN attention block's "
              r"output unchanged ($W_Q, W_K$ fixed), for RMSNorm and LayerNorm.",
    assumptions=(r"$X \in \mathbb{R}^{T \times D}$, single-head attention, $\varepsilon = 0$, nonzero attention "
                 r"output",),
    kind="identity",
    expected="proved",
    subject=F.peri_attention_block,
    origin="suite",
)
ATTENTION_VALUE.mutant("norm_after_add", r"$\mathrm{Norm}(X + \mathrm{Attn}(\mathrm{Norm}(X)))$",
                       F.attention_norm_after_add, targets=("value_scaling_invariant",))
ATTENTION_VALUE.mutant("pre_ln", r"no output normalisation", F.pre_attention_block,
                       targets=("value_scaling_invariant",))

# -- R2 -------------------------------------------------------------------------------------------------

GROWTH = Claim(
    id="peri_ln.growth_bound",
    paper=PAPER,
    location="R2: derived from the Peri-LN placement (Eq. 3 as summarised)",
    statement=r"$\|x_L - x_0\| \le L\sqrt{D}\max_k|\gamma_{out,k}|$ for every Peri-LN stack (RMSNorm, or LayerNorm "
              r"without bias), whatever the weights; equality when every increment points the same way and the gain "
              r"is constant.",
    assumptions=(SETUP, PERI, NONZERO),
    kind="inequality",
    expected="proved",
    subject=F.peri_block,
    origin="suite",
    notes=r"Each increment is $\gamma\odot\sqrt{D}\,v$ with $v$ a unit vector, of norm at most "
          r"$\sqrt{D}\max|\gamma|$; the triangle inequality sums them. With a LayerNorm bias $\beta$ each increment "
          r"gains at most $\|\beta\|$. The aligned construction (positive $W^{(1)}$, $W^{(2)}$ with equal rows) "
          r"attains the bound.",
)
GROWTH.mutant("norm_after_add", r"$\mathrm{Norm}(x + F(\mathrm{Norm}(x)))$: the stream is renormalised, "
              r"$x_L - x_0$ is of the size of $x_0$", F.norm_after_add, targets=("bounded_for_any_weights",))
GROWTH.mutant("pre_ln", r"no output normalisation: increments grow with the weights", F.pre_block,
              targets=("bounded_for_any_weights",))
GROWTH.mutant("output_norm_without_gain", r"the output gain dropped: increments of norm $\sqrt{D}$",
              F.output_norm_without_gain, targets=("bounded_for_any_weights", "attained_when_aligned"))
GROWTH.mutant("output_gain_frozen_at_zero", r"$\gamma_{out} = 0$: no growth (the bound is not attained)",
              F.output_gain_frozen_at_zero, targets=("attained_when_aligned",))

# -- R3 -------------------------------------------------------------------------------------------------

LINEAR_ANY = Claim(
    id="peri_ln.variance_linear_growth",
    paper=PAPER,
    location="§3, Eq. 4 as summarised (a secondary summary's numbering)",
    statement=r"Under Peri-LN, $\mathrm{Var}(x_{l+1}) = \mathrm{Var}(x_l) + \beta_0$ with $\beta_0$ the variance of "
              r"the normalised sublayer output ($\gamma^2$ for a constant gain): the hidden-state variance grows "
              r"linearly in depth, whatever the weights.",
    assumptions=(SETUP, PERI, r"$\mathrm{Var}(x) = \|x\|^2/D$ (the mean square, the variance of a centred stream)",
                 r"a constant gain $\gamma_{out}$"),
    kind="identity",
    expected="conditional",
    subject=F.peri_block,
    refined_by="peri_ln.peri_mean_square_growth",
    notes=RECONSTRUCTED + r" The identity $\|x_{l+1}\|^2 = \|x_l\|^2 + D\gamma^2 + 2\langle x_l, \tilde a_l\rangle$ "
          r"is exact; Eq. 4 drops the cross term. Weights that align every increment with the stream make it "
          r"$2\gamma\|x_l\|$ and the variance quadratic in depth. Exact witness: $D = 2$, $m = 1$, "
          r"$W^{(1)} = (1, 1)^\top$, $W^{(2)} = (1, 1)$, $x_0 = (1, 1)$, $\gamma = 1$: $x_l = (l + 1)(1, 1)$ and "
          r"$\mathrm{Var}(x_l) = (l + 1)^2$, increments $3, 5, 7, \ldots$ instead of 1. The statement holds in "
          r"expectation over sign-symmetric random weights (peri_ln.peri_mean_square_growth).",
)

_m0, _L, _gamma, _s = sp.symbols("m_0 L gamma s")
PERI_MS = Formula(_m0 + _L * _gamma**2, {"m_0": interval(0.25, 4), "L": integers(1, 5), "gamma": interval(0.5, 2)},
                  name="peri_mean_square")
PRE_MS = Formula(_m0 + _L * _s**4 / 2, {"m_0": interval(0.25, 4), "L": integers(1, 5), "s": interval(0.5, 1.5)},
                 name="pre_mean_square")

#: The Monte Carlo stacks: D features, M hidden units. A layer whose ReLU units are all off (probability 2^{-M})
#: leaves Peri-LN's output normalisation undefined; its W1 is drawn again (conditioning on W1 keeps W2 symmetric, so
#: the expectation is unchanged).
MC_DIM, MC_WIDTH = 4, 8


def _simulate(rng, size, m0, L, scale, gamma, placement):
    """``size`` independent stacks with Gaussian weights W1 ~ N(0, s²/D), W2 ~ N(0, s²/M), x_0 = √m0·1; the mean
    square ‖x_L‖²/D of each."""
    import numpy as np

    x = np.full((size, MC_DIM), np.sqrt(m0))
    for _ in range(int(L)):
        xn = x * np.sqrt(MC_DIM / np.sum(x * x, axis=1, keepdims=True))
        w1 = rng.standard_normal((size, MC_DIM, MC_WIDTH)) * (scale / np.sqrt(MC_DIM))
        h = np.maximum((xn[:, None, :] @ w1)[:, 0], 0.0)
        dead = ~np.any(h > 0, axis=1)
        while placement == "peri" and np.any(dead):
            w1[dead] = rng.standard_normal((int(dead.sum()), MC_DIM, MC_WIDTH)) * (scale / np.sqrt(MC_DIM))
            h = np.maximum((xn[:, None, :] @ w1)[:, 0], 0.0)
            dead = ~np.any(h > 0, axis=1)
        w2 = rng.standard_normal((size, MC_WIDTH, MC_DIM)) * (scale / np.sqrt(MC_WIDTH))
        a = (h[:, None, :] @ w2)[:, 0]
        if placement == "peri":
            a = gamma * a * np.sqrt(MC_DIM / np.sum(a * a, axis=1, keepdims=True))
        x = x + a
    return np.sum(x * x, axis=1) / MC_DIM


def _peri_draw(rng, size, m_0, L, gamma):
    return _simulate(rng, size, m_0, L, 1.0, gamma, "peri")


def _pre_draw(rng, size, m_0, L, s):
    return _simulate(rng, size, m_0, L, s, 1.0, "pre")


PERI_MEAN_SQUARE = formula_claim(
    id="peri_ln.peri_mean_square_growth",
    paper=PAPER,
    location="§3, Eq. 4 as summarised, corrected (derived by this suite)",
    formula=PERI_MS,
    statement=r"With independent Gaussian weights in every layer, $\mathbb{E}\|x_L\|^2/D = m_0 + L\gamma^2$ exactly "
              r"for a Peri-LN stack (RMSNorm, constant output gain $\gamma$, $\|x_0\|^2/D = m_0$): Eq. 4 with "
              r"$\beta_0 = \gamma^2$ holds in expectation, for any weight scale.",
    assumptions=(SETUP, PERI, r"$W^{(1)}_l$, $W^{(2)}_l$ independent across layers, $W^{(2)}_l$ symmetric "
                 r"($W^{(2)}_l$ and $-W^{(2)}_l$ equally likely); simulated with $D = 4$, $m = 8$ (a layer with every "
                 r"ReLU unit "
                 r"off has its $W^{(1)}_l$ drawn again)"),
    monte_carlo=MonteCarlo(_peri_draw, samples=6000, z=5.0, examples=3,
                           description=r"Peri-LN stacks with Gaussian weights"),
    expected="proved",
    origin="suite",
    notes=r"$\|\tilde a\|^2 = D\gamma^2$ exactly, and $\langle x_l, \tilde a_l\rangle$ changes sign with $W^{(2)}_l$, "
          r"so its expectation is 0: the variance grows by exactly $\gamma^2$ per layer on average, independently of "
          r"the weight scale.",
)

PRE_MEAN_SQUARE = formula_claim(
    id="peri_ln.pre_mean_square_growth",
    paper=PAPER,
    location="R3/R9: the Pre-LN counterpart (derived by this suite)",
    formula=PRE_MS,
    statement=r"With independent weights $W^{(1)} \sim N(0, s^2/D)$, $W^{(2)} \sim N(0, s^2/m)$ in every layer, "
              r"$\mathbb{E}\|x_L\|^2/D = m_0 + Ls^4/2$ for a Pre-LN stack (RMSNorm, unit gain): linear in depth, "
              r"at a rate set by the weight scale.",
    assumptions=(SETUP, PRE, r"simulated with $D = 4$, $m = 8$"),
    monte_carlo=MonteCarlo(_pre_draw, samples=6000, z=5.0, examples=3,
                           description=r"Pre-LN stacks with Gaussian weights"),
    expected="proved",
    origin="suite",
    notes=r"Given $x_l$, $\mathrm{Norm}(x_l)W^{(1)}$ has i.i.d. $N(0, s^2)$ entries, "
          r"$\mathbb{E}\,\mathrm{ReLU}(z)^2 = s^2/2$, and $W^{(2)}$ multiplies by $s^2$: "
          r"$\mathbb{E}\|F\|^2/D = s^4/2$; the cross term has expectation 0.",
)

# -- R4 -------------------------------------------------------------------------------------------------

PRE_BOUND = Claim(
    id="peri_ln.pre_ln_additive_bound",
    paper=PAPER,
    location="R4: 'Pre-LN is prone to exponential growth' (abstract), at fixed weights (derived by this suite)",
    statement=r"A bias-free Pre-LN ReLU stack satisfies $\|x_L\| \le \|x_0\| + \sum_l \|W^{(2)}_l\|_2\|W^{(1)}_l\|_2"
              r"\sqrt{D}\max|\gamma|$ for every choice of weights: $\|x_L\|$ never grows faster than this additive "
              r"bound; with the weight norms bounded across layers the growth is at most linear in $L$.",
    assumptions=(SETUP, PRE),
    kind="inequality",
    expected="proved",
    subject=F.pre_block,
    origin="suite",
    notes=r"$\|\mathrm{Norm}(x)\| \le \sqrt{D}\max|\gamma|$ and $\|\mathrm{ReLU}(v)\| \le \|v\|$. Exponential growth "
          r"of $\|x_L\|$ therefore needs the products $\|W^{(2)}_l\|\|W^{(1)}_l\|$ to grow geometrically across "
          r"layers, or the weights to grow over training (peri_ln.pre_ln_exponential_needs_growing_weights).",
)
PRE_BOUND.mutant("increment_from_x", r"the increment computed from $x$: $x + F(x)$ grows geometrically",
                 F.pre_increment_from_x, targets=("bounded_for_any_weights",))
PRE_BOUND.mutant("input_norm_without_gain", r"the input normalisation's gain dropped (the bound, with "
                 r"$\max|\gamma| < 1$, is exceeded when aligned)",
                 lambda x, W1, W2, kind="rms", gain_in=1.0, gain_out=1.0: F.pre_block(x, W1, W2, kind, 1.0),
                 targets=("attained_when_aligned",))

PRE_EXPONENTIAL = Claim(
    id="peri_ln.pre_ln_exponential_needs_growing_weights",
    paper=PAPER,
    location="R4 (derived by this suite)",
    statement=r"With $W^{(1)}_l = \rho^{l} W^{(1)}$ ($\rho > 1$), a fixed $W^{(2)}$ and weights that align every "
              r"increment with the stream, a Pre-LN stack grows geometrically: "
              r"$\|x_L\| = \|x_0\| + \kappa\sum_{l=1}^{L}\rho^{l}$ with $\kappa$ the increment at $\rho = 1$.",
    assumptions=(SETUP, PRE, r"$x_0$, the rows of $W^{(2)}$ and every column of $W^{(1)}$ along one positive "
                 r"direction"),
    kind="identity",
    expected="proved",
    subject=F.pre_block,
    origin="suite",
)
PRE_EXPONENTIAL.mutant("peri_ln", r"an output normalisation (Peri-LN): growth linear at rate $\sqrt{D}\gamma$",
                       F.peri_block)

# -- R8 -------------------------------------------------------------------------------------------------

JAEHUN_ARCH = Claim(
    id="peri_ln.secondary_architecture",
    paper=PAPER,
    location="R8: a secondary summary (jaehun.me): 'Input LN → Core → Residual Add → Output LN'",
    statement=r"The map $x \mapsto \mathrm{Norm}(x + F(\mathrm{Norm}(x)))$ (normalisation after the residual add) is "
              r"the Peri-LN block $x \mapsto x + \mathrm{Norm}(F(\mathrm{Norm}(x)))$.",
    assumptions=(SETUP,),
    kind="identity",
    expected="refuted",
    subject=F.norm_after_add,
    origin="suite",
    notes=r"Not the same architecture: normalising after the add keeps $\|x_l\|^2 = D\gamma^2$ at every layer (the "
          r"stream is renormalised, as in Post-LN), whereas Peri-LN keeps the identity path and lets the stream grow "
          r"(peri_ln.growth_bound). Exact witness: $D = 2$, $m = 1$, $W^{(1)} = (1, 1)^\top$, $W^{(2)} = (1, 1)$, "
          r"$x = (1, 1)$: the summary's block gives $(1, 1)$, Peri-LN $(2, 2)$.",
)

JAEHUN_TOY = Claim(
    id="peri_ln.secondary_toy_arithmetic",
    paper=PAPER,
    location="R8: a secondary summary's 3-D toy table (jaehun.me), last row",
    statement=r"$\mathrm{LayerNorm}([3.22, 0, -3.22]) = [1.37, 0, -1.37]$ (to the two decimals shown).",
    assumptions=(r"LayerNorm with $\varepsilon = 0$, unit gain, no bias, population variance",),
    kind="identity",
    expected="conditional",
    subject=F.layer,
    origin="suite",
    refined_by="peri_ln.layernorm_of_symmetric_triple",
    notes=r"LayerNorm of any $[t, 0, -t]$, $t > 0$, is $[\sqrt{3/2}, 0, -\sqrt{3/2}] = [1.22, 0, -1.22]$, the value "
          r"of the table's previous LayerNorm row; the other rows of the table ($[2, 0, -2] \mapsto [1.22, 0, -1.22]$,"
          r" the residual sum $[3.22, 0, -3.22]$) are right.",
)

_t = sp.Symbol("t")
SYMMETRIC_TRIPLE = formula_claim(
    id="peri_ln.layernorm_of_symmetric_triple",
    paper=PAPER,
    location="R8, corrected (derived by this suite)",
    formula=Formula(sp.sqrt(6) / 2, {"t": interval(1e-3, 1e3, log=True)}, name="layernorm_first_entry"),
    statement=r"For every $t > 0$, the first entry of $\mathrm{LayerNorm}([t, 0, -t])$ is $\sqrt{6}/2 = \sqrt{3/2}$.",
    assumptions=(r"LayerNorm with $\varepsilon = 0$, unit gain, no bias, population variance",),
    truth=lambda t: float(F.layer([t, 0.0, -t])[0]),
    truth_at_precision=lambda digits, t: _layer_first_at(digits, t),
    rtol=1e-14,
    tolerance_reason="LayerNorm of three entries in float64 is good to a few ulps",
    expected="proved",
    origin="suite",
)


def _layer_first_at(digits, t):
    import mpmath
    import numpy as np

    with mpmath.workdps(digits):
        row = np.array([mpmath.mpf(t), mpmath.mpf(0), -mpmath.mpf(t)], dtype=object)
        return F.layer(row)[0]


# -- R9 -------------------------------------------------------------------------------------------------

REPRODUCTION = Claim(
    id="peri_ln.variance_reproduction",
    paper=PAPER,
    location="abstract and the variance-per-layer figure (values not confirmed)",
    statement=r"Hidden-state variance per layer with Gaussian weights at scale $s \in \{0.5, 1, 2\}$: Peri-LN's "
              r"variance growth is balanced, between Post-LN's and Pre-LN's, at every scale: "
              r"$\mathrm{Var}_{Post}(x_L) \le \mathrm{Var}_{Peri}(x_L) \le \mathrm{Var}_{Pre}(x_L)$.",
    assumptions=(SETUP, POST, PRE, PERI, r"$L = 48$, $D = 64$, width 128, $W^{(1)} \sim N(0, s^2/D)$, "
                 r"$W^{(2)} \sim N(0, s^2/m)$, unit gains, RMSNorm, 8 input rows $x_0 \sim N(0, I)$"),
    kind="empirical",
    expected="conditional",
    subject={"post": F.post_block, "pre": F.pre_block, "peri": F.peri_block},
    refined_by="peri_ln.variance_pattern_at_initialisation",
    notes=r"At initialisation the ordering depends on the scale: Pre-LN's variance grows by about $s^4/2$ per layer "
          r"(peri_ln.pre_mean_square_growth) and Peri-LN's by $\gamma^2 = 1$, so wherever $s^4/2 < \gamma^2$ (here "
          r"$s = 0.5$ and $s = 1$) Pre-LN grows more slowly than Peri-LN (final variances at $s = 0.5$: "
          r"{{ordering_at_every_scale.pre_at_half:.3g}} and {{ordering_at_every_scale.peri_at_half:.3g}}). The "
          r"paper's figure is measured during training, which this check does not reproduce.",
)

PATTERN = Claim(
    id="peri_ln.variance_pattern_at_initialisation",
    paper=PAPER,
    location="R9, at initialisation (derived by this suite)",
    statement=r"At initialisation ($L = 48$, $D = 64$, width 128, $s \in \{0.5, 1, 2\}$): Post-LN's mean square is "
              r"$\gamma^2 = 1$ at every layer; Peri-LN's curve is the same for every $s$ and grows by about $\gamma^2$ "
              r"per layer; Pre-LN's grows by about $s^4/2$ per layer.",
    assumptions=(SETUP, POST, PRE, PERI, r"as peri_ln.variance_reproduction"),
    kind="empirical",
    expected="supported",
    subject={"post": F.post_block, "pre": F.pre_block, "peri": F.peri_block},
    origin="suite",
    notes=r"Fitted slopes per layer: Peri-LN {{pattern_per_placement.peri_slope:.3g}}; Pre-LN "
          r"{{pattern_per_placement.pre_slope_half:.3g}}, {{pattern_per_placement.pre_slope_one:.3g}} and "
          r"{{pattern_per_placement.pre_slope_two:.3g}} for $s = 0.5, 1, 2$ ($s^4/2 = 0.031, 0.5, 8$).",
)
PATTERN.mutant("peri_as_norm_after_add", r"Peri-LN implemented as $\mathrm{Norm}(x + F(\mathrm{Norm}(x)))$",
               {"post": F.post_block, "pre": F.pre_block, "peri": F.norm_after_add})
PATTERN.mutant("pre_from_x", r"Pre-LN's increment computed from $x$",
               {"post": F.post_block, "pre": F.pre_increment_from_x, "peri": F.peri_block})
PATTERN.mutant("peri_gain_zero", r"Peri-LN's output gain frozen at 0",
               {"post": F.post_block, "pre": F.pre_block, "peri": F.output_gain_frozen_at_zero})
