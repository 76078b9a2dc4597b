"""Checks of P8: how the two terms of the released ``npo_grad_diff`` scale with the answers' lengths.

A position-independent (unigram) token model with logits θ ∈ ℝ⁴ at every position, at θ = θ_ref. The
spec's toy batch: two answers of 5 and 50 tokens (the 50-token answer is the 5-token motif repeated ten
times), each after a 2-token question labelled -100. Gradients by central differences of the ported
terms, against the analytic gradient Σ_tokens (p − e_y) of the summed NLL.
"""

from __future__ import annotations

import functools

import numpy as np

from ...theorems.npo import claims_loss as C

VOCAB = 4
THETA = np.array([0.3, -0.2, 0.5, -0.6])
FORGET_MOTIF = (0, 2, 1, 2, 3)
RETAIN_MOTIF = (1, 1, 3, 0, 2)
QUESTION = 2
BETA = 0.1  # TOFU/config/forget.yaml

# Central differences with step 1e-6 on terms of size ≤ 50·log 4 ≈ 70: truncation h²/6·|f'''| ≤ 1e-10,
# roundoff ε·70/h ≈ 1.5e-8; the lengths enter as factors 2 and 10, so 1e-6 relative on the ratios leaves
# 60× headroom and every mutant is off by a factor 2 or 10.
H = 1e-6
RATIO_RTOL = 1e-6


