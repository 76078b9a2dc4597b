"""Checks of the released code: the update against the paper's form (60-digit explicit sums), spatial averaging
(exact enumeration over all probes of one kernel, Monte Carlo on larger weights, explicit loops), parameters of 3
dims, the cost in oracle calls, and the probe schedules.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ...theorems.adahessian_hutchinson import claims_release as R
from ...theorems.adahessian_hutchinson.formulas import (
    ReleaseState,
    paper_form_trajectory,
    rademacher_vectors,
    released_step,
    tf_released_step,
)
from .strategies import block_hessian, seeds, t_tail

# -- the update against the paper form ---------------------------------------------------------------------------


def _update_case(seed: int):
    """k ∈ {0, ½, 1} or uniform, ε ∈ {0, 1e-4, 1e-2}, λ ∈ {0, 0.1}, 1–6 steps of gradients and estimates D ≥ 0.1."""
    rng = np.random.default_rng(seed)
    k = float(rng.choice([0.0, 0.5, 1.0, rng.uniform(0, 1)]))
    eps = float(rng.choice([0.0, 1e-4, 1e-2]))
    wd = float(rng.choice([0.0, 0.1]))
    T = int(rng.integers(1, 7))
    g = rng.normal(size=(T, 3)) * 10 ** rng.uniform(-1, 1)
    D = np.abs(rng.normal(size=(T, 3))) * 10 ** rng.uniform(-1, 1) + 0.1
    return dict(k=k, eps=eps, wd=wd, g=g, D=D, p0=rng.normal(size=3), lr=float(10 ** rng.uniform(-2, 0)),
                betas=(float(rng.uniform(0.5, 0.95)), float(rng.uniform(0.9, 0.9999))))


#: The float64 run against 40-digit sums: each step rounds at a few ε of |p| + lr|m̂|/denom, and the steps add up;
#: 1e-12 × T × scale leaves ×100 headroom. The mutants change the iterates by O(1) relative amounts.
UPDATE_RTOL = 1e-12


def _against_paper_form(step, ev, seed):
    c = _update_case(seed)
    want = paper_form_trajectory(c["p0"], c["g"], c["D"], lr=c["lr"], betas=c["betas"], eps=c["eps"],
                                 weight_decay=c["wd"], hessian_power=c["k"], dps=40)
    p, state = c["p0"], ReleaseState(np.zeros(3), np.zeros(3), 0)
    ev.show("k, ε, λ, lr, betas", [c["k"], c["eps"], c["wd"], c["lr"], c["betas"]])
    ev.show("gradients, estimates", [c["g"], c["D"]])
    for t in range(len(c["g"])):
        p, state = step(p, c["g"][t], c["D"][t], state, lr=c["lr"], betas=c["betas"], eps=c["eps"],
                        weight_decay=c["wd"], hessian_power=c["k"])
        truth = np.array([float(v) for v in want[t]])
        ev.close(p, truth, atol=UPDATE_RTOL * (t + 1) * (float(np.max(np.abs(truth))) + 1), what=f"x_{t + 1}",
                 labels=("released step", "paper form (40 digits)"))


#: k = 0.94, ε = 1e-4, λ = 0.1, six steps: every variant of the release shows in the iterates.
ALL_TERMS = {"seed": 4}


@R.RELEASE_UPDATE.check(given={"seed": seeds}, examples=4, regressions=[ALL_TERMS],
                        precision="float64 against 40-digit explicit sums",
                        tolerance="1e-12 × t × (|x_t| + 1) (UPDATE_RTOL)")
def torch_matches_paper_form(subject, ev, seed):
    r"""The PyTorch step, run on a stream of gradients and estimates, gives the paper form's iterates."""
    _against_paper_form(subject["torch"], ev, seed)


@R.RELEASE_UPDATE.check(given={"seed": seeds}, examples=4, precision="float64 against 40-digit explicit sums",
                        tolerance="1e-12 × t × (|x_t| + 1) (UPDATE_RTOL)")
def tf_matches_paper_form(subject, ev, seed):
    r"""The TensorFlow step, run on the same kind of stream, gives the paper form's iterates."""
    _against_paper_form(subject["tf"], ev, seed)


