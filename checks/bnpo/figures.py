"""Figures of the BNPO family: V1's second moment against α with the V2 optimum and the baselines, and
a small training comparison of REINFORCE, GRPO and BNPO (V3)."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from claimkit.figures import pyplot

from ...theorems.bnpo import claims as C
from ...theorems.bnpo.library import bnpo_advantages, optimal_parameters, second_moment


def _plain_log_axis(axis: Any, *, within_a_decade: bool = False) -> None:
    """A log axis labelled in plain text (1e-08, 40): matplotlib's default labels are typeset one by one by its
    mathtext engine, which costs more to save than the curves. Ticks at the decades only, or, for data
    ``within_a_decade``, at every integer multiple of the decade as well (the only ticks such an axis has)."""
    from matplotlib.ticker import FuncFormatter, LogFormatter, NullLocator

    axis.set_major_formatter(LogFormatter())
    if within_a_decade:
        axis.set_minor_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    else:
        axis.set_minor_locator(NullLocator())


_PROFILE_CAPTION = (
    r"$M(\alpha, \alpha)$ against $\alpha$ for symmetric difficulty $a = b$ (log scale), from the V1 closed form; "
    r"dots: the claimed optimum $1 + a/3$; crosses: REINFORCE ($\alpha = 1$) and GRPO's member ($\alpha = 3/2$). "
    r"$M$ diverges at $\alpha = (a + 3)/2$."
)


@C.OPTIMUM.figure("second_moment_profile", caption=_PROFILE_CAPTION)
def _profile_figure():
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    for colour, a in zip(("C0", "C1", "C2", "C3"), (0.5, 1.5, 4.0, 12.0)):
        alphas = np.linspace(0.05, (a + 3) / 2 - 1e-3, 400)
        ax.plot(alphas, [second_moment(a, a, x, x) for x in alphas], color=colour, label=f"a = b = {a}")
        star = optimal_parameters(a, a)[0]
        ax.plot([star], [second_moment(a, a, star, star)], "o", color=colour)
        for x in (1.0, 1.5):
            ax.plot([x], [second_moment(a, a, x, x)], "x", color=colour)
    ax.set_yscale("log")
    _plain_log_axis(ax.yaxis)
    ax.set_xlabel("α = β")
    ax.set_ylabel("E_p[p(1−p)/f_N(p)²]")
    ax.legend(fontsize=7)
    return fig


def _advantage(method: str, ids: np.ndarray, r: np.ndarray, groups: int) -> np.ndarray:
    """The method's advantages of a batch of ``groups`` equal, contiguous groups (``ids`` sorted)."""
    if method == "BNPO":
        return bnpo_advantages(ids, r).advantages
    g = r.reshape(groups, -1)
    mean = g.mean(axis=1, keepdims=True)
    if method == "REINFORCE":
        return (g - mean).ravel()
    sd = g.std(axis=1, keepdims=True)
    return np.where(sd > 0, (g - mean) / np.where(sd > 0, sd, 1.0), 0.0).ravel()


@functools.cache
def training_runs(seed: int, method: str, steps: int = 150, questions: int = 64, answers: int = 6,
                  prompts: int = 16, rollouts: int = 8, lr: float = 2.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A tabular softmax policy (answer 0 correct) with initial success p_q ∼ Beta(1, 3), trained with
    ``method``; per step: mean success over all questions, tr Cov of per-response gradients, and
    tr Cov/‖mean gradient‖²."""
    rng = np.random.default_rng(seed)
    p0 = np.clip(rng.beta(1.0, 3.0, questions), 1e-3, 1 - 1e-3)
    theta = np.zeros((questions, answers))
    theta[:, 0] = np.log(p0 * (answers - 1) / (1 - p0))
    success, var, rel = np.zeros(steps), np.zeros(steps), np.zeros(steps)
    ids = np.repeat(np.arange(prompts), rollouts)  # the batch's layout is the same at every step
    n, responses = ids.size, np.arange(ids.size)
    for t in range(steps):
        pi = np.exp(theta - theta.max(axis=1, keepdims=True))
        pi /= pi.sum(axis=1, keepdims=True)
        success[t] = pi[:, 0].mean()
        qs = rng.choice(questions, prompts, replace=False)
        probs = pi[qs[ids]]
        o = (probs.cumsum(axis=1) < rng.random((n, 1))).sum(axis=1)
        r = (o == 0).astype(float)
        adv = _advantage(method, ids, r, prompts)
        score = -probs
        score[responses, o] += 1.0
        per = adv[:, None] * score  # per-response gradient on its question's row
        # the mean gradient's rows: the questions drawn are distinct, each with its rollouts contiguous
        rows = (per / n).reshape(prompts, rollouts, answers).sum(axis=1)
        sq = float(np.sum(per**2) / n)
        norm2 = float(np.sum(rows**2))
        var[t] = sq - norm2  # tr Cov of the per-response gradient, ḡ = the mean gradient
        rel[t] = var[t] / norm2 if norm2 > 0 else np.nan
        theta[qs] += lr * rows
    return success, var, rel


_TRAINING_CAPTION = (
    r"Tabular softmax policy, 64 questions with initial success $\sim \operatorname{Beta}(1, 3)$, 16 prompts "
    r"$\times$ 8 rollouts per step, learning rate 2, 3 seeds (lines: seeds). Left: mean success rate; middle: "
    r"$\operatorname{tr}\operatorname{Cov}$ of the per-response gradient; right: "
    r"$\operatorname{tr}\operatorname{Cov}(g)/\lVert \bar g\rVert^2$ (scale-free, log scale)."
)


@C.VARIANCE.figure("training_comparison", caption=_TRAINING_CAPTION)
def _training_figure():
    plt = pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.3))
    for colour, method in zip(("C0", "C1", "C2"), ("REINFORCE", "GRPO", "BNPO")):
        for seed in range(3):
            success, var, rel = training_runs(seed, method)
            label = method if seed == 0 else None
            axes[0].plot(success, color=colour, lw=1, label=label)
            axes[1].plot(var, color=colour, lw=0.8, label=label)
            axes[2].plot(np.convolve(rel, np.ones(10) / 10, mode="valid"), color=colour, lw=0.8, label=label)
    axes[0].set_ylabel("success rate")
    axes[1].set_ylabel("tr Cov(g)")
    axes[1].set_yscale("log")
    axes[2].set_ylabel("tr Cov(g)/‖E g‖² (10-step mean)")
    axes[2].set_yscale("log")
    _plain_log_axis(axes[1].yaxis)
    _plain_log_axis(axes[2].yaxis, within_a_decade=True)
    for ax in axes:
        ax.set_xlabel("step")
    axes[0].legend(fontsize=7)
    # a fixed layout: tight_layout measured every tick label again (0.17 s), for the same picture
    fig.subplots_adjust(left=0.06, right=0.99, bottom=0.15, top=0.97, wspace=0.32)
    return fig
