"""What a unit hears of its work: in-app notifications and the mail that tells of them."""
