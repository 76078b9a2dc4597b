"""G1–G4: two-hot in exact rationals; the HL-Gauss decoding bias in the interior and at the ends against mpmath
(the definition at 40 digits, and quadrature of the density over each bin) and a dense float64 grid."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.hl_gauss import claims_decoding as C
from ...theorems.hl_gauss import formulas as F
from .strategies import atoms_from, fractions_, positive_gaps

# -- G1 ---------------------------------------------------------------------------------------------------------


@C.TWO_HOT_MEAN.check(given={"gaps": positive_gaps, "start": fractions_,
                             "position": st.fractions(Fraction(0), Fraction(1), max_denominator=97)},
                      examples=20, precision="exact rationals", tolerance="none: exact equality",
                      confirm="exact")
def decodes_exactly(subject, ev, gaps, start, position):
    r"""$\sum_i p_i a_i = y$ exactly for $y = a_1 + t(a_m - a_1)$, weights in $[0, 1]$ summing to 1."""
    atoms = atoms_from(gaps, start)
    y = atoms[0] + position * (atoms[-1] - atoms[0])
    p = subject(y, atoms)
    ev.show("atoms", [str(a) for a in atoms])
    ev.show("y", str(y))
    ev.show("p", [str(w) for w in p])
    ev.that(all(0 <= w <= 1 for w in p) and sum(p) == 1, "weights are a probability vector",
            claimed="probability vector", observed=[str(w) for w in p])
    ev.close(sum(w * a for w, a in zip(p, atoms)), y, what="decoded value", labels=("Σ p_i a_i", "y"))


@C.TWO_HOT_OUTSIDE.check(given={"gaps": positive_gaps, "start": fractions_,
                                "excess": st.fractions(Fraction(1, 64), Fraction(100), max_denominator=64),
                                "above": st.booleans()},
                         examples=15, precision="exact rationals", tolerance="none: exact equality",
                         confirm="exact")
def clipped_outside(subject, ev, gaps, start, excess, above):
    r"""$y$ beyond an end atom: a probability vector decoding to the end atom."""
    atoms = atoms_from(gaps, start)
    y = atoms[-1] + excess if above else atoms[0] - excess
    p = subject(y, atoms)
    ev.show("atoms", [str(a) for a in atoms])
    ev.show("p", [str(w) for w in p])
    ev.that(all(0 <= w <= 1 for w in p) and sum(p) == 1, "weights are a probability vector",
            claimed="probability vector", observed=[str(w) for w in p])
    ev.close(sum(w * a for w, a in zip(p, atoms)), atoms[-1] if above else atoms[0], what="decoded value",
             labels=("Σ p_i a_i", "clip(y)"))


# -- G2 ---------------------------------------------------------------------------------------------------------

#: mpmath at 40 digits; the truncation 30 bins away moves the mean by e^{−(30/r)²/2} < 1e-300: anything above
#: 1e-30 of a bin is the decoding's own bias, not the arithmetic
EXACT_TOL = 1e-30


WITNESS_R, WITNESS_U = 0.25, 0.25


def _confirm_bias(subject) -> tuple[bool, str]:
    """Recompute (ŷ − y)/ς by quadrature of the density over each bin at 50 digits (no normal CDF)."""
    value = F.bias_by_quadrature(50, WITNESS_R, WITNESS_U)
    return abs(value) > 1e-20, f"(ŷ − y)/ς = {mpmath.nstr(value, 15)} by quadrature at 50 digits"


@C.INTERIOR_EXACT.check(precision="mpmath 40 digits", tolerance="absolute 1e-30 of a bin", confirm=_confirm_bias)
def decodes_to_y(subject, ev):
    r"""$\hat y(y) - y$ at 40 digits, 61 bins of width 1, $y = 30.25$, $\sigma = 0.25$."""
    y = 30 + WITNESS_U
    ev.show("sigma / bin width", WITNESS_R)
    ev.show("y", y)
    bias = subject(y, 0, 61, 61, WITNESS_R, 40) - y
    ev.show("decoded minus y, in bins", mpmath.nstr(bias, 15))
    ev.metric("bias_in_bins", f"{float(bias):.6g}")
    ev.close(float(bias), 0.0, atol=EXACT_TOL, what="decoding bias", labels=("ŷ − y", "0"))


# -- G3 ---------------------------------------------------------------------------------------------------------

M_EDGE = 40  # bins: the far end is at least 40/3 = 13 σ away for σ/ς ≤ 3


def _last_bin_gap(subject, r, t, upper):
    """(ŷ − y)/ς, signed towards the interior, for y a fraction t of a bin inside the upper or lower end."""
    y = (M_EDGE - t) if upper else t
    gap = subject(y, 0, M_EDGE, M_EDGE, r, 25) - y
    return float(gap if upper else -gap), y


def _towards_edge_by_quadrature(r, t, upper) -> tuple[bool, str]:
    y = (M_EDGE - t) if upper else t
    value = F.mp_truncated_mean_binned_by_quadrature(y, 0, M_EDGE, M_EDGE, r, 40) - y
    towards_edge = value > 0 if upper else value < 0
    return bool(towards_edge), f"ŷ − y = {mpmath.nstr(value, 12)} bins by quadrature at 40 digits"


def _confirm_sign(subject, r, t, upper) -> tuple[bool, str]:
    return _towards_edge_by_quadrature(r, t, upper)


@C.EDGE_SIGN.check(precision="mpmath 25 digits", tolerance="none: a sign",
                   confirm=lambda subject: _towards_edge_by_quadrature(0.25, 0.76, False))
def last_bin_sign(subject, ev):
    r"""In the first bin $\hat y > y$ is claimed; at $\sigma/\varsigma = 0.25$ and $y = v_{\min} + 0.76\varsigma$."""
    gap, y = _last_bin_gap(subject, 0.25, 0.76, False)
    ev.show("sigma / bin width", 0.25)
    ev.show("y", y)
    ev.metric("bias_in_bins", f"{-gap:.4g}")
    ev.lt(gap, 0.0, what="decoded value moved towards the interior", labels=("(ŷ − y) towards the edge", "0"))


@C.EDGE_SIGN.check(given={"r": st.floats(0.25, 1.0), "t": st.floats(0.0, 1.0), "upper": st.booleans()},
                   examples=6, precision="mpmath 25 digits", tolerance="none: a sign", confirm=_confirm_sign)
def last_bin_sign_drawn(subject, ev, r, t, upper):
    r"""The same over drawn $\sigma/\varsigma \in [0.25, 1]$ and positions in the end bins."""
    gap, y = _last_bin_gap(subject, r, t, upper)
    ev.show("y", y)
    ev.lt(gap, 0.0, what="decoded value moved towards the interior", labels=("(ŷ − y) towards the edge", "0"))


@C.EDGE_SIGN_WIDE.check(given={"r": st.floats(0.5, 3.0), "t": st.floats(0.0, 1.0), "upper": st.booleans()},
                        examples=10, precision="mpmath 25 digits", tolerance="none: a sign",
                        regressions=[{"r": 0.5, "t": 0.95, "upper": True}, {"r": 0.5, "t": 0.0, "upper": False}])
def last_bin_towards_interior(subject, ev, r, t, upper):
    r"""$\hat y - y$ signed towards the interior is negative in the end bins for $\sigma/\varsigma \in [0.5, 3]$."""
    gap, y = _last_bin_gap(subject, r, t, upper)
    ev.show("y", y)
    ev.lt(gap, 0.0, what="decoded value moved towards the interior", labels=("(ŷ − y) towards the edge", "0"))

#: the closed form's sum stops at 60 terms (Φ(−61/3) < 1e-90); the quadrature at 20 digits and the far end at
#: least 14σ away contribute below 1e-18; the float64 sum of the closed form rounds at 1e-16: 1e-12 leaves headroom
EDGE_TOL = 1e-12


@C.EDGE_SIZE.check(given={"r": st.floats(0.1, 3.0)}, examples=4, precision="mpmath quadrature, 20 digits",
                   tolerance="absolute 1e-12 of a bin (float64 closed form)", confirm=None)
def matches_quadrature(subject, ev, r):
    r"""The closed form against mpmath quadrature of the density over each bin of a support of $\lceil 14r\rceil + 2$
    bins (the mass beyond $14\sigma$ is below $10^{-44}$) at $y = v_{\max}$."""
    m = math.ceil(14 * r) + 2
    truth = F.mp_truncated_mean_binned_by_quadrature(m, 0, m, m, r, 20) - m
    ev.metric("bias_at_075", f"{subject(0.75):.4f}")
    ev.metric("half_normal_at_075", f"{-0.75 * math.sqrt(2 / math.pi):.4f}")
    ev.close(subject(r), float(truth), atol=EDGE_TOL, what="edge bias in bins", labels=("closed form", "quadrature"))
    # −1/2 − 2ΣΦ(−j/r) rounds to −1/2 in float64 once Φ(−1/r) < 1e-17 (r < 0.12): strictness is the derivation's
    ev.le(subject(r), -0.5, what="at least half a bin towards the interior", labels=("edge bias", "−1/2"))


# -- G4 ---------------------------------------------------------------------------------------------------------

RATIOS = (0.25, 0.5, 0.75, 1.0)


@C.NEGLIGIBLE.check(precision="float64 bin masses from the far tail of each bin",
                    tolerance="the claim's thresholds: 1e-4 of a bin, and 1e-3 relative for the leading term")
def dense_grid(subject, ev):
    r"""$\max_y |\hat y - y|$ over 20 001 positions in a bin, far from the ends, at four ratios."""
    maxima = {}
    for r in RATIOS:
        points = 20_001 if r == 0.75 else 1_001
        maxima[r] = float(np.max(np.abs(subject(r, points))))
    ev.metric("max_bias_in_bins", [f"{maxima[r]:.3g}" for r in RATIOS])
    ev.metric("max_bias_at_075", f"{maxima[0.75]:.3g}")
    ev.table("maximal interior bias, in bins", [
        {"sigma / bin width": r, "max |bias| (grid)": maxima[r],
         "leading term exp(-2 pi^2 r^2)/pi": math.exp(-2 * math.pi**2 * r * r) / math.pi} for r in RATIOS])
    ev.le(maxima[0.75], 1e-4, what="negligible at 0.75", labels=("max |ŷ − y| / ς", "1e-4"))
    for r in RATIOS[1:]:
        lead = math.exp(-2 * math.pi**2 * r * r) / math.pi
        ev.close(maxima[r], lead, rtol=1e-3, what=f"leading term at r = {r}", labels=("grid maximum", "leading term"))


@C.BIAS_SERIES.check(precision="mpmath quadrature, 30 digits", tolerance="absolute 2e-13 of a bin, as the formula's")
def second_harmonic_case(subject, ev):
    r"""At $r = 0.4$, $u = 1/8$, where the second harmonic is $5 \times 10^{-7}$, against quadrature."""
    truth = float(F.bias_by_quadrature(30, 0.4, 0.125))
    ev.close(float(subject(r=0.4, u=0.125)), truth, atol=2e-13, what="bias in bins", labels=("series", "quadrature"))
