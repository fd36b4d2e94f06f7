"""`python -m kit.hub`: run the exchange service (the hub starts it)."""

from kit.hub.service import main

main()
