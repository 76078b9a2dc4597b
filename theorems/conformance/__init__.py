"""Conformance: the suite's claims run against the implementations people install.

Each claim of this family states a claim of another family (its statement, location and paper) for one installed
package and version, through an adapter (numpy in, numpy out, float64 tensors), and runs that claim's own checks
(or, where the base family has none that fits, a check of ``checks/conformance`` comparing the package step for
step with the released rule). Its mutants are the adapter with a perturbed mapping, which show that the checks can
fail on this implementation.

Packages: ``adamp`` 0.3.0 (the authors' SGDP and AdamP), ``pytorch-optimizer`` 4.1.0 (SGDP, AdamP, Lion,
AdaHessian), ``lion-pytorch`` 0.2.5 (Lion), ``torch`` 2.13.0 (``torch.optim`` Adam, AdamW, SGD) and ``trl`` 1.16.0
(the group-normalised advantage of GRPO). The family is loaded only where all of them are installed at these
versions (``REQUIRES``); elsewhere the run leaves it out and says why.

Modules:

* ``adapters_torch``: the shared numpy/torch machinery and the ``torch.optim`` adapters;
  ``adapters_adamp``, ``adapters_pytorch_optimizer``, ``adapters_lion_pytorch``, ``adapters_trl``: one per package.
* ``claims_adamp``, ``claims_pytorch_optimizer``, ``claims_torch``, ``claims_lion_pytorch``, ``claims_trl``: the
  (claim, implementation) pairs of each package, with their mutants.
* ``_pairs``: how a pair takes its statement from the claim it mirrors and reuses that claim's checks.
"""

REQUIRES = ("torch==2.13.0", "adamp==0.3.0", "pytorch-optimizer==4.1.0", "lion-pytorch==0.2.5", "trl==1.16.0")
