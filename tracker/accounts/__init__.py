"""People: users, roles, login sessions and API tokens."""
