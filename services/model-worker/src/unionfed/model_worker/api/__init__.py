"""HTTP routers (FastAPI)."""
