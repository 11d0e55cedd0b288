"""Writes to clinical records (design rule 2): keyword-only, validated, atomic and audited."""
