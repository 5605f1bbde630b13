from django.urls import path

from . import views, views_events, views_figures, views_news, views_newsletter

app_name = "knowledge"

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("events/", views.calendar, name="calendar"),
    path("events/feed.ics", views.calendar_feed, name="calendar_feed"),
    path("events/new/", views_events.event_new, name="event_new"),
    path("events/<slug:slug>/edit/", views_events.event_edit, name="event_edit"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("events/<slug:slug>/register/", views.event_register, name="event_register"),
    path("figures/", views_figures.figures, name="figures"),
    path("news/", views_news.news_list, name="news"),
    path("news/new/", views_news.story_new, name="story_new"),
    path("news/<slug:slug>/", views_news.story_detail, name="story"),
    path("news/<slug:slug>/submit/", views_news.story_submit, name="story_submit"),
    path("news/<slug:slug>/publish/", views_news.story_publish, name="story_publish"),
    path("news/<slug:slug>/return/", views_news.story_return, name="story_return"),
    path("newsletter/", views_newsletter.archive, name="newsletter"),
    path("newsletter/subscribe/", views_newsletter.subscribe, name="newsletter_subscribe"),
    path("newsletter/confirm/<str:token>/", views_newsletter.confirm, name="newsletter_confirm"),
    path(
        "newsletter/unsubscribe/<str:token>/",
        views_newsletter.unsubscribe,
        name="newsletter_unsubscribe",
    ),
    path("newsletter/new/", views_newsletter.issue_new, name="newsletter_new"),
    path("newsletter/<int:pk>/", views_newsletter.issue_detail, name="newsletter_issue"),
    path("newsletter/<int:pk>/send/", views_newsletter.issue_send, name="newsletter_send"),
    path("resources/", views.resource_list, name="resources"),
    path("resources/new/", views.resource_new, name="resource_new"),
    path("resources/review/", views.review_queue, name="review"),
    path("resources/<slug:slug>/", views.resource_detail, name="resource"),
    path("resources/<slug:slug>/edit/", views.resource_edit, name="resource_edit"),
    path("resources/<slug:slug>/versions/add/", views.version_add, name="version_add"),
    path("resources/<slug:slug>/files/<str:language>/", views.version_file, name="version_file"),
    path("resources/<slug:slug>/submit/", views.resource_submit, name="submit"),
    path("resources/<slug:slug>/publish/", views.resource_publish, name="publish"),
    path("resources/<slug:slug>/return/", views.resource_return, name="return"),
    path("resources/<slug:slug>/withdraw/", views.resource_withdraw, name="withdraw"),
]
