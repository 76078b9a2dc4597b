"""The gradient-norm identities: W1 (Weight Standardization), W2 (the two released WS layers), W3 (BatchNorm and
PowerNorm with batch statistics) and W9 (what ε > 0 does to them).

Notation: one output channel of WS has fan-in $I$, weights $W_c$, mean $\\mu_c$, standard deviation $\\sigma_c$
(population, unless a release says otherwise) and output $\\hat W_c$; $g_c = \\partial L/\\partial\\hat W_c$. One
feature of BN or PN has a batch $x$ of $B$ scalars and upstream gradient $g = \\partial L/\\partial y$.
"""

from __future__ import annotations

from claimkit import Claim, formula_claim

from . import formulas as F
from . import ground_truth as G
from .paper import PAPER_PN, PAPER_WS, RECONSTRUCTED

WS_SETUP = (r"$\hat W_c = (W_c - \mu_c\mathbf{1})/\sigma_c$ with $\sigma_c^2 = \frac{1}{I}\|W_c - "
            r"\mu_c\mathbf{1}\|^2 > 0$, $\varepsilon = 0$")
BN_SETUP = (r"$\hat x = (x - \mu_B\mathbf{1})/\sigma_B$, $\sigma_B^2 = \frac{1}{B}\|x - \mu_B\mathbf{1}\|^2 > 0$, "
            r"$y = \gamma\hat x + \beta$, $\varepsilon = 0$")
PN_SETUP = (r"$\psi^2 = \frac{1}{B}\|x\|^2 > 0$, $\hat x = x/\psi$, $y = \gamma\hat x + \beta$, $\varepsilon = 0$")

# -- W1 ----------------------------------------------------------------------------------------------------

WS_IDENTITY = Claim(
    id="ws_bn_powernorm.ws_gradient_identity",
    paper=PAPER_WS,
    location="W1: the gradient of Weight Standardization (Sec. on smoothing the landscape; reconstructed)",
    statement=r"$\|\partial L/\partial W_c\|^2 = \frac{1}{\sigma_c^2}\left(\|g_c\|^2 - \frac{1}{I}\langle\mathbf{1}, "
              r"g_c\rangle^2 - \frac{1}{I}\langle\hat W_c, g_c\rangle^2\right)$ for every $W_c$ with $\sigma_c > 0$ "
              r"and every $g_c$.",
    assumptions=(WS_SETUP, r"$I \ge 2$"),
    kind="identity",
    expected="proved",
    subject=F.ws_identity,
    notes=RECONSTRUCTED + r" The Jacobian is $\frac{1}{\sigma_c}P$ with $P = I - \frac{1}{I}\mathbf{1}\mathbf{1}^\top"
          r" - \frac{1}{I}\hat W_c\hat W_c^\top$, an orthogonal projector of rank $I - 2$, because "
          r"$\hat W_c \perp \mathbf{1}$ and $\|\hat W_c\|^2 = I$.",
)
WS_IDENTITY.mutant("no_mean_term", r"$\langle\mathbf{1}, g_c\rangle^2/I$ dropped (weight normalisation: only the "
                   r"radial part removed)", F.ws_identity_no_mean)
WS_IDENTITY.mutant("minus_one", r"the last term divided by $I - 1$", F.ws_identity_minus_one)

WS_BOUND = Claim(
    id="ws_bn_powernorm.ws_gradient_bound",
    paper=PAPER_WS,
    location="W1: consequence (the abstract's smaller Lipschitz constant of the loss; reconstructed)",
    statement=r"$\|\partial L/\partial W_c\| \le \|g_c\|/\sigma_c$, with equality exactly when $g_c \perp "
              r"\mathbf{1}$ and $g_c \perp \hat W_c$.",
    assumptions=(WS_SETUP, r"$I \ge 2$"),
    kind="inequality",
    expected="proved",
    subject=F.ws_bound,
    notes=RECONSTRUCTED + r" The gradient with respect to $W_c$ is the gradient with respect to $\hat W_c$ divided "
          r"by $\sigma_c$ and projected: smaller than $\|g_c\|$ only where $\sigma_c \ge 1$ or the projection "
          r"removes enough.",
)
WS_BOUND.mutant("tight", r"the bound $\sqrt{1 - 2/I}\,\|g_c\|/\sigma_c$", F.ws_bound_tight)
WS_BOUND.mutant("times_sigma", r"the bound $\|g_c\|\sigma_c$", F.ws_bound_times_sigma)

# -- W2 ----------------------------------------------------------------------------------------------------

PYTORCH_SETUP = (r"the released PyTorch layer (WeightStandardization d81e50d, README.md, Conv2d.forward) with its "
                 r"$10^{-5}$ set to $0$: $\hat W_c = (W_c - \mu_c\mathbf{1})/s_c$, $s_c^2 = \frac{1}{I - 1}\|W_c - "
                 r"\mu_c\mathbf{1}\|^2$ (torch's unbiased std)")

