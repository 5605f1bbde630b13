"""Newsletter pages: subscribe (double opt-in), confirm, unsubscribe in one click, the public
archive, and the Secretariat's compose → preview → send."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance87.core import ratelimit
from alliance87.core.content import current_language
from alliance87.core.exceptions import DomainError, NotFound
from alliance87.core.forms import step, submit
from alliance87.core.permissions import can, require

from . import services_newsletter as newsletter
from .forms import IssueForm, SubscribeForm
from .models import NewsletterIssue

#: Subscription requests allowed per client address and hour.
SUBSCRIBE_LIMIT = 5


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST or None, initial={"language": current_language()})
    if request.method == "POST":
        ident = request.META.get("REMOTE_ADDR", "")
        if not ratelimit.hit("knowledge.subscribe", ident, limit=SUBSCRIBE_LIMIT, window=3600):
            form.is_valid()
            form.add_error(None, _("Too many requests from this address. Try again later."))
            return render(
                request, "knowledge/newsletter_subscribe.html", {"form": form}, status=429
            )
        if submit(form, lambda c: newsletter.subscribe(email=c["email"], language=c["language"])):
            return render(request, "knowledge/newsletter_check_inbox.html")
        return render(request, "knowledge/newsletter_subscribe.html", {"form": form}, status=400)
    return render(request, "knowledge/newsletter_subscribe.html", {"form": form})


def _link_page(request, token: str, action, template: str, done: str) -> HttpResponse:
    if request.method == "POST":
        try:
            action(token=token)
        except DomainError as exc:
            return render(request, template, {"error": exc.message, "token": token}, status=400)
        return render(request, template, {"done": done, "token": token})
    return render(request, template, {"token": token})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the confirmation e-mail: a page with one button (a link scanner that opens
    the address does not subscribe anyone)."""
    return _link_page(
        request,
        token,
        newsletter.confirm,
        "knowledge/newsletter_confirm.html",
        _("Your subscription is confirmed."),
    )


@csrf_exempt  # the signed token is the authority; mail clients POST here (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    return _link_page(
        request,
        token,
        newsletter.unsubscribe,
        "knowledge/newsletter_unsubscribe.html",
        _("You are unsubscribed. No more issues will be sent to you."),
    )


@require_GET
def archive(request: HttpRequest) -> HttpResponse:
    issues = NewsletterIssue.objects.filter(state=NewsletterIssue.State.SENT)
    drafts = (
        NewsletterIssue.objects.exclude(state=NewsletterIssue.State.SENT)
        if can(request.user, "knowledge.compose_newsletter")
        else None
    )
    return render(
        request, "knowledge/newsletter_archive.html", {"issues": issues, "drafts": drafts}
    )


@require_GET
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A sent issue (public), or the preview of a draft (the Secretariat)."""
    issue = NewsletterIssue.objects.filter(pk=pk).first()
    if issue is None or (
        issue.state != NewsletterIssue.State.SENT
        and not can(request.user, "knowledge.compose_newsletter")
    ):
        raise NotFound(_("This issue does not exist."))
    return render(request, "knowledge/newsletter_issue.html", {"issue": issue})


@require_http_methods(["GET", "POST"])
def issue_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "knowledge.compose_newsletter")
    form = IssueForm(request.POST or None)
    if request.method == "POST":
        if done := submit(
            form,
            lambda c: newsletter.issue_create(
                actor=request.user, subject=c["subject"], body=c["body"]
            ),
        ):
            return redirect("knowledge:newsletter_issue", pk=done.value.pk)
        return render(request, "knowledge/newsletter_compose.html", {"form": form}, status=400)
    return render(request, "knowledge/newsletter_compose.html", {"form": form})


@require_POST
def issue_send(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "knowledge.compose_newsletter")
    step(
        request,
        lambda: newsletter.issue_send(actor=request.user, issue_id=pk),
        _("The issue is being sent to the subscribers."),
    )
    return redirect("knowledge:newsletter_issue", pk=pk)