# -- H6 ------------------------------------------------------------------------------------------------------------


def _block_case(seed: int):
    return block_hessian(np.random.default_rng(seed))


WITNESS = np.eye(9, dtype=np.int64)
WITNESS[1, 2] = WITNESS[2, 1] = 1


def _kernel_estimates(subject, H):
    """All 512 probes of one 3×3 kernel: the raw |Hv| (512 × 9, integers) and the subject's estimates, the probes
    stacked along the out-channel dim of one (512, 1, 3, 3) weight (the averaging acts per (out, in) pair)."""
    V = rademacher_vectors(9)
    hv = V @ H.T
    est = subject([hv.reshape(512, 1, 3, 3)])[0]
    return np.abs(hv), np.broadcast_to(est, (512, 1, 3, 3)).reshape(512, 9)


def _variances(x: np.ndarray) -> np.ndarray:
    """Exact population variances (over the 512 equally likely probes) as floats; the inputs are multiples of 1/9."""
    x9 = np.round(x * 9).astype(np.int64)  # integers: |Hv| and 9 × the block mean
    n = len(x9)
    return (n * (x9 * x9).sum(axis=0) - x9.sum(axis=0) ** 2) / (n * n * 81.0)


@R.BLOCK_VARIANCE.check(given={"H": seeds.map(_block_case)}, examples=4, regressions=[{"H": WITNESS}],
                        precision="exact (integer sums over all 512 probes)", tolerance="none: exact",
                        confirm="exact")
def per_entry_variance_exact(subject, ev, H):
    r"""Over all 512 probes of one kernel, the averaged estimate's variance is at most each entry's own variance."""
    raw, est = _kernel_estimates(subject, H)
    v_raw, v_est = _variances(raw), _variances(est)
    ev.show("H (9×9, one kernel)", H)
    ev.show("Var |Hv|_j, Var D^(s)_j", [v_raw, v_est])
    j = int(np.argmin(v_raw - v_est))
    ev.le(float(v_est[j]), float(v_raw[j]), what=f"variance of entry {j + 1} (of 1–9)",
          labels=("Var D^(s)_j", "Var |Hv|_j"))


@R.BLOCK_MEAN_VARIANCE.check(given={"H": seeds.map(_block_case)}, examples=5, regressions=[{"H": WITNESS}],
                             precision="exact (integer sums over all 512 probes)", tolerance="none: exact")
def mean_variance_exact(subject, ev, H):
    r"""Over all 512 probes of one kernel, each averaged estimate's variance is at most $(\bar\sigma)^2$ and
    $(\bar\sigma)^2 \le \overline{\sigma^2}$, the block's mean variance."""
    raw, est = _kernel_estimates(subject, H)
    v_raw, v_est = _variances(raw), _variances(est)
    sigma_bar = float(np.mean(np.sqrt(v_raw)))
    ev.show("H (9×9, one kernel)", H)
    ev.show("Var |Hv|_j, Var D^(s)_j", [v_raw, v_est])
    ev.le(float(np.max(v_est)), sigma_bar**2 * (1 + 1e-12) + 1e-15, what="Var D^(s) against the mean sd squared",
          labels=("max_j Var D^(s)_j", "(mean σ)²"))
    ev.le(sigma_bar**2, float(np.mean(v_raw)) * (1 + 1e-12) + 1e-15, what="(mean σ)² against the mean variance",
          labels=("(mean σ)²", "mean Var |Hv|_j"))


MC_BATCHES, MC_PER_BATCH, MC_T = 40, 100, 8.0


@R.BLOCK_MEAN_VARIANCE.check(given={"seed": seeds}, examples=3, min_valid=2,
                             precision=f"Monte Carlo, {MC_BATCHES} batches of {MC_PER_BATCH} probes on a (2, 2, 3, 3) "
                                       "weight; t-test over batches",
                             tolerance=f"{MC_T:g} standard errors (one-sided, per entry)",
                             false_alarm_rate=36 * t_tail(MC_T, MC_BATCHES - 1, two_sided=False),
                             power="against block_sum: the averaged variance is 81 times too large, hundreds of "
                                   "standard errors")