WS_PYTORCH = Claim(
    id="ws_bn_powernorm.ws_identity_pytorch_release",
    paper=PAPER_WS,
    location="W2: W1 for the released PyTorch layer (README.md at d81e50d)",
    statement=r"W1 holds for the released PyTorch layer with $\sigma_c$ its standard deviation $s_c$ and $\hat W_c$ "
              r"its output: $\|\partial L/\partial W_c\|^2 = \frac{1}{s_c^2}\left(\|g_c\|^2 - \frac{1}{I}"
              r"\langle\mathbf{1}, g_c\rangle^2 - \frac{1}{I}\langle\hat W_c, g_c\rangle^2\right)$.",
    assumptions=(PYTORCH_SETUP, r"$I \ge 2$"),
    kind="identity",
    expected="conditional",
    subject=F.ws_identity,
    origin="suite",
    refined_by="ws_bn_powernorm.ws_identity_pytorch_corrected",
    notes=r"With the unbiased $s_c$ the output has $\|\hat W_c\|^2 = I - 1$, not $I$: the Jacobian is "
          r"$\frac{1}{s_c}(I - \frac{1}{I}\mathbf{1}\mathbf{1}^\top - \frac{1}{I - 1}\hat W_c\hat W_c^\top)$ and the "
          r"last term of W1 must be divided by $I - 1$. The written form over-states the squared norm by "
          r"$\langle\hat W_c, g_c\rangle^2/(I(I - 1)s_c^2)$; the smallest witness has $I = 2$.",
)

WS_PYTORCH_CORRECTED = Claim(
    id="ws_bn_powernorm.ws_identity_pytorch_corrected",
    paper=PAPER_WS,
    location="W2, corrected for the released PyTorch layer",
    statement=r"For the released PyTorch layer: $\|\partial L/\partial W_c\|^2 = \frac{1}{s_c^2}\left(\|g_c\|^2 - "
              r"\frac{1}{I}\langle\mathbf{1}, g_c\rangle^2 - \frac{1}{I - 1}\langle\hat W_c, g_c\rangle^2\right)$; "
              r"hence still $\|\partial L/\partial W_c\| \le \|g_c\|/s_c$.",
    assumptions=(PYTORCH_SETUP, r"$I \ge 2$"),
    kind="identity",
    expected="proved",
    subject=F.ws_identity_corrected,
    origin="suite",
    notes=r"The projector is $I - \frac{1}{I}\mathbf{1}\mathbf{1}^\top - \hat W_c\hat W_c^\top/\|\hat W_c\|^2$ for any "
          r"divisor; only $\|\hat W_c\|^2$ changes.",
)
WS_PYTORCH_CORRECTED.mutant("population_divisor", r"the last term divided by $I$ (W1 as written)", F.ws_identity)
WS_PYTORCH_CORRECTED.mutant("no_mean_term", r"$\langle\mathbf{1}, g_c\rangle^2/I$ dropped", F.ws_identity_no_mean)

WS_TENSORFLOW = Claim(
    id="ws_bn_powernorm.ws_identity_tensorflow_release",
    paper=PAPER_WS,
    location="W2: W1 for the released TensorFlow snippet (README.md at d81e50d)",
    statement=r"W1 holds as written for the released TensorFlow layer (``K.std``, divisor $I$) with its "
              r"$10^{-5}$ set to $0$.",
    assumptions=(r"the TensorFlow snippet: $\hat W_c = (W_c - \mu_c\mathbf{1})/(\sigma_c + 10^{-5})$ with the "
                 r"population $\sigma_c$; here $10^{-5} \to 0$", r"$I \ge 2$"),
    kind="identity",
    expected="proved",
    subject=F.ws_identity,
    origin="suite",
    notes=r"The TensorFlow snippet's standard deviation is the population one, so it is the paper's layer; its "
          r"$\varepsilon$ is treated in ws_bn_powernorm.ws_release_eps_identity.",
)
WS_TENSORFLOW.mutant("minus_one", r"the last term divided by $I - 1$ (the PyTorch correction)",
                     F.ws_identity_minus_one)
WS_TENSORFLOW.mutant("no_mean_term", r"$\langle\mathbf{1}, g_c\rangle^2/I$ dropped", F.ws_identity_no_mean)

# -- W3 ----------------------------------------------------------------------------------------------------

