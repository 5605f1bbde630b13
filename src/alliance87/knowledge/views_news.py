"""News pages: the public list and items, the partner's form, the Secretariat's review."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from alliance87.core.exceptions import NotFound
from alliance87.core.forms import submit
from alliance87.core.permissions import can, require

from . import services_news
from .forms import ReturnForm, StoryForm
from .models import Status, Story
from .views import review_step


@require_GET
def news_list(request: HttpRequest) -> HttpResponse:
    """Published news, newest first: two queries (count, rows with their publishers)."""
    qs = Story.objects.filter(status=Status.PUBLISHED).select_related("publisher")
    page = Paginator(qs.order_by("-published_at", "-pk"), 20).get_page(request.GET.get("page") or 1)
    waiting = (
        Story.objects.filter(status=Status.SUBMITTED)
        if can(request.user, "knowledge.publish_resource")
        else None
    )
    return render(request, "knowledge/news_list.html", {"page": page, "waiting": waiting})


def _story(request, slug: str) -> Story:
    story = Story.objects.select_related("publisher").filter(slug=slug).first()
    if story is None or not can(request.user, "knowledge.view_story", story):
        raise NotFound(_("This news item does not exist."))
    return story


@require_GET
def story_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request,
        "knowledge/story.html",
        {"story": _story(request, slug), "return_form": ReturnForm()},
    )


@require_http_methods(["GET", "POST"])
def story_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "knowledge.submit_resource")
    form = StoryForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if done := submit(
            form,
            lambda c: services_news.story_create(
                actor=request.user,
                titles=c["titles"],
                summary=c.get("summary") or {},
                body=c["body"],
                publisher=c.get("publisher"),
                themes=c.get("themes") or [],
            ),
        ):
            messages.success(
                request, _("News item drafted. Submit it for review when it is ready.")
            )
            return redirect("knowledge:story", slug=done.value.slug)
        return render(request, "knowledge/story_form.html", {"form": form}, status=400)
    return render(request, "knowledge/story_form.html", {"form": form})


_story_step = partial(
    review_step,
    lambda request, slug: _story(request, slug).pk,
    id_name="story_id",
    route="knowledge:story",
)

story_submit = _story_step(
    services_news.story_submit, gettext_lazy("Submitted to the Secretariat for review.")
)
story_publish = _story_step(services_news.story_publish, gettext_lazy("News item published."))
story_return = _story_step(
    services_news.story_return, gettext_lazy("News item returned to its author."), reason=True
)
