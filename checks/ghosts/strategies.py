"""Hypothesis strategies shared by the Ghosts-of-Softmax checks.

Logit gaps δ and slope spreads Δ_a (Thm 4.3, Eq. 13), logits with integer slopes (Prop 4.2, Thm 4.6,
Def 5.1, §5.1), and exact weights with integer slopes around the equality case of Thm 4.6.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

deltas = st.floats(-20.0, 20.0, allow_nan=False)
spreads = st.one_of(st.floats(1e-2, 1e2), st.floats(-1e2, -1e-2))


@st.composite
def integer_instances(draw, n_min: int = 2, n_max: int = 8, slope_max: int = 6):
    """Logits (wide, with near-ties) and integer slopes with a non-zero spread."""
    n = draw(st.integers(n_min, n_max))
    slopes = draw(st.lists(st.integers(-slope_max, slope_max), min_size=n, max_size=n))
    if max(slopes) == min(slopes):
        slopes[0] = slopes[0] + 1
    logits = draw(st.lists(st.floats(-10.0, 10.0), min_size=n, max_size=n))
    if draw(st.booleans()):  # near-tie of the two leading logits
        order = sorted(range(n), key=lambda k: -logits[k])
        logits[order[1]] = logits[order[0]] - draw(st.floats(0.0, 1e-3))
    return logits, slopes


@st.composite
def weight_fractions(draw) -> Fraction:
    """A Fraction in [1/10, 10] with denominator at most 12: the draws of
    ``st.fractions(Fraction(1, 10), Fraction(10), max_denominator=12)``, without the numerator strategy that
    strategy builds (and hypothesis validates) again at every draw."""
    d = draw(st.integers(1, 12))
    return Fraction(draw(st.integers(d, 100 * d)), 10 * d).limit_denominator(12)


@st.composite
def attained_instances(draw, families: tuple[str, ...] = ("balanced", "unbalanced", "middle")):
    """Exact weights (Fractions) and integer slopes: two-level and balanced, two-level unbalanced,
    or with middle slopes; the bound is attained only in the first family. ``families`` restricts the draw
    (a check about the equality case draws balanced instances only, instead of rejecting the others)."""
    family = draw(st.sampled_from(families)) if len(families) > 1 else families[0]
    D = draw(st.integers(1, 5))
    lo = draw(st.integers(-3, 3))
    n_top = draw(st.integers(1, 3))
    n_bot = draw(st.integers(1, 3))
    fr = weight_fractions()
    top = [draw(fr) for _ in range(n_top)]
    bot = [draw(fr) for _ in range(n_bot - 1)]
    last = sum(top, Fraction(0)) - sum(bot, Fraction(0))
    if last <= 0:
        bot = []
        last = sum(top, Fraction(0))
    bot.append(last)
    weights = top + bot
    slopes = [lo + D] * len(top) + [lo] * len(bot)
    if family == "unbalanced":
        weights[-1] = weights[-1] * draw(st.sampled_from([Fraction(1, 2), Fraction(3, 4), Fraction(5, 4), 2]))
    elif family == "middle":
        if D == 1:
            D = 2
            slopes = [lo + D] * len(top) + [lo] * len(bot)
        weights.append(draw(fr))
        slopes.append(lo + draw(st.integers(1, D - 1)))
    return weights, slopes
