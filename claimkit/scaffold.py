"""``claimkit new NAME``: a new claim family, ``theorems/NAME.py`` and ``checks/NAME.py``.

The generated modules hold a worked example claim (a sympy derivation, a check against
independent ground truth, a mutant and a figure) that passes as generated, so a new family starts
green and is edited from there. Nothing is overwritten; names that could not be a family are refused
with a message that says why.
"""

from __future__ import annotations

import datetime
import keyword
import re
from pathlib import Path
from string import Template

__all__ = ["ScaffoldError", "validate_name", "validate_arxiv", "scaffold"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_ARXIV_RE = re.compile(r"^\d{4}\.\d{4,5}$")


class ScaffoldError(ValueError):
    """The family cannot be created as asked; the message says why and what to do."""


def validate_name(name: str) -> str:
    """``name`` if it can name a family (a lower-case Python identifier, not a keyword), else raise."""
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ScaffoldError(
            f"invalid family name {name!r}: use a lower-case Python identifier "
            "(letters a-z, digits and underscores, starting with a letter), e.g. 'adam_convergence'"
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise ScaffoldError(f"invalid family name {name!r}: it is a Python keyword; choose another name")
    return name


def validate_arxiv(arxiv: str | None) -> str | None:
    """A new-style arXiv id such as '2006.08217' (no version suffix), or None."""
    if arxiv is None:
        return None
    arxiv = arxiv.strip()
    for prefix in ("arXiv:", "arxiv:", "https://arxiv.org/abs/", "http://arxiv.org/abs/"):
        if arxiv.startswith(prefix):
            arxiv = arxiv[len(prefix):]
    arxiv = re.sub(r"v\d+$", "", arxiv)
    if not _ARXIV_RE.match(arxiv):
        raise ScaffoldError(f"invalid arXiv id {arxiv!r}: expected an id such as '2006.08217'")
    return arxiv


def _claim_id_users(root: Path, name: str) -> list[str]:
    """Theorem modules that already declare claim ids under ``name.``."""
    pattern = re.compile(r"""\bid\s*=\s*["']""" + re.escape(name) + r"\.")
    users = []
    for path in sorted((root / "theorems").glob("*.py")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if pattern.search(text):
            users.append(f"theorems/{path.name}")
    return users


def scaffold(root: Path, name: str, arxiv: str | None = None) -> list[Path]:
    """Create ``theorems/NAME.py`` and ``checks/NAME.py`` under ``root``; return their paths."""
    root = Path(root)
    name = validate_name(name)
    arxiv = validate_arxiv(arxiv)
    for package in ("theorems", "checks"):
        if not (root / package / "__init__.py").is_file():
            raise ScaffoldError(f"{root} is not a claimkit project: {package}/__init__.py is missing")
    targets = [root / "theorems" / f"{name}.py", root / "checks" / f"{name}.py"]
    existing = [p for p in targets + [root / "theorems" / name, root / "checks" / name] if p.exists()]
    if existing:
        listed = ", ".join(p.relative_to(root).as_posix() for p in existing)
        raise ScaffoldError(f"the family {name!r} already exists ({listed}); refusing to overwrite it")
    users = _claim_id_users(root, name)
    if users:
        raise ScaffoldError(
            f"claim ids under '{name}.' are already declared in {', '.join(users)}: "
            "choose another family name"
        )
    values = {
        "name": name,
        "title": (f"arXiv:{arxiv}: replace with the paper's title" if arxiv
                  else "Replace with the paper's title"),
        "paper_ref": f"arXiv:{arxiv}" if arxiv else "the paper (replace with its title and arXiv id)",
        "arxiv": repr(arxiv),
        "year": str(datetime.date.today().year),
    }
    texts = [
        Template((_TEMPLATES / "new_theorems.py.tmpl").read_text(encoding="utf-8")).substitute(values),
        Template((_TEMPLATES / "new_checks.py.tmpl").read_text(encoding="utf-8")).substitute(values),
    ]
    written: list[Path] = []
    try:
        for path, text in zip(targets, texts):
            with open(path, "x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite
                fh.write(text)
            written.append(path)
    except FileExistsError as exc:
        for path in written:
            path.unlink()
        raise ScaffoldError(f"{exc.filename} appeared while scaffolding; refusing to overwrite it") from exc
    return written