def mean_variance_monte_carlo(subject, ev, seed):
    r"""On a (2, 2, 3, 3) weight with a Hessian coupling entries within each kernel, the estimated variance of each
    averaged entry does not exceed its block's mean variance by more than 8 standard errors."""
    rng = np.random.default_rng(seed)
    blocks = [block_hessian(rng) for _ in range(4)]
    H = np.zeros((36, 36), dtype=np.int64)
    for b, Hb in enumerate(blocks):
        H[9 * b:9 * b + 9, 9 * b:9 * b + 9] = Hb
    V = 2 * rng.integers(0, 2, size=(MC_BATCHES * MC_PER_BATCH, 36)) - 1
    hv = V @ H.T
    est = np.broadcast_to(subject([hv.reshape(-1, 4, 3, 3)])[0], (len(V), 4, 3, 3)).reshape(len(V), 36)
    raw = np.abs(hv).reshape(MC_BATCHES, MC_PER_BATCH, 36)
    est = est.reshape(MC_BATCHES, MC_PER_BATCH, 36)
    v_raw, v_est = raw.var(axis=1, ddof=1), est.var(axis=1, ddof=1)
    block_mean = v_raw.reshape(MC_BATCHES, 4, 9).mean(axis=2).repeat(9, axis=1)
    delta = block_mean - v_est  # per batch and entry; its mean is ≥ 0 under the claim
    mean, se = delta.mean(axis=0), delta.std(axis=0, ddof=1) / MC_BATCHES**0.5
    ok = se > 0
    t = np.where(ok, -mean / np.where(ok, se, 1.0), np.where(mean < 0, np.inf, -np.inf))
    ev.show("kernel Hessians", blocks)
    ev.le(float(np.max(t)), MC_T, what="largest one-sided t", labels=("max_j −mean Δ_j / se", "8"))


@R.BLOCK_BIAS.check(given={"seed": seeds, "route": st.sampled_from(["matrix", "differences"])}, examples=4,
                    precision="float64: the released trace and EMA run 6 steps",
                    tolerance="relative 1e-13 (a mean of 9 terms, a square and a root)")
def released_denominator(subject, ev, seed, route):
    r"""On a (2, 3, 3, 3) weight with a diagonal Hessian (entries of both signs, magnitudes $10^{-2}$ to $10^2$), the
    released $\sqrt{s_t/(1 - \beta_2^t)}$ after each of 6 steps equals the claimed closed form; $Hv$ by the matrix or
    by central differences of the gradient."""
    rng = np.random.default_rng(seed)
    h = 10 ** rng.uniform(-2, 2, size=(2, 3, 3, 3)) * rng.choice([-1, 1], size=(2, 3, 3, 3))
    c, w = rng.normal(size=h.shape), rng.normal(size=h.shape)

    def grad(x):
        return h * (x - c)

    state = ReleaseState(np.zeros(h.shape), np.zeros(h.shape), 0)
    from ...theorems.adahessian_hutchinson.formulas import released_trace

    claimed = np.broadcast_to(subject(h), h.shape)
    ev.show("diagonal of H (2, 3, 3, 3)", h)
    for _ in range(6):
        v = 2.0 * rng.integers(0, 2, size=h.shape) - 1
        hv = h * v if route == "matrix" else (grad(w + v) - grad(w - v)) / 2
        D = released_trace([hv])[0]
        w, state = released_step(w, grad(w), D, state, lr=0.01, eps=0.0)
        denom = np.broadcast_to(np.sqrt(state.s / (1 - 0.999**state.t)), h.shape)
        ev.close(claimed, denom, rtol=1e-13, what=f"denominator at step {state.t}",
                 labels=("claimed closed form", "released √ŝ_t"))


# -- the releases' averaging rules --------------------------------------------------------------------------------


