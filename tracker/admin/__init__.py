"""Pages for the office and admins: users and the audit log."""
