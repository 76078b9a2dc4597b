"""Plausible bugs in the library's softmax: the mutants of its conformance claims. Each takes the library's
arguments and returns a wrong value silently (NaN included), never an exception."""

from __future__ import annotations

import numpy as np

from . import library as L


def _moved(x, axis):
    arr = np.asarray(x, dtype=np.float64)
    return arr, np.moveaxis(arr, axis, -1)


def unguarded_merge(x, axis=-1, *, chunk=4096):
    """The merge S·e^{m − m′} + S_c·e^{m_c − m′} as written: a masked chunk gives (−∞) − (−∞) = NaN."""
    arr, moved = _moved(x, axis)
    m = np.full(moved.shape[:-1], -np.inf)
    s = np.zeros(moved.shape[:-1])
    with np.errstate(invalid="ignore", under="ignore"):
        for start in range(0, moved.shape[-1], chunk):
            block = moved[..., start:start + chunk]
            m_c = np.max(block, axis=-1)
            s_c = np.sum(np.exp(block - m_c[..., None]), axis=-1)
            m_new = np.maximum(m, m_c)
            s = s * np.exp(m - m_new) + s_c * np.exp(m_c - m_new)
            m = m_new
        return np.moveaxis(np.exp(moved - m[..., None]) / s[..., None], -1, axis)


def merge_without_rescale(x, axis=-1, *, chunk=4096):
    """The merge adds S_c·e^{m_c − m′} but forgets to rescale the running S when the maximum grows."""
    arr, moved = _moved(x, axis)
    m = np.full(moved.shape[:-1], -np.inf)
    s = np.zeros(moved.shape[:-1])
    with np.errstate(invalid="ignore", under="ignore"):
        for start in range(0, moved.shape[-1], chunk):
            block = moved[..., start:start + chunk]
            m_c = np.max(block, axis=-1)
            s_c = np.sum(np.exp(block - np.where(np.isfinite(m_c), m_c, 0.0)[..., None]), axis=-1)
            m_new = np.maximum(m, m_c)
            s = s + np.where(np.isfinite(m_c), s_c * np.exp(np.where(np.isfinite(m_c), m_c, 0.0) - m_new), 0.0)
            m = m_new
        return np.moveaxis(np.exp(moved - m[..., None]) / s[..., None], -1, axis)


def naive(x, axis=-1, *, chunk=4096):
    """exp(x)/Σ exp(x) in float64, no shift: overflows past 709.78, NaN then."""
    arr, moved = _moved(x, axis)
    with np.errstate(over="ignore", invalid="ignore"):
        ex = np.exp(moved)
        return np.moveaxis(ex / np.sum(ex, axis=-1, keepdims=True), -1, axis)


def first_chunk_only(x, axis=-1, *, chunk=4096):
    """The first pass stops after the first chunk (the loop's bound off by the chunk count)."""
    arr, moved = _moved(x, axis)
    block = moved[..., :chunk]
    m = np.max(block, axis=-1)
    with np.errstate(invalid="ignore", under="ignore"):
        s = np.sum(np.exp(block - m[..., None]), axis=-1)
        return np.moveaxis(np.exp(moved - m[..., None]) / s[..., None], -1, axis)


def nan_for_masked(x, axis=-1, *, chunk=4096):
    """Accepts −∞ but lets a fully masked slice through as NaN instead of raising."""
    arr = np.asarray(x, dtype=np.float64)
    moved = np.moveaxis(arr, axis, -1)
    if np.any(np.all(moved == -np.inf, axis=-1)):
        return np.full(arr.shape, np.nan)
    return L.softmax(x, axis, chunk=chunk)


def accepts_nan(x, axis=-1, *, chunk=4096):
    """Lets NaN and +∞ through (they propagate to NaN) instead of raising."""
    arr = np.asarray(x, dtype=np.float64)
    if np.any(np.isnan(arr)) or np.any(arr == np.inf):
        return np.full(arr.shape, np.nan)
    return L.softmax(x, axis, chunk=chunk)
