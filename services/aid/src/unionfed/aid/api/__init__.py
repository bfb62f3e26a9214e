"""HTTP routers: thin, they call the service layer."""
