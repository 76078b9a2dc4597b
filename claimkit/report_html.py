"""The HTML report: ``index.html``, a page per paper and a page per claim, rendered from results.json alone.

Every page is self-contained: the stylesheet is inlined, mathematics is presentation MathML (which
browsers render natively), figures are the local SVG files under ``figures/`` inlined into the page
(with a relative link to the file), and the only remote addresses are plain hyperlinks to arXiv and
to a paper's code. Strings that come from theorem
modules are HTML-escaped by Jinja2's autoescaping; sympy's MathML is passed through a whitelist
sanitizer (:func:`sanitize_mathml`) before it is marked safe, because symbol names are user text.

Rendering is deterministic: the same results.json (and the same figure files) give byte-identical
pages; nothing here reads the clock or the environment.
"""

from __future__ import annotations

import html
import html.entities
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .records import Verdict
from .report_findings import evidence_words, finding_view, paper_headline, run_headline

__all__ = [
    "render",
    "claim_view",
    "paper_view",
    "page_name",
    "sanitize_mathml",
    "reproduce_command",
    "fold_verdict_steps",
    "remote_resources",
    "allowed_links",
    "strength",
    "VERDICT_WORDS",
    "math_html",
    "warm_math",
    "paper_page_name",
]

_HERE = Path(__file__).resolve().parent

#: Verdicts in display order, each with a mark that reads without colour.
VERDICT_WORDS = {v.value: v.mark for v in Verdict}

# -- small formatting helpers -------------------------------------------------------------------------


