"""The library conformance claim: ``gns_minimize`` does what its docstring says. Its mutants are the library with a
plausible bug planted (``library_variants``). The library's ``logistic_qsc_constant`` is the subject of the G5
claims (``claims_smoothness``)."""

from __future__ import annotations

from claimkit import Claim

from . import library_variants as bug
from .library import gns_minimize
from .paper import PAPER

LIBRARY_MINIMIZE = Claim(
    id="grad_norm_smoothness.library_minimize",
    paper=PAPER,
    location="library: gns_minimize (Algorithm 1 with a failed factorisation counted as a rejection)",
    statement=r"gns_minimize follows the released update wherever the release's factorisations succeed (its "
              r"$f_k$ equal the port's run with $\mathrm{eps} = 0$ to $10^{-10}$, with and without a metric $B$); "
              r"where the release raises or drifts it converges: Rosenbrock from $(0, 1)$ to the minimiser "
              r"$(1, 1)$, the saddle function $\frac12 x^2 - \frac12 y^2 + \frac14 y^4$ from $(3, 10^{-3})$ to "
              r"$(0, 1)$, each with $\lVert\nabla f\rVert \le 10^{-8}$; and its iterates are unchanged under "
              r"$f \to cf$: bit for bit for $c = 4^j$, $\lvert j\rvert \le 100$, and to $10^{-12}$ for "
              r"$c = 10^e$, $\lvert e\rvert \le 100$.",
    assumptions=(r"logistic problems of the specified shape ($n = 400$, $d = 10$, $\mu = 10^{-2}$) and small ones "
                 r"($n = 50$, $d = 3$); log-sum-exp of the notebook at $n = m = 40$ with $B = AA^\top$",),
    kind="algorithm",
    expected="supported",
    subject=gns_minimize,
    origin="suite",
    notes=r"Rosenbrock from $(0, 1)$ takes {{converges_where_the_release_fails.rosenbrock_iterations:d}} accepted "
          r"steps and {{converges_where_the_release_fails.rosenbrock_rejections:d}} rejected trials (failed "
          r"factorisations included). From $(3, 0)$ the saddle function's line $y = 0$ is invariant (the gradient "
          r"has no $y$ component there), and gns_minimize stops at the saddle point $(0, 0)$ where the gradient "
          r"vanishes: a stationary point, as for any method using only $f$, $\nabla f$ and $\nabla^2 f$ on that "
          r"line.",
)
LIBRARY_MINIMIZE.mutant("stale_step", "the release's handling: a failed factorisation moves by the previous step",
                        bug.minimize_stale_step, targets=("converges_where_the_release_fails",))
LIBRARY_MINIMIZE.mutant("stop_on_failure", "a failed factorisation ends the run", bug.minimize_stop_on_failure,
                        targets=("converges_where_the_release_fails",))
LIBRARY_MINIMIZE.mutant("absolute_tolerance", r"the gradient tolerance absolute: $\lVert g\rVert_* \le$ grad_rtol",
                        bug.minimize_absolute_tolerance, targets=("scale_invariance",))
LIBRARY_MINIMIZE.mutant("euclidean_norm", r"$\lVert g\rVert_2$ in $\lambda$ and the test while $B$ is used in the "
                        "step", bug.minimize_euclidean_norm, targets=("follows_the_port",))
