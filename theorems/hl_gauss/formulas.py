"""The transforms under test: the released HL-Gauss listing (a numpy port), its plausible wrong variants, two-hot
in exact rationals, the decoding-bias series, the edge-bias closed form, and the high-precision ground truths.

The listing is the ``HLGaussLoss`` module of the paper's Appendix A (arXiv 2403.03950, as copied in repositories
that cite it): ``support = linspace(v_min, v_max, m + 1)``; ``cdf = erf((support − y)/(√2 σ))``;
``z = cdf[−1] − cdf[0]``; ``probs = (cdf[1:] − cdf[:−1])/z``; decoding with the centres
``(support[:−1] + support[1:])/2``. No clipping of y, no ε in the division. The port below follows it in the
float type given (float32 as in most copies, or float64).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, NamedTuple

import mpmath
import numpy as np
import sympy as sp
from scipy.special import erf

from claimkit import Formula, interval

# -- the released listing ------------------------------------------------------------------------------------


class Release(NamedTuple):
    """The listing as one subject: ``transform(y, v_min, v_max, m, sigma, dtype)`` → probabilities,
    ``decode(probs, v_min, v_max, dtype)`` → value, ``num_logits(m)`` → the classifier's output width."""

    transform: Any
    decode: Any
    num_logits: Any


def release_transform(y: float, v_min: float, v_max: float, m: int, sigma: float, dtype: Any = np.float32):
    """Appendix A: probabilities of the m bins, as the listing computes them (no clipping, no ε)."""
    support = np.linspace(v_min, v_max, m + 1, dtype=dtype)
    with np.errstate(all="ignore"):
        cdf = erf((support - dtype(y)) / (np.sqrt(dtype(2.0)) * dtype(sigma))).astype(dtype)
        z = cdf[-1] - cdf[0]
        return (cdf[1:] - cdf[:-1]) / z


def release_decode(probs: np.ndarray, v_min: float, v_max: float, dtype: Any = np.float32):
    """Appendix A: Σ p_i c_i with c = (support[:−1] + support[1:])/2, m = len(probs)."""
    m = len(probs)
    support = np.linspace(v_min, v_max, m + 1, dtype=dtype)
    centres = (support[:-1] + support[1:]) / dtype(2.0)
    return np.sum(np.asarray(probs, dtype=dtype) * centres, dtype=dtype)


def release_num_logits(m: int) -> int:
    """The listing's classifier head has one logit per bin: m logits for m + 1 edges."""
    return m


RELEASE = Release(release_transform, release_decode, release_num_logits)

# -- wrong variants (mutants) -----------------------------------------------------------------------------------


def _decode_with(centres_of):
    def decode(probs, v_min, v_max, dtype=np.float32):
        m = len(probs)
        support = np.linspace(v_min, v_max, m + 1, dtype=dtype)
        return np.sum(np.asarray(probs, dtype=dtype) * centres_of(support), dtype=dtype)
    return decode


decode_negated_centres = _decode_with(lambda s: (s[:-1] - s[1:]) / 2)
decode_left_edges = _decode_with(lambda s: s[:-1])


def transform_sigma_in_value_units(y, v_min, v_max, m, sigma, dtype=np.float32):
    """σ given in bin units (σ/ς = 0.75) but used in value units: σ = 0.75 whatever ς is."""
    width = (v_max - v_min) / m
    return release_transform(y, v_min, v_max, m, sigma / width, dtype)


def transform_without_normalisation(y, v_min, v_max, m, sigma, dtype=np.float32):
    """(cdf[1:] − cdf[:−1])/2: the full normal's bin masses, not divided by the mass z inside the support."""
    support = np.linspace(v_min, v_max, m + 1, dtype=dtype)
    cdf = erf((support - dtype(y)) / (np.sqrt(dtype(2.0)) * dtype(sigma))).astype(dtype)
    return (cdf[1:] - cdf[:-1]) / dtype(2.0)


def transform_without_sqrt2(y, v_min, v_max, m, sigma, dtype=np.float32):
    """erf((support − y)/σ): the √2 forgotten, so σ is effectively σ/√2."""
    return release_transform(y, v_min, v_max, m, sigma / math.sqrt(2.0), dtype)


def transform_m_plus_one_bins(y, v_min, v_max, m, sigma, dtype=np.float32):
    """m + 1 bins (edges linspace(v_min, v_max, m + 2)): the head has m + 1 logits."""
    return release_transform(y, v_min, v_max, m + 1, sigma, dtype)


def transform_with_epsilon(y, v_min, v_max, m, sigma, dtype=np.float32):
    """A guard (cdf[1:] − cdf[:−1])/(z + 1e-6): finite everywhere, but no longer summing to 1."""
    support = np.linspace(v_min, v_max, m + 1, dtype=dtype)
    cdf = erf((support - dtype(y)) / (np.sqrt(dtype(2.0)) * dtype(sigma))).astype(dtype)
    return (cdf[1:] - cdf[:-1]) / (cdf[-1] - cdf[0] + dtype(1e-6))


