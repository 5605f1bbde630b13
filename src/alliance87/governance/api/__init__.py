"""The GCG API: public seats and meeting list; meeting details for members; writes through
services. Every endpoint declares its output schema and its error responses
(``core.api_support.ErrorOut``); each object is built by one function in :mod:`.schemas`."""

from . import reads, writes  # noqa: F401  (their endpoints register on the router)
from ._router import router

__all__ = ["router"]
