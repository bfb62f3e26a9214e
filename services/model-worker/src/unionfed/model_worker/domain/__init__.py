"""Pure rules of model-worker selection and titles; standard library only."""