def transform_clipped(y, v_min, v_max, m, sigma, dtype=np.float32):
    """The listing after clipping y to the support: finite everywhere (the library's policy)."""
    return release_transform(min(max(y, v_min), v_max), v_min, v_max, m, sigma, dtype)


# -- two-hot, exactly ------------------------------------------------------------------------------------------


def two_hot_exact(y: Fraction, atoms: list[Fraction]) -> list[Fraction]:
    """Two-hot of y on increasing atoms (exact rationals), y clipped to [a_1, a_m] as in the library."""
    y = min(max(y, atoms[0]), atoms[-1])
    j = max(k for k in range(len(atoms) - 1) if atoms[k] <= y)
    w = (atoms[j + 1] - y) / (atoms[j + 1] - atoms[j])
    out = [Fraction(0)] * len(atoms)
    out[j] = w
    out[j + 1] = 1 - w
    return out


def two_hot_unclipped_exact(y: Fraction, atoms: list[Fraction]) -> list[Fraction]:
    """The two-hot formula applied outside [a_1, a_m] without clipping (extrapolated on the end segment):
    weights outside [0, 1] that still decode to y."""
    j = 0 if y < atoms[0] else len(atoms) - 2 if y > atoms[-1] else max(
        k for k in range(len(atoms) - 1) if atoms[k] <= y)
    w = (atoms[j + 1] - y) / (atoms[j + 1] - atoms[j])
    out = [Fraction(0)] * len(atoms)
    out[j] = w
    out[j + 1] = 1 - w
    return out


# -- the decoding bias: series, edge closed form, high-precision routes ------------------------------------------

r, u = sp.symbols("r u", positive=True)
HARMONICS = 2
#: bias/ς of a normal N(y, σ²) binned on an infinite grid of width ς, r = σ/ς, u = (y − e_0)/ς: the Fourier
#: series Σ_k (1/(πk)) e^{−2π²k²r²} sin(2πku), to its first HARMONICS terms (r ≥ 0.4: the rest < 5e-14)
BIAS_SERIES = Formula(
    sum(sp.exp(-2 * sp.pi**2 * k**2 * r**2) * sp.sin(2 * sp.pi * k * u) / (sp.pi * k) for k in range(1, HARMONICS + 1)),
    {"r": interval(0.4, 0.6, log=True), "u": interval(0.0, 1.0)},
    name="hl_gauss_bias_series",
)

#: the leading term alone (a mutant of the series: the second harmonic dropped)
BIAS_FIRST_HARMONIC = Formula(sp.exp(-2 * sp.pi**2 * r**2) * sp.sin(2 * sp.pi * u) / sp.pi,
                              {"r": interval(0.4, 0.6, log=True), "u": interval(0.0, 1.0)}, name="first_harmonic")


def edge_bias(ratio: float, terms: int = 60) -> float:
    """(decoded − v_max)/ς at y = v_max, far from v_min: −(1/2 + 2 Σ_{j≥1} Φ(−j/r)), summed until negligible."""
    total = 0.0
    for j in range(1, terms + 1):
        total += 0.5 * math.erfc(j / (ratio * math.sqrt(2.0)))
    return -(0.5 + 2.0 * total)


def mp_probabilities(y, v_min, v_max, m, sigma, dps=30):
    """The HL-Gauss histogram at ``dps`` digits (mpmath): Φ differences over Φ(e_m) − Φ(e_0)."""
    with mpmath.workdps(dps):
        y, lo, hi, s = (mpmath.mpf(x) for x in (y, v_min, v_max, sigma))
        edges = [lo + (hi - lo) * k / m for k in range(m + 1)]
        # a bin right of y as a difference of upper tails, so that its digits survive far from y
        lower = [mpmath.ncdf((e - y) / s) for e in edges]
        upper = [mpmath.ncdf((y - e) / s) for e in edges]
        mass = [upper[k] - upper[k + 1] if edges[k] >= y else lower[k + 1] - lower[k] for k in range(m)]
        z = mpmath.fsum(mass)
        return [w / z for w in mass], edges


def mp_decoded(y, v_min, v_max, m, sigma, dps=30):
    """Σ p_i c_i at ``dps`` digits."""
    probs, edges = mp_probabilities(y, v_min, v_max, m, sigma, dps)
    with mpmath.workdps(dps):
        return mpmath.fsum(p * (edges[k] + edges[k + 1]) / 2 for k, p in enumerate(probs))


