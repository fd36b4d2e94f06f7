"""Serving the course to a learner: `kit lab` (JupyterLab) and `kit app` (Voilà)."""
