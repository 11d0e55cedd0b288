"""Mutual-help meetings: the pure core (feed parsing, search, the spec's type list). No Django."""
