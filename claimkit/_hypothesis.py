"""Every use of hypothesis's private attributes, in one place.

claimkit needs four things hypothesis has no public API for. Each is isolated here, tested against the
oldest and the newest hypothesis that pyproject.toml allows (tests/test_hypothesis_compat.py), and
fails with a message naming this module if a release removes it.

- the database key of a test (``_hypothesis_internal_database_key``): a check's failures are saved
  and replayed under one key, the one its fuzzing target has;
- the extra digest (``_hypothesis_internal_add_digest``) that HypoFuzz sets to a test's node id, so
  that claimkit computes the same key;
- the digest of a test function (``hypothesis.internal.reflection.function_digest``);
- the pool of "local constants": since 6.131.1, hypothesis draws now and then a literal found in the
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


#: The first release that draws local constants (its changelog: "Hypothesis now looks for constant
#: values in the source code of your program"). Before it there is no such pool, so nothing to fix.
LOCAL_CONSTANTS_SINCE = (6, 131, 1)


@contextlib.contextmanager
def fixed_constant_pool() -> Iterator[None]:
    """Run with an empty pool of local constants (see the module docstring); a no-op on releases without it."""
    import hypothesis

    if hypothesis.__version_info__ < LOCAL_CONSTANTS_SINCE:
        yield
        return
    from hypothesis.internal import constants_ast as constants_module
    from hypothesis.internal.conjecture import providers as providers_module

    # Typed as Any: which attributes these modules have depends on the release (checked below).
    constants_ast: Any = constants_module
    providers: Any = providers_module
    # Every release since LOCAL_CONSTANTS_SINCE builds each test case's pool by calling this module
    # function (looked up at call time, so replacing it takes effect) and caches, per choice type and
    # constraints, the constants they permit. A release without them is not silently let through:
    # the pool would then depend on the imports again.
    original = getattr(providers, "_get_local_constants", None)
    cache = getattr(providers, "CONSTANTS_CACHE", None)
    if original is None or cache is None:
        raise _missing("hypothesis.internal.conjecture.providers._get_local_constants and CONSTANTS_CACHE")
    constants_class = getattr(constants_ast, "Constants", None)
    empty: object
    if constants_class is not None:
        # 6.131.9 on: the pool is a Constants object, empty when built without arguments.
        empty = constants_class()
    else:
        # 6.131.1 to 6.131.8: the pool is a dict from each choice type to the constants of that type.
        empty = {"integer": (), "float": (), "bytes": (), "string": ()}

    def no_local_constants() -> object:
        return empty

    cache.cache.clear()  # (choice type, constraints) -> constants permitted: built from the pool in force
    providers._get_local_constants = no_local_constants
    try:
        yield
    finally:
        providers._get_local_constants = original
        cache.cache.clear()
