"""Importing posts in the admin: uploads of post files or .zip archives."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Category

from .factories import make_article, make_user

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
IMPORT_URL = reverse("importing:import")
EDITOR_PERMS = ["articles.add_article", "articles.change_article", "articles.view_article"]

POST = (
    "---\ntitle: {title}\ndate: 2024-06-02 09:30:00 +0900\ncategories: [News]\n---\n"
    "<p>{title}</p>\n"
)


def upload(name: str, content: bytes | str) -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data)


def zip_of(members: dict[str, bytes | str]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return SimpleUploadedFile("posts.zip", buffer.getvalue(), content_type="application/zip")


def post_files(client, *files, **fields):
    return client.post(
        IMPORT_URL, {"files": list(files), "categories_status": "approved", **fields}
    )


@pytest.fixture
def editor(client):
    user = make_user(perms=EDITOR_PERMS)
    client.force_login(user)
    return user


@pytest.fixture
def superuser(client):
    user = make_user(superuser=True)
    client.force_login(user)
    return user


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_staff_without_the_add_permission_are_refused(client):
    client.force_login(make_user(perms=["articles.view_article", "articles.change_article"]))
    assert client.get(IMPORT_URL).status_code == 403
    assert post_files(client, upload("a.html", POST.format(title="A"))).status_code == 403
    assert not Article.objects.exists()


def test_the_changelist_links_to_the_import_page(client, editor):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert IMPORT_URL in response.content.decode()
    page = client.get(IMPORT_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        'enctype="multipart/form-data"' in html and 'name="files"' in html and "multiple" in html
    )


def test_editors_who_may_not_publish_import_drafts_and_see_the_report(client, editor):
    unrelated = make_article(title="Unrelated")
    response = post_files(
        client,
        upload("one.html", POST.format(title="첫 기사")),
        upload("two.md", POST.format(title="Second")),
        upload("broken.md", "---\ntitle: [unclosed\n---\nbody"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2개 생성, 0개 갱신, 0개 변경 없음, 1개 실패" in html
    assert "broken.md" in html and "on line 2" in html  # the YAML parser's own words
    assert "3번째 줄: 프런트 매터의 YAML이 잘못되었습니다" in html
    assert "발행 권한이 없어 새 기사는 초안으로 가져옵니다" in html  # the Korean UI
    articles = Article.objects.exclude(pk=unrelated.pk).order_by("pk")
    assert [a.title for a in articles] == ["첫 기사", "Second"]
    assert {a.status for a in articles} == {"draft"}

    # The report leads to the changed articles.
    ids = ",".join(str(a.pk) for a in articles)
    link = f"{reverse('admin:articles_article_changelist')}?id__in={ids}"
    assert link in html
    changelist = client.get(link)
    assert changelist.status_code == 200
    assert "첫 기사" in changelist.content.decode()
    assert set(changelist.context["cl"].queryset) == set(articles)


def test_superusers_import_a_zip_and_published_posts_stay_published(client, superuser):
    make_article(title="Unrelated")
    archive = zip_of(
        {
            "posts/2024/a.html": POST.format(title="From the zip"),
            "posts/2024/b.md": POST.format(title="Markdown in the zip"),
            "posts/notes.pdf": b"%PDF ignored",
            "__MACOSX/posts/._a.html": b"\x00\x05resource fork",
        }
    )
    response = post_files(client, archive, publish="on")
    html = response.content.decode()
    assert "2개 생성, 0개 갱신, 0개 변경 없음, 0개 실패" in html
    imported = Article.objects.exclude(title="Unrelated")
    assert {a.status for a in imported} == {"published"}
    assert set(imported.values_list("source_id", flat=True)) == {
        "path:posts/2024/a.html",
        "path:posts/2024/b.md",
    }

    response = post_files(client, zip_of({"posts/2024/a.html": POST.format(title="From the zip")}))
    assert "0개 생성, 0개 갱신, 1개 변경 없음, 0개 실패" in response.content.decode()


def test_editors_without_change_permission_cannot_overwrite_existing_articles(client):
    client.force_login(make_user(superuser=True))
    post_files(client, upload("a.html", POST.format(title="Original")))
    client.force_login(make_user(perms=["articles.add_article", "articles.view_article"]))
    response = post_files(client, upload("a.html", POST.format(title="Overwritten")))
    assert "그 기사를 바꿀 권한이 없습니다" in response.content.decode()
    assert Article.objects.get().title == "Original"


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        ({"../evil.md": POST.format(title="x")}, "points outside"),
        ({"posts/../../evil.md": POST.format(title="x")}, "points outside"),
        ({"/etc/evil.md": POST.format(title="x")}, "points outside"),
        ({"C:/evil.md": POST.format(title="x")}, "points outside"),
        ({"posts\\..\\..\\evil.md": POST.format(title="x")}, "points outside"),
        ({f"p{n}.md": POST.format(title=n) for n in range(6)}, "more than 5 files"),
        ({"bomb.md": b"---\ntitle: x\n---\n" + b"0" * 5000}, "larger than 4000 bytes"),
        ({f"p{n}.md": b"a" * 3000 for n in range(4)}, "more than 10000 bytes uncompressed"),
    ],
)
def test_dangerous_zips_are_refused_whole(client, superuser, settings, members, reason):
    settings.IMPORT_ZIP_MAX_FILES = 5
    settings.IMPORT_FILE_MAX_BYTES = 4000
    settings.IMPORT_ZIP_MAX_TOTAL_BYTES = 10000
    response = post_files(client, zip_of(members))
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not Article.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_inflated(client, superuser, settings):
    settings.IMPORT_FILE_MAX_BYTES = 1024 * 1024
    bomb = zip_of({"bomb.md": b"---\ntitle: boom\n---\n" + b"\0" * (50 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024  # tiny on the wire, 50 MB inflated
    response = post_files(client, bomb)
    assert "larger than 1048576 bytes uncompressed" in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("file", "reason"),
    [
        (upload("notes.pdf", b"%PDF"), "글 파일도 .zip 압축 파일도 아닙니다"),
        (upload("broken.zip", b"PK not really"), "not a readable zip"),
        (zip_of({"readme.pdf": b"x"}), "글 파일을 찾지 못했습니다"),
        (zip_of({"site/hugo.toml": b'title = "x"'}), "글 파일을 찾지 못했습니다"),
    ],
)
def test_other_uploads_are_refused_with_a_message(client, superuser, file, reason):
    response = post_files(client, file)
    assert response.status_code == 200 and reason in response.content.decode()


def test_fixture_posts_upload_with_the_same_report_as_the_command(client, superuser):
    files = [upload(p.name, p.read_bytes()) for p in sorted((FIXTURES / "broken").iterdir())]
    files += [upload(p.name, p.read_bytes()) for p in sorted((FIXTURES / "posts").iterdir())]
    response = post_files(client, *files)
    html = response.content.decode()
    assert "9개 생성, 0개 갱신, 0개 변경 없음, 6개 실패" in html
    assert "제목이 200자보다 깁니다" in html and "UTF-8이 아닙니다" in html  # in Korean


def test_writers_import_drafts_they_own_with_categories_held_for_moderation(client):
    writer = make_user(role="writer")
    client.force_login(writer)
    response = post_files(client, upload("a.html", POST.format(title="기자 기사")))
    assert response.status_code == 200
    article = Article.objects.get(title="기자 기사")
    assert article.status == Article.Status.DRAFT
    assert article.author == writer
    assert [c.status for c in article.categories.all()] == [Category.Status.PROPOSED]


def test_writers_cannot_overwrite_someone_elses_article_by_import(client):
    other = make_user(role="writer")
    client.force_login(other)
    post_files(client, upload("a.html", POST.format(title="원래 제목")))
    article = Article.objects.get()
    client.force_login(make_user(role="writer"))
    response = post_files(client, upload("a.html", POST.format(title="바꾼 제목")))
    assert response.status_code == 200
    assert "바꿀 권한이 없습니다" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "원래 제목"


def test_editors_import_published_posts_and_moderators_choose_category_status(client):
    editor = make_user(role="editor")
    client.force_login(editor)
    post_files(client, upload("a.html", POST.format(title="편집자 기사")), publish="on")
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    # Editors are not moderators: the "approved" choice is overridden.
    assert article.categories.get().status == Category.Status.PROPOSED


def test_writers_cannot_move_a_publication_time_or_choose_an_author_by_import(client):
    from datetime import timedelta

    from django.utils import timezone

    from articles import services

    writer = make_user(role="writer")
    chief = make_user(username="chief", role="editor")
    client.force_login(writer)
    post = "---\ntitle: 엠바고 기사\nslug: embargoed\nauthor: {author}\n{date}---\n<p>본문</p>\n"
    post_files(client, upload("e.html", post.format(author="chief", date="")))
    article = Article.objects.get()
    assert article.author == writer and article.byline == "chief"
    later = timezone.now() + timedelta(days=7)
    services.article_schedule(article=article, at=later, actor=chief)

    # The writer re-imports with an old date: the article must stay scheduled.
    post_files(client, upload("e.html", post.format(author="chief", date="date: 2020-01-01\n")))
    article.refresh_from_db()
    assert article.published_at == later
    assert article.author == writer
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_the_admin_imports_drafts_unless_a_publisher_asks_for_the_files_states(client):
    editor = make_user(role="editor")
    client.force_login(editor)
    page = client.get(IMPORT_URL).content.decode()
    assert 'name="publish"' in page  # offered to those who may publish
    post_files(client, upload("a.html", POST.format(title="기본은 초안")))
    assert Article.objects.get().status == Article.Status.DRAFT

    client.force_login(make_user(role="writer"))
    page = client.get(IMPORT_URL).content.decode()
    assert 'name="publish"' not in page  # writers never are
    post_files(client, upload("b.html", POST.format(title="기자는 초안")), publish="on")
    assert Article.objects.get(title="기자는 초안").status == Article.Status.DRAFT


def test_the_admin_report_shows_warnings_in_korean(client, superuser):
    post = "---\ntitle: 상대 경로\nimage: /img/hero.png\n---\n\n{% include gallery %}\n"
    html = post_files(client, upload("a.md", post)).content.decode()
    assert "1개 경고" in html
    assert "대표 이미지 /img/hero.png" in html  # a relative hero without a base URL
    assert "Liquid 태그" in html and "6번째 줄" in html


def test_a_zipped_jekyll_site_gives_its_posts_only(client, superuser):
    site = Path(__file__).parent / "fixtures" / "sites" / "jekyll"
    members = {
        f"myblog/{file.relative_to(site).as_posix()}": file.read_bytes()
        for file in site.rglob("*")
        if file.is_file()
    }
    html = post_files(client, zip_of(members)).content.decode()
    assert "7개 생성, 0개 갱신, 0개 변경 없음, 0개 실패" in html
    assert set(Article.objects.values_list("source_id", flat=True)) >= {
        "path:_drafts/a-draft-post.md",
        "path:_posts/2024-02-01-no-title-here.md",
    }  # no layouts, includes, index.html or 404.html; paths as in the site
    assert Article.objects.get(source_id="path:_drafts/a-draft-post.md").status == "draft"


def test_a_zipped_sites_permalinks_give_its_old_addresses(client, superuser):
    members = {
        "site/hugo.toml": '[permalinks]\nposts = "/:year/:month/:slug/"\n',
        "site/content/posts/first.md": (
            "---\ntitle: 첫 글\ndate: 2024-03-10\nslug: first\n---\n본문"
        ),
    }
    html = post_files(client, zip_of(members), publish="on").content.decode()
    assert "1개 생성" in html
    response = client.get("/2024/03/first/")
    expected = Article.objects.get(title="첫 글").get_absolute_url()
    assert (response.status_code, response["Location"]) == (301, expected)