def _loops_mean(a: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """|a| averaged over ``axes`` by explicit loops over the other indices, broadcast to a's shape."""
    out = np.empty(a.shape)
    keep = [i for i in range(a.ndim) if i not in axes]
    for idx in np.ndindex(*[a.shape[i] for i in keep]):
        sel = [slice(None)] * a.ndim
        for i, v in zip(keep, idx):
            sel[i] = v
        block = np.abs(a[tuple(sel)])
        total = 0.0
        for x in block.ravel():
            total += x
        out[tuple(sel)] = total / block.size
    return out


#: Per release and rank, the dims averaged (None: kept as is); the TensorFlow shapes are in its layouts.
RULES = {"image_classification": {1: None, 2: None, 4: (2, 3)},
         "instruction": {1: None, 2: (1,), 3: (2,), 4: (2, 3)},
         "tf": {1: None, 2: None, 3: (0,), 4: (0, 1)}}


@R.AVERAGING_RULES.check(given={"seed": seeds}, examples=4, precision="float64, explicit loops",
                         tolerance="1e-14 relative (a mean of at most 25 terms)")
def explicit_loops(subject, ev, seed):
    r"""Each release's port, on tensors of every rank it handles (shapes up to 5 per dim), equals its rule computed
    by explicit loops."""
    rng = np.random.default_rng(seed)
    for name, rules in RULES.items():
        for rank, axes in rules.items():
            a = rng.normal(size=tuple(int(n) for n in rng.integers(1, 6, size=rank)))
            got = np.broadcast_to(subject[name]([a])[0], a.shape)
            want = np.abs(a) if axes is None else _loops_mean(a, axes)
            ev.show(f"{name}, rank {rank}", a.shape)
            ev.close(got, want, rtol=1e-14, atol=1e-300, what=f"{name} on a {rank}-D tensor {a.shape}",
                     labels=("port", "explicit loops"))


@R.THREE_DIM.check(precision="float64", tolerance="none: identity of objects and exceptions")
def previous_estimate_reused(subject, ev):
    r"""[bias of shape (3,), Conv1d weight (2, 2, 3)]: the weight's estimate is the bias's, and the released EMA
    accepts it by broadcasting; a Conv1d weight first raises UnboundLocalError."""
    rng = np.random.default_rng(3)
    bias, weight = rng.normal(size=3), rng.normal(size=(2, 2, 3))
    out = subject([bias, weight])
    ev.show("estimates returned for [bias, weight]", [out[0], out[1]])
    ev.that(bool(np.shape(out[1]) == (3,) and np.array_equal(out[1], np.abs(bias))),
            "the 3-D weight got an estimate of its own", claimed=np.shape(out[1]), observed=(3,),
            labels=("shape of the weight's estimate", "the bias's shape"))
    p, _ = released_step(np.zeros((2, 2, 3)), np.ones((2, 2, 3)), out[1], ReleaseState(np.zeros((2, 2, 3)),
                                                                                         np.zeros((2, 2, 3)), 0))
    ev.that(bool(p.shape == (2, 2, 3)), "the EMA did not broadcast", claimed=p.shape, observed=(2, 2, 3),
            labels=("updated weight", "weight"))
    try:
        subject([weight, bias])
        raised = "nothing"
    except UnboundLocalError:
        raised = "UnboundLocalError"
    ev.that(raised == "UnboundLocalError", "a first 3-D tensor did not raise", claimed=raised,
            observed="UnboundLocalError", labels=("raised", "expected"))


# -- H8 ------------------------------------------------------------------------------------------------------------


SHAPES = [(3,), (2, 3), (2, 2, 3, 3), (4,)]


@R.ONE_HVP.check(given={"seed": seeds, "tensors": st.integers(1, 4), "steps": st.integers(1, 4)}, examples=4,
                 precision="exact counts", tolerance="none: exact")
def oracle_counts(subject, ev, seed, tensors, steps):
    r"""Over $T$ steps of a model with 1 to 4 parameter tensors (1-D, 2-D and 4-D), the step calls the gradient oracle
    $T$ times and the Hessian-vector oracle $T$ times."""
    rng = np.random.default_rng(seed)
    shapes = SHAPES[:tensors]
    h = [np.abs(rng.normal(size=s)) + 0.1 for s in shapes]
    calls = {"grad": 0, "hvp": 0}

    def grad_fn(params):
        calls["grad"] += 1
        return [hi * p for hi, p in zip(h, params)]

    def hvp_fn(params, v):
        calls["hvp"] += 1
        return [hi * vi for hi, vi in zip(h, v)]

    params = [rng.normal(size=s) for s in shapes]
    states = [ReleaseState(np.zeros(s), np.zeros(s), 0) for s in shapes]
    for _ in range(steps):
        params, states = subject(params, grad_fn, hvp_fn, rng, states)
    ev.show("parameter shapes, steps", [shapes, steps])
    ev.close(calls["grad"], steps, what="gradient evaluations", labels=("counted", "steps"))
    ev.close(calls["hvp"], steps, what="Hessian-vector products", labels=("counted", "steps"))


def _distinct(probes) -> int:
    return len({tuple(np.concatenate([np.ravel(v) for v in step]).tolist()) for step in probes})


PROBE_STEPS = 20


@R.FRESH_PROBES.check(given={"seed": seeds}, examples=3, regressions=[{"seed": 0}],
                      precision="exact counts (40 entries per probe: a repeat by chance has probability 2⁻⁴⁰)",
                      tolerance="none: exact", confirm="exact")
def new_probe_every_step(subject, ev, seed):
    r"""Over 20 steps each release's probe schedule gives 20 different probes."""
    for name, schedule in subject.items():
        probes = schedule(np.random.default_rng(seed), [(4, 5), (20,)], PROBE_STEPS)
        ev.show(f"{name}: distinct probes", _distinct(probes))
        ev.close(_distinct(probes), PROBE_STEPS, what=f"{name}: distinct probes in {PROBE_STEPS} steps",
                 labels=("distinct probes", "steps"))


@R.PROBE_SCHEDULES.check(given={"seed": seeds}, examples=3, precision="exact counts", tolerance="none: exact")
def distinct_probes_per_release(subject, ev, seed):
    r"""Over 20 steps: 20 different probes in each PyTorch release, 1 in the TensorFlow release."""
    for name, schedule in subject.items():
        want = 1 if name == "tf" else PROBE_STEPS
        got = _distinct(schedule(np.random.default_rng(seed), [(4, 5), (20,)], PROBE_STEPS))
        ev.close(got, want, what=f"{name}: distinct probes", labels=("distinct probes", "claimed"))


@R.PROBE_SCHEDULES.check(precision="float64", tolerance="relative 1e-12 on the step")
def fixed_probe_zero_denominator(subject, ev):
    r"""$H = \begin{pmatrix} 1 & 1 \\ 1 & 1 \end{pmatrix}$ with the TensorFlow schedule from a seed whose vector is
    $(1, -1)$: every one of 20 TensorFlow steps (defaults, $\eta = 0.1$) moves by $\eta\hat m_t/\varepsilon$."""
    H = np.array([[1.0, 1.0], [1.0, 1.0]])
    seed = next(s for s in range(100) if subject["tf"](np.random.default_rng(s), [(2,)], 1)[0][0][0]
                != subject["tf"](np.random.default_rng(s), [(2,)], 1)[0][0][1])
    probes = subject["tf"](np.random.default_rng(seed), [(2,)], PROBE_STEPS)
    x, state = np.array([1.0, -2.0]), ReleaseState(np.zeros(2), np.zeros(2), 0)
    worst = 0.0
    for step in probes:
        v = step[0]
        g = H @ x + np.array([0.3, -0.1])
        hess = np.abs((H @ v) * v)
        x_new, state = tf_released_step(x, g, hess, state)
        want = 0.1 * state.m / (1 - 0.9**state.t) / 1e-4
        worst = max(worst, float(np.max(np.abs((x - x_new) - want) / np.abs(want))))
        x = x_new
    ev.show("probes used (first three)", [s[0] for s in probes[:3]])
    ev.le(worst, 1e-12, what="relative gap to η m̂/ε", labels=("|step − η m̂/ε| / |η m̂/ε|", "1e-12"))
