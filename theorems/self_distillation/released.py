"""Numpy ports of the released code, github.com/Kennethborup/self_distillation at commit cb20d6c
(2021-10-12), written from reading it.

``toy_example.ipynb`` (class ``SelfDistill``): X = 0, 0.1, …, 1.0, the eleven targets of Mobahi et al.
(2020) typed into the notebook, scikit-learn's ``rbf_kernel`` with ``gamma=80`` (here exp(−80(x − x′)²)),
``lambd=2e-1``. ``distill`` keeps a list that starts with Y_0 = y, appends
Y_step = K(K + λI)⁻¹(αy + (1 − α)Y_{step−1}) and prints for step = 1, 2, … the mean squared error against
sin(2πx) on x = ``np.arange(0, 1.01, 0.01)`` (101 points) of K(x, X)(K + λI)⁻¹(αy + (1 − α)Y_{step−1}),
so its step 1 is the initial fit; the row ∞ is α K(x, X)(αK + λI)⁻¹ y.

``self_distiller.py`` (``LitResnet.training_step``): loss = mse(softmax(pred), target); with a teacher
loss = α·loss + (1 − α)·mse(softmax(pred), softmax(teacher(data))); then
loss += reg_coef · Σ_p ‖p‖ over the trainable parameter tensors (``torch.norm``: the Frobenius norm,
not squared). ``F.mse_loss`` averages over batch × classes.
"""

from __future__ import annotations

import numpy as np

TOY_X = np.arange(0, 1.1, 0.1)
TOY_Y = np.array([0.38476636465198066, 1.2333967683416893, 1.33232242218057, 0.69201594888895180,
                  -0.29756145531871736, -0.24189291901377769, -0.7964485769175675, -0.9616480167034174,
                  -0.49672509509916934, -0.3469066003991437, 0.5589512650600734])
TOY_GAMMA = 80.0
TOY_LAMBDA = 0.2
TOY_GRID = np.arange(0, 1.01, 0.01)

#: The README's table (commit cb20d6c), steps 1–6 and ∞. Its second column is headed "alpha = 0.25"; the
#: text around it, and the statement under test, say α = 0.35.
README_ALPHA_ZERO = (0.16477, 0.15076, 0.14915, 0.15561, 0.16735, 0.18251, 0.49505)
README_SECOND_COLUMN = (0.16477, 0.15424, 0.15089, 0.14983, 0.14954, 0.14948, 0.14959)
README_TABLE = {0.0: README_ALPHA_ZERO, 0.35: README_SECOND_COLUMN}


def rbf(a: np.ndarray, b: np.ndarray, gamma: float = TOY_GAMMA) -> np.ndarray:
    """scikit-learn's rbf_kernel for one-dimensional inputs: exp(−γ(a_i − b_j)²)."""
    return np.exp(-gamma * (a[:, None] - b[None, :]) ** 2)


def toy_losses(alpha: float, steps: int = 6, lam: float = TOY_LAMBDA, start_with_targets: bool = True) -> list[float]:
    """The notebook's printed column: MSE against sin(2πx) of steps 1 … steps, then of the ∞ row."""
    K = rbf(TOY_X, TOY_X)
    Kx = rbf(TOY_GRID, TOY_X)
    inv = np.linalg.inv(K + lam * np.eye(TOY_X.size))
    truth = np.sin(2 * np.pi * TOY_GRID)
    previous = TOY_Y if start_with_targets else K @ inv @ TOY_Y
    out = []
    for _ in range(steps):
        mixed = alpha * TOY_Y + (1 - alpha) * previous
        out.append(float(np.mean((Kx @ inv @ mixed - truth) ** 2)))
        previous = K @ inv @ mixed
    lim = alpha * Kx @ np.linalg.inv(alpha * K + lam * np.eye(TOY_X.size)) @ TOY_Y
    out.append(float(np.mean((lim - truth) ** 2)))
    return out


def toy_losses_off_by_one(alpha: float, steps: int = 6) -> list[float]:
    """Mutant: the list starts at the initial fit, so the printed step 1 is already one distillation step."""
    return toy_losses(alpha, steps, start_with_targets=False)


def toy_losses_swapped(alpha: float, steps: int = 6) -> list[float]:
    """Mutant: teacher weight α, ground-truth weight 1 − α (limit included)."""
    return toy_losses(1 - alpha, steps)


def toy_losses_limit_lambda_alpha(alpha: float, steps: int = 6) -> list[float]:
    """Mutant: the ∞ row with ridge λα instead of λ/α."""
    out = toy_losses(alpha, steps)
    K, Kx = rbf(TOY_X, TOY_X), rbf(TOY_GRID, TOY_X)
    lim = Kx @ np.linalg.solve(K + TOY_LAMBDA * alpha * np.eye(TOY_X.size), TOY_Y)
    out[-1] = float(np.mean((lim - np.sin(2 * np.pi * TOY_GRID)) ** 2))
    return out


# -- self_distiller.py ------------------------------------------------------------------------------


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def released_data_loss(pred, target, teacher, alpha):
    """``training_step`` without the regulariser: α·mean((s − Y)²) + (1 − α)·mean((s − s_T)²), s = softmax(pred)."""
    s = _softmax(pred)
    return alpha * float(np.mean((s - target) ** 2)) + (1 - alpha) * float(np.mean((s - _softmax(teacher)) ** 2))


def released_regulariser(params, reg_coef):
    """``training_step``'s penalty: reg_coef · Σ_p ‖p‖ (each tensor's Frobenius norm, not squared)."""
    return reg_coef * sum(float(np.sqrt(np.sum(np.asarray(p) ** 2))) for p in params)


def data_loss_swapped(pred, target, teacher, alpha):
    """Mutant: weight α on the teacher."""
    return released_data_loss(pred, target, teacher, 1 - alpha)


def data_loss_teacher_logits(pred, target, teacher, alpha):
    """Mutant: the teacher's logits, not its softmax, as the soft target."""
    s = _softmax(pred)
    return alpha * float(np.mean((s - target) ** 2)) + (1 - alpha) * float(np.mean((s - teacher) ** 2))


def data_loss_summed(pred, target, teacher, alpha):
    """Mutant: sums over the batch instead of means."""
    s = _softmax(pred)
    return alpha * float(np.sum((s - target) ** 2)) + (1 - alpha) * float(np.sum((s - _softmax(teacher)) ** 2))


def regulariser_squared_sum(params, reg_coef):
    """Mutant (of the group-norm refinement): reg_coef · Σ_p ‖p‖², the theory's ℓ2 penalty."""
    return reg_coef * sum(float(np.sum(np.asarray(p) ** 2)) for p in params)


def regulariser_global_norm(params, reg_coef):
    """Mutant (of the group-norm refinement): reg_coef · ‖θ‖ over all parameters at once."""
    return reg_coef * float(np.sqrt(sum(float(np.sum(np.asarray(p) ** 2)) for p in params)))
