"""The objects under test: numpy ports of the release (JJGO/hyperlight a3e2108), the paper's statements written as
functions, the closed form of E‖h(γ)‖² at initialisation, the reproduction's training loop, and the mutants.

Release files read (a3e2108): ``hyperlight/hypernet/encoding.py`` (``encode_input``: ``torch.cat([cos(πz/2),
sin(πz/2)], dim=-1)`` with a warning outside [0, 1]; ``[z, 1 − z]``; identity), ``hyperlight/hypernet/model.py``
(``FullyConnectedNet``: LeakyReLU, ``out_bias=True``, ``kaiming_normal_fanout``, ``init_bias=0.0``; its
``reset_parameters`` re-initialises the output layer with ``nonlinearity=None`` inside the loop over modules, so
the output weight ends with gain 1; ``HyperNet``: ``encoding="cos|sin"``, ``init_independent_weights=True`` sets
the output bias to the primary network's own initialisation — Kaiming normal, fan-in, for names ending in
``.weight``, 0 for ``.bias`` —, then ``_init_output_split`` re-draws the output rows of each primary tensor with
Kaiming normal fan-out, gain √2, the fan-out being that tensor's size), ``hyperlight/hypernet/initialization.py``
(``kaiming_normal_(…, nonlinearity="leaky_relu")`` with torch's default ``a = 0``: gain √2 whatever the slope).
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp
from scipy import special

from claimkit import Formula, interval

from . import library as L

# -- activations ----------------------------------------------------------------------------------------------


def relu(x: Any) -> Any:
    return np.where(np.real(x) > 0, x, 0 * x)


def leaky(slope: float) -> Callable[[Any], Any]:
    """LeakyReLU of ``slope`` (works on floats, arrays and Fractions)."""
    def act(x: Any) -> Any:
        if isinstance(x, Fraction):
            return x if x > 0 else slope * x
        return np.where(np.real(x) > 0, x, slope * x)
    return act


def gelu(x: Any) -> Any:
    return 0.5 * x * (1.0 + special.erf(np.asarray(x) / math.sqrt(2.0)))


def silu(x: Any) -> Any:
    return np.asarray(x) * special.expit(x)


def elu(x: Any) -> Any:
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0.0)))


#: The smooth activations of M1's second part, by name (float64).
SMOOTH = {"GELU": gelu, "tanh": np.tanh, "SiLU": silu, "ELU": elu}


def forward(layers: Sequence[tuple[Any, Any]], x: Any, act: Callable[[Any], Any]) -> Any:
    """h(x) for an MLP of (W, b) layers (b may be None), φ = ``act`` between layers (float64 arrays)."""
    for i, (w, b) in enumerate(layers):
        x = np.asarray(w) @ x
        if b is not None:
            x = x + b
        if i < len(layers) - 1:
            x = act(x)
    return x


def forward_exact(layers: Sequence[tuple[Any, Any]], x: Sequence[Fraction], slope: Fraction) -> list[Fraction]:
    """h(x) in exact rationals (every float is a rational): the same MLP with the LeakyReLU of ``slope``."""
    vec = [Fraction(v) for v in x]
    for i, (w, b) in enumerate(layers):
        rows = np.asarray(w).tolist()
        out = []
        for r, row in enumerate(rows):
            t = sum((Fraction(a) * v for a, v in zip(row, vec)), Fraction(0))
            if b is not None:
                t += Fraction(float(np.asarray(b)[r]))
            out.append(t)
        vec = [v if v > 0 else slope * v for v in out] if i < len(layers) - 1 else out
    return vec


# -- M1: the subject is the activation with the range of c the statement quantifies over -----------------------

HOMOGENEITY = {"activation": "leaky", "c_range": (0.0, 100.0)}
HOMOGENEITY_GELU = {"activation": "gelu", "c_range": (0.0, 100.0)}
HOMOGENEITY_NEGATIVE_C = {"activation": "leaky", "c_range": (-100.0, 100.0)}
HOMOGENEITY_SOFTPLUS = {"activation": "softplus", "c_range": (0.0, 100.0)}


def activation_of(name: str, slope: float) -> Callable[[Any], Any]:
    if name == "leaky":
        return leaky(slope)
    if name == "gelu":
        return gelu
    return lambda x: np.logaddexp(0.0, x) - math.log(2.0)  # softplus shifted to vanish at 0


def relu_in_place_of_tanh() -> dict[str, Callable[[Any], Any]]:
    return {**SMOOTH, "tanh": relu}


# -- M2: asymptotic proportionality with biases --------------------------------------------------------------

ASYMPTOTIC = {"bound": L.bias_asymptotic_bound, "rate": 1.0}


def bound_last_bias_only(layers: Any) -> float:
    """Mutant: K = ‖b_L‖ only (the hidden biases' propagation forgotten)."""
    return float(np.linalg.norm(layers[-1][1])) if layers[-1][1] is not None else 0.0


ASYMPTOTIC_LAST_BIAS = {"bound": bound_last_bias_only, "rate": 1.0}
ASYMPTOTIC_SQUARED = {"bound": L.bias_asymptotic_bound, "rate": 2.0}
ASYMPTOTIC_SQRT = {"bound": L.bias_asymptotic_bound, "rate": 0.5}


# -- M3: the release's initialisation ---------------------------------------------------------------------------


def _kaiming_normal(rng: np.random.Generator, shape: tuple[int, ...], fan: int, gain: float) -> np.ndarray:
    return rng.standard_normal(shape) * (gain / math.sqrt(fan))


def release_fc_init(sizes: Sequence[int], seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Port of ``FullyConnectedNet.reset_parameters`` (defaults): hidden weights Kaiming normal fan-out gain √2;
    the output weight re-drawn with gain 1 (``nonlinearity=None`` → linear), fan-out; every bias 0."""
    rng = np.random.default_rng(seed)
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        gain = 1.0 if i == len(sizes) - 2 else math.sqrt(2.0)
        layers.append((_kaiming_normal(rng, (n_out, n_in), n_out, gain), np.zeros(n_out)))
    return layers


def release_hypernet_init(input_size: int, hidden: Sequence[int], outputs: dict[str, tuple[int, ...]],
                          seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Port of ``HyperNet.__init__`` with its defaults: the backbone as :func:`release_fc_init`; the output bias
    set to the independent weights (``init_independent_weights``: Kaiming normal fan-in, gain √2, for names ending
    in ``.weight``, 0 for ``.bias``); the output rows of each primary tensor re-drawn Kaiming normal fan-out with
    gain √2 and fan-out the tensor's size (``_init_output_split``)."""
    sizes = [input_size, *hidden, sum(math.prod(s) for s in outputs.values())]
    layers = release_fc_init(sizes, seed)
    rng = np.random.default_rng(seed + 1)
    w_out, _ = layers[-1]
    bias_parts = []
    for name, shape in outputs.items():
        if name.endswith(".weight"):
            fan_in = math.prod(shape[1:]) if len(shape) > 1 else shape[0]
            bias_parts.append(_kaiming_normal(rng, shape, fan_in, math.sqrt(2.0)).ravel())
        else:
            bias_parts.append(np.zeros(math.prod(shape)))
    offset = 0
    for shape in outputs.values():
        size = math.prod(shape)
        w_out[offset:offset + size] = _kaiming_normal(rng, (size, w_out.shape[1]), size, math.sqrt(2.0))
        offset += size
    layers[-1] = (w_out, np.concatenate(bias_parts))
    return layers


def release_encode_input(z: np.ndarray, mode: str | None = "cos|sin") -> np.ndarray:
    """Port of ``encode_input`` (no validation, as the release)."""
    if mode is None:
        return z
    if mode == "cos|sin":
        if (z < 0).any() or (z > 1).any():
            warnings.warn("Input tensor has dimensions outside of [0,1].", UserWarning, stacklevel=2)
        scaled = np.pi * z / 2
        return np.concatenate([np.cos(scaled), np.sin(scaled)], axis=-1)
    if mode == "z|1-z":
        return np.concatenate([z, 1 - z], axis=-1)
    raise ValueError(mode)


# -- M3 (second part): one SGD step on a regression loss -----------------------------------------------------


def sgd_step(layers: Sequence[tuple[np.ndarray, np.ndarray]], x: np.ndarray, y: np.ndarray, lr: float,
             slope: float) -> list[tuple[np.ndarray, np.ndarray]]:
    """One SGD step on L = ½‖h(x) − y‖² (one input x, analytic backprop) for an MLP with LeakyReLU of ``slope``."""
    acts, pres = [np.asarray(x, dtype=float)], []
    for i, (w, b) in enumerate(layers):
        z = w @ acts[-1] + b
        pres.append(z)
        acts.append(np.where(z > 0, z, slope * z) if i < len(layers) - 1 else z)
    delta = acts[-1] - y
    new = []
    for i in range(len(layers) - 1, -1, -1):
        w, b = layers[i]
        new.append((w - lr * np.outer(delta, acts[i]), b - lr * delta))
        if i:
            delta = (w.T @ delta) * np.where(pres[i - 1] > 0, 1.0, slope)
    return new[::-1]


def sgd_step_weights_only(layers: Sequence[tuple[np.ndarray, np.ndarray]], x: np.ndarray, y: np.ndarray,
                          lr: float, slope: float) -> list[tuple[np.ndarray, np.ndarray]]:
    """Mutant: the step leaves the biases where they are (their gradient dropped)."""
    stepped = sgd_step(layers, x, y, lr, slope)
    return [(w, b0) for (w, _), (_, b0) in zip(stepped, layers)]


def sgd_step_half_bias(layers: Sequence[tuple[np.ndarray, np.ndarray]], x: np.ndarray, y: np.ndarray,
                       lr: float, slope: float) -> list[tuple[np.ndarray, np.ndarray]]:
    """Mutant: the bias gradient halved."""
    stepped = sgd_step(layers, x, y, lr, slope)
    return [(w, (b + b0) / 2) for (w, b), (_, b0) in zip(stepped, layers)]


# -- M4: the primary network's scaling --------------------------------------------------------------------------


def primary_scale(c: float, depth: int) -> float:
    """M4: the factor c^L by which the primary network's output grows when γ is scaled by c."""
    return c**depth


def primary_scale_minus_one(c: float, depth: int) -> float:
    return c ** (depth - 1)


def primary_scale_plus_one(c: float, depth: int) -> float:
    return c ** (depth + 1)


# -- M5: E‖h(γ)‖² at Kaiming fan-out initialisation ----------------------------------------------------------

#: The widths of M5's hypernetwork.
WIDTHS = (3, 16, 16, 40)
s = sp.Symbol("s")
g0, g1, g2 = sp.symbols("g_0 g_1 g_2")
GAMMA_DOMAIN = interval(-2, 2)
INIT_SECOND_MOMENT = Formula(2 * (1 + s**2) ** 2 * (g0**2 + g1**2 + g2**2),
                             {"s": interval(0, 1), "g_0": GAMMA_DOMAIN, "g_1": GAMMA_DOMAIN, "g_2": GAMMA_DOMAIN},
                             name="init_second_moment")
#: Mutant: Kaiming fan-in (std √(2/n_{l−1})): the constant depends on the widths, (80/3)(1 + s²)² for 3-16-16-40.
FAN_IN_SECOND_MOMENT = INIT_SECOND_MOMENT.with_expr(sp.Rational(80, 3) * (1 + s**2) ** 2 * (g0**2 + g1**2 + g2**2))


def draw_second_moment(rng: np.random.Generator, size: int, s: float, g_0: float, g_1: float,
                       g_2: float) -> np.ndarray:
    """‖h(γ)‖² for ``size`` independent initialisations of the 3-16-16-40 MLP, W_l ~ N(0, 2/n_l), biases 0."""
    x = np.broadcast_to(np.array([g_0, g_1, g_2]), (size, 3))
    for i, (n_in, n_out) in enumerate(zip(WIDTHS[:-1], WIDTHS[1:])):
        w = rng.standard_normal((size, n_out, n_in)) * math.sqrt(2.0 / n_out)
        x = np.einsum("boi,bi->bo", w, x)
        if i < len(WIDTHS) - 2:
            x = np.where(x > 0, x, s * x)
    return np.einsum("bo,bo->b", x, x)


# -- M6: encodings and their mutants ---------------------------------------------------------------------------


def encode_two_pi(z: np.ndarray, mode: str | None = "cos|sin") -> np.ndarray:
    """Mutant: cos|sin with 2π in place of π/2."""
    angle = 2 * np.pi * np.asarray(z, dtype=float)
    return np.concatenate([np.cos(angle), np.sin(angle)], axis=-1)


def encode_z_one_minus_z(z: np.ndarray, mode: str | None = "cos|sin") -> np.ndarray:
    """Mutant: [z, 1 − z] used as MIP's encoding."""
    z = np.asarray(z, dtype=float)
    return np.concatenate([z, 1 - z], axis=-1)


def encode_interleaved_pi(z: np.ndarray, mode: str | None = "cos|sin") -> np.ndarray:
    """Mutant: cos|sin with π in place of π/2 (E(0) = −E(1) in the cosine, injective on [0, 1] still, period 2)."""
    angle = np.pi * np.asarray(z, dtype=float)
    return np.concatenate([np.cos(angle), np.sin(angle)], axis=-1)


z = sp.Symbol("z")
Z_ONE_MINUS_Z_NORM = Formula(1 - 2 * z * (1 - z), {"z": interval(0, 1)}, name="z_one_minus_z_norm")


# -- M7: magnitude bounds mutants --------------------------------------------------------------------------------


def bounds_without_sqrt_k(layers: Any, k: int, *, slope: float = 0.01) -> tuple[float, float]:
    """Mutant: the input norm taken as 1 instead of √k."""
    lo, hi = L.magnitude_bounds(layers, k, slope=slope)
    return lo / math.sqrt(k), hi / math.sqrt(k)


def bounds_without_slope(layers: Any, k: int, *, slope: float = 0.01) -> tuple[float, float]:
    """Mutant: the lower bound without the factor slope^{L−1}."""
    lo, hi = L.magnitude_bounds(layers, k, slope=slope)
    return (lo / slope ** (len(layers) - 1) if slope > 0 else lo), hi


def bounds_sigma_max_lower(layers: Any, k: int, *, slope: float = 0.01) -> tuple[float, float]:
    """Mutant: the lower bound with the spectral norms (largest singular values) in place of σ_min."""
    _, hi = L.magnitude_bounds(layers, k, slope=slope)
    return hi * slope ** (len(layers) - 1), hi


# -- library mutants -------------------------------------------------------------------------------------------


def leaky_slope_on_positive(x: Any, slope: float = 0.01) -> Any:
    """Mutant: the slope applied to positive inputs (x ↦ slope·x for x > 0, x otherwise)."""
    arr = np.asarray(x, dtype=float)
    out = np.where(arr > 0, slope * arr, arr)
    return float(out) if out.ndim == 0 else out


def leaky_slope_squared(x: Any, slope: float = 0.01) -> Any:
    """Mutant: the slope squared on negative inputs (a slip in the parametrisation)."""
    arr = np.asarray(x, dtype=float)
    out = np.where(arr > 0, arr, slope * slope * arr)
    return float(out) if out.ndim == 0 else out


def mip_without_residual(layers: Any, theta0: Any, gamma: Any, *, slope: float = 0.01) -> np.ndarray:
    """Mutant: MIP without the residual θ₀."""
    return L.mip_hypernet(layers, np.zeros_like(np.asarray(theta0, dtype=float)), gamma, slope=slope)


def mip_residual_of_gamma(layers: Any, theta0: Any, gamma: Any, *, slope: float = 0.01) -> np.ndarray:
    """Mutant: the residual made a function of γ (θ₀ scaled by the mean of γ)."""
    base = L.mip_hypernet(layers, np.zeros_like(np.asarray(theta0, dtype=float)), gamma, slope=slope)
    return base + np.mean(np.asarray(gamma, dtype=float), axis=-1, keepdims=True) * np.asarray(theta0, dtype=float)


def mip_raw_input(layers: Any, theta0: Any, gamma: Any, *, slope: float = 0.01) -> np.ndarray:
    """Mutant: the residual kept but γ fed as [γ, 0] (no encoding)."""
    g = np.asarray(gamma, dtype=float)
    return np.asarray(theta0, dtype=float) + L.mlp(layers, np.concatenate([g, 0 * g], axis=-1), slope=slope)


def release_hypernet_init_hidden_bias(input_size: int, hidden: Sequence[int], outputs: dict[str, tuple[int, ...]],
                                      seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Mutant: the release's HyperNet with init_bias=0.1 on the hidden layers."""
    layers = release_hypernet_init(input_size, hidden, outputs, seed)
    return [(w, b + 0.1) if i < len(layers) - 1 else (w, b) for i, (w, b) in enumerate(layers)]


# -- M5's ground truth: He et al.'s second-moment recursion, the activation's moment by quadrature -------------


@functools.lru_cache(maxsize=256)
def activation_second_moment(s: float) -> float:
    """E φ_s(Z)², Z ~ N(0, 1), by adaptive quadrature of φ_s(z)²·ϕ(z) on each half line."""
    from scipy import integrate

    def density(t: float) -> float:
        return math.exp(-0.5 * t * t) / math.sqrt(2 * math.pi)

    pos, _ = integrate.quad(lambda t: t * t * density(t), 0.0, np.inf, epsabs=0.0, epsrel=1e-13)
    neg, _ = integrate.quad(lambda t: (s * t) ** 2 * density(t), -np.inf, 0.0, epsabs=0.0, epsrel=1e-13)
    return pos + neg


def second_moment_recursion(s: float, g_0: float, g_1: float, g_2: float, moment: Callable[[float], Any] | None = None,
                            num: Callable[[float], Any] = float) -> Any:
    """E‖h(γ)‖² by the recursion q_l = n_l σ_l² q_{l−1} · (E φ(Z)² after a hidden layer), q_0 = ‖γ‖², σ_l² = 2/n_l
    (every pre-activation is N(0, σ_l²‖x_{l−1}‖²) given the previous layer, and φ is homogeneous)."""
    m2 = (moment or activation_second_moment)(s)
    q = num(g_0) ** 2 + num(g_1) ** 2 + num(g_2) ** 2
    for i, n_out in enumerate(WIDTHS[1:]):
        q = q * n_out * (num(2) / n_out)
        if i < len(WIDTHS) - 2:
            q = q * m2
    return q


def second_moment_recursion_mp(digits: int, s: float, g_0: float, g_1: float, g_2: float) -> Any:
    """The recursion at ``digits`` digits, E φ_s(Z)² by mpmath quadrature."""
    import mpmath

    with mpmath.workdps(digits):
        def moment(slope: float) -> Any:
            sl = mpmath.mpf(slope)
            dens = lambda t: mpmath.exp(-t * t / 2) / mpmath.sqrt(2 * mpmath.pi)  # noqa: E731
            return (mpmath.quad(lambda t: t * t * dens(t), [0, mpmath.inf])
                    + mpmath.quad(lambda t: (sl * t) ** 2 * dens(t), [-mpmath.inf, 0]))

        return second_moment_recursion(s, g_0, g_1, g_2, moment=moment, num=mpmath.mpf)


def encode_interleaved_layout(z: Any, mode: str | None = "cos|sin") -> np.ndarray:
    """Mutant: [cos(πz₁/2), sin(πz₁/2), cos(πz₂/2), …] (interleaved per coordinate)."""
    if mode != "cos|sin":
        return L.encode_input(z, mode)
    out = L.encode_input(z, mode)
    k = out.shape[-1] // 2
    return np.stack([out[..., :k], out[..., k:]], axis=-1).reshape(out.shape)


def encode_silent(z: Any, mode: str | None = "cos|sin") -> np.ndarray:
    """Mutant: no warning outside [0, 1]."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return L.encode_input(z, mode)


def release_fc_init_output_gain_sqrt2(sizes: Sequence[int], seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Mutant: the output layer kept at gain √2 (the re-draw with gain 1 inside the loop forgotten)."""
    layers = release_fc_init(sizes, seed)
    w, b = layers[-1]
    layers[-1] = (w * math.sqrt(2.0), b)
    return layers


def release_hypernet_init_whole_fanout(input_size: int, hidden: Sequence[int], outputs: dict[str, tuple[int, ...]],
                                       seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Mutant: the output split drawn with the fan-out of the whole output layer instead of each tensor's size."""
    layers = release_hypernet_init(input_size, hidden, outputs, seed)
    w, b = layers[-1]
    offset, total = 0, w.shape[0]
    for shape in outputs.values():
        size = math.prod(shape)
        w[offset:offset + size] *= math.sqrt(size / total)
        offset += size
    layers[-1] = (w, b)
    return layers


RELEASE_INITS = {"fc": release_fc_init, "hyper": release_hypernet_init}
RELEASE_INITS_FC_GAIN = {"fc": release_fc_init_output_gain_sqrt2, "hyper": release_hypernet_init}
RELEASE_INITS_WHOLE_FANOUT = {"fc": release_fc_init, "hyper": release_hypernet_init_whole_fanout}