BN_IDENTITY = Claim(
    id="ws_bn_powernorm.bn_gradient_identity",
    paper=PAPER_PN,
    location="W3: the BatchNorm gradient (the analysis PowerNorm builds on; reconstructed)",
    statement=r"$\|\partial L/\partial x\|^2 = \frac{\gamma^2}{\sigma_B^2}\left(\|g\|^2 - \frac{1}{B}\langle"
              r"\mathbf{1}, g\rangle^2 - \frac{1}{B}\langle\hat x, g\rangle^2\right)$ with batch statistics.",
    assumptions=(BN_SETUP, r"$B \ge 2$"),
    kind="identity",
    expected="proved",
    subject=F.bn_identity,
    notes=RECONSTRUCTED,
)
BN_IDENTITY.mutant("unbiased_variance", r"$\sigma_B^2$ with the divisor $B - 1$", F.bn_identity_unbiased)

PN_IDENTITY = Claim(
    id="ws_bn_powernorm.pn_gradient_identity",
    paper=PAPER_PN,
    location="W3: the PowerNorm gradient with batch statistics (reconstructed)",
    statement=r"$\|\partial L/\partial x\|^2 = \frac{\gamma^2}{\psi^2}\left(\|g\|^2 - \frac{1}{B}\langle\hat x, "
              r"g\rangle^2\right)$.",
    assumptions=(PN_SETUP, r"$B \ge 1$"),
    kind="identity",
    expected="proved",
    subject=F.pn_identity,
    notes=RECONSTRUCTED + r" The Jacobian is $\frac{\gamma}{\psi}(I - \frac{1}{B}\hat x\hat x^\top)$, a projector of "
          r"rank $B - 1$ scaled by $\gamma/\psi$: no $\langle\mathbf{1}, g\rangle$ term, as PN does not centre.",
)
PN_IDENTITY.mutant("no_projection", r"$\frac{\gamma^2}{\psi^2}\|g\|^2$: the projection term dropped",
                   F.pn_identity_no_projection)
PN_IDENTITY.mutant("sigma_instead_of_psi", r"normalising by $\sigma_B$ instead of $\psi$", F.pn_identity_sigma)

# -- W9 ----------------------------------------------------------------------------------------------------

EPS_SETUP = (r"BatchNorm with $\varepsilon > 0$ inside the root: $\hat x = (x - \mu_B\mathbf{1})/"
             r"\sqrt{\sigma_B^2 + \varepsilon}$, $y = \gamma\hat x + \beta$; $\delta = \varepsilon/\sigma_B^2$")

BN_EPS_WRITTEN = Claim(
    id="ws_bn_powernorm.bn_identity_with_eps",
    paper=PAPER_PN,
    location="W9: W3 for BatchNorm as implemented, with $\\varepsilon > 0$ (the suite's question)",
    statement=r"With $\varepsilon > 0$, W3 holds with $\sigma_B^2$ replaced by $\sigma_B^2 + \varepsilon$ and "
              r"$\hat x$ the layer's output: $\|\partial L/\partial x\|^2 = \frac{\gamma^2}{\sigma_B^2 + "
              r"\varepsilon}\left(\|g\|^2 - \frac{1}{B}\langle\mathbf{1}, g\rangle^2 - \frac{1}{B}\langle\hat x, "
              r"g\rangle^2\right)$.",
    assumptions=(EPS_SETUP, r"$B \ge 2$"),
    kind="identity",
    expected="conditional",
    subject=F.bn_identity_eps_written,
    origin="suite",
    refined_by="ws_bn_powernorm.bn_eps_exact_identity",
    notes=r"With $\varepsilon > 0$, $\|\hat x\|^2 = B/(1 + \delta) < B$ and $I - \frac{1}{B}\mathbf{1}"
          r"\mathbf{1}^\top - \frac{1}{B}\hat x\hat x^\top$ is no longer a projector: the written form is off by "
          r"$\frac{\gamma^2}{\sigma_B^2 + \varepsilon}\frac{\delta}{1 + \delta}\frac{\langle\hat x, "
          r"g\rangle^2}{B}$, at most $\delta/(1 + \delta)^2$ of $\gamma^2\|g\|^2/(\sigma_B^2 + \varepsilon)$ "
          r"(ws_bn_powernorm.bn_eps_identity_error).",
)

BN_EPS_EXACT = Claim(
    id="ws_bn_powernorm.bn_eps_exact_identity",
    paper=PAPER_PN,
    location="W9, exact form (derived by this suite)",
    statement=r"With $\varepsilon \ge 0$ and $r = \sigma_B^2/(\sigma_B^2 + \varepsilon)$: "
              r"$\|\partial L/\partial x\|^2 = \frac{\gamma^2}{\sigma_B^2 + \varepsilon}\left(\|g\|^2 - "
              r"\frac{1}{B}\langle\mathbf{1}, g\rangle^2 - \frac{2 - r}{B}\langle\hat x, g\rangle^2\right)$.",
    assumptions=(EPS_SETUP, r"$B \ge 2$"),
    kind="identity",
    expected="proved",
    subject=F.bn_identity_eps_exact,
    origin="suite",
    notes=r"The Jacobian keeps the form $\frac{\gamma}{\sqrt{\sigma_B^2 + \varepsilon}}M$, $M = I - \frac{1}{B}"
          r"\mathbf{1}\mathbf{1}^\top - \frac{1}{B}\hat x\hat x^\top$, and $M^2 = M - \frac{1 - r}{B}\hat x\hat "
          r"x^\top$ since $\|\hat x\|^2 = rB$.",
)
BN_EPS_EXACT.mutant("written_form", r"$r = 1$ (the $\varepsilon$-free identity)", F.bn_identity_eps_written)
BN_EPS_EXACT.mutant("one_plus_r", r"the factor $1 + r$ instead of $2 - r$", F.bn_identity_eps_one_plus_r)

