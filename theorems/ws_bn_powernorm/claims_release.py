"""The released PowerNorm (sIncerass/powernorm 9ea6226, ``fairseq/modules/norms/mask_powernorm.py``): W7 (its
backward against the exact gradient of its forward, and what its ``ema_gz`` tracks) and W8 (the "bounded
gradients" of the approximate backpropagation). The subject is :class:`~.formulas.ReleasePowerNorm`, a numpy port
written from the release."""

from __future__ import annotations

from claimkit import Claim, formula_claim

from . import formulas as F
from . import ground_truth as G
from .paper import PAPER_PN, RECONSTRUCTED

PORT = (r"the port of MaskPowerNorm in training mode: $\tilde x$ the group-scaled input, $\mathrm{var} = $ the mean "
        r"of $\tilde x^2$ over the $N$ tokens per channel, $z = \tilde x/\sqrt{\mathrm{var} + \varepsilon}$ while "
        r"iters $\le$ warmup_iters, else $z = \tilde x/\sqrt{\psi_{run} + \varepsilon}$; backward: $G = "
        r"\gamma\,\partial L/\partial y$, $\hat g = G - (1 - \alpha)\,\mathrm{ema}\,z$, $\mathrm{ema} \mathrel{+}= "
        r"\mathrm{mean}(\hat g z)$, $\partial L/\partial\tilde x = \hat g/\sqrt{\mathrm{var} + \varepsilon}$",
        r"$\alpha_{fwd} = \alpha_{bkw} = \alpha = 0.9$, $\varepsilon = 10^{-5}$ (the release's defaults)")

EXACT_WARMUP = Claim(
    id="ws_bn_powernorm.release_backward_exact_warmup",
    paper=PAPER_PN,
    location="W7: the approximate backpropagation (abstract), during warm-up",
    statement=r"During warm-up the released backward returns the exact gradient of the released forward with "
              r"respect to its input $\tilde x$.",
    assumptions=PORT,
    kind="identity",
    expected="refuted",
    subject=F.ReleasePowerNorm,
    stance="denies",
    notes=RECONSTRUCTED + r" The paper calls its backward an approximation, and it is one: the exact gradient is "
          r"$(G - z\,\mathrm{mean}(Gz))/\sqrt{\mathrm{var} + \varepsilon}$, and the release puts "
          r"$(1 - \alpha)\,\mathrm{ema}$ in place of $\mathrm{mean}(Gz)$ (ws_bn_powernorm.release_backward_gap). "
          r"Already the first backward pass, with $\mathrm{ema} = 0$, drops the term.",
)

EXACT_AFTER = Claim(
    id="ws_bn_powernorm.release_backward_exact_after_warmup",
    paper=PAPER_PN,
    location="W7: the approximate backpropagation (abstract), after warm-up",
    statement=r"After warm-up the released backward returns the exact gradient of the released forward "
              r"$y = \gamma\tilde x/\sqrt{\psi_{run} + \varepsilon} + \beta$ with respect to $\tilde x$.",
    assumptions=PORT,
    kind="identity",
    expected="refuted",
    subject=F.ReleasePowerNorm,
    stance="denies",
    notes=RECONSTRUCTED + r" After warm-up the forward divides by the running statistic, whose exact gradient is "
          r"$G/\sqrt{\psi_{run} + \varepsilon}$; the release still divides by the batch's "
          r"$\sqrt{\mathrm{var} + \varepsilon}$ and subtracts $(1 - \alpha)\,\mathrm{ema}\,z$.",
)

GAP = Claim(
    id="ws_bn_powernorm.release_backward_gap",
    paper=PAPER_PN,
    location="W7: what the released backward computes (derived by this suite from the release)",
    statement=r"Released minus exact gradient: during warm-up $(\mathrm{mean}(Gz) - (1 - \alpha)\,\mathrm{ema})\,z/"
              r"\sqrt{\mathrm{var} + \varepsilon}$; after warm-up $G\left(\frac{1}{\sqrt{\mathrm{var} + "
              r"\varepsilon}} - \frac{1}{\sqrt{\psi_{run} + \varepsilon}}\right) - (1 - \alpha)\,\mathrm{ema}\,z/"
              r"\sqrt{\mathrm{var} + \varepsilon}$ ($\mathrm{ema}$ before the pass's update, per channel).",
    assumptions=PORT,
    kind="identity",
    expected="proved",
    subject=F.ReleasePowerNorm,
    origin="suite",
    notes=r"During warm-up the release is exact exactly when $(1 - \alpha)\,\mathrm{ema} = \mathrm{mean}(Gz)$ for the "
          r"batch at hand, which the moving average gives only in a steady state (ws_bn_powernorm.ema_gz_tracks).",
)
GAP.mutant("backward_running_phi", r"the backward divides by $\sqrt{\psi_{run} + \varepsilon}$ after warm-up",
           F.PortBackwardRunningPhi)

