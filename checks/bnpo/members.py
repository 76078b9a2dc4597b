"""Checks of V4 and V5: α = β = 1 gives REINFORCE; α = β = 3/2 gives GRPO only up to the constant
π/8 (population std) or (π/8)√(G/(G−1)) (Bessel std), against the Beta density (numpy powers) on binary groups.
GRPO's advantage comes from the library's grpo_advantages, itself pinned by bnpo.library_grpo_advantages."""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.bnpo import claims as C
from ...theorems.bnpo.library import grpo_advantages
from .numerics import beta_pdf


@C.REINFORCE.check(given={"r": st.sampled_from([0.0, 1.0]), "p": st.floats(1e-3, 1 - 1e-3)}, examples=30,
                   tolerance="1e-12 relative: roundoff of the Beta density's powers and $B(\\alpha, \\beta)$")
def reduces_to_reinforce(subject, ev, r, p):
    r"""$(R - p)/f_N(p; \alpha, \beta)$ with the Beta density at the claimed $(\alpha, \beta)$ equals $R - p$."""
    al, be = subject
    with np.errstate(all="ignore"):
        claimed = float((r - p) / beta_pdf(p, al, be))  # numpy: a zero density gives ±inf, not an exception
    ev.show("A at the claimed (α, β)", claimed)
    ev.show("R − p", r - p)
    ev.close(claimed, r - p, rtol=1e-12, atol=1e-15, what="A", context=f"R={r}, p={p:.4g}",
             labels=("A at the claimed (α, β)", "R − p"))


@st.composite
def _groups(draw: st.DrawFn) -> list[int]:
    """A group of 2–64 binary rewards with at least one success and one failure, in a random order."""
    g = draw(st.integers(2, 64))
    k = draw(st.integers(1, g - 1))
    return draw(st.permutations([1] * k + [0] * (g - k)))


def _bnpo_group(outcomes: list[int], al: float, be: float) -> np.ndarray:
    r = np.array(outcomes, dtype=float)
    p = r.mean()
    with np.errstate(all="ignore"):
        return (r - p) / float(beta_pdf(p, al, be))


def _confirm_grpo_exact(subject, outcomes):
    al, be = subject
    with mpmath.workdps(30):
        g = len(outcomes)
        p = mpmath.mpf(sum(outcomes)) / g
        f = p ** (mpmath.mpf(al) - 1) * (1 - p) ** (mpmath.mpf(be) - 1) / mpmath.beta(al, be)
        sd = mpmath.sqrt(p * (1 - p))
        ratio = ((1 - p) / f) / ((1 - p) / sd)
        return bool(abs(ratio - 1) > mpmath.mpf(10) ** -20), (
            f"at 30 digits, group {outcomes}: A_BNPO/A_GRPO = {mpmath.nstr(ratio, 20)} (π/8 = "
            f"{mpmath.nstr(mpmath.pi / 8, 20)})")


@C.GRPO_EXACT.check(given={"outcomes": _groups()}, examples=20, confirm=_confirm_grpo_exact,
                    tolerance="1e-9 relative: float64 roundoff of a density and a std")
def equals_grpo_exactly(subject, ev, outcomes):
    r"""$A_{3/2,3/2}$ equals GRPO's $(R - \mathrm{mean})/\mathrm{std}$ (population std) on a group of binary
    rewards."""
    al, be = subject
    ids = np.zeros(len(outcomes), dtype=int)
    grpo = grpo_advantages(ids, outcomes, std="population")
    bnpo = _bnpo_group(outcomes, al, be)
    ev.show("BNPO advantages at the claimed (α, β)", bnpo)
    ev.show("GRPO advantages", grpo)
    ev.close(bnpo, grpo, rtol=1e-9, what="A_BNPO vs A_GRPO", context=f"group {outcomes}",
             labels=("BNPO at the claimed (α, β)", "GRPO"))


# ci examples of the two GRPO_SCALED checks: every mutant fails on the first group; the thorough profile keeps its
# 600 (15 × 40).
@C.GRPO_SCALED.check(given={"outcomes": _groups()}, examples=15, thorough_factor=40,
                     tolerance="1e-12 relative: float64 roundoff of a density and a std")
def proportional_population_std(subject, ev, outcomes):
    r"""$A_{\alpha,\beta}$ equals $c\,(R - \mathrm{mean})/\mathrm{std}$ (population std) on random binary groups."""
    al, be, c = subject
    ids = np.zeros(len(outcomes), dtype=int)
    grpo = grpo_advantages(ids, outcomes, std="population")
    bnpo = _bnpo_group(outcomes, al, be)
    ev.show("BNPO advantages at the claimed (α, β)", bnpo)
    ev.show("GRPO advantages (population std)", grpo)
    ev.close(bnpo, c * grpo, rtol=1e-12, what="A_BNPO vs c·A_GRPO", context=f"group {outcomes}",
             labels=("BNPO at the claimed (α, β)", "c × GRPO"))


@C.GRPO_SCALED.check(given={"outcomes": _groups()}, examples=15, thorough_factor=40,
                     tolerance="1e-12 relative: float64 roundoff of a density and a std")
def proportional_bessel_std(subject, ev, outcomes):
    r"""$A_{\alpha,\beta}$ equals $c\sqrt{G/(G-1)}\,(R - \mathrm{mean})/s$ ($s$ the Bessel std) on random binary
    groups."""
    al, be, c = subject
    g = len(outcomes)
    ids = np.zeros(g, dtype=int)
    grpo = grpo_advantages(ids, outcomes, std="bessel")
    bnpo = _bnpo_group(outcomes, al, be)
    ev.show("BNPO advantages at the claimed (α, β)", bnpo)
    ev.show("GRPO advantages (Bessel std)", grpo)
    ev.close(bnpo, c * math.sqrt(g / (g - 1)) * grpo, rtol=1e-12,
             what="A_BNPO vs c·√(G/(G−1))·A_GRPO", context=f"group {outcomes}",
             labels=("BNPO at the claimed (α, β)", "c √(G/(G−1)) × GRPO"))
