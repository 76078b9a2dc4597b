"""Writing files so that a reader sees the old file or the new one, never a torn one."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_write", "write_json_atomic", "write_text_atomic"]


def atomic_write(path: Path, write: Callable[[IO[bytes]], Any], *, durable: bool = True) -> None:
    """Call ``write`` on a temporary file beside ``path``, flush it to disk, then rename it over ``path``.

    The temporary file is removed if ``write`` raises (or the run is interrupted); ``path`` is untouched.
    ``durable=False`` skips the flush to disk (an fsync per file): for files made again from others
    that are durable, such as the report's pages, which ``claimkit report`` re-renders from results.json.
    The rename keeps them whole either way.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            write(fh)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text_atomic(text: str, path: Path, *, durable: bool = True) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` atomically (see :func:`atomic_write`)."""
    atomic_write(path, lambda fh: fh.write(text.encode("utf-8")), durable=durable)


def write_json_atomic(data: Any, path: Path) -> None:
    """Write ``data`` as indented JSON (no NaN, non-ASCII kept) to ``path`` atomically."""
    text = json.dumps(data, indent=1, sort_keys=False, ensure_ascii=False, allow_nan=False) + "\n"
    write_text_atomic(text, path)