TRACKS = Claim(
    id="ws_bn_powernorm.ema_gz_tracks",
    paper=PAPER_PN,
    location="W7: the moving average of the approximate backpropagation (reconstructed)",
    statement=r"In a steady state where every batch has $\mathrm{mean}(z^2) = 1$ and $\mathrm{mean}(Gz) = c$, "
              r"$(1 - \alpha)\,\mathrm{ema}_t = c(1 - \alpha^t) \to c$: the release's $(1 - \alpha)\,\mathrm{ema}$ "
              r"is a moving average of $\mathrm{mean}(Gz)$ with factor $\alpha$.",
    assumptions=(*PORT, r"$\mathrm{mean}(z^2) = 1$: warm-up with $\varepsilon = 0$; $\mathrm{ema}_0 = 0$"),
    kind="identity",
    expected="proved",
    subject=F.ReleasePowerNorm,
    notes=RECONSTRUCTED + r" The update is $\mathrm{ema} \leftarrow (1 - (1 - \alpha)\,\mathrm{mean}(z^2))\,"
          r"\mathrm{ema} + \mathrm{mean}(Gz)$. With $\varepsilon > 0$ or after warm-up $\mathrm{mean}(z^2) = m \ne "
          r"1$ and the limit is $c/m$ (ws_bn_powernorm.ema_gz_trajectory): with $\varepsilon = 10^{-5}$ a channel "
          r"whose second moment is $10^{-5}$ has $m = 1/2$ and a limit of $2c$.",
)
TRACKS.mutant("ema_scaled", r"$\mathrm{ema} \mathrel{+}= (1 - \alpha)\,\mathrm{mean}(\hat g z)$",
              F.PortEmaScaled)
TRACKS.mutant("ema_sign_flipped", r"$\mathrm{ema} \mathrel{-}= \mathrm{mean}(\hat g z)$", F.PortEmaSignFlipped)

TRAJECTORY = formula_claim(
    id="ws_bn_powernorm.ema_gz_trajectory",
    paper=PAPER_PN,
    location="W7: the ema_gz recursion in closed form (derived by this suite)",
    statement=r"With $\mathrm{mean}(Gz) = c$ and $\mathrm{mean}(z^2) = m$ at every pass, from $\mathrm{ema}_0 = 0$: "
              r"$(1 - \alpha)\,\mathrm{ema}_t = \operatorname{ema\_gz\_trajectory} = c(1 - (1 - (1 - \alpha)m)^t)/m$, "
              r"which tends to $c/m$.",
    formula=F.EMA_TRAJECTORY,
    truth=G.ema_truth,
    truth_at_precision=G.ema_at_precision,
    expected="proved",
    origin="suite",
    examples=8,
    mutant_limit=8,
    rtol=1e-11,
    atol=1e-13,
    tolerance_reason=r"the ground truth runs up to 200 float64 steps of the recursion, each adding a few "
                     r"units of rounding ($200 \times 4\varepsilon \approx 2 \times 10^{-13}$ relative); the "
                     r"absolute part covers $c$ near 0",
    assumptions=(r"the released update $\mathrm{ema} \leftarrow \mathrm{ema} + \mathrm{mean}((G - (1 - \alpha)\,"
                 r"\mathrm{ema}\,z)z)$",),
)

