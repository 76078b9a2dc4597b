"""Fuzzing targets: every claimkit check as a plain hypothesis test (not part of the default run).

    pip install -e '.[fuzz]'          # in a venv of its own (README, "Fuzzing")
    hypothesis fuzz -- fuzz/          # many processes; failures go to .hypothesis/claimkit
    pytest fuzz/ -n 2                 # or: the same targets under pytest-xdist

Checks of claims expected refuted or conditional are marked xfail (HypoFuzz skips them).

Failures found here replay first in the next `claimkit run` or `pytest` (same database keys).
"""

from claimkit.fuzz import fuzz_targets

globals().update(fuzz_targets())
