"""Claim families: one package per paper or tight group (paper, library, formulas under test and their
mutants, claims, derivations)."""
