"""``python -m claimkit``: the ``claimkit`` command."""

from .cli import console_main

console_main()
