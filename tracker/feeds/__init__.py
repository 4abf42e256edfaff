"""Calendar feeds: secret iCalendar URLs of a user's, a unit's or a plan's deadlines."""
