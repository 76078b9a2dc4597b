"""claimkit: verify machine-learning theory claims with derivations, property checks and mutants.

Theorem modules declare :class:`Claim` objects (with their :class:`Paper`); check modules attach
numerical checks with :meth:`Claim.check`; the pytest plugin runs everything and computes verdicts.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Where each public name is defined. They are imported on first use, so that loading the pytest plugin
#: (in every pytest run of an environment where claimkit is installed) does not import sympy and hypothesis.
_DEFINED_IN = {
    "Implementation": "conformance", "Derivation": "derive", "CheckFailure": "evidence", "Evidence": "evidence",
    "Formula": "formula", "MonteCarlo": "formula", "components": "formula", "formula_claim": "formula",
    "integers": "formula", "interval": "formula", "psd": "formula", "simplex": "formula",
    "KINDS": "model", "REGISTRY": "model", "VERDICTS": "model", "Claim": "model", "Paper": "model",
}


def __getattr__(name: str) -> Any:
    module = _DEFINED_IN.get(name)
    if module is None:
        raise AttributeError(f"module 'claimkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_DEFINED_IN})
