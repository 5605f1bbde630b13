"""The Regional Initiative's network page (public; thin view)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors_network


@require_GET
def network(request):
    return render(request, "results/network.html", {"view": selectors_network.network_get()})
