"""Check of V5 refined (``bnpo.grpo_member_up_to_constant``) for trl's group-normalised advantage: on binary groups,
BNPO's advantage with $\\alpha = \\beta = 3/2$ (from the Beta density, ``checks/bnpo/numerics.beta_pdf``) equals
$(\\pi/8)\\sqrt{G/(G-1)}$ times the advantage trl computes with its Bessel-corrected group std."""

from __future__ import annotations

import math

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...checks.bnpo.numerics import beta_pdf
from ...theorems.conformance import adapters_trl as T
from ...theorems.conformance import claims_trl as C

#: float64 roundoff of a Beta density (exp of logs, betaln) and of torch's mean and std: a few ulps each; 1e-12
#: relative (the base's tolerance) leaves ×1000. The trainer's ε = 1e-4 would move the advantage by 1e-4/s ≥ 1e-4.
MEMBER_RTOL = 1e-12


@st.composite
def grouped_outcomes(draw: st.DrawFn) -> list[list[int]]:
    """1–3 groups of G binary rewards (G from 2 to 64, the same for every group, as trl's num_generations), each
    with at least one success and one failure, in a random order."""
    g = draw(st.integers(2, 64))
    groups = []
    for _ in range(draw(st.integers(1, 3))):
        k = draw(st.integers(1, g - 1))
        groups.append(draw(st.permutations([1] * k + [0] * (g - k))))
    return groups


def _confirm_member(subject, outcomes) -> tuple[bool, str]:
    """At 40 digits: GRPO's advantage with the exact Bessel std, (R − p̂)/s, against trl's, re-run."""
    rewards, g = T.groups_of(outcomes)
    got = np.asarray(subject(rewards, g))
    worst, at = mpmath.mpf(0), None
    with mpmath.workdps(40):
        for q, o in enumerate(outcomes):
            p = mpmath.mpf(sum(o)) / g
            s = mpmath.sqrt(mpmath.fsum((v - p) ** 2 for v in o) / (g - 1))
            for i, v in enumerate(o):
                exact = (v - p) / s
                gap = abs(mpmath.mpf(float(got[q * g + i])) / exact - 1)
                if gap > worst:
                    worst, at = gap, (q, o, float(s))
    return worst > mpmath.mpf(10) ** -10, (
        f"at 40 digits, group {at[1]}: the exact Bessel std is {at[2]!r}; trl's advantage departs from (R − p̂)/s by "
        f"{mpmath.nstr(worst, 4)} relative" if at else "no departure")


#: Two groups with different success rates: a batch-wide std differs from each group's.
TWO_GROUPS = [{"outcomes": [[1, 0, 0, 0], [1, 1, 1, 0]]}]


@C.GRPO_MEMBER.check(given={"outcomes": grouped_outcomes()}, examples=15, regressions=TWO_GROUPS,
                     confirm=_confirm_member, precision="float64; re-verified at 40 digits",
                     tolerance=f"{MEMBER_RTOL:g} relative (MEMBER_RTOL): float64 roundoff of a density and a std")
def bessel_std_member(subject, ev, outcomes):
    r"""$A_{3/2,3/2} = (R - \hat p)/f_N(\hat p; 3/2, 3/2)$ in each group equals $(\pi/8)\sqrt{G/(G-1)}$ times trl's
    advantage $(R - \mathrm{mean})/\mathrm{nanstd}$."""
    rewards, g = T.groups_of(outcomes)
    got = np.asarray(subject(rewards, g))
    bnpo = np.concatenate([(np.array(o, dtype=float) - np.mean(o)) / float(beta_pdf(np.mean(o), 1.5, 1.5))
                           for o in outcomes])
    factor = math.pi / 8 * math.sqrt(g / (g - 1))
    ev.show("rewards (groups of G consecutive)", rewards)
    ev.show("trl's advantage", got)
    ev.show("BNPO(3/2, 3/2) advantage", bnpo)
    ev.close(bnpo, factor * got, rtol=MEMBER_RTOL, what="A_BNPO vs (π/8)√(G/(G−1))·A_trl", context=f"G={g}",
             labels=("BNPO at α = β = 3/2", "(π/8)√(G/(G−1)) × trl's advantage"))
