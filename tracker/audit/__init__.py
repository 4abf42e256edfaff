"""The audit log: every change by the office or an admin, logins and refused requests."""
