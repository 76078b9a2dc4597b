"""claimkit: verify machine-learning theory claims with derivations, property checks and mutants.

Theorem modules declare :class:`Claim` objects (with their :class:`Paper`); check modules attach
numerical checks with :meth:`Claim.check`; the pytest plugin runs everything and computes verdicts.
"""

from .conformance import Implementation
from .derive import Derivation
from .evidence import CheckFailure, Evidence
from .formula import Formula, MonteCarlo, components, formula_claim, integers, interval, psd, simplex
from .model import KINDS, REGISTRY, VERDICTS, Claim, Paper

__version__ = "0.1.0"

__all__ = [
    "Claim",
    "Paper",
    "Derivation",
    "Evidence",
    "Formula",
    "formula_claim",
    "interval",
    "integers",
    "simplex",
    "psd",
    "components",
    "MonteCarlo",
    "Implementation",
    "CheckFailure",
    "KINDS",
    "VERDICTS",
    "REGISTRY",
    "__version__",
]
