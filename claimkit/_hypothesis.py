"""Every use of hypothesis's private attributes, in one place.

claimkit needs four things hypothesis has no public API for. Each is isolated here, tested against the
oldest and the newest hypothesis that pyproject.toml allows (tests/test_hypothesis_compat.py), and
fails with a message naming this module if a release removes it.

- the database key of a test (``_hypothesis_internal_database_key``): a check's failures are saved
  and replayed under one key, the one its fuzzing target has;
- the extra digest (``_hypothesis_internal_add_digest``) that HypoFuzz sets to a test's node id, so
  that claimkit computes the same key;
- the digest of a test function (``hypothesis.internal.reflection.function_digest``);
- the pool of "local constants": since 6.131, hypothesis draws now and then a literal found in the
  source of any non-installed module imported so far. What the pool holds depends on which modules
  the process happened to import before a check ran (and on whether claimkit was installed with
  ``pip install -e``), so the same check with the same seed drew different examples in a full run,
  a family's run and a single claim's run. claimkit runs checks with an empty local pool:
  hypothesis's own constants (0, ±1, NaN, the float extremes, …) are still drawn, and the examples
  are a function of the check and its seed alone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["database_key_of", "fixed_constant_pool", "set_database_key", "set_extra_digest"]


def _missing(what: str) -> RuntimeError:
    import hypothesis

    return RuntimeError(f"hypothesis {hypothesis.__version__} no longer has {what}, which claimkit uses "
                        "(claimkit/_hypothesis.py): install a hypothesis release that pyproject.toml allows")


def set_database_key(test: Callable[..., Any], key: bytes) -> None:
    """Save and replay ``test``'s failures under ``key``, whatever its seed or settings."""
    test._hypothesis_internal_database_key = key  # type: ignore[attr-defined]


def set_extra_digest(test: Callable[..., Any], data: bytes) -> None:
    """Add ``data`` to the digest of the ``@given`` test ``test`` (HypoFuzz adds a test's node id)."""
    inner = getattr(getattr(test, "hypothesis", None), "inner_test", None)
    if inner is None:
        raise _missing("the .hypothesis.inner_test attribute of @given tests")
    inner._hypothesis_internal_add_digest = data


def database_key_of(test: Callable[..., Any]) -> bytes:
    """The key under which hypothesis (and HypoFuzz) save the failures of the ``@given`` test ``test``."""
    try:
        from hypothesis.internal.reflection import function_digest
    except ImportError as exc:  # pragma: no cover - present in every release allowed
        raise _missing("hypothesis.internal.reflection.function_digest") from exc
    inner = getattr(getattr(test, "hypothesis", None), "inner_test", None)
    if inner is None:
        raise _missing("the .hypothesis.inner_test attribute of @given tests")
    digest: bytes = function_digest(inner)
    return digest


@contextlib.contextmanager
def fixed_constant_pool() -> Iterator[None]:
    """Run with an empty pool of local constants (see the module docstring); a no-op on releases without it."""
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import Constants
    except ImportError:  # releases before local constants: nothing to fix
        yield
        return
    original = getattr(providers, "_get_local_constants", None)
    cache = getattr(providers, "CONSTANTS_CACHE", None)
    if original is None or cache is None:
        yield
        return
    empty = Constants()

    def no_local_constants() -> Constants:
        return empty

    cache.cache.clear()  # (choice type, constraints) -> constants permitted: built from the pool in force
    providers._get_local_constants = no_local_constants
    try:
        yield
    finally:
        providers._get_local_constants = original
        cache.cache.clear()
