"""Every admin page, rendered in Korean, shows no English outside what users
wrote: the walk covers each registered model's changelist, add and change
forms, history and delete pages, the article's revision and recover pages,
the workflow's own pages and the site's home, app and password pages."""

import re
from html.parser import HTMLParser

import pytest
import reversion
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse
from reversion.models import Version

from articles import services as article_services
from articles.models import Article, AuditEvent, Category, SlugRedirect
from editorial import services
from tests.factories import make_article, make_category, make_user, role_group

pytestmark = pytest.mark.django_db

# Names and abbreviations Korean newsrooms write in Latin letters.
ALLOWED = {
    "HTML", "URL", "Markdown", "CKEditor", "RSS", "Atom", "JSON", "ID", "IP", "HTTP", "GET",
    "POST", "Asia", "Seoul",
    # image formats and units in the upload help
    "JPEG", "PNG", "GIF", "WebP", "MB", "http",
    # keys and systems named as they are printed (Django's own Korean help texts)
    "Control", "Command", "Mac", "Single", "Sign-On", "LDAP",
}  # fmt: skip
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
USER_CONTENT = re.compile(
    r"\S+@\S+|https?://\S+|/[\w./-]+|\b\d{4}-\d{2}-\d{2}\b"  # addresses and paths
    r"|\S*\*{4,}|\b(?:md5|pbkdf2_sha256|argon2|bcrypt_sha256|scrypt)\b"  # a password hash
)


class VisibleText(HTMLParser):
    """The text a reader of the page sees: text nodes outside script and style,
    and the labels of buttons, titles, placeholders and aria labels."""

    def __init__(self):
        super().__init__()
        self.skip = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "svg"):
            self.skip += 1
        attrs = dict(attrs)
        if tag == "img" and "/admin/img/icon-" in (attrs.get("src") or ""):
            return  # Django's yes/no icons say "True"/"False" in every language
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])
        for name in ("title", "placeholder", "aria-label", "alt"):
            if attrs.get(name):
                self.parts.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "svg"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def english_words(html: str, user_content: set[str]) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    text = USER_CONTENT.sub(" ", " ".join(parser.parts))
    words = set(LATIN_WORD.findall(text))
    return {w for w in words if w not in ALLOWED and w not in user_content}


@pytest.fixture
def content():
    superuser = make_user(username="관리자", superuser=True, email="boss@example.com")
    writer = make_user(username="기자", role="writer", email="writer@example.com")
    role_group("editor"), role_group("moderator")
    section = make_category(name="경제", slug="경제")
    proposed = Category.objects.create(
        name="제안분야", slug="제안분야", status=Category.Status.PROPOSED, proposed_by=writer
    )
    korean = {"excerpt": "요약입니다.", "body": "<p>본문입니다.</p>"}
    live = make_article(
        title="발행된 기사", slug="발행된-기사", author=writer, categories=[section], **korean
    )
    draft = make_article(
        title="초안 기사", slug="초안-기사", status=Article.Status.DRAFT, author=writer, **korean
    )
    services.review_submit(article=draft, actor=writer, note="검토 부탁")
    services.changes_stage(
        article=live, actor=writer, content={"title": "고친 제목"}, base_version=live.version
    )
    article_services.record_audit_event(
        actor=superuser, action=AuditEvent.Action.PUBLISHED, article=live
    )
    SlugRedirect.objects.create(old_slug="옛-주소", article=live)
    client = Client(HTTP_ACCEPT_LANGUAGE="ko")
    client.force_login(superuser)
    # A revision of the article, as an admin save keeps one.
    change = reverse("admin:articles_article_change", args=[draft.pk])
    response = client.get(change)
    form = response.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(categories=[], tags=[], _save_draft="1", title="초안 기사")
    data = {k: v for k, v in data.items() if v is not None and k not in ("hero_upload",)}
    saved = client.post(change, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    deleted = make_article(
        title="지운 기사", slug="지운-기사", status=Article.Status.DRAFT, **korean
    )
    with reversion.create_revision():
        deleted.save()
    client.post(reverse("admin:articles_article_delete", args=[deleted.pk]), {"post": "yes"})
    client.get(reverse("admin:articles_article_delete", args=[live.pk]))
    return {"client": client, "users": [superuser, writer], "draft": draft, "proposed": proposed}


def admin_pages(content) -> list[str]:
    urls = [
        reverse("admin:index"),
        reverse("admin:password_change"),
        reverse("admin:articles_article_recoverlist"),
    ]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse("admin:app_list", args=[opts.app_label]))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        try:
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        except NoReverseMatch:
            pass
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        for view in ("change", "history"):
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk]))
    draft = content["draft"]
    version = Version.objects.get_for_object(draft).first()
    urls.append(reverse("admin:articles_article_revision", args=[draft.pk, version.pk]))
    deleted = Version.objects.get_deleted(Article).first()
    urls.append(reverse("admin:articles_article_recover", args=[deleted.pk]))
    urls.append(reverse("admin:auth_user_password_change", args=[content["users"][1].pk]))
    for query in ("?state=in_review", "?state=dated_draft", "?state=scheduled", "?queue=proposed"):
        urls.append(reverse("admin:articles_article_changelist") + query)
    return urls


def test_the_admin_speaks_korean_everywhere(content):
    client = content["client"]
    user_content = {user.get_username() for user in content["users"]}
    found = {}
    for url in admin_pages(content):
        response = client.get(url, follow=True)
        if response.status_code == 403:
            continue  # a page the admin refuses even a superuser (axes' add forms)
        assert response.status_code == 200, url
        words = english_words(response.content.decode(), user_content)
        if words:
            found[url] = sorted(words)

    assert found == {}, "\n".join(f"{url}: {' '.join(words)}" for url, words in found.items())


def test_the_walk_finds_english_when_there_is_some():
    assert english_words("<p>기사 목록</p><p>Select article to change</p>", set()) == {
        "Select",
        "article",
        "to",
        "change",
    }
    assert english_words('<input type="submit" value="Save">', set()) == {"Save"}
    assert english_words("<script>var x;</script><p>HTML 편집</p>", set()) == set()


def test_role_groups_and_permissions_show_in_the_admins_language():
    from django.contrib.auth.models import Permission
    from django.utils import translation

    permission = Permission.objects.get(codename="add_article")
    with translation.override("ko"):
        assert str(role_group("writer")) == "기자"
        assert str(permission) == "기사 | 기사 | 기사 추가"
    with translation.override("en"):
        assert str(role_group("writer")) == "Writers"
        assert str(permission) == "Articles | article | Can add article"


@pytest.mark.parametrize("role", ["writer", "editor", "moderator"])
def test_each_role_sees_korean_pages(content, role):
    names = {"editor": "편집자", "moderator": "분야관리자"}
    user = content["users"][1] if role == "writer" else make_user(role=role, username=names[role])
    client = Client(HTTP_ACCEPT_LANGUAGE="ko")
    client.force_login(user)
    draft = content["draft"]
    live = Article.objects.get(title="발행된 기사")
    urls = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[draft.pk]),
        reverse("admin:articles_article_change", args=[live.pk]),
        reverse("admin:articles_category_changelist"),
        reverse("admin:editorial_stagedchange_changelist"),
        reverse("admin:editorial_stagedchange_change", args=[live.staged_changes.get().pk]),
    ]
    found = {}
    for url in urls:
        response = client.get(url, follow=True)
        if response.status_code in (403, 404):
            continue  # not this role's page
        assert response.status_code == 200, url
        words = english_words(response.content.decode(), {user.get_username()})
        if words:
            found[url] = sorted(words)
    assert found == {}
