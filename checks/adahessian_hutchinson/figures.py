"""Figures of the ADAHESSIAN claims are drawn by the deterministic checks that compute them (``ev.figure``):
the RMS average against the row norm and the diagonal (estimator.release_ema_run) and the Rosenbrock trajectories
(rosenbrock.reproduction_at_tuned_rates)."""
