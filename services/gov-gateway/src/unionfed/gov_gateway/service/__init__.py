"""Use cases of the gateway: ask, tell, refer, be asked."""
