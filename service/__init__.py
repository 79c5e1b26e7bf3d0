"""The citykg service: the FastAPI app and the ``citykg`` command line."""
