"""The library against 50-digit ground truth at every scale (two_pass_softmax.library_softmax) and on the
special values (two_pass_softmax.library_special_values)."""

from __future__ import annotations

import mpmath
import numpy as np
from hypothesis import strategies as st

from ...theorems.two_pass_softmax import claims_library as C
from .strategies import seeds


def _softmax_mp(row):
    """softmax of the finite entries of ``row`` at 50 digits; masked entries get 0."""
    with mpmath.workdps(50):
        vals = [mpmath.mpf(float(v)) if np.isfinite(v) else None for v in row]
        m = max(v for v in vals if v is not None)
        ex = [mpmath.exp(v - m) if v is not None else mpmath.mpf(0) for v in vals]
        total = mpmath.fsum(ex)
        return np.array([float(e / total) for e in ex]), float(m)


def _logits(seed, rows, n, exponent, offset, masked, chunk):
    """Normal logits of scale 10^exponent around ``offset``; when ``masked``, 40% of the entries and the whole
    first chunk (if the row is longer) are −∞, one entry past it kept finite."""
    rng = np.random.default_rng(seed)
    x = 10.0**exponent * rng.normal(size=(rows, n)) + offset
    if masked:
        mask = rng.random((rows, n)) < 0.4
        if n > chunk:
            mask[:, :chunk] = True
        mask[:, int(rng.integers(min(chunk, n - 1), n)) if n > chunk else int(rng.integers(n))] = False
        x[mask] = -np.inf
    return x


#: A row whose first chunk is fully masked and whose later entries are huge: every planted bug fails here.
MASKED_FIRST_CHUNK = {"seed": 7, "rows": 2, "n": 12, "exponent": 2.0, "offset": 1e3, "masked": True, "chunk": 3,
                      "axis": -1}


@C.LIBRARY_SOFTMAX.check(given={"seed": seeds, "rows": st.integers(1, 3), "n": st.integers(1, 40),
                                "exponent": st.floats(-3.0, 300.0), "offset": st.sampled_from([0.0, 1e3, -1e6, 1e300]),
                                "masked": st.booleans(), "chunk": st.integers(1, 16), "axis": st.sampled_from([0, -1])},
                         examples=10, precision="mpmath 50 digits on the same floats",
                         tolerance=r"relative $(N + 8 + 2|x_i - m|)\,2^{-53}$ per entry; absolute $10^{-300}$",
                         regressions=[MASKED_FIRST_CHUNK])
def matches_fifty_digits(subject, ev, seed, rows, n, exponent, offset, masked, chunk, axis):
    r"""softmax equals the definition at 50 digits on every row (or column, for axis 0)."""
    x = _logits(seed, rows, n, exponent, offset, masked, chunk)
    ev.assume(bool(np.all(np.isfinite(x[np.isfinite(x)]))))
    arr = x if axis == -1 else x.T.copy()
    y = subject(arr, axis, chunk=chunk)
    y = y if axis == -1 else y.T
    ev.show("x (first row)", x[0][:8])
    ev.show("softmax (first row)", y[0][:8])
    for row, got in zip(x, y):
        truth, m = _softmax_mp(row)
        gap = np.where(np.isfinite(row), np.abs(row - m), 0.0)
        rtol = (n + 8 + 2 * gap) * 2.0**-53
        ev.finite(got, "softmax")
        err = np.abs(got - truth)
        ev.le(float(np.max(err - rtol * truth - 1e-300)), 0.0, what="error within the tolerance",
              labels=("max(|y − truth| − tol)", "0"))


def _raises(fn, *args):
    try:
        fn(*args)
    except ValueError as exc:
        return str(exc)
    return None


@C.LIBRARY_SPECIAL.check(given={"seed": seeds, "n": st.integers(2, 20), "chunk": st.integers(1, 8)}, examples=6,
                         precision="exact for the masked entries; float64 for the others",
                         tolerance=r"masked entries exactly 0; the others within $(N + 8)\,2^{-53}$ of the softmax "
                                   "of the unmasked entries")
def masked_entries_and_errors(subject, ev, seed, n, chunk):
    r"""Masked entries get exactly 0 and the rest the softmax of the unmasked ones; an all-masked row raises in
    softmax and is $-\infty$ in logsumexp; NaN and $+\infty$ raise a ValueError naming $x$."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n) * 5
    mask = rng.random(n) < 0.5
    mask[int(rng.integers(n))] = False
    x[mask] = -np.inf
    if not np.all(mask[chunk:]):  # the first chunk fully masked, the rest keeps a finite entry
        x[:chunk] = -np.inf
    keep = np.isfinite(x)
    ev.assume(bool(np.any(keep)))
    ev.show("x", x)
    y = subject.softmax(x, chunk=chunk)
    ev.show("softmax", y)
    ev.finite(y, "softmax")
    ev.that(bool(np.all(y[~keep] == 0.0)), "masked entries are exactly 0", claimed=y[~keep].tolist(),
            observed=[0.0] * int(np.sum(~keep)), labels=("softmax", "0"))
    z = x[keep] - np.max(x[keep])
    ref = np.exp(z) / np.sum(np.exp(z))
    ev.close(y[keep], ref, rtol=(n + 8) * 2.0**-53, what="unmasked entries",
             labels=("softmax", "softmax of the unmasked entries"))
    ev.that(_raises(subject.softmax, np.full(n, -np.inf)) is not None, "all-masked row: softmax raises ValueError")
    ev.that(subject.logsumexp(np.full(n, -np.inf)) == -np.inf, "all-masked row: logsumexp is −∞")
    for bad in (np.nan, np.inf):
        z = x.copy()
        z[0] = bad
        msg = _raises(subject.softmax, z)
        ev.that(msg is not None and "x" in msg, f"softmax raises a ValueError naming x on {bad}")

