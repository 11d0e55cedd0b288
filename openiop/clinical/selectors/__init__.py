"""Reads of clinical records, through ``accounts.policy``; opening a record is audited."""
