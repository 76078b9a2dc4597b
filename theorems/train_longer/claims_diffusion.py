"""The claims about ultra-slow diffusion: T4 (the random walk in a random environment, Sinai's (log t)² law, with
strong and with weak disorder) and T5 (the abstract's logarithmic growth of ‖w_t − w_0‖, reproduced on a small
network), with the conformance of that network's backpropagation.
"""

from __future__ import annotations

from claimkit import Claim

from . import formulas as F
from .paper import PAPER

WALK = (r"a walk on $\mathbb{Z}$ from 0 stepping $+1$ with probability $p_x$ and $-1$ with $1 - p_x$ at site $x$; "
        r"the $p_x$ i.i.d. over sites, drawn once (a random environment); rms over environments and walks")
STRONG = r"strong disorder: $p_x \in \{0.15, 0.85\}$ with probability $\frac{1}{2}$ each"
WEAK = r"weak disorder: $p_x \sim U(0.3, 0.7)$"

# -- T4 -------------------------------------------------------------------------------------------------

SINAI_STRONG = Claim(
    id="train_longer.sinai_log_squared",
    paper=PAPER,
    location="abstract ('random walk on random landscape', 'ultra-slow diffusion'); Sinai's walk",
    statement=r"With strong disorder the rms displacement of the walk grows like $(\log t)^2$: "
              r"$\sqrt{\mathbb{E}X_t^2} \propto (\log t)^2$, i.e. the slope of $\log \mathrm{rms}$ against "
              r"$\log\log t$ is 2.",
    assumptions=(WALK, STRONG, r"measured on $10^2 \le t \le 10^4$ ($10^5$ in the thorough profile), "
                               r"the slope within $\pm 0.35$ of the law's"),
    kind="empirical",
    expected="supported",
    subject=F.SINAI_STRONG,
    notes=r"A theorem (Sinai 1982: $\sigma^2 X_t/(\log t)^2$ converges in law, $\sigma^2 = \operatorname{Var}"
          r"\log(p_x/(1 - p_x))$); the suite checks that it is already visible at these times. Walkers: slope "
          r"{{walkers_follow_the_law.slope:.3f}} (bootstrap standard error "
          r"{{walkers_follow_the_law.slope_se:.3f}}), $\mathrm{rms}\,\sigma^2/(\log t)^2$ = "
          r"{{walkers_follow_the_law.scaled_rms_at_end:.3f}} at the last time (Kesten's limit law gives "
          r"$\sqrt{61/45} \approx 1.164$ as $t \to \infty$). A second route without walkers: the bottom $b_h$ of "
          r"the valley of depth $h$ of the potential around 0 (where Golosov's theorem localises the walk at "
          r"$t = e^h$) has $\mathrm{rms}(b_h) \propto h^2$, fitted slope {{valley_bottoms_follow_the_law.slope:.3f}} "
          r"(bootstrap standard error {{valley_bottoms_follow_the_law.slope_se:.3f}}).",
)
SINAI_STRONG.mutant("weak_disorder", r"the law judged on weak disorder $p_x \sim U(0.3, 0.7)$",
                    F.SINAI_WEAK_AS_STRONG, targets=("walkers_follow_the_law",))
SINAI_STRONG.mutant("diffusive", r"ordinary diffusion, $\mathrm{rms} \propto \sqrt{t}$", F.SINAI_DIFFUSIVE)
SINAI_STRONG.mutant("log_first_power", r"$\mathrm{rms} \propto \log t$", F.SINAI_LOG)
SINAI_STRONG.mutant("log_cubed", r"$\mathrm{rms} \propto (\log t)^3$", F.SINAI_LOG_CUBED)

SINAI_WEAK = Claim(
    id="train_longer.sinai_weak_disorder_preasymptotic",
    paper=PAPER,
    location="T4: weak disorder on the same window (this suite's finding)",
    statement=r"With weak disorder the walk is not yet ultra-slow on $10^2 \le t \le T$, $T = 10^4$ ($10^5$ in the "
              r"thorough profile): the fitted exponent of $\log t$ in $\mathrm{rms}(t)$ over that window is at least "
              r"2.5, so a $(\log t)^2$ law judged there would be rejected.",
    assumptions=(WALK, WEAK),
    kind="empirical",
    expected="supported",
    subject=F.WEAK_PREASYMPTOTIC,
    origin="suite",
    notes=r"Fitted exponent {{weak_exponent_on_the_window.slope:.3f}} (bootstrap standard error "
          r"{{weak_exponent_on_the_window.slope_se:.3f}}); $\mathrm{rms}/(\log t)^2$ grows over the window by the "
          r"factor {{weak_exponent_on_the_window.growth_of_scaled_rms:.3f}}. Here $\sigma^2 = \operatorname{Var}"
          r"\log(p/(1 - p)) =$ {{weak_exponent_on_the_window.sigma2:.4f}} (quadrature), and Sinai's length "
          r"$(\log t)^2/\sigma^2$ exceeds the diffusive length $\sqrt{t}$ until $t \approx$ "
          r"{{weak_exponent_on_the_window.crossover_time:.3g}} (root finding): before that the walk cannot reach "
          r"the valleys that would hold it, so the window shows the crossover from diffusion, not Sinai's law.",
)
SINAI_WEAK.mutant("already_diffusive", r"an exponent of at least 3.5, as steep as diffusion near $t = 10^3$",
                  F.WEAK_AS_STEEP_AS_DIFFUSION)
SINAI_WEAK.mutant("strong_disorder", "the same said of strong disorder", F.STRONG_PREASYMPTOTIC)

# -- T5 -------------------------------------------------------------------------------------------------