def page_name(claim_id: str) -> str:
    """The file stem of a claim's page (ids are dotted lower-case words; anything else is replaced)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", str(claim_id)) or "_"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "x"


def fmt_seconds(s: Any) -> str:
    try:
        s = float(s)
    except (TypeError, ValueError):
        return "—"
    if s < 0.01:
        return f"{s * 1000:.1f} ms"
    if s < 100:
        return f"{s:.2f} s"
    return f"{int(s // 60)} min {s % 60:.0f} s"


def fmt_value(v: Any, limit: int = 240, digits: int = 6) -> str:
    """A readable one-line form of a JSON value (floats to ``digits`` significant digits)."""
    if isinstance(v, bool) or v is None:
        text = str(v)
    elif isinstance(v, float):
        text = f"{v:.{digits}g}"
    elif isinstance(v, list):
        inner = ", ".join(fmt_value(x, limit, digits) for x in v[:16])
        text = f"[{inner}{', …' if len(v) > 16 else ''}]"
    elif isinstance(v, dict):
        text = "{" + ", ".join(f"{k}: {fmt_value(x, limit, digits)}" for k, x in list(v.items())[:16]) + "}"
    else:
        text = " ".join(str(v).split()) if len(str(v)) > limit else str(v)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fmt_pair(a: Any, b: Any) -> tuple[str, str]:
    """Two numbers at the precision that tells them apart: 6 significant digits, more only when they
    agree to 6 (never float noise such as 1.4000000000000001 when 1.4 says it)."""
    if isinstance(a, float) and isinstance(b, float) and a != b:
        for digits in range(6, 18):
            fa, fb = f"{a:.{digits}g}", f"{b:.{digits}g}"
            if fa != fb:
                return fa, fb
    return fmt_value(a, 600), fmt_value(b, 600)


def math_html(text: Any) -> Markup:
    """Text with inline LaTeX between ``$…$`` as HTML: the text escaped, each formula as MathML
    (converted offline, then sanitized). A formula that cannot be converted shows as code."""
    return _math_html("" if text is None else str(text))


@lru_cache(maxsize=65536)
def _math_html(source: str) -> Markup:
    """:func:`math_html` of one text, converted once per process: a report shows the same texts on the
    index, paper and claim pages (and mutants' and checks' texts recur across claims)."""
    from .mathtext import MathTextError, split, to_mathml

    try:
        pieces = split(source)
    except MathTextError:
        return Markup(html.escape(source, quote=False))
    out = []
    for kind, piece in pieces:
        if kind == "text":
            out.append(html.escape(piece, quote=False))
            continue
        try:
            out.append(str(sanitize_mathml(to_mathml(piece))))
        except MathTextError:
            out.append(f'<code class="tex">{html.escape(piece, quote=False)}</code>')
    return Markup("".join(out))


def warm_math(record: Any) -> int:
    """Convert, ahead of the render, every text with inline LaTeX in one claim's record (its statement,
    notes, checks' and mutants' descriptions, …) and sanitize the MathML sympy printed for its derivation
    steps; return how many texts were converted. The pages are the same with or without this:
    :func:`math_html` and :func:`sanitize_mathml` are functions of their text alone, and this only fills
    their caches (and compiles the page templates, once). A parallel run calls it as each claim's record
    comes in, while claims still run, so that this work (most of the render's time) is not left to the
    end."""
    _environment().get_template("claim.html.j2")
    stack: list[Any] = [record]
    converted = 0
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "$" in item:
                math_html(item)
                converted += 1
        elif isinstance(item, dict):
            mathml = item.get("mathml")
            if isinstance(mathml, str) and mathml:
                sanitize_mathml(mathml)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return converted


def short_math(text: Any, n: int = 180) -> str:
    """The first ``n`` or so characters of text with inline LaTeX, cut between formulas, never inside one."""
    from .mathtext import MathTextError, split

    source = " ".join(str(text or "").split())
    if len(source) <= n:
        return source
    try:
        pieces = split(source)
    except MathTextError:
        return _short(source, n)
    out, length = "", 0
    for kind, piece in pieces:
        if kind == "math":
            if length + len(piece) > n and out:
                return out.rstrip() + " …"
            out += f"${piece}$"
            length += len(piece)
            continue
        room = n - length
        if len(piece) > room:
            return (out + piece[:max(room, 0)].rsplit(" ", 1)[0]).rstrip() + " …"
        out += piece.replace("$", "\\$")
        length += len(piece)
    return out


def wrap_id(claim_id: Any) -> Markup:
    """A claim id that may break after each dot (and underscore) rather than mid-word."""
    escaped = html.escape(str(claim_id), quote=False)
    return Markup(escaped.replace(".", ".<wbr>").replace("_", "_<wbr>"))


def _mark(verdict: str) -> str:
    return VERDICT_WORDS.get(verdict, "•")


def _css(verdict: str) -> str:
    return verdict if verdict in VERDICT_WORDS else "unknown"


def strength(c: dict[str, Any]) -> dict[str, Any]:
    """Evidence strength of a claim record: checks passed, valid examples, mutants killed."""
    checks = c.get("checks") or []
    mutants = c.get("mutants") or []
    return {
        "checks": len(checks),
        "checks_passed": sum(1 for k in checks if k.get("outcome") == "passed"),
        "valid": sum(int(k.get("valid_examples") or 0) for k in checks),
        "mutants": len(mutants),
        "killed": sum(1 for m in mutants if m.get("killed")),
        "derivation": (c.get("derivation") or {}).get("status", "none"),
    }


def reproduce_command(c: dict[str, Any], data: dict[str, Any]) -> tuple[str, str]:
    """The command that reproduces this claim's results, and a note when it cannot be exact."""
    run_profile = data.get("profile") or {}
    profile = c.get("profile") or run_profile.get("name") or "ci"
    cmd = f"claimkit run {c['id']} --profile {profile}"
    note = ""
    seed = c.get("profile_seed")
    if seed is None and not c.get("carried_over") and run_profile.get("name") == profile:
        seed = run_profile.get("seed")
    if profile == "thorough":
        if seed is not None:
            cmd += f" --seed {seed}"
        else:
            note = "The seed of the thorough run that produced this result is not recorded; rerun to draw a new one."
    elif seed is not None and seed != _ci_default_seed():
        cmd += f" --seed {seed}"
    return cmd, note


def _ci_default_seed() -> int | None:
    from . import profiles

    return getattr(profiles, "CI_SEED", None)


# -- MathML sanitizer ---------------------------------------------------------------------------------

_MATHML_TAGS = frozenset(
    "math mrow mi mn mo ms mtext mspace msup msub msubsup mfrac msqrt mroot mfenced mtable mtr mtd "
    "mlabeledtr mover munder munderover mstyle merror mpadded mphantom menclose semantics annotation "
    "mmultiscripts mprescripts none maligngroup malignmark".split()
)
_MATHML_ATTRS = frozenset(
    "mathvariant open close separators stretchy fence separator linethickness columnalign rowalign "
    "columnspacing rowspacing columnlines rowlines frame accent accentunder lspace rspace form "
    "displaystyle scriptlevel notation width height depth largeop movablelimits symmetric maxsize "
    "minsize mathsize align bevelled numalign denomalign encoding".split()
)


class _MathMLSanitizer(HTMLParser):
    """Re-emits MathML keeping only whitelisted elements and attributes; all text is escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _MATHML_TAGS:
            return
        kept = "".join(
            f' {k}="{html.escape(v or "", quote=True)}"' for k, v in attrs if k in _MATHML_ATTRS
        )
        self.out.append(f"<{tag}{kept}>")
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _MATHML_TAGS:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack:
                top = self.stack.pop()
                self.out.append(f"</{top}>")
                if top == tag:
                    break

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        while self.stack:
            self.out.append(f"</{self.stack.pop()}>")
        return "".join(self.out)


def _sanitize_well_formed(fragment: str) -> str | None:
    """What :class:`_MathMLSanitizer` emits, for a fragment that is well-formed XML (as the converter's
    output always is), read by expat rather than the pure-Python HTML parser; None for any other text.
    Elements outside the whitelist are dropped and their text kept, as there."""
    from xml.etree.ElementTree import Element, ParseError, XMLParser

    if "<!" in fragment or "<?" in fragment:  # comments, CDATA, doctypes, processing instructions
        return None
    # sympy's MathML names characters as HTML does (&InvisibleTimes;): written as numeric references for
    # expat; a name HTML does not know stays text, as the HTML parser leaves it
    text = _NAMED_REFERENCE.sub(_numeric_reference, fragment)
    parser = XMLParser()
    try:
        parser.feed(f"<claimkit-fragment>{text}</claimkit-fragment>")
        root = parser.close()
    except ParseError:
        return None
    out: list[str] = []

    def emit(element: Element) -> None:
        tag = _local_name(element.tag)
        kept = tag in _MATHML_TAGS
        if kept:
            attrs = "".join(f' {name}="{html.escape(v, quote=True)}"' for k, v in element.attrib.items()
                            if (name := _local_name(k)) in _MATHML_ATTRS)
            out.append(f"<{tag}{attrs}>")
        if element.text:
            out.append(html.escape(element.text, quote=False))
        for child in element:
            emit(child)
            if child.tail:
                out.append(html.escape(child.tail, quote=False))
        if kept:
            out.append(f"</{tag}>")

    emit(root)
    return "".join(out)


def _local_name(name: str) -> str:
    """A name as the HTML parser reports it: lower case, and in MathML's namespace without the namespace
    (an element or attribute of another namespace keeps a name that no whitelist holds)."""
    if name.startswith(_MATHML_NS):
        name = name[len(_MATHML_NS):]
    return name.lower()


_MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"
_NAMED_REFERENCE = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_NAMED = frozenset({"amp", "lt", "gt", "quot", "apos"})


def _numeric_reference(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _XML_NAMED:
        return match.group(0)
    text = html.entities.html5.get(name + ";")
    if text is None:
        return "&amp;" + name + ";"
    return "".join(f"&#{ord(ch)};" for ch in text)


@lru_cache(maxsize=65536)
def sanitize_mathml(fragment: str, display: str = "inline") -> Markup:
    """Presentation MathML from sympy, reduced to MathML elements and attributes, in a ``<math>``.

    Symbol names come from theorem modules and sympy does not escape them, so the fragment is
    re-parsed and re-emitted: unknown elements are dropped, every text node is escaped.
    """
    if not fragment or not fragment.strip():
        return Markup("")
    body = _sanitize_well_formed(fragment)
    if body is None:  # not well-formed XML: the forgiving HTML parser reads it
        p = _MathMLSanitizer()
        p.feed(fragment)
        body = p.result()
    if body.startswith("<math"):
        return Markup(body)
    return Markup(f'<math display="{display}" displaystyle="true">{body}</math>')


# -- view models ----------------------------------------------------------------------------------------


def paper_view(paper: dict[str, Any]) -> dict[str, Any]:
    authors = list(paper.get("authors") or [])
    shown = ", ".join(authors[:6]) + (f", and {len(authors) - 6} more" if len(authors) > 6 else "")
    url = paper.get("url")
    code = paper.get("code")
    return {
        "title": paper.get("title") or "(untitled)",
        "authors": shown,
        "year": paper.get("year"),
        "arxiv": paper.get("arxiv"),
        "url": url if _is_web_link(url) else None,
        "code": code if _is_web_link(code) else None,
    }


def _is_web_link(url: Any) -> bool:
    return isinstance(url, str) and re.match(r"^https?://[^\s\"'<>]+$", url) is not None


def _inputs(inputs: dict[str, Any] | None) -> list[dict[str, Any]]:
    out = []
    for name, v in (inputs or {}).items():
        if isinstance(v, dict) and "repr" in v:
            full = str(v.get("repr"))
            value = v.get("value")
            if len(full) <= 160 and "\n" not in full:
                short = full  # the exact repr when it is short: -1.0 stays a float
            else:
                short = fmt_value(value, 160, 12) if not isinstance(value, str) else fmt_value(full, 160)
        else:
            full = str(v)
            short = fmt_value(v, 160)
        if len(full) > 4000:
            full = full[:4000] + f"… ({len(full) - 4000} more characters)"
        out.append({"name": name, "short": short, "full": full, "long": len(full) > 160})
    return out


#: A shown matrix is laid out as a table up to this many rows and columns; beyond, as nested lists.
_GRID_MAX = 24


def _number(v: Any) -> str:
    return f"{v:.6g}" if isinstance(v, float) else fmt_value(v, 80)


def _as_shown(value: list[Any]) -> dict[str, Any]:
    """A list value (a vector or a matrix) in the form of a shown value, for the grid layout."""
    shape: list[int] = [len(value)]
    if value and all(isinstance(row, list) for row in value) and len({len(row) for row in value}) == 1:
        shape.append(len(value[0]))
    return {"value": value, "shape": shape}


def shown_view(shown: Any) -> list[dict[str, Any]]:
    """The values a check showed of its counterexample: scalars, vectors and matrices as grids of
    numbers, larger arrays as their shape and a summary."""
    out: list[dict[str, Any]] = []
    for name, entry in (shown or {}).items() if isinstance(shown, dict) else ():
        entry = entry if isinstance(entry, dict) else {"value": entry}
        value, shape = entry.get("value"), entry.get("shape")
        view: dict[str, Any] = {"name": str(name), "shape": " × ".join(str(n) for n in shape) if shape else "",
                                "grid": None, "text": "", "summary": ""}
        if entry.get("summary"):
            summary = entry["summary"]
            view["summary"] = ", ".join(f"{key} {_number(summary.get(key))}" for key in ("min", "max", "mean")
                                        if summary.get(key) is not None)
            if summary.get("non_finite"):
                view["summary"] += f", {summary['non_finite']} not finite"
        elif shape and len(shape) == 1 and isinstance(value, list) and len(value) <= _GRID_MAX:
            view["grid"] = [[_number(v) for v in value]]
        elif (shape and len(shape) == 2 and shape[0] <= _GRID_MAX and shape[1] <= _GRID_MAX
              and isinstance(value, list)):
            view["grid"] = [[_number(v) for v in row] for row in value]
        elif shape:
            view["text"] = fmt_value(value, 4000)
        else:
            view["text"] = _number(value)
        out.append(view)
    return out


def _table_view(name: str, rows: Any) -> dict[str, Any]:
    rows = rows if isinstance(rows, list) else []
    header: list[str] = []
    for r in rows:
        if isinstance(r, dict):
            header += [k for k in r if k not in header]
    body = [[fmt_value(r.get(h, ""), 80) if isinstance(r, dict) else fmt_value(r, 80) for h in header]
            for r in rows[:200]]
    return {"name": name, "header": header, "rows": body}


def _check_view(k: dict[str, Any]) -> dict[str, Any]:
    worst = None
    w = k.get("worst_case")
    if w:
        others = [(lab, fmt_value(m)) for lab, m in (w.get("all") or {}).items() if lab != w.get("label")]
        worst = {"label": w.get("label"), "margin": fmt_value(w.get("margin")), "inputs": _inputs(w.get("inputs")),
                 "others": others}
    cx = None
    x = k.get("counterexample")
    if x:
        claimed, observed = fmt_pair(x.get("claimed"), x.get("observed"))
        message = str(x.get("message") or "")
        cx = {
            "sides": shown_view({label: _as_shown(value) for label, value in
                                  zip(x.get("labels") or ("the claim predicts", "ground truth gives"),
                                      (x.get("claimed"), x.get("observed")))
                                  if isinstance(value, list)}),
            "message_short": _short(message, 300),
            "inputs": _inputs(x.get("inputs")),
            "shown": shown_view(x.get("shown")),
            "message": x.get("message") or "",
            "claimed": claimed,
            "observed": observed,
            "has_values": x.get("claimed") is not None or x.get("observed") is not None,
            "labels": list(x.get("labels") or ("the claim predicts", "ground truth gives")),
            "confirmed": x.get("confirmed"),
            "confirmation": x.get("confirmation") or "",
        }
    return {
        "name": k.get("name", "?"),
        "description": k.get("description") or "",
        "outcome": k.get("outcome", "error"),
        "examples": k.get("examples", 0),
        "valid_examples": k.get("valid_examples", 0),
        "min_valid": k.get("min_valid"),
        "max_examples": k.get("max_examples"),
        "regressions": [_short(", ".join(f"{name}={v.get('repr')}" for name, v in case.items()), 200)
                        for case in k.get("regressions") or []],
        "deterministic": k.get("deterministic", False),
        "worst": worst,
        "cx": cx,
        "precision": k.get("precision") or "float64",
        "tolerance": k.get("tolerance") or "",
        "false_alarm_rate": k.get("false_alarm_rate"),
        "power": k.get("power"),
        "seed": k.get("seed"),
        "seconds": fmt_seconds(k.get("seconds")),
        "error": k.get("error"),
        "notes": list(k.get("notes") or []),
        "metrics": [(name, fmt_value(v)) for name, v in (k.get("metrics") or {}).items()],
        "tables": [_table_view(name, rows) for name, rows in (k.get("tables") or {}).items()],
    }


#: Labels the engine gives the step that records sympy's answer to a "to show" step.
_CLOSED_LABELS = ("sympy reduces the difference to 0", "sympy evaluates it to True")
_RESIDUAL_LABEL = "residual left after sympy"


def fold_verdict_steps(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Derivation steps with sympy's answer folded into the "to show" step it answers.

    ``Derivation.close`` records the claim (rule "to show") and then sympy's answer as a separate
    step ("sympy reduces the difference to 0", or the residual). On the page the answer becomes a
    mark on the claim's step: ``verified`` (the method that closed it) or ``outcome_step`` (the
    residual sympy left, shown under it).
    """
    steps: list[dict[str, Any]] = []
    for s in raw:
        step: dict[str, Any] = {
            "label": str(s.get("label", "")), "rule": str(s.get("rule", "")), "text": str(s.get("text", "")),
            "latex": str(s.get("latex", "")), "mathml": str(s.get("mathml") or ""), "verified": None,
            "outcome_step": None}
        prev = steps[-1] if steps else None
        if prev is not None and prev["rule"] == "to show" and not prev["verified"] and not prev["outcome_step"]:
            if step["label"] in _CLOSED_LABELS:
                prev["verified"] = step["rule"] or "sympy"
                continue
            if step["label"] == _RESIDUAL_LABEL:
                prev["outcome_step"] = step
                continue
        steps.append(step)
    for step in steps:  # a claim sympy gave no answer to (close_true, or an exception) did not close
        step["unclosed"] = step["rule"] == "to show" and not step["verified"]
    return steps


#: A derivation step whose expression is longer than this (in characters of its text form) is folded.
LONG_EXPRESSION = 400


def _derivation_views(c: dict[str, Any]) -> list[dict[str, Any]]:
    derivs = c.get("derivations")
    if derivs is None:  # a record with only the summary
        summary = c.get("derivation") or {}
        derivs = [{"name": "derivation", "status": summary.get("status", "none"), "steps": summary.get("steps", [])}] \
            if summary.get("steps") else []
    out = []
    for d in derivs:
        steps = fold_verdict_steps(d.get("steps", []))
        for step in steps:
            step["long"] = len(step["text"]) > LONG_EXPRESSION
            step["mathml"] = sanitize_mathml(step["mathml"])
            if step["outcome_step"]:
                step["outcome_step"]["mathml"] = sanitize_mathml(step["outcome_step"]["mathml"])
        residual = d.get("residual")
        if residual:
            residual = {"text": residual.get("text", ""), "mathml": sanitize_mathml(residual.get("mathml") or "")}
        out.append({
            "name": d.get("name", "derivation"),
            "description": d.get("description") or "",
            "shows": d.get("shows", "statement"),
            "cached_at": d.get("cached_at"),
            "status": d.get("status", "open"),
            "steps": steps,
            "residual": residual,
            "residual_shown": any(step["outcome_step"] for step in steps),
            "unclosed": [i for i, step in enumerate(steps, 1) if step["unclosed"]],
            "reason": d.get("reason") or "",
            "error": d.get("error"),
            "seconds": fmt_seconds(d["seconds"]) if "seconds" in d else "",
        })
    return out


def _mutant_view(m: dict[str, Any]) -> dict[str, Any]:
    details = m.get("details") or {}
    outcomes = [
        {"check": name, "outcome": "rejected it" if o == "failed" else ("accepted it" if o == "passed" else o),
         "detail": details.get(name, "")}
        for name, o in (m.get("outcomes") or {}).items()
    ]
    return {"name": m.get("name", "?"), "description": m.get("description", ""), "killed": bool(m.get("killed")),
            "problem": m.get("problem"), "outcomes": outcomes, "generated": bool(m.get("generated")),
            "equivalent": bool(m.get("equivalent"))}


_SVG_MAX_BYTES = 4_000_000
_SVG_FORBIDDEN = re.compile(
    r"<script|<foreignobject|javascript:|\son[a-z]+\s*=|(?:href|src)\s*=\s*[\"'](?!#)|url\((?!\s*[\"']?#)|@import",
    re.IGNORECASE,
)


def inline_svg(path: Path) -> Markup | None:
    """The SVG file's markup for inlining, or None when it is not a plain, self-contained drawing.

    Figures are matplotlib output; anything scripted or referring outside the file (other than
    ``#fragment`` references inside it) is not inlined (the page then links the file as an image).
    """
    try:
        if path.stat().st_size > _SVG_MAX_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    start = text.find("<svg")
    if start < 0 or _SVG_FORBIDDEN.search(text):
        return None
    return Markup(text[start:].strip())


def _figure_view(f: dict[str, Any], reports_dir: Path | None, prefix: str) -> dict[str, Any]:
    path = f.get("path")
    src = None
    svg = None
    missing = ""
    if isinstance(path, str) and _is_local_relative(path):
        if reports_dir is None:
            src = prefix + path
        elif (reports_dir / path).is_file():
            src = prefix + path
            if path.lower().endswith(".svg"):
                svg = inline_svg(reports_dir / path)
        else:
            missing = f"figure file {path} is missing"
    else:
        missing = "the figure was not saved (run with a reports directory)"
    return {"name": f.get("name", "figure"), "caption": f.get("caption") or "", "src": src, "svg": svg,
            "missing": missing, "error": f.get("error")}


def _is_local_relative(path: str) -> bool:
    p = Path(path)
    return (
        not p.is_absolute()
        and ".." not in p.parts
        and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", path) is None
        and not path.startswith(("/", "\\"))
    )


def environment_rows(data: dict[str, Any]) -> list[tuple[str, str]]:
    env = data.get("environment") or {}
    rows = [("python", str(env.get("python"))), ("platform", str(env.get("platform"))),
            ("claimkit", str(env.get("claimkit")))]
    for name, version in (env.get("versions") or {}).items():
        rows.append((name, str(version)))
    rows.append(("git commit", str(env.get("git_commit") or "unknown")))
    if env.get("cpu_count") is not None:
        rows.append(("cpus", str(env.get("cpu_count"))))
    return rows


def claim_view(c: dict[str, Any], data: dict[str, Any], reports_dir: Path | None = None,
               figure_prefix: str = "../") -> dict[str, Any]:
    """Everything a claim page shows, as plain values (strings still unescaped; MathML sanitized)."""
    verdict = c.get("verdict", "error")
    command, note = reproduce_command(c, data)
    env = environment_rows(data)
    env += [("profile", str(c.get("profile") or (data.get("profile") or {}).get("name"))),
            ("run at", str(c.get("run_at") or data.get("generated_at")))]
    if c.get("carried_over"):
        env.append(("note", "carried over from an earlier run (the environment above is the latest run's)"))
    refined = c.get("refined_by")
    checks = [_check_view(k) for k in c.get("checks") or []]
    witness = next((k for k in checks if k["cx"] and k["cx"]["confirmed"]), None)
    return {
        "id": c["id"],
        "page": page_name(c["id"]),
        "finding": finding_view(c),
        "evidence": evidence_words(c),
        "stance": c.get("stance", "asserts"),
        "origin": c.get("origin", "paper"),
        "implementation": c.get("implementation"),
        "paper_page": paper_page_name(c.get("paper") or {}),
        "witness": witness,
        "provenance": provenance(c, data),
        "family": c.get("family", ""),
        "family_slug": slug(c.get("family", "")),
        "paper": paper_view(c.get("paper") or {}),
        "location": c.get("location", ""),
        "statement": c.get("statement", ""),
        "assumptions": list(c.get("assumptions") or []),
        "kind": c.get("kind", ""),
        "verdict": verdict,
        "verdict_mark": _mark(verdict),
        "verdict_css": _css(verdict),
        "verdict_reason": c.get("verdict_reason", ""),
        "expected": c.get("expected_verdict"),
        "as_expected": verdict == c.get("expected_verdict") and not c.get("problems"),
        "problems": list(c.get("problems") or []),
        "notes": c.get("notes") or "",
        "load_error": c.get("load_error"),
        "refined_by": refined,
        "refined_by_page": page_name(refined) if refined else None,
        "carried_over": bool(c.get("carried_over")),
        "strength": strength(c),
        "seconds": fmt_seconds(c.get("seconds")),
        "derivations": _derivation_views(c),
        "checks": checks,
        "mutants": [_mutant_view(m) for m in c.get("mutants") or []],
        "equivalent_mutants": [m for m in c.get("equivalent_mutants") or [] if isinstance(m, dict)],
        "figures": [_figure_view(f, reports_dir, figure_prefix) for f in c.get("figures") or []],
        "command": command,
        "command_note": note,
        "environment": env,
    }


def provenance(c: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """When, under which profile and seed, and by which command this claim's evidence was produced."""
    run_profile = data.get("profile") or {}
    carried = bool(c.get("carried_over"))
    seed = c.get("profile_seed")
    if seed is None and not carried:
        seed = run_profile.get("seed")
    return {"run_at": str(c.get("run_at") or ("" if carried else data.get("generated_at", ""))),
            "profile": str(c.get("profile") or ("" if carried else run_profile.get("name", ""))),
            "seed": seed, "command": str(c.get("command") or ("" if carried else data.get("command") or "")),
            "carried_over": carried}


def paper_page_name(paper: dict[str, Any]) -> str:
    """The file stem of a paper's page: its arXiv id, else a slug of its title."""
    return slug(paper.get("arxiv") or paper.get("title") or "untitled")


def _short(text: str, n: int = 180) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + " …"


def _index_row(c: dict[str, Any], family_anchor: bool) -> dict[str, Any]:
    verdict = c.get("verdict", "error")
    family = c.get("family", "")
    return {
        "id": c["id"],
        "page": page_name(c["id"]),
        "family": family,
        "family_slug": slug(family),
        "family_anchor": family_anchor,
        "location": c.get("location", ""),
        "statement_short": short_math(c.get("statement", "")),
        "finding": finding_view(c),
        "evidence": evidence_words(c),
        "stance": c.get("stance", "asserts"),
        "verdict": verdict,
        "verdict_mark": _mark(verdict),
        "verdict_css": _css(verdict),
        "expected": c.get("expected_verdict"),
        "as_expected": verdict == c.get("expected_verdict") and not c.get("problems"),
        "problems": list(c.get("problems") or []),
        "carried_over": bool(c.get("carried_over")),
        "strength": strength(c),
        "seconds": fmt_seconds(c.get("seconds")),
    }


def _papers(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The papers of ``claims`` in order of first appearance, each with its claims' records."""
    papers: dict[tuple[str, Any], dict[str, Any]] = {}
    for c in claims:
        p = c.get("paper") or {}
        key = (p.get("title") or "", p.get("arxiv"))
        if key not in papers:
            view = paper_view(p)
            view["anchor"] = "paper-" + slug(p.get("arxiv") or p.get("title") or "untitled")
            view["page"] = paper_page_name(p)
            view["records"] = []
            papers[key] = view
        papers[key]["records"].append(c)
    anchors: dict[str, int] = {}
    for view in papers.values():  # distinct anchors and pages even for papers with similar titles
        n = anchors.get(view["anchor"], 0)
        anchors[view["anchor"]] = n + 1
        if n:
            view["anchor"] += f"-{n + 1}"
            view["page"] += f"-{n + 1}"
        view["headline"] = paper_headline(view["records"])
    return list(papers.values())


def run_provenance(data: dict[str, Any]) -> dict[str, Any]:
    """What this run covered: the claims it ran, those carried over from earlier runs, and the time
    its own claims took (carried-over times are never added in)."""
    claims = data.get("claims") or []
    ran = [c for c in claims if not c.get("carried_over")]
    carried = [c for c in claims if c.get("carried_over")]
    profile = data.get("profile") or {}
    return {
        "partial": bool(carried),
        "ran": len(ran),
        "carried": [{"id": c["id"], "page": page_name(c["id"]), "run_at": c.get("run_at", ""),
                     "profile": c.get("profile", "")} for c in carried],
        "seconds": fmt_seconds(sum(float(c.get("seconds") or 0.0) for c in ran)),
        "profile": profile.get("name", ""),
        "seed": profile.get("seed"),
    }


def _false_alarm_view(claims: list[dict[str, Any]]) -> dict[str, Any]:
    from .stats import FALSE_ALARM_BUDGET, run_false_alarm

    rate = run_false_alarm(claims)
    checks = sum(1 for c in claims for k in c.get("checks") or [] if k.get("false_alarm_rate") is not None)
    return {"rate": f"{rate:.2g}", "budget": f"{FALSE_ALARM_BUDGET:.0e}", "checks": checks,
            "within": rate <= FALSE_ALARM_BUDGET}


def index_view(data: dict[str, Any]) -> dict[str, Any]:
    claims = data.get("claims") or []
    seen_family: set[str] = set()
    papers = _papers(claims)
    for view in papers:
        view["claims"] = []
        for c in view["records"]:
            family = c.get("family", "")
            view["claims"].append(_index_row(c, family not in seen_family))
            seen_family.add(family)
    families: dict[str, int] = {}
    for c in claims:
        families[c.get("family", "")] = families.get(c.get("family", ""), 0) + 1
    counts: dict[str, int] = {}
    for c in claims:
        counts[c.get("verdict", "error")] = counts.get(c.get("verdict", "error"), 0) + 1
    order = list(VERDICT_WORDS) + sorted(v for v in counts if v not in VERDICT_WORDS)
    strengths = [strength(c) for c in claims]
    totals = {
        "claims": len(claims),
        "suite_claims": sum(1 for c in claims if c.get("origin") == "suite"),
        "findings": run_headline(claims),
        "verdicts": [{"word": v, "mark": _mark(v), "css": _css(v), "count": counts[v]} for v in order if v in counts],
        "as_expected": sum(1 for c in claims if c.get("verdict") == c.get("expected_verdict")),
        "mutants": sum(s["mutants"] for s in strengths),
        "mutants_killed": sum(s["killed"] for s in strengths),
        "checks": sum(s["checks"] for s in strengths),
        "checks_passed": sum(s["checks_passed"] for s in strengths),
        "valid_examples": sum(s["valid"] for s in strengths),
        "problems": sum(len(c.get("problems") or []) for c in claims),
        "false_alarm": _false_alarm_view(claims),
    }
    profile = data.get("profile") or {}
    return {
        "papers": papers,
        "families": [{"name": f, "slug": slug(f), "count": n} for f, n in sorted(families.items())],
        "totals": totals,
        "run": run_provenance(data),
        "implementations": implementations(claims),
        "unavailable": sorted((data.get("unavailable") or {}).items()),
        "profile_seed": profile.get("seed"),
        "wall_seconds": fmt_seconds(data["wall_seconds"]) if data.get("wall_seconds") is not None else None,
        "command": data.get("command") or "",
        "environment": environment_rows(data),
    }


def implementations(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The installed implementations claims ran against, one per package and version (sorted), each
    with its claims' records and how many of them hold for it."""
    found: dict[str, dict[str, Any]] = {}
    for c in claims:
        impl = c.get("implementation")
        if not impl:
            continue
        view = found.setdefault(impl["slug"], {"package": impl["package"], "version": impl["version"],
                                               "slug": impl["slug"], "installed": impl.get("installed"),
                                               "records": []})
        view["records"].append(c)
    for view in found.values():
        view["holds"] = sum(1 for c in view["records"] if finding_view(c)["value"] == "holds")
        view["total"] = len(view["records"])
    return [found[k] for k in sorted(found)]


def implementation_page_view(impl: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """A package's conformance page: which of the papers' claims hold for it, which do not (with the
    re-verified inputs shown as values), and how each claim maps onto the package's API."""
    rows, deviations = [], []
    for c in impl["records"]:
        row = _index_row(c, False)
        info = c.get("implementation") or {}
        row.update(api=info.get("api", ""), mapping=info.get("mapping", ""),
                   paper=paper_view(c.get("paper") or {}), paper_page=paper_page_name(c.get("paper") or {}))
        rows.append(row)
        if finding_view(c)["value"] != "holds":
            deviations.append({"row": row, "witness": claim_view(c, data, None)["witness"],
                               "statement": c.get("statement", ""), "notes": c.get("notes") or ""})
    return {"impl": impl, "rows": rows, "deviations": deviations}


def paper_page_view(paper: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """A paper's page: what it claims, what holds, its errata with their witnesses, the corrected
    statements, what is undecided, and the statements the suite adds."""
    by_id = {c["id"]: c for c in data.get("claims") or []}
    own = [c for c in paper["records"] if c.get("origin") != "suite"]
    suite = [c for c in paper["records"] if c.get("origin") == "suite"]
    corrections: set[str] = set()
    errata = []
    for c in own:
        view = finding_view(c)
        if not view["wrong"]:
            continue
        full = claim_view(c, data, None)
        corrected = by_id.get(c.get("refined_by") or "")
        if corrected is not None:
            corrections.add(corrected["id"])
        errata.append({"row": _index_row(c, False), "witness": full["witness"], "notes": c.get("notes") or "",
                       "statement": c.get("statement", ""), "corrected": None if corrected is None else {
                           "row": _index_row(corrected, False), "statement": corrected.get("statement", ""),
                           "assumptions": list(corrected.get("assumptions") or [])}})
    holds = [_index_row(c, False) for c in own if finding_view(c)["value"] == "holds"]
    undecided = [_index_row(c, False) for c in own if finding_view(c)["value"] in ("undecided", "error")]
    added = [_index_row(c, False) for c in suite if c["id"] not in corrections and not c.get("implementation")]
    return {"paper": paper, "headline": paper["headline"], "errata": errata, "holds": holds,
            "undecided": undecided, "added": added, "claims": [_index_row(c, False) for c in paper["records"]],
            "implementations": implementations(paper["records"])}


# -- audit: nothing remote ------------------------------------------------------------------------------

_URL_ATTRS = frozenset(
    "src href srcset data poster action formaction background cite longdesc manifest ping xlink:href".split()
)
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//|^\s*(?:https?|ftp|wss?):", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)|@import\s+['\"]([^'\"]+)", re.IGNORECASE)


class _ResourceScanner(HTMLParser):
    def __init__(self, allowed_links: tuple[str, ...]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed_links = allowed_links
        self.found: list[str] = []
        self._in_style = False

    def _url(self, tag: str, attr: str, url: str) -> None:
        if attr == "srcset":
            for part in url.split(","):
                self._url(tag, "src", part.strip().split(" ")[0])
            return
        if not _REMOTE.match(url):
            return
        if tag == "a" and attr == "href" and url.strip().startswith(self.allowed_links):
            return  # a plain hyperlink the reader may follow; nothing loads it
        self.found.append(f"<{tag} {attr}={url!r}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for attr, value in attrs:
            if value is None:
                continue
            if attr in _URL_ATTRS:
                self._url(tag, attr, value)
            elif attr == "style":
                self._css(value, tag)
            elif attr == "content" and tag == "meta" and "url=" in value.lower():
                self._url(tag, "content", value.lower().split("url=", 1)[1])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._css(data, "style")

    def _css(self, text: str, tag: str) -> None:
        for m in _CSS_URL.finditer(text):
            url = m.group(1) or m.group(2) or ""
            if _REMOTE.match(url):
                self.found.append(f"<{tag}> css url {url!r}")


def remote_resources(page: str, allowed_links: tuple[str, ...] = ("https://arxiv.org/",)) -> list[str]:
    """Every reference in an HTML page that would make the browser fetch something remote.

    Looks at URL-bearing attributes of every element (``src``, ``href``, ``srcset``, ``data``, …),
    inline CSS (``url(…)``, ``@import``) and meta refreshes. Hyperlinks (``<a href>``) starting
    with one of ``allowed_links`` are not resources and are allowed; any other ``http(s)`` or
    protocol-relative reference is reported.
    """
    scanner = _ResourceScanner(tuple(allowed_links))
    scanner.feed(page)
    scanner.close()
    return scanner.found


def allowed_links(data: dict[str, Any]) -> tuple[str, ...]:
    """The hyperlink prefixes a report may contain: arXiv and each paper's declared code address."""
    links = {"https://arxiv.org/"}
    for c in data.get("claims") or []:
        code = (c.get("paper") or {}).get("code")
        if isinstance(code, str) and _is_web_link(code):
            links.add(code)
    return tuple(sorted(links))


# -- rendering --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_HERE / "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.ChainableUndefined,
    )
    env.filters.update(math=math_html, wrap_id=wrap_id)
    return env


@lru_cache(maxsize=1)
def _css_text() -> str:
    return (_HERE / "static" / "report.css").read_text(encoding="utf-8")


def _common(data: dict[str, Any], root: str) -> dict[str, Any]:
    from . import __version__

    env = data.get("environment") or {}
    return {
        "css": Markup(_css_text()),
        "root": root,
        "claimkit_version": env.get("claimkit") or __version__,
        "schema_version": data.get("schema_version"),
        "generated_at": data.get("generated_at", ""),
        "profile_name": (data.get("profile") or {}).get("name", ""),
        "git_commit": env.get("git_commit") or "",
    }


def render_index_html(data: dict[str, Any]) -> str:
    return str(_environment().get_template("index.html.j2").render(**_common(data, ""), **index_view(data)))


def render_claim_html(c: dict[str, Any], data: dict[str, Any], reports_dir: Path | None = None) -> str:
    view = claim_view(c, data, reports_dir)
    return str(_environment().get_template("claim.html.j2").render(**_common(data, "../"), c=view))


def render_implementation_html(impl: dict[str, Any], data: dict[str, Any]) -> str:
    view = implementation_page_view(impl, data)
    return str(_environment().get_template("implementation.html.j2").render(**_common(data, "../"), p=view))


def render_paper_html(paper: dict[str, Any], data: dict[str, Any]) -> str:
    view = paper_page_view(paper, data)
    return str(_environment().get_template("paper.html.j2").render(**_common(data, "../"), p=view))


def render(data: dict[str, Any], out_dir: Path, *, claim_pages: bool = True) -> list[Path]:
    """Write ``index.html``, ``papers/<paper>.html``, ``claims/<id>.html`` and, for claims run against
    installed packages, ``implementations/<package>-<version>.html``; return the paths written.

    Pages of papers and claims that are no longer in results.json are removed. With ``claim_pages=False``
    the claim pages are left to the caller (:func:`render_claim_html`; :func:`claimkit.render.render_all`
    splits them among processes) and not returned.
    """
    from .results import write_text_atomic

    out_dir = Path(out_dir)
    written = []
    path = out_dir / "index.html"
    write_text_atomic(render_index_html(data), path, durable=False)
    written.append(path)
    papers = [(f"{paper['page']}.html", paper) for paper in _papers(data.get("claims") or [])]
    claims = [(f"{page_name(c['id'])}.html", c) for c in data.get("claims") or []]
    packages = [(f"{impl['slug']}.html", impl) for impl in implementations(data.get("claims") or [])]
    for folder, pages in (("papers", papers), ("claims", claims), ("implementations", packages)):
        keep = set()
        for name, item in pages:
            keep.add(name)
            if folder == "claims" and not claim_pages:
                continue
            p = out_dir / folder / name
            text = (render_paper_html(item, data) if folder == "papers" else
                    render_implementation_html(item, data) if folder == "implementations" else
                    render_claim_html(item, data, out_dir))
            write_text_atomic(text, p, durable=False)  # pages: re-rendered from results.json
            written.append(p)
        for stale in sorted((out_dir / folder).glob("*.html")):
            if stale.name not in keep:
                stale.unlink()
    return written