def mp_truncated_mean_binned_by_quadrature(y, v_min, v_max, m, sigma, dps=30):
    """E[c(Y)] for Y ~ N(y, σ²) conditioned on [v_min, v_max], c(x) the centre of x's bin, by mpmath
    quadrature of the density over each bin (no normal CDF used)."""
    with mpmath.workdps(dps):
        y, lo, hi, s = (mpmath.mpf(x) for x in (y, v_min, v_max, sigma))
        width = (hi - lo) / m

        def dens(x):
            return mpmath.exp(-((x - y) / s) ** 2 / 2)

        masses = [mpmath.quad(dens, [lo + k * width, lo + (k + 1) * width]) for k in range(m)]
        total = mpmath.fsum(masses)
        return mpmath.fsum(w * (lo + (k + mpmath.mpf(1) / 2) * width) for k, w in enumerate(masses)) / total


def _bin_masses(t: np.ndarray, s: float, m: int) -> np.ndarray:
    """Bin masses of N(t, s²) on the unit bins of [0, m] (rows per t), each as a difference of the tail on the
    far side of its nearer edge: relative accuracy in every bin, not only near t."""
    from scipy.special import ndtr

    edges = np.arange(m + 1, dtype=float)
    z = (edges[None, :] - np.asarray(t, dtype=float)[:, None]) / s
    right = ndtr(-z[:, :-1]) - ndtr(-z[:, 1:])
    left = ndtr(z[:, 1:]) - ndtr(z[:, :-1])
    return np.where(z[:, :-1] >= 0, right, left)


def _interior_bias(ratio: float, us: np.ndarray) -> np.ndarray:
    """(ŷ − y)/ς for y = e_K + u ς, K bins from the start of a support of 2K + 1 bins, K ≥ 12 σ/ς + 2: float64."""
    half = int(math.ceil(12 * ratio)) + 2
    m = 2 * half + 1
    t = half + np.asarray(us, dtype=float)
    masses = _bin_masses(t, ratio, m)
    offsets = (np.arange(m) + 0.5)[None, :] - t[:, None]
    return np.sum(masses * offsets, axis=1) / np.sum(masses, axis=1)


def bias_by_bins(r: float, u: float) -> float:
    """The truth of hl_gauss.interior_bias_series in float64: the decoded HL-Gauss value minus y, on a finite
    support wide enough that the truncation is below 1e-30."""
    return float(_interior_bias(float(r), np.array([float(u)]))[0])


def bias_by_quadrature(digits: int, r: float, u: float):
    """The same at ``digits`` digits by mpmath quadrature (bin masses integrated, no normal CDF)."""
    half = int(math.ceil(12 * float(r))) + 2
    m = 2 * half + 1
    with mpmath.workdps(digits + 10):
        y = half + mpmath.mpf(u)
        return mp_truncated_mean_binned_by_quadrature(y, 0, m, m, r, digits + 10) - y


def sawtooth_samples(rng: np.random.Generator, size: int, r: float, u: float) -> np.ndarray:
    """c(Y) − Y for Y ~ N(u, r²) on unit bins with edges at the integers: i.i.d. draws whose mean is the bias."""
    y = u + r * rng.standard_normal(size)
    return np.floor(y) + 0.5 - y


def interior_bias_profile(ratio: float, points: int = 20_001) -> np.ndarray:
    """(ŷ − y)/ς on a grid of ``points`` values of u = (y − e_K)/ς in [0, 1], interior of a wide support."""
    return _interior_bias(ratio, np.linspace(0.0, 1.0, points))


def interior_bias_profile_sigma_value_units(ratio: float, points: int = 20_001) -> np.ndarray:
    """σ = ratio in value units on bins of width 4: r = ratio/4."""
    return _interior_bias(ratio / 4.0, np.linspace(0.0, 1.0, points))


def interior_bias_profile_without_sqrt2(ratio: float, points: int = 20_001) -> np.ndarray:
    """erf((e − y)/σ): r effectively ratio/√2."""
    return _interior_bias(ratio / math.sqrt(2.0), np.linspace(0.0, 1.0, points))


def mp_decoded_left_edges(y, v_min, v_max, m, sigma, dps=30):
    """Σ p_i e_i: the decoded value half a bin low."""
    with mpmath.workdps(dps):
        return mp_decoded(y, v_min, v_max, m, sigma, dps) - (mpmath.mpf(v_max) - v_min) / (2 * m)


def edge_bias_half_normal(ratio: float) -> float:
    """−σ√(2/π) in bins: the mean shift of the unbinned half-normal."""
    return -ratio * math.sqrt(2.0 / math.pi)


def edge_bias_no_factor_two(ratio: float, terms: int = 60) -> float:
    """−(1/2 + Σ_{j≥1} Φ(−j/r)): the factor 2 of the one-sided normalisation lost."""
    return -(0.5 + sum(0.5 * math.erfc(j / (ratio * math.sqrt(2.0))) for j in range(1, terms + 1)))


