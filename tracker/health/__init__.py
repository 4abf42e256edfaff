"""/healthz: the state of the database and Redis, for load balancers and compose."""
