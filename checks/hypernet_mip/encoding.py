"""Checks of M6 (the encodings): the squared norm
against k, the entries against the complex exponential, recovery of z by atan2, the distance formula
4 sin²(π(z − z′)/4), the period 4; the library against the port of the release's encode_input."""

from __future__ import annotations

import math
import warnings

import numpy as np
from hypothesis import strategies as st

from ...theorems.hypernet_mip import formulas as F
from ...theorems.hypernet_mip.claims_encoding import COS_SIN_INJECTIVE, COS_SIN_NORM, INJECTIVITY_INTERVAL
from ...theorems.hypernet_mip.claims_library import LIBRARY_ENCODING
from ...theorems.hypernet_mip.library import ENCODINGS
from .strategies import seeds

# cos and sin are correctly rounded to within 1 ulp; a sum of k ≤ 8 pairs of squares is within (2k + 2)·ε of k.
NORM_RTOL = 1e-14
# |E(z) − e^{iπz/2}| per entry: both within 1 ulp of the exact value; the angle πz/2 is rounded the same way.
ENTRY_ATOL = 1e-15
# z recovered by atan2: the angle has error ≤ 2ε·|πz/2| plus atan2's 1 ulp; for |z| ≤ 1, 1e-15 absolute.
RECOVERY_ATOL = 1e-14
# distances at |z| ≤ 14: the angles carry 14·π/2·ε ≈ 5e-15 each; DIST_ATOL leaves 20× headroom.
DIST_ATOL = 1e-13


def _quiet(subject, z, mode="cos|sin"):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.asarray(subject(z, mode))


@COS_SIN_NORM.check(given={"seed": seeds, "k": st.integers(1, 8), "spread": st.floats(0.0, 3.0)}, examples=15,
                    precision="float64", tolerance=f"relative {NORM_RTOL:g} (NORM_RTOL)")
def norm_is_k(subject, ev, seed, k, spread):
    r"""$\lVert E(z)\rVert^2 = k$ for 16 points $z$ in $[-\mathrm{spread}, 1 + \mathrm{spread}]^k$."""
    z = np.random.default_rng(seed).uniform(-spread, 1 + spread, (16, k))
    enc = _quiet(subject, z)
    ev.show("z (first row)", z[0])
    ev.close(np.sum(enc * enc, axis=-1), np.full(enc.shape[0], float(k)), rtol=NORM_RTOL, what="‖E(z)‖²",
             labels=("‖E(z)‖²", "k"))


@COS_SIN_NORM.check(given={"seed": seeds, "k": st.integers(1, 8)}, examples=10, precision="float64",
                    tolerance=f"absolute {ENTRY_ATOL:g} per entry (ENTRY_ATOL)")
def entries_by_complex_exponential(subject, ev, seed, k):
    r"""The entries of $E(z)$ are the real and imaginary parts of $e^{i\pi z/2}$ (so each pair has modulus 1)."""
    z = np.random.default_rng(seed).uniform(0.0, 1.0, (8, k))
    rot = np.exp(1j * (np.pi / 2) * z)
    ev.close(_quiet(subject, z), np.concatenate([rot.real, rot.imag], axis=-1), atol=ENTRY_ATOL,
             what="E(z)", labels=("E(z)", "(Re, Im) e^{iπz/2}"))


@COS_SIN_INJECTIVE.check(given={"seed": seeds, "k": st.integers(1, 4)}, examples=10,
                         regressions=[{"seed": 0, "k": 1}], precision="float64",
                         tolerance=f"absolute {RECOVERY_ATOL:g} (RECOVERY_ATOL)")
def recovers_z(subject, ev, seed, k):
    r"""$z \in [0, 1]^k$ (the corners included) is recovered from $E(z)$ by $\frac2\pi\mathrm{atan2}(\sin, \cos)$."""
    rng = np.random.default_rng(seed)
    z = np.vstack([np.zeros(k), np.ones(k), rng.uniform(0.0, 1.0, (8, k))])
    enc = _quiet(subject, z)
    back = (2 / np.pi) * np.arctan2(enc[:, k:], enc[:, :k])
    ev.show("recovered z (first rows)", back[:3])
    ev.close(back, z, atol=RECOVERY_ATOL, what="recovered z", labels=("atan2 of E(z)", "z"))


@COS_SIN_INJECTIVE.check(given={"z": st.floats(0, 1), "t": st.floats(0.01, 1)}, examples=10,
                         regressions=[{"z": 0.0, "t": 1.0}], precision="float64",
                         tolerance=f"absolute {DIST_ATOL:g} (DIST_ATOL)")
