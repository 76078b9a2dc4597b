"""Conformance: a paper's claims run against the implementations people install.

A claim whose subject is an adapter to a third-party package (numpy in, numpy out) names that package
with ``Claim(implementation=Implementation(...))``: the distribution, the version the adapter was
written for, the API it calls and how the claim's hyper-parameters map to the package's. The claim
reuses the checks of the claim it mirrors (:meth:`claimkit.Claim.reuse_check`), so each
(claim, implementation) pair gets its own verdict from the same checks; its mutants are the adapter with
a perturbed mapping, which prove that those checks can fail on this implementation too.

The packages are heavy (torch) and optional. A family whose ``theorems/NAME/__init__.py`` sets
``REQUIRES = ("adamp==0.3.0", ...)`` is loaded only where every one of them is installed at exactly
that version; elsewhere the run says which family it left out and why, and its claims are not run.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import re
from collections.abc import Sequence
from typing import Any

__all__ = ["Implementation", "unmet_requirements", "parse_requirement"]

_REQUIREMENT_RE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!_-]+)$")


def parse_requirement(text: str) -> tuple[str, str]:
    """``"adamp==0.3.0"`` -> ``("adamp", "0.3.0")``; anything but an exact pin is refused."""
    match = _REQUIREMENT_RE.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"requirement {text!r}: pin an exact version, as 'package==1.2.3' (a conformance "
                         "verdict holds for the version it ran against)")
    return match.group(1), match.group(2)


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_version(package: str) -> str | None:
    """The installed version of a distribution, or None."""
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def _same_version(installed: str, pinned: str) -> bool:
    """``2.13.0+cpu`` is ``2.13.0``: a local build label does not change the release."""
    return installed == pinned or installed.split("+", 1)[0] == pinned


def unmet_requirements(requires: Sequence[str]) -> list[str]:
    """Each pinned requirement not installed at its version, as ``"adamp==0.3.0 (not installed)"`` or
    ``"… (installed: 0.2.0)"``."""
    unmet = []
    for text in requires:
        package, version = parse_requirement(text)
        have = installed_version(package)
        if have is None:
            unmet.append(f"{package}=={version} (not installed)")
        elif not _same_version(have, version):
            unmet.append(f"{package}=={version} (installed: {have})")
    return unmet


@dataclasses.dataclass(frozen=True)
class Implementation:
    """A third-party implementation a claim runs against, through an adapter.

    package: the distribution's name on PyPI (``"pytorch-optimizer"``); version: the exact version the
    adapter was written for; api: what it calls (``"pytorch_optimizer.Lion"``); mapping: how the
    claim's hyper-parameters map to the package's arguments (text with LaTeX between ``$…$``).
    """

    package: str
    version: str
    api: str
    mapping: str

    def __post_init__(self) -> None:
        parse_requirement(f"{self.package}=={self.version}")
        if not self.api.strip():
            raise ValueError(f"Implementation({self.package}): api= names what the adapter calls, "
                             "e.g. 'adamp.SGDP'")
        if not self.mapping.strip():
            raise ValueError(f"Implementation({self.package}): mapping= says how the claim's hyper-parameters "
                             "map to the package's arguments")

    @property
    def requirement(self) -> str:
        return f"{self.package}=={self.version}"

    @property
    def slug(self) -> str:
        """``pytorch-optimizer-4.1.0``: the name of the package's conformance page."""
        return f"{_normalized(self.package)}-{self.version}"

    def as_dict(self) -> dict[str, Any]:
        return {"package": self.package, "version": self.version, "api": self.api, "mapping": self.mapping,
                "slug": self.slug, "installed": installed_version(self.package)}
