"""Cohorts on a JupyterHub: the exchange service (`kit.hub.service`) and its client.

The hub starts the service (`kit-exchange`); learners' `kit submit` and the hand-in button
use it when `KIT_EXCHANGE_URL` is set, with the server's own hub token proving who they are;
trainers collect with `kit cohort collect --hub`. See docs/jupyterhub.md.
"""