TOKEN_SCALE = Claim(
    id="ws_bn_powernorm.release_token_scale_invariance",
    paper=PAPER_PN,
    location="W7: GroupScaling1D in the released forward (this suite's reading of the release)",
    statement=r"With $\varepsilon = 0$ the released training forward is invariant to rescaling any token: "
              r"$x_t \to a_t x_t$ with $a_t > 0$ leaves $y$ unchanged.",
    assumptions=(*PORT, r"$\varepsilon = 0$ (with $\varepsilon = 10^{-5}$: up to $O(\varepsilon/\|x_t\|^2)$)"),
    kind="identity",
    expected="proved",
    subject=F.ReleasePowerNorm,
    origin="suite",
    notes=r"The group scaling divides each token by its root mean square over the channels, so PN in the release "
          r"sees only token directions: the batch second moment $\psi^2$ of each channel is a mean of squared "
          r"direction cosines, and its mean over the channels is 1.",
)
TOKEN_SCALE.mutant("no_group_scaling", r"the GroupScaling1D step omitted", F.PortNoGroupScaling)

# -- W8 ----------------------------------------------------------------------------------------------------

BOUNDED = Claim(
    id="ws_bn_powernorm.approximate_backward_bounded",
    paper=PAPER_PN,
    location="W8: abstract (“the approximate backpropagation scheme leads to bounded gradients”)",
    statement=r"Over a long run with stationary random inputs and upstream gradients, the released backward's "
              r"$\|\partial L/\partial x\|$ stays bounded: its ratio to $\|\partial L/\partial y\|$ in the second half "
              r"of the run is at most twice its maximum in the first half.",
    assumptions=(*PORT, r"inputs and upstream gradients i.i.d. Gaussian per step; $N = 16$ tokens, $C = 4$ channels"),
    kind="empirical",
    expected="supported",
    subject=F.ReleasePowerNorm,
    notes=RECONSTRUCTED + r" Largest ratio in the first half {{bounded_over_a_run.first_half}}, in the second "
          r"{{bounded_over_a_run.second_half}}; the steps: {{bounded_over_a_run.steps}}, warm-up "
          r"{{bounded_over_a_run.warmup}}. What bounds it is ws_bn_powernorm.approximate_backward_bound.",
)
BOUNDED.mutant("ema_sign_flipped", r"$\mathrm{ema} \mathrel{-}= \mathrm{mean}(\hat g z)$: the recursion expands",
               F.PortEmaSignFlipped)

BOUND = Claim(
    id="ws_bn_powernorm.approximate_backward_bound",
    paper=PAPER_PN,
    location="W8: what controls the bound (derived by this suite)",
    statement=r"Per channel, if every pass has $m_{min} \le m_t = \mathrm{mean}(z_t^2) \le 1/(1 - \alpha)$, then "
              r"$|(1 - \alpha)\,\mathrm{ema}_t| \le \max_{s < t}|\mathrm{mean}(G_s z_s)|/m_{min}$ and "
              r"$\|\partial L/\partial\tilde x_t\| \le (\|G_t\| + \|z_t\|\max_{s < t}|\mathrm{mean}(G_s z_s)|/"
              r"m_{min})/\sqrt{\mathrm{var}_t + \varepsilon}$.",
    assumptions=(*PORT, r"$\mathrm{ema}_0 = 0$"),
    kind="inequality",
    expected="proved",
    subject=F.ReleasePowerNorm,
    origin="suite",
    notes=r"The recursion $\mathrm{ema} \leftarrow (1 - (1 - \alpha)m_t)\,\mathrm{ema} + \mathrm{mean}(G_t z_t)$ "
          r"contracts while $0 < (1 - \alpha)m_t \le 1$. During warm-up $m_t = \mathrm{var}/(\mathrm{var} + "
          r"\varepsilon) \le 1$, so the bound is controlled by $\varepsilon$ (through $1/\sqrt{\varepsilon}$ and "
          r"$m_{min}$) and by the smallest channel second moment; after warm-up $m_t = \mathrm{var}/(\psi_{run} + "
          r"\varepsilon)$, and in the stationary run of ws_bn_powernorm.approximate_backward_bounded it reaches "
          r"{{bound_holds_during_warmup.largest_m_after_warmup}} after warm-up (the smallest $m_t$ during warm-up: "
          r"{{bound_holds_during_warmup.smallest_m}}): the contraction condition fails on some passes, the recursion "
          r"expands there, and the bound is then not guaranteed, although the run stays bounded.",
)
BOUND.mutant("ema_sign_flipped", r"$\mathrm{ema} \mathrel{-}= \mathrm{mean}(\hat g z)$", F.PortEmaSignFlipped)