WS_EPS_EXACT = Claim(
    id="ws_bn_powernorm.ws_release_eps_identity",
    paper=PAPER_WS,
    location="W9 for both released WS layers, with their $10^{-5}$ (derived by this suite)",
    statement=r"For $\hat W_c = (W_c - \mu_c\mathbf{1})/(s_c + \varepsilon)$, $s_c^2 = \frac{1}{I - k}\|W_c - "
              r"\mu_c\mathbf{1}\|^2$ ($k = 1$ PyTorch, $k = 0$ TensorFlow), with $\rho = s_c/(s_c + \varepsilon)$ "
              r"and $\kappa = (s_c + \varepsilon)/(s_c(I - k))$: $\|\partial L/\partial W_c\|^2 = "
              r"\frac{1}{(s_c + \varepsilon)^2}\left(\|g_c\|^2 - \frac{1}{I}\langle\mathbf{1}, g_c\rangle^2 - "
              r"(2 - \rho)\kappa\langle\hat W_c, g_c\rangle^2\right)$.",
    assumptions=(r"$\varepsilon \ge 0$ added outside the standard deviation, as both releases do "
                 r"($\varepsilon = 10^{-5}$ there)", r"$I \ge 2$, $s_c > 0$"),
    kind="identity",
    expected="proved",
    subject=F.ws_identity_eps_exact,
    origin="suite",
    notes=r"The Jacobian is $\frac{1}{s_c + \varepsilon}(I - \frac{1}{I}\mathbf{1}\mathbf{1}^\top - \kappa\hat "
          r"W_c\hat W_c^\top)$ with $\kappa\|\hat W_c\|^2 = \rho$. Against the projector form (last term "
          r"$\langle\hat W_c, g_c\rangle^2/\|\hat W_c\|^2$) the error is at most $(1 - \rho)^2 = "
          r"(\varepsilon/(s_c + \varepsilon))^2$ of $\|g_c\|^2/(s_c + \varepsilon)^2$: second order, because "
          r"$\varepsilon$ sits outside the root.",
)
WS_EPS_EXACT.mutant("projector_form", r"the last term $\langle\hat W_c, g_c\rangle^2/\|\hat W_c\|^2$ (as if "
                    r"$\varepsilon = 0$)", F.ws_identity_eps_projector)
WS_EPS_EXACT.mutant("eps_dropped", r"$s_c$ for $s_c + \varepsilon$ in the scale", F.ws_identity_eps_scale_dropped)

EPS_ERROR = formula_claim(
    id="ws_bn_powernorm.bn_eps_identity_error",
    paper=PAPER_PN,
    location="W9: the error of the ε-free identity (derived by this suite)",
    statement=r"The largest error of the written identity (ws_bn_powernorm.bn_identity_with_eps) over $g \ne 0$, "
              r"relative to $\gamma^2\|g\|^2/(\sigma_B^2 + \varepsilon)$, is $\operatorname{err}(\delta) = "
              r"\delta/(1 + \delta)^2$, $\delta = \varepsilon/\sigma_B^2$, attained at $g \parallel \hat x$.",
    formula=F.EPS_ERROR,
    truth=G.eps_error_truth,
    truth_at_precision=G.eps_error_at_precision,
    expected="proved",
    origin="suite",
    examples=8,
    mutant_limit=8,
    rtol=1e-9,
    tolerance_reason=r"the ground truth is the largest eigenvalue of a difference of two $6 \times 6$ Gram matrices "
                     r"built from complex-step Jacobians, accurate to about $10^{-13}$ of the scale; at "
                     r"$\delta = 10^{-6}$ the quantity is $10^{-6}$ of it, so $10^{-9}$ relative keeps the "
                     r"tolerance above that floor",
    assumptions=(EPS_SETUP, r"$B = 6$ in the ground truth (the error does not depend on $B$)"),
    notes=r"First order in $\delta$: with $\varepsilon = 10^{-5}$ it matters only for features whose batch "
          r"variance is comparable to $10^{-5}$.",
)