REPRO = (r"the reproduction: scikit-learn's bundled digits ($N = 1797$, inputs scaled to $[0, 1]$), a 64-32-10 "
         r"ReLU network with softmax cross-entropy, He-normal initial weights, plain SGD with batch 32 (a new "
         r"permutation each epoch), learning rate 0.1 throughout (the initial high-learning-rate phase), 3000 "
         r"updates; $w$ all weights and biases")
CRITERION = (r"'grows like a law on $[t_1, t_2]$': its least-squares fit at 40 log-spaced $t$ has relative rms "
             r"residual at most half the other law's and, fitted on the first half of $[\log t_1, \log t_2]$, "
             r"predicts $\lVert w_{t_2} - w_0\rVert$ better than the other; for the log law also a residual "
             r"at most 3% and a prediction within 5%; "
             r"log: $a + b\log t$; power: $c\,t^\alpha$ (fitted on $\log\lVert w_t - w_0\rVert$)")

DISTANCE_AS_STATED = Claim(
    id="train_longer.distance_logarithmic_from_start",
    paper=PAPER,
    location="abstract ('the weight distance from its initialization grows logarithmically with the number of "
             "weight updates')",
    statement=r"In the initial high-learning-rate phase $\lVert w_t - w_0\rVert$ grows logarithmically with the "
              r"number of updates $t$: on the reproduction, over $t \in [1, 3000]$.",
    assumptions=(REPRO, CRITERION),
    kind="empirical",
    expected="conditional",
    subject=F.DISTANCE_AS_STATED,
    refined_by="train_longer.distance_logarithmic_after_transient",
    notes=r"Over the whole run the logarithmic fit leaves a relative residual of "
          r"{{log_fit_on_the_range.log_residual:.2f}}: for the first hundred updates $\lVert w_t - w_0\rVert$ "
          r"grows like a power of $t$ (train_longer.distance_early_power_law), and the logarithm takes over only "
          "afterwards (train_longer.distance_logarithmic_after_transient). The abstract's statement describes the "
          "later part of the phase.",
)

DISTANCE_LATE = Claim(
    id="train_longer.distance_logarithmic_after_transient",
    paper=PAPER,
    location="T5 on the reproduction (this suite's refinement)",
    statement=r"On the reproduction, $\lVert w_t - w_0\rVert$ grows logarithmically over $t \in [100, 3000]$ and "
              r"better fitted by $a + b\log t$ than by any power $c\,t^\alpha$.",
    assumptions=(REPRO, CRITERION),
    kind="empirical",
    expected="supported",
    subject=F.DISTANCE_AFTER_TRANSIENT,
    origin="suite",
    notes=r"Relative residuals on $[100, 3000]$: log {{log_fit_on_the_range.log_residual:.4f}}, power "
          r"{{log_fit_on_the_range.power_residual:.4f}} (exponent {{log_fit_on_the_range.power_exponent:.3f}}); "
          r"extrapolated to $t = 3000$ from $[100, 548]$: log off by "
          r"{{log_fit_on_the_range.log_extrapolation_error:.4f}}, power by "
          r"{{log_fit_on_the_range.power_extrapolation_error:.4f}}. One seed in the default profile, five in the "
          "thorough one.",
)
DISTANCE_LATE.mutant("from_the_first_update", "logarithmic from $t = 1$ (the statement as worded)",
                     F.DISTANCE_AS_STATED)
DISTANCE_LATE.mutant("from_ten", "logarithmic from $t = 10$", F.GrowthFit("log", 10, 3000))
DISTANCE_LATE.mutant("power_law", r"a power law $c\,t^\alpha$ on $[100, 3000]$", F.GrowthFit("power", 100, 3000))

DISTANCE_EARLY = Claim(
    id="train_longer.distance_early_power_law",
    paper=PAPER,
    location="T5 on the reproduction: the first hundred updates (this suite's finding)",
    statement=r"On the reproduction, over the first hundred updates $\lVert w_t - w_0\rVert$ grows like a power "
              r"$c\,t^\alpha$, not logarithmically.",
    assumptions=(REPRO, CRITERION),
    kind="empirical",
    expected="supported",
    subject=F.DISTANCE_EARLY,
    origin="suite",
    notes=r"Fitted exponent {{log_fit_on_the_range.power_exponent:.3f}}; relative residuals on $[1, 100]$: power "
          r"{{log_fit_on_the_range.power_residual:.4f}}, log {{log_fit_on_the_range.log_residual:.4f}}.",
)
DISTANCE_EARLY.mutant("logarithmic", "logarithmic on $[1, 100]$", F.GrowthFit("log", 1, 100))

BACKPROP = Claim(
    id="train_longer.mlp_backprop",
    paper=PAPER,
    location="T5: the network of the reproduction (this suite's conformance check)",
    statement=r"The analytic backpropagation of the 64-32-10 ReLU network with mean softmax cross-entropy equals "
              r"the gradient of its loss.",
    assumptions=(r"inputs and weights at which no pre-activation is 0 (the ReLU is differentiable there)",),
    kind="identity",
    expected="supported",
    subject=F.mlp_loss_and_grads,
    origin="suite",
    notes="Ground truth: complex-step derivatives (no cancellation) and central differences of the forward loss, "
          "on digits batches and random weights.",
)
BACKPROP.mutant("sum_not_mean", "the gradient of the summed loss (the batch mean forgotten)", F.backprop_sum_not_mean)
BACKPROP.mutant("relu_mask_forgotten", r"the ReLU's derivative taken as 1 everywhere", F.backprop_without_relu_mask)
BACKPROP.mutant("label_sign_flipped", r"$\partial\ell/\partial z = (y - p)/B$", F.backprop_label_sign_flipped)
BACKPROP.mutant("bias_averaged_twice", "the bias gradients divided by the batch size once more",
                F.backprop_bias_as_mean)
