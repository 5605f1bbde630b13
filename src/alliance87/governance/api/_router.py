"""The GCG's one router: reads and writes share it (ninja serves GET and POST of one path
only from the same router)."""

from ninja import Router

router = Router(tags=["governance"])
