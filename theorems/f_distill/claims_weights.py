"""F2–F5: the weighting h(r) = f″(r) r² of each divergence (formula claims), reverse KL as variational score
distillation, the monotonicity of h (the paper's "emphasizes samples with higher teacher density") and its sign."""

from __future__ import annotations

import sympy as sp

from claimkit import Claim, Formula, formula_claim, interval

from . import formulas as F
from .paper import PAPER

RECONSTRUCTED = ("The paper body was not read: the gradient and its weighting are the specification's reconstruction "
                 "from the abstract and the released code; equation numbers are not confirmed. ")
SETUP = (r"$r(x) = p(x)/q_\theta(x)$ (teacher over student density), $D_f(p\|q_\theta) = \int q_\theta "
         r"f(p/q_\theta)\,dx$ with $f$ convex and $f(1) = 0$")
H_DEF = r"$h(r) = f''(r)\,r^2$"
RATIOS = interval(1e-3, 1e3, log=True)

F_LATEX = {name: sp.latex(expr) for name, expr in F.F_EXPR.items()}


def _formula(name: str) -> Formula:
    return Formula(F.H_EXPR[name], {"r": RATIOS}, name=f"h_{name}")


H_FORMULAS = {name: _formula(name) for name in F.F_EXPR}

WEIGHTS: dict[str, Claim] = {}
for _name in F.F_EXPR:
    _id = "f_distill.vsd_special_case" if _name == "reverse_kl" else f"f_distill.weight_{_name}"
    WEIGHTS[_name] = formula_claim(
        id=_id,
        paper=PAPER,
        location="abstract (“a special case within our framework”); F2" if _name == "reverse_kl" else "F3",
        statement=(rf"For the {F.LATEX_NAME[_name]} divergence, $f(r) = {F_LATEX[_name]}$, the weighting is "
                   rf"$h(r) = f''(r)\,r^2 = {sp.latex(F.H_EXPR[_name])}$"
                   + (r" for every $r$: the gradient is the variational score distillation gradient "
                      r"$\mathbb{E}_z[(\nabla_x\log q_\theta - \nabla_x\log p)\,\partial x/\partial\theta]$."
                      if _name == "reverse_kl" else ".")),
        formula=H_FORMULAS[_name],
        equals=sp.diff(F.F_EXPR[_name], F.r, 2) * F.r**2,
        assumptions=(SETUP, H_DEF),
        examples=8,
        mutant_limit=8,
        origin="suite" if _name == "pearson_chi2" else "paper",
        expected="proved",
        notes=RECONSTRUCTED + (r"Pearson $\chi^2$ is not in the released table; the suite adds it as the most "
                               r"mode-covering case. " if _name == "pearson_chi2" else "")
        + r"The released table lists the weightings up to positive factors (f_distill.released_table_matches).",
    )

for _name, _claim in WEIGHTS.items():
    _formula_h = H_FORMULAS[_name]
    _claim.mutant("missing_r_squared", r"$h = f''(r)$, the factor $r^2$ missing",
                  _formula_h.with_expr(F.H_EXPR[_name] / F.r**2))
    _claim.mutant("r_times_f2", r"$h = r f''(r)$", _formula_h.with_expr(F.H_EXPR[_name] / F.r))

MONOTONE = Claim(
    id="f_distill.weight_increasing",
    paper=PAPER,
    location="abstract (“naturally emphasizes samples with higher density in the teacher distribution, when using "
             "a less mode-seeking divergence”); F4",
    statement=r"For the less mode-seeking divergences (forward KL, Jensen–Shannon, squared Hellinger, Jeffreys, "
              r"Pearson $\chi^2$; reverse KL as the constant baseline), $h(r) = f''(r) r^2$ is non-decreasing in "
              r"$r = p/q_\theta$: samples where the teacher density is larger relative to the student's weigh more.",
    assumptions=(SETUP, H_DEF),
    kind="inequality",
    expected="proved",
    subject={name: F.H_EXPR[name] for name in F.NON_DECREASING},
    notes=RECONSTRUCTED + r"Which divergences count as less mode-seeking is the suite's reading (those that are not "
          r"reverse KL variants); softened reverse KL and Neyman $\chi^2$ have decreasing weightings "
          r"(f_distill.weight_decreasing).",
)

DECREASING = Claim(
    id="f_distill.weight_decreasing",
    paper=PAPER,
    location="F4 (the suite's complement)",
    statement=r"For softened reverse KL, $f(r) = (r+1)\log\frac{r+1}{2r}$, and Neyman $\chi^2$, $f(r) = (1-r)^2/r$, "
              r"$h(r)$ is strictly decreasing in $r$: these weightings emphasise samples where the teacher density is "
              r"smaller relative to the student's, the opposite of the less mode-seeking divergences.",
    assumptions=(SETUP, H_DEF),
    kind="inequality",
    expected="proved",
    subject={name: F.H_EXPR[name] for name in F.DECREASING},
    origin="suite",
)

NONNEGATIVE = Claim(
    id="f_distill.weight_nonnegative",
    paper=PAPER,
    location="F5",
    statement=r"$f$ convex $\Rightarrow h(r) = f''(r) r^2 \ge 0$ for every $r > 0$: the weighting never reverses the "
              r"direction of the variational score distillation update.",
    assumptions=(SETUP, H_DEF, r"$f$ twice differentiable on $(0, \infty)$"),
    kind="inequality",
    expected="proved",
    subject=dict(F.H_EXPR),
    notes=RECONSTRUCTED,
)


def _map(fn):
    return {name: fn(name, e) for name, e in F.H_EXPR.items()}


NONNEGATIVE.mutant("sign_flipped", r"$h = -f''(r) r^2$", _map(lambda n, e: -e))
NONNEGATIVE.mutant("f_prime", r"$h = f'(r)$, negative where $f$ decreases",
                   _map(lambda n, e: sp.diff(F.F_EXPR[n], F.r)))
MONOTONE.mutant("ratio_inverted", r"the ratio taken as $q/p$: $h(1/r)$",
                {n: F.H_EXPR[n].subs(F.r, 1 / F.r) for n in F.NON_DECREASING})
MONOTONE.mutant("js_as_softened", r"the Jensen–Shannon weight $r/(1+r)$ replaced by $1/(1+r)$",
                {**{n: F.H_EXPR[n] for n in F.NON_DECREASING}, "js": 1 / (1 + F.r)})
MONOTONE.mutant("missing_r_squared", r"$h = f''(r)$, the factor $r^2$ missing",
                {n: sp.diff(F.F_EXPR[n], F.r, 2) for n in F.NON_DECREASING})
DECREASING.mutant("ratio_inverted", r"the ratio taken as $q/p$: $h(1/r)$",
                  {n: F.H_EXPR[n].subs(F.r, 1 / F.r) for n in F.DECREASING})
DECREASING.mutant("r_cubed", r"$h = f''(r) r^3$", {n: F.H_EXPR[n] * F.r for n in F.DECREASING})