def _batch(motif: tuple[int, ...], repeats: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(token ids, labels) for answers made of ``motif`` repeated ``repeats[i]`` times, padded with -100."""
    answers = [list(motif) * r for r in repeats]
    length = QUESTION + max(len(a) for a in answers) + 1
    labels = np.full((len(answers), length), -100)
    for i, a in enumerate(answers):
        labels[i, QUESTION:QUESTION + len(a)] = a
    return labels, labels


def _logits(theta: np.ndarray, labels: np.ndarray) -> np.ndarray:
    return np.broadcast_to(theta, (*labels.shape, VOCAB)).copy()


def _gradient(fn, labels) -> np.ndarray:
    """∂fn(logits(θ))/∂θ by central differences at θ = THETA."""
    g = np.zeros(VOCAB)
    for k in range(VOCAB):
        e = np.zeros(VOCAB)
        e[k] = H
        g[k] = (fn(_logits(THETA + e, labels)) - fn(_logits(THETA - e, labels))) / (2 * H)
    return g


def _forget_gradient(term, repeats):
    labels, _ = _batch(FORGET_MOTIF, repeats)
    ref = _logits(THETA, labels)
    return _gradient(lambda z: term(z, ref, labels, BETA), labels)


def _retain_gradient(term, repeats):
    labels, _ = _batch(RETAIN_MOTIF, repeats)
    return _gradient(lambda z: term(z, labels), labels)


@functools.cache
def _analytic_summed(motif: tuple[int, ...], repeats: tuple[int, ...]) -> np.ndarray:
    """Σ_i Σ_tokens (e_y − p)/B, the gradient of mean_i log π_i (an independent route: no port involved)."""
    p = np.exp(THETA - THETA.max())
    p /= p.sum()
    g = np.zeros(VOCAB)
    for r in repeats:
        for y in list(motif) * r:
            g += np.eye(VOCAB)[y] - p
    return g / len(repeats)


@C.GRAD_DIFF_LENGTHS.check(given=None, precision="float64 central differences (h = 1e-6) and the analytic gradient",
                           tolerance=f"relative {RATIO_RTOL:g} on the gradients and their ratios (roundoff ≈ 1.5e-8)")
def forget_term_scales_with_length(subject, ev):
    r"""At $\theta = \theta_{\mathrm{ref}}$ the forget term's gradient is $-\frac{1}{B}\sum_i\nabla\ell_\theta(i)$
    (analytic), the 50-token answer weighs 10 times the 5-token one, and doubling every answer doubles it."""
    toy = _forget_gradient(subject.forget, (1, 10))
    doubled = _forget_gradient(subject.forget, (2, 20))
    short, long_ = _forget_gradient(subject.forget, (1,)), _forget_gradient(subject.forget, (10,))
    analytic = _analytic_summed(FORGET_MOTIF, (1, 10))  # W = 1 at θ = θ_ref: ∇L = mean_i ∇ log π_i = −mean_i ∇ℓ_i
    ratio_doubled = float(np.linalg.norm(doubled) / np.linalg.norm(toy))
    ratio_lengths = float(np.linalg.norm(long_) / np.linalg.norm(short))
    ev.metric("forget_ratio_when_doubled", ratio_doubled)
    ev.metric("fifty_over_five_token_answer", ratio_lengths)
    ev.table("forget-term gradient (lengths 5 and 50)", [
        {"batch": "toy (5, 50)", "finite differences": toy.tolist(), "analytic": analytic.tolist()},
        {"batch": "doubled (10, 100)", "finite differences": doubled.tolist()}])
    ev.show("∇ forget term, toy batch", toy)
    ev.show("∇ forget term, every answer doubled", doubled)
    ev.close(toy, analytic, rtol=RATIO_RTOL, atol=RATIO_RTOL, what="forget gradient",
             labels=("∇ of the ported forget term", "mean_i Σ_tokens (e_y − p) at W = 1"))
    ev.close(ratio_doubled, 2.0, rtol=RATIO_RTOL, what="‖∇‖ ratio when every forget answer doubles",
             labels=("measured ratio", "2 (summed NLL)"))
    ev.close(ratio_lengths, 10.0, rtol=RATIO_RTOL, what="50-token over 5-token answer",
             labels=("measured ratio", "10 (summed NLL)"))


@C.GRAD_DIFF_LENGTHS.check(given=None, precision="float64 central differences (h = 1e-6) and the analytic gradient",
                           tolerance=f"relative {RATIO_RTOL:g}")
def retain_term_is_length_free(subject, ev):
    r"""The retain term's gradient is the token mean $-\sum_{i,t}(e_y - p)/\sum_i|y_i|$ (analytic) and does not
    change when every retain answer is doubled."""
    toy = _retain_gradient(subject.retain, (1, 10))
    doubled = _retain_gradient(subject.retain, (2, 20))
    analytic = -_analytic_summed(RETAIN_MOTIF, (1, 10)) * 2 / (5 * 11)  # token mean: divide by 55 tokens, not B
    ratio = float(np.linalg.norm(doubled) / np.linalg.norm(toy))
    ev.metric("retain_ratio_when_doubled", ratio)
    ev.show("∇ retain term, toy batch", toy)
    ev.show("∇ retain term, every answer doubled", doubled)
    ev.close(toy, analytic, rtol=RATIO_RTOL, atol=RATIO_RTOL, what="retain gradient",
             labels=("∇ of the ported retain term", "−Σ_tokens (e_y − p)/55"))
    ev.close(ratio, 1.0, rtol=RATIO_RTOL, what="‖∇‖ ratio when every retain answer doubles",
             labels=("measured ratio", "1 (token mean)"))


@C.GRAD_DIFF_LENGTHS.check(given=None, precision="float64 central differences (h = 1e-6)",
                           tolerance=f"relative {RATIO_RTOL:g}")
def ratio_depends_on_forget_length_only(subject, ev):
    r"""$\lVert\nabla\,\mathrm{forget}\rVert/\lVert\nabla\,\mathrm{retain}\rVert$ for one-answer batches of
    lengths $(|y_f|, |y_r|) \in \{5, 50\}^2$: ten times larger at $|y_f| = 50$, the same at either $|y_r|$."""
    rows, ratio = [], {}
    for lf in (1, 10):
        for lr in (1, 10):
            f = np.linalg.norm(_forget_gradient(subject.forget, (lf,)))
            r = np.linalg.norm(_retain_gradient(subject.retain, (lr,)))
            ratio[lf, lr] = float(f / r)
            rows.append({"forget answer tokens": 5 * lf, "retain answer tokens": 5 * lr,
                         "‖∇ forget‖ / ‖∇ retain‖": ratio[lf, lr]})
    ev.table("gradient ratio by length", rows)
    ev.show("ratios (5,5), (5,50), (50,5), (50,50)", [ratio[1, 1], ratio[1, 10], ratio[10, 1], ratio[10, 10]])
    ev.close(ratio[10, 1] / ratio[1, 1], 10.0, rtol=RATIO_RTOL, what="forget length ×10",
             labels=("ratio at |y_f| = 50 over |y_f| = 5", "10"))
    ev.close(ratio[1, 10] / ratio[1, 1], 1.0, rtol=RATIO_RTOL, what="retain length ×10",
             labels=("ratio at |y_r| = 50 over |y_r| = 5", "1"))
