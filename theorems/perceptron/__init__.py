"""Logistic regression with large steps tends to the batch perceptron.

Paper: A. Tyurin, "From Logistic Regression to the Perceptron Algorithm: Exploring Gradient Descent
with Large Step Sizes", arXiv 2412.08424 (2024).

Statements covered: Thms 3.2, 3.3, 4.1, 5.1, 5.2, 5.3, 6.1, the abstract's three statements (each
pinned to precise readings, and its denial that the loss measures progress), Table 1, and the roles of
Assumption 3.1 and θ_0 = 0; and the library's conformance to the paper's definitions.

Notation (the paper's): z_i = y_i a_i, margins m_i(θ) = z_iᵀθ, θ_0 = 0 unless stated.

Modules:

- ``paper.py``: the paper.
- ``library.py``: the paper's five algorithms (LR+GD, Batch Perceptron, Perceptron, Normalized Batch
  Perceptron, Normalized LR+GD), the logistic loss, the margin μ of Assumption 1.1 and an iteration
  counter for problem (1), with input validation and scale-free computation (data of size 1e±200).
- ``library_mutants.py``: the library's plausible bugs, with the signatures of the functions they replace.
- ``formulas.py``: the formulas under test (the γ → ∞ limit recursion, Thm 3.2 as a checkable object,
  the iteration bounds, Thm 5.1's dataset and counts, the abstract's loss slope, NBP's direction)
  and their mutants.
- ``claims.py``: the claims and their mutants.
- ``claims_library.py``: the claims the suite adds on the library (every public name is a subject).
- ``derivations.py``: the sympy derivations.

The checks are in ``checks/perceptron/``.
"""
