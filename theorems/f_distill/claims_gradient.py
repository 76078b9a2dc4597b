"""F1: the f-divergence distribution-matching gradient, −E_z[h(r)(∇log p − ∇log q_θ) ∂x/∂θ] with h = f″(r) r², against
the total derivative of D_f(p‖q_θ) in θ."""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from .claims_weights import H_DEF, RECONSTRUCTED, SETUP
from .paper import PAPER

GENERATOR = r"$x = G_\theta(z)$, $z \sim \mathcal{N}(0, I)$, $q_\theta$ the density of $x$"

GRADIENT = Claim(
    id="f_distill.gradient_formula",
    paper=PAPER,
    location="abstract (“the product of their score differences and a weighting function determined by their "
             "density ratio”); F1",
    statement=r"$\nabla_\theta D_f(p\|q_\theta) = -\mathbb{E}_z\left[h(r(x))\,(\nabla_x\log p(x) - "
              r"\nabla_x\log q_\theta(x))^\top \frac{\partial x}{\partial\theta}\right]$ at $x = G_\theta(z)$, the "
              r"total derivative although $q_\theta$ depends on $\theta$ both through the sample and through the "
              r"density.",
    assumptions=(SETUP, H_DEF, GENERATOR),
    kind="identity",
    expected="proved",
    subject=F.gradient_integrand,
    notes=RECONSTRUCTED + r"The density's own dependence on $\theta$ is what the weighting accounts for: the naive "
          r"pathwise derivative of $f(p(x)/q(x))$ with $q$ held fixed, $+f'(r) r(\nabla\log p - \nabla\log q)$, is "
          r"wrong (mutant density_frozen). The derivation is the continuity equation "
          r"$\partial_\theta q = -\nabla\cdot(q v)$ with $v$ the velocity $\partial x/\partial\theta$, followed by an "
          r"integration by parts whose boundary term vanishes when $q\,v\,(f(r) - r f'(r)) \to 0$ in the tails.",
)
for _name, (_text, _fn) in F.INTEGRAND_MUTANTS.items():
    GRADIENT.mutant(_name, _text, _fn)
