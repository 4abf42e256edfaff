"""The domain packages, in one place. create_app imports each one's `setup` module and calls
its init_app(app): blueprints, commands, template labels and listeners are declared there, so
that tracker/core/ never imports a domain. `api` comes last: other domains add routes to its
blueprint, which Flask takes only before the blueprint is registered."""

DOMAINS = (
    "audit",
    "accounts",
    "units",
    "plans",
    "assignments",
    "status",
    "figures",
    "reports",
    "feeds",
    "reminders",
    "notifications",
    "people",
    "queues",
    "imports",
    "admin",
    "health",
    "backup",
    "demo",
    "reorganisations",
    "indicators",
    "reform_index",
    "api",
)
