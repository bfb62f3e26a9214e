"""The gateway's own rules: consent, referrals, deliveries. Standard library only."""