# -- G5: the population minimiser and its decoding --------------------------------------------------------------


def mixture_of_histograms(atoms, weights, v_min, v_max, m, sigma) -> np.ndarray:
    """Σ_k w_k p(y_k): the claimed minimiser of the expected cross-entropy for y ~ Σ_k w_k δ_{y_k}."""
    from .library import hl_gauss_target

    return np.asarray(weights, dtype=float) @ hl_gauss_target(np.asarray(atoms, dtype=float), v_min, v_max, m, sigma)


def histogram_of_mean(atoms, weights, v_min, v_max, m, sigma) -> np.ndarray:
    """The HL-Gauss histogram of E[y] (a plausible wrong minimiser)."""
    from .library import hl_gauss_target

    return hl_gauss_target(float(np.dot(weights, atoms)), v_min, v_max, m, sigma)


def decoded_mixture(atoms, weights, v_min, v_max, m, sigma, dps=30):
    """Σ_i p̄_i c_i at ``dps`` digits (mpmath), p̄ the mixture of the atoms' histograms."""
    with mpmath.workdps(dps):
        return mpmath.fsum(mpmath.mpf(w) * mp_decoded(y, v_min, v_max, m, sigma, dps) for y, w in zip(atoms, weights))


def decoded_mixture_left_edges(atoms, weights, v_min, v_max, m, sigma, dps=30):
    """The same decoded with the left edges: half a bin low."""
    with mpmath.workdps(dps):
        return decoded_mixture(atoms, weights, v_min, v_max, m, sigma, dps) - (mpmath.mpf(v_max) - v_min) / (2 * m)


# -- library variants (mutants of hl_gauss.library_target) -----------------------------------------------------


def library_as_listing(y, v_min, v_max, num_bins, sigma):
    """The listing in float64 in place of the library (no clipping, CDF differences)."""
    arr = np.atleast_1d(np.asarray(y, dtype=float))
    out = np.array([release_transform(v, v_min, v_max, num_bins, sigma, np.float64) for v in arr])
    return out[0] if np.ndim(y) == 0 else out


def library_naive_differences(y, v_min, v_max, num_bins, sigma):
    """Φ(e_{i+1}) − Φ(e_i) for every bin after clipping: a bin far right of y is a difference of numbers near 1."""
    from scipy.special import ndtr

    arr = np.clip(np.atleast_1d(np.asarray(y, dtype=float)), v_min, v_max)
    edges = np.linspace(v_min, v_max, num_bins + 1)
    cdf = ndtr((edges[None, :] - arr[:, None]) / sigma)
    out = np.diff(cdf, axis=1)
    out /= out.sum(axis=1, keepdims=True)
    return out[0] if np.ndim(y) == 0 else out


def library_decode_left_edges(probs, v_min, v_max):
    """Σ p_i e_i."""
    from .library import hl_gauss_decode

    arr = np.asarray(probs, dtype=float)
    return hl_gauss_decode(arr, v_min, v_max) - (v_max - v_min) / (2 * arr.shape[-1])


def library_ce_on_logits(logits, y, v_min, v_max, sigma):
    """−Σ p_i z_i: the logits taken as log-probabilities."""
    from .library import hl_gauss_target

    z = np.asarray(logits, dtype=float)
    loss = -np.sum(hl_gauss_target(y, v_min, v_max, z.shape[-1], sigma) * z, axis=-1)
    return float(loss) if z.ndim == 1 else loss


def library_two_hot_swapped(y, atoms):
    """The weight (a_{j+1} − y)/(a_{j+1} − a_j) put on a_{j+1} instead of a_j."""
    from .library import two_hot_target

    p = two_hot_target(y, atoms)
    rows = np.atleast_2d(p)
    out = np.zeros_like(rows)
    for i, row in enumerate(rows):
        nz = np.nonzero(row)[0]
        if nz.size == 2:
            out[i, nz[0]], out[i, nz[1]] = row[nz[1]], row[nz[0]]
        else:
            out[i] = row
    return out[0] if p.ndim == 1 else out


class Comparison(NamedTuple):
    """G8's ordering: test MSE of ``lower`` strictly below that of ``upper`` on every seed."""

    lower: str
    upper: str


def two_hot_swapped_exact(y: Fraction, atoms: list[Fraction]) -> list[Fraction]:
    """The two weights exchanged: (a_{j+1} − y)/(a_{j+1} − a_j) on a_{j+1} (a plausible slip)."""
    p = two_hot_exact(y, atoms)
    nz = [k for k, w in enumerate(p) if w != 0]
    if len(nz) == 2:
        p[nz[0]], p[nz[1]] = p[nz[1]], p[nz[0]]
    return p