def distinct_points_apart(subject, ev, z, t):
    r"""For $z, z' = z - t$ or $z + t$ in $[0, 1]$: $\lVert E(z) - E(z')\rVert = 2|\sin(\pi t/4)| > 0$."""
    other = z + t if z + t <= 1 else z - t
    ev.assume(0.0 <= other <= 1.0)
    e1, e2 = _quiet(subject, [z]), _quiet(subject, [other])
    dist = float(np.linalg.norm(e1 - e2))
    ev.show("E(z), E(z')", [e1, e2])
    ev.close(dist, 2 * abs(math.sin(math.pi * (z - other) / 4)), atol=DIST_ATOL, what="‖E(z) − E(z')‖",
             labels=("‖E(z) − E(z')‖", "2|sin(π(z − z')/4)|"))
    ev.lt(0.0, dist, what="distinct points apart", labels=("0", "‖E(z) − E(z')‖"))


@INJECTIVITY_INTERVAL.check(given={"a": st.floats(-10, 10), "t": st.floats(0.02, 3.98)}, examples=10,
                            regressions=[{"a": 0.0, "t": 2.0}, {"a": 0.0, "t": 1.0}], precision="float64",
                            tolerance=f"absolute {DIST_ATOL:g} (DIST_ATOL)")
def injective_on_length_four(subject, ev, a, t):
    r"""For $z = a$ and $z' = a + t$, $0 < t < 4$: $\lVert E(z) - E(z')\rVert = 2\sin(\pi t/4) > 0$."""
    e1, e2 = _quiet(subject, [a]), _quiet(subject, [a + t])
    dist = float(np.linalg.norm(e1 - e2))
    ev.show("E(a), E(a + t)", [e1, e2])
    ev.close(dist, 2 * math.sin(math.pi * t / 4), atol=DIST_ATOL, what="‖E(a) − E(a + t)‖",
             labels=("‖E(a) − E(a + t)‖", "2 sin(πt/4)"))


@INJECTIVITY_INTERVAL.check(given={"seed": seeds}, examples=5, precision="float64",
                            tolerance=f"absolute {DIST_ATOL:g} (DIST_ATOL)")
def period_four(subject, ev, seed):
    r"""$E(z + 4) = E(z)$ for 16 points $z \in [-10, 10]$, and $E(z + 1) \ne E(z)$, $E(z + 2) \ne E(z)$."""
    z = np.random.default_rng(seed).uniform(-10, 10, (16, 1))
    base = _quiet(subject, z)
    ev.close(_quiet(subject, z + 4), base, atol=DIST_ATOL, what="E(z + 4)", labels=("E(z + 4)", "E(z)"))
    for shift in (1.0, 2.0):
        gap = float(np.min(np.linalg.norm(_quiet(subject, z + shift) - base, axis=-1)))
        ev.lt(0.5, gap, what=f"min ‖E(z + {shift:g}) − E(z)‖", labels=("0.5", "smallest distance"))


# -- the library against the release's encode_input -----------------------------------------------------------


@LIBRARY_ENCODING.check(given={"seed": seeds, "k": st.integers(1, 4), "mode": st.sampled_from(list(ENCODINGS)),
                               "outside": st.booleans()}, examples=15,
                        regressions=[{"seed": 0, "k": 2, "mode": "cos|sin", "outside": True}],
                        precision="float64, bit for bit", tolerance="exact equality of arrays and of warnings")
def matches_release(subject, ev, seed, k, mode, outside):
    """The library's output equals the port's bit for bit, and it warns exactly when the port warns."""
    rng = np.random.default_rng(seed)
    z = rng.uniform(-0.5, 1.5, (4, k)) if outside else rng.uniform(0.0, 1.0, (4, k))
    with warnings.catch_warnings(record=True) as lib_warnings:
        warnings.simplefilter("always")
        got = np.asarray(subject(z, mode))
    with warnings.catch_warnings(record=True) as port_warnings:
        warnings.simplefilter("always")
        want = F.release_encode_input(z, mode)
    ev.show("z (first row)", z[0])
    ev.that(bool(got.shape == want.shape and np.array_equal(got, want)), "output differs from the release's",
            claimed=got[0], observed=want[0], labels=("library (first row)", "release (first row)"))
    ev.that(len(lib_warnings) == len(port_warnings), "warns differently from the release",
            claimed=len(lib_warnings), observed=len(port_warnings), labels=("library warnings", "release warnings"))
