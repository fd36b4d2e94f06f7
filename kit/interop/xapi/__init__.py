"""xAPI statements of the course's events for a learning record store (LRS).

`statements` builds them (pure), `queue` puts them in the learner store's outbox, `sender`
delivers the outbox to the LRS (or, on a hub, to the exchange service, which holds the LRS's
credentials) and retries until the LRS has them, `config` reads where they go.
"""
