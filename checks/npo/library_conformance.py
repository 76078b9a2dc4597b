"""The library's functions against high-precision ground truth, over inputs of every scale (claims
npo.library_sequence_log_probs, npo.library_npo_loss, npo.library_npo_weights)."""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.npo import claims_library as C
from .strategies import seeds, token_batch, token_batches


def _log_probs_high_precision(logits, labels):
    """log of the product over counted positions of e^{z_y}/Σ_v e^{z_v}, at 30 digits."""
    out = []
    with mpmath.workdps(30):
        for z, row in zip(logits, labels):
            p = mpmath.mpf(1)
            for t in range(z.shape[0] - 1):
                y = int(row[t + 1])
                if y >= 0:
                    p *= mpmath.exp(mpmath.mpf(z[t, y])) / mpmath.fsum(mpmath.exp(mpmath.mpf(v)) for v in z[t])
            out.append(float(mpmath.log(p)))
    return np.array(out)


# Sums of ≤ 6 log-softmax terms of logits |z| ≤ 15 in float64: ≤ 6·4ε·15 ≈ 1e-13 absolute; 1e-11 leaves 100×.
LOG_PROB_ATOL = 1e-11


@C.LIBRARY_LOG_PROBS.check(given={"case": token_batches}, examples=15, precision="mpmath 30 digits (products of "
                           "softmax probabilities)", tolerance=f"{LOG_PROB_ATOL:g} absolute (float64 sums ≈ 1e-13)")
def matches_product_of_probabilities(subject, ev, case):
    """sequence_log_probs equals the log of the product of the labelled tokens' softmax probabilities."""
    logits, _, labels = token_batch(**case)
    got = subject(logits, labels)
    truth = _log_probs_high_precision(logits, labels)
    ev.show("labels", labels)
    ev.show("sequence_log_probs", got)
    ev.show("log of the product (30 digits)", truth)
    ev.close(got, truth, atol=LOG_PROB_ATOL, what="log π per sequence",
             labels=("sequence_log_probs", "30-digit product"))


@C.LIBRARY_LOG_PROBS.check(given={"seed": seeds, "offset": st.sampled_from([1e3, 1e4, 1e6, -1e6])}, examples=8,
                           precision="float64", tolerance="1e-9 absolute: adding the offset rounds each logit by "
                           "≤ ε·1e6 ≈ 2e-10, ≤ 4 positions")
def offset_invariance(subject, ev, seed, offset):
    """Adding the same offset to every logit of a position leaves log π unchanged (exp of the raw logits would
    overflow)."""
    logits, _, labels = token_batch(seed, 2, 6, 3, 1.0)
    base = subject(logits, labels)
    shifted = subject(logits + offset, labels)
    ev.show("offset", offset)
    ev.show("log π", base)
    ev.show("log π with the offset", shifted)
    ev.close(shifted, base, atol=1e-9, what="log π after an offset", labels=("with the offset", "without"))


def _loss_high_precision(lp, lr, beta):
    with mpmath.workdps(50):
        b = mpmath.mpf(beta)
        total = mpmath.fsum(mpmath.log1p(mpmath.exp(b * (mpmath.mpf(a) - mpmath.mpf(r)))) for a, r in zip(lp, lr))
        return 2 / b * total / len(lp)


@st.composite
def log_prob_pairs(draw):
    """(log π_θ, log π_ref, β): magnitudes from 1e-300 to 1e300, β from 1e-8 to 1e3; one draw in three puts every
    sequence deep below its reference (β(l − r) from −37 to −700, where the loss is its tail (2/β)e^{βu})."""
    n = draw(st.integers(1, 4))
    beta = 10.0 ** draw(st.floats(-8.0, 3.0))
    if draw(st.integers(0, 2)) == 0:
        lr = [-draw(st.floats(0.0, 50.0)) for _ in range(n)]
        lp = [r - draw(st.floats(37.0, 700.0)) / beta for r in lr]
        return np.array(lp), np.array(lr), beta
    mags = st.floats(-300.0, 300.0).map(lambda e: 10.0**e)
    lp = [-draw(mags) if draw(st.booleans()) else -draw(st.floats(0.0, 50.0)) for _ in range(n)]
    lr = [a - draw(st.floats(-30.0, 30.0)) if draw(st.booleans()) else -draw(mags) for a in lp]
    lr = [min(0.0, x) for x in lr]
    return np.array(lp), np.array(lr), beta


# Relative 1e-12: the float64 computation adds a few ulps per operation (log1p and exp are good to 1 ulp); the
# difference u = l − r is exact or rounded once. The mutants are off by 100% (lost tails), factors 2 or n, or inf.
LOSS_RTOL = 1e-12


@C.LIBRARY_LOSS.check(given={"case": log_prob_pairs()}, examples=25, precision="mpmath 50 digits",
                      tolerance=f"relative {LOSS_RTOL:g}")
def matches_fifty_digits(subject, ev, case):
    """npo_loss equals $\\frac{2}{\\beta}\\operatorname{mean}\\log(1 + e^{\\beta u})$ at 50 digits, at every scale."""
    lp, lr, beta = case
    truth = _loss_high_precision(lp, lr, beta)
    ev.assume(1e-300 < abs(truth) < 1e300)
    got = subject(lp, lr, beta)
    ev.show("log π_θ", lp)
    ev.show("log π_ref", lr)
    ev.show("β", beta)
    ev.show("50-digit loss", mpmath.nstr(truth, 20))
    ev.close(got, float(truth), rtol=LOSS_RTOL, what="NPO loss", labels=("npo_loss", "50-digit loss"))


@C.LIBRARY_WEIGHTS.check(given={"case": log_prob_pairs()}, examples=25, precision="mpmath 50 digits",
                         tolerance="relative 1e-13 (2σ(βu) is good to a few ulps), absolute 1e-300")
def weights_match_fifty_digits(subject, ev, case):
    """npo_weights equals $2/(1 + e^{-\\beta u})$ at 50 digits and lies in $[0, 2]$."""
    lp, lr, beta = case
    got = subject(lp, lr, beta)
    with mpmath.workdps(50):
        truth = [float(2 / (1 + mpmath.exp(-mpmath.mpf(beta) * (mpmath.mpf(a) - mpmath.mpf(r))))) for a, r in zip(lp,
        lr)]
    ev.show("log π_θ", lp)
    ev.show("log π_ref", lr)
    ev.show("W", got)
    ev.show("50-digit W", truth)
    ev.close(got, np.array(truth), rtol=1e-13, atol=1e-300, what="W", labels=("npo_weights", "50-digit W"))
    ev.that(bool(np.all((got >= 0) & (got <= 2))), f"W outside [0, 2]: {got}", claimed="[0, 2]", observed=got,
            labels=("range, by the claim", "npo_weights"))


@C.LIBRARY_WEIGHTS.check(given={"scale": st.sampled_from([1e-300, 1e-5, 1.0, 1e5, 1e300]),
                                "beta": st.floats(1e-3, 1e3)}, examples=5, precision="exact",
                         tolerance="none: W = 1 exactly")
def one_at_equal_log_probs(subject, ev, scale, beta):
    """W = 1 exactly where log π_θ = log π_ref, whatever their size."""
    lp = -scale * np.array([1.0, 0.5, 0.0])
    got = subject(lp, lp.copy(), beta)
    ev.show("W at equal log-probabilities", got)
    ev.that(bool(np.all(got == 1.0)), f"W = {got} at equal log-probabilities", claimed=1.0, observed=got,
            labels=("W, by the claim", "npo_weights"))
