"""A cache of derivation results between runs: sympy's answers, keyed by everything they depend on.

A derivation is a pure function of its source, the code it calls and the sympy version. The key hashes
the claimkit and sympy versions, every Python module of the engine (``claimkit/``: the code that runs a
derivation and records its steps), the claim and derivation names, and every Python file of the claim's
family (``theorems/<family>/``) and of the project's ``fixtures/``: any edit there recomputes the
family's derivations. Entries live under ``<project>/.claimkit/cache/``;
a result taken from the cache says so in results.json (``cached``) and on the claim's page. Runs that
must be cold (``claimkit bench``, ``--no-cache``) bypass it.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

from ._io import write_json_atomic
from .records import DerivationRecord

__all__ = ["CACHE_DIR", "DerivationCache", "engine_digest"]

#: Where the cache lives, relative to the project root.
CACHE_DIR = Path(".claimkit") / "cache" / "derivations"



def _folder_digest(h: Any, folder: Path, relative_to: Path) -> None:
    """Feed every Python file under ``folder`` (sorted, with its path relative to ``relative_to``) to ``h``."""
    for path in sorted(folder.rglob("*.py")) if folder.is_dir() else ():
        h.update(path.relative_to(relative_to).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def engine_digest(package: Path) -> str:
    """A digest of the engine's Python modules: any edit to one of them changes every cache key."""
    h = hashlib.sha256()
    _folder_digest(h, package, package)
    return h.hexdigest()


class DerivationCache:
    """Derivation records on disk, one JSON file per key."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.directory = self.root / CACHE_DIR
        self._family_digests: dict[str, str] = {}

    def _sources_digest(self, family: str) -> str:
        if family not in self._family_digests:
            import sympy

            from . import __version__

            h = hashlib.sha256(f"claimkit {__version__}\nsympy {sympy.__version__}\n".encode())
            h.update(engine_digest(Path(__file__).resolve().parent).encode())
            for folder in (self.root / "theorems" / family, self.root / "fixtures"):
                _folder_digest(h, folder, self.root)
            self._family_digests[family] = h.hexdigest()
        return self._family_digests[family]

    def key(self, family: str, claim_id: str, derivation: str) -> str:
        text = f"{self._sources_digest(family)}\n{claim_id}\n{derivation}"
        return hashlib.sha256(text.encode()).hexdigest()[:40]

    def get(self, key: str) -> DerivationRecord | None:
        """The cached record (marked ``cached``), or None when there is none or it cannot be read."""
        path = self.directory / f"{key}.json"
        try:
            entry: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            record = entry["record"]
            return DerivationRecord(
                name=record["name"], description=record["description"], status=record["status"],
                steps=record["steps"], residual=record["residual"], reason=record["reason"], error=record["error"],
                seconds=0.0, shows=record.get("shows", "statement"),  # this run spent nothing on it
                cached_at=str(entry["computed_at"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, record: DerivationRecord) -> None:
        """Keep a record that ran to its end (an error is never cached: it is rerun next time)."""
        if record.status == "error":
            return
        entry = {"computed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "record": record.to_json()}
        try:
            write_json_atomic(entry, self.directory / f"{key}.json")
        except OSError:  # a read-only project still runs; it only recomputes
            pass
