"""Workflow states, the journal of updates, extensions and the deadline class."""
