"""Pathfinder pages: public list and profile, Secretariat dashboard, country workspace,
reviewer workspace. Thin: parse, call a service or selector, render. One module per page
family; ``urls.py`` imports the package."""

from __future__ import annotations

from .documents import (
    document,
    document_assign,
    document_comment,
    document_file,
    document_finalise,
    document_save,
    document_submit,
    event_file,
    reviews,
)
from .public import (
    dashboard,
    expression_new,
    history_import,
    pathfinder_list,
    pathfinder_profile,
)
from .workspace import (
    workspace,
    workspace_event,
    workspace_grant,
    workspace_publish,
    workspace_report,
    workspace_roadmap,
)

__all__ = [
    "dashboard",
    "document",
    "document_assign",
    "document_comment",
    "document_file",
    "document_finalise",
    "document_save",
    "document_submit",
    "event_file",
    "expression_new",
    "history_import",
    "pathfinder_list",
    "pathfinder_profile",
    "reviews",
    "workspace",
    "workspace_event",
    "workspace_grant",
    "workspace_publish",
    "workspace_report",
    "workspace_roadmap",
]
