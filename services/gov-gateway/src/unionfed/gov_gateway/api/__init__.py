"""HTTP routers of the gateway: thin, over the service layer."""
