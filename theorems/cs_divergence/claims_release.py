"""S8 (the released KL baseline's target density) and S9 (the reproduction of the two-Gaussian example)."""

from __future__ import annotations

import math

import numpy as np

from claimkit import Claim

from . import release as R
from .paper import PAPER

BASELINE = r"kl_cont.py (commit ee3142fb): $\log\tilde p(z) = \mathrm{logaddexp}(\frac{1}{2}\log\mathcal{N}(z; " \
           r"\mu_1, I), \frac{1}{2}\log\mathcal{N}(z; \mu_2, I))$, $\mu_{1,2} = \mp(4, 4)$, $d = 2$"


def mixture_log_density(z: np.ndarray, variance: float = 1.0, mean1=(-4.0, -4.0), mean2=(4.0, 4.0)) -> np.ndarray:
    """log(½N(z; μ₁, vI) + ½N(z; μ₂, vI)), rows of z."""
    z = np.atleast_2d(z)
    d = z.shape[1]

    def logpdf(m):
        return -0.5 * np.sum((z - np.asarray(m)) ** 2, axis=1) / variance - 0.5 * d * math.log(2 * math.pi * variance)

    return np.logaddexp(logpdf(mean1), logpdf(mean2)) - math.log(2)


def wider_mixture_constant(d: int) -> float:
    """log(2(4π)^{d/2}(2π)^{−d/4}): the log of the baseline target's total mass."""
    return math.log(2) + 0.5 * d * math.log(4 * math.pi) - 0.25 * d * math.log(2 * math.pi)


def wider_mixture(z: np.ndarray) -> np.ndarray:
    """The corrected reading: log(½N(z; μ₁, 2I) + ½N(z; μ₂, 2I)) + log(2(4π)^{d/2}(2π)^{−d/4})."""
    z = np.atleast_2d(z)
    return mixture_log_density(z, 2.0) + wider_mixture_constant(z.shape[1])


def wider_mixture_unit_variance(z):
    """Mutant: the constant right, the variance left at I."""
    z = np.atleast_2d(z)
    return mixture_log_density(z, 1.0) + wider_mixture_constant(z.shape[1])


def wider_mixture_without_two(z):
    """Mutant: the factor 2 of the two components dropped from the constant."""
    z = np.atleast_2d(z)
    return mixture_log_density(z, 2.0) + wider_mixture_constant(z.shape[1]) - math.log(2)


KL_TARGET = Claim(
    id="cs_divergence.kl_baseline_target_is_mixture",
    paper=PAPER,
    location="released Two_Gaussian_example/kl_cont.py, Model.log_density",
    statement=r"The released KL baseline's target log density is that of the equal-weight mixture: "
              r"$\log\tilde p(z) = \log(\frac{1}{2}\mathcal{N}(z; \mu_1, I) + \frac{1}{2}\mathcal{N}(z; \mu_2, I))$.",
    assumptions=(BASELINE,),
    kind="identity",
    expected="conditional",
    subject=R.kl_target_log_density,
    origin="suite",
    refined_by="cs_divergence.kl_baseline_target_wider_mixture",
    notes=r"False: halving the log densities takes square roots, $\tilde p = \sqrt{p_1} + \sqrt{p_2}$, and "
          r"$\sqrt{\mathcal{N}(z; \mu, I)}$ is proportional to $\mathcal{N}(z; \mu, 2I)$: the baseline fits a mixture "
          r"whose modes have twice the variance, unnormalised (the constant only shifts the ELBO). Witness "
          r"re-verified at 30 digits.",
)

KL_TARGET_WIDER = Claim(
    id="cs_divergence.kl_baseline_target_wider_mixture",
    paper=PAPER,
    location="released Two_Gaussian_example/kl_cont.py (the suite's correction)",
    statement=r"$\log\tilde p(z) = \log(\frac{1}{2}\mathcal{N}(z; \mu_1, 2I) + \frac{1}{2}\mathcal{N}(z; \mu_2, 2I)) "
              r"+ \log(2(4\pi)^{d/2}(2\pi)^{-d/4})$: the equal mixture of the two modes with doubled variance, "
              r"of total mass $2(4\pi)^{d/2}(2\pi)^{-d/4}$ ($4\sqrt{2\pi}$ for $d = 2$).",
    assumptions=(BASELINE,),
    kind="identity",
    expected="proved",
    subject=wider_mixture,
    origin="suite",
    notes=r"Ground truth: the released expression at 30 digits at drawn points, and the total mass by a grid "
          r"quadrature of $\tilde p$.",
)
KL_TARGET_WIDER.mutant("unit_variance", r"the variance left at $I$", wider_mixture_unit_variance)
KL_TARGET_WIDER.mutant("without_two", r"the constant without the factor 2", wider_mixture_without_two)


def descent(seed: int, n_particles: int, n_target: int, epochs: int, lr: float) -> tuple[np.ndarray, np.ndarray]:
    """The two-Gaussian example with the released loss (repulsion on)."""
    return R.particle_descent(seed, n_particles, n_target, epochs, lr)


def descent_without_repulsion(seed, n_particles, n_target, epochs, lr):
    """Mutant: the log ΣK₂₂ term dropped: attraction to the targets only."""
    return R.particle_descent(seed, n_particles, n_target, epochs, lr, repulsion=False)


TWO_GAUSSIAN = Claim(
    id="cs_divergence.two_gaussian_covers_both_modes",
    paper=PAPER,
    location="released Two_Gaussian_example/cs_two_gaussian.py (the repository's figure)",
    statement=r"Minimising the CS divergence between free particles started at $\mathcal{N}(0, I)$ and samples of "
              r"$\frac{1}{2}\mathcal{N}(-(4, 4), I) + \frac{1}{2}\mathcal{N}((4, 4), I)$ moves the particles to cover "
              r"both modes: each mode gets between 35% and 65% of them, their coordinate-wise median lies within "
              r"0.75 of the mode's centre and their robust spread ($1.4826 \times$ the median absolute deviation) is "
              r"between 0.5 and 1.6.",
    assumptions=(r"kernel width 1; SGD on the particles with the released unnormalised loss; three seeds (the "
                 r"release sets none)",
                 r"ci: 100 particles, 50 + 50 targets, learning rate 50 (the release's 200 scaled by the number of "
                 r"particles, which keeps each particle's step), 300 epochs; thorough: the release's 400 particles, "
                 r"200 + 200 targets, learning rate 200, 10 000 epochs"),
    kind="empirical",
    expected="supported",
    subject=descent,
    origin="suite",
    notes=r"The repulsion term $\log\sum K_{22}$ is what spreads the particles over each mode: without it "
          r"(a killed mutant) they collapse inside the modes. The repulsion also leaves some particles far from both "
          r"modes (farther than 4 from either centre: up to {{covers_both_modes.largest_straggler_share:.0%}} of them "
          r"in this run), which is why the spread is measured robustly.",
)
TWO_GAUSSIAN.mutant("without_repulsion", r"the $\log\sum K_{22}$ term dropped", descent_without_repulsion)
