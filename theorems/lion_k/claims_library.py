"""The library's conformance claims: ``lion_step`` and ``lion_k_step`` compute the released step and the notes-page
step at every scale, and ``lyapunov`` computes H. Their subjects are the library functions; their mutants are
the library with a plausible bug planted (``library_variants``).
"""

from __future__ import annotations

from claimkit import Claim

from . import library_variants as bug
from .library import lion_k_step, lion_step, lyapunov
from .paper import LION_PAPER, PAPER

LIBRARY_STEPS = Claim(
    id="lion_k.library_lion_step",
    paper=LION_PAPER,
    location="library: lion_step (lion_pytorch.py's step) and lion_k_step (the notes-page step)",
    statement=r"The library's lion_step returns the released step (parameters and momentum) to within a few units "
              r"of roundoff of the step computed in exact arithmetic, for gradients and momenta of any scale from "
              r"subnormal to $10^{300}$; its parameters are unchanged and its momentum scaled by $k$ when $(m, g)$ is "
              r"scaled by $k > 0$. lion_k_step returns the notes-page step for the $\ell_1$, log-cosh and quadratic "
              r"kernels.",
    assumptions=(r"finite inputs; $\eta\lambda \le 1$; $c$ not within $10^{-12}$ of cancelling",),
    kind="algorithm",
    expected="supported",
    subject={"lion_step": lion_step, "lion_k_step": lion_k_step},
    origin="suite",
    notes=r"The sign of $c$ is computed after dividing $m$ and $g$ by $\max(|m|, |g|)$ when they are extreme: "
          r"computed as written, $c$ underflows to 0 for subnormal $(m, g)$ and no step is taken (at $m = 2^{-1074}$, "
          r"$g = 0$, $\beta_1 = 1/2$, $c = 2^{-1075}$ rounds to 0). The library also refuses $\eta\lambda > 1$, where "
          r"the box is not invariant (lion_k.box_invariance_small_step); the release accepts it.",
)
_LION_ONLY = ("matches_exact_release_step", "scale_free_sign")
LIBRARY_STEPS.mutant("naive_sign", r"$c = \beta_1 m + (1 - \beta_1)g$ computed as is (its products underflow for "
                     "subnormal $m$, $g$: no step)",
                     {"lion_step": bug.lion_step_naive_sign, "lion_k_step": lion_k_step}, targets=("scale_free_sign",))
LIBRARY_STEPS.mutant("updated_momentum", r"$c$ from the updated momentum",
                     {"lion_step": bug.lion_step_updated_momentum, "lion_k_step": lion_k_step}, targets=_LION_ONLY)
LIBRARY_STEPS.mutant("betas_swapped", r"$\beta_1$ and $\beta_2$ swapped",
                     {"lion_step": bug.lion_step_betas_swapped, "lion_k_step": lion_k_step}, targets=_LION_ONLY)
LIBRARY_STEPS.mutant("page_old_momentum", r"lion_k_step takes $\tilde M$ from $M_t$, not $M_{t+1}$",
                     {"lion_step": lion_step, "lion_k_step": bug.lion_k_step_old_momentum},
                     targets=("lion_k_step_matches_page_form",))
LIBRARY_STEPS.mutant("page_decay_scaled_twice", r"lion_k_step decays by $\eta^2\lambda x$",
                     {"lion_step": lion_step, "lion_k_step": bug.lion_k_step_decay_outside},
                     targets=("lion_k_step_matches_page_form",))

LIBRARY_LYAPUNOV = Claim(
    id="lion_k.library_lyapunov",
    paper=PAPER,
    location="library: lyapunov ($H$ of lion_k.lyapunov_decrease)",
    statement=r"The library's lyapunov returns $H(x, m)$ within $10^{-13}$ of the size of its terms (40-digit "
              r"reference) for the log-cosh kernel with $|m_i|$ from $10^{-8}\delta$ to $10^{6}\delta$ and "
              r"$|\lambda x_i|$ up to 1, for the quadratic kernel, and for $\ell_1$ ($+\infty$ outside the box).",
    assumptions=(r"$\alpha, \gamma, \lambda > 0$, $\varepsilon \ge 0$, $\delta > 0$",),
    kind="algorithm",
    expected="supported",
    subject=lyapunov,
    origin="suite",
    notes=r"$\log\cosh u$ is computed as $\log(1 + 2\sinh^2(u/2))$ for $|u| \le 1$ and $|u| + \log(1 + e^{-2|u|}) - "
          r"\log 2$ beyond, and the log-cosh conjugate as $\frac{\delta}{2}((1 + y)\log(1 + y) + (1 - y)\log(1 - y))$ "
          r"(a series near 0): written as is, $\delta\log\cosh(m/\delta)$ overflows beyond $|m| = 710\delta$.",
)
LIBRARY_LYAPUNOV.mutant("coefficient_one", "the Fenchel–Young coefficient taken as 1", bug.lyapunov_coefficient_one)
LIBRARY_LYAPUNOV.mutant("constraint_times_lambda", r"$\gamma\mathcal{K}^*(\lambda x)$ for "
                        r"$\frac{\gamma}{\lambda}\mathcal{K}^*(\lambda x)$", bug.lyapunov_constraint_times_lambda)
LIBRARY_LYAPUNOV.mutant("naive_log_cosh", r"$\delta\log\cosh(m/\delta)$ as written (infinite beyond $|m| = 710\delta$)",
                        bug.lyapunov_naive_log_cosh)
