"""Jekyll's Liquid and Hugo's shortcodes in a post body, translated to what they
mean here, before the Markdown is rendered (as the generators do).

Translated: `{% raw %}` (its content kept as written), `{% comment %}`
(dropped), `{% highlight lang %}` and Hugo's `highlight` (code with its
language), `{% post_url %}`/`{% link %}` and Hugo's `ref`/`relref` (the old
address of that post, which answers 301 to its article: see
importing/middleware.py), `{{ site.url }}`, `{{ site.baseurl }}`,
`relative_url`/`absolute_url`/`prepend: site.baseurl` (the base URL), YouTube
includes and Hugo's `youtube`, `vimeo`, `tweet`, `gist` (the shared embed
placeholder) and `figure` (the shared body figure). Anything else is removed
from the page and reported with its file line. Code (fences, `<pre>`,
backticks) is left as written.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from . import embeds
from .spans import sub_code, sub_spans


@dataclass
class Site:
    base_url: str = ""  # no trailing slash; "" when unknown
    # The old address of a post named as `post_url` names it ("2024-01-02-name"),
    # or of a content path (`link`, Hugo `ref`); None when it cannot be told.
    post_url: Callable[[str], str | None] = lambda name: None
    page_url: Callable[[str], str | None] = lambda path: None


# Spans found in linear time (importing/spans.py): a body of unclosed openings
# must not take minutes.
_BACKTICKS = re.compile(r"(`+)(?!`)[^\n]{1,2000}?(?<!`)\1(?!`)")
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}")
_RAW_END = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_COMMENT = re.compile(r"\{%-?\s*comment\s*-?%\}")
_COMMENT_END = re.compile(r"\{%-?\s*endcomment\s*-?%\}")
_HUGO_ESCAPED = re.compile(r"\{\{([<%])/\*(.{0,300}?)\*/([>%])\}\}", re.DOTALL)
_HIGHLIGHT = re.compile(r"\{%-?\s*highlight\s+([\w+#.-]+)[^%]{0,200}?-?%\}\n?")
_HIGHLIGHT_END = re.compile(r"\n?\{%-?\s*endhighlight\s*-?%\}")
_HUGO_HIGHLIGHT = re.compile(r"\{\{[<%]\s*highlight\s+\"?([\w+#.-]+)\"?[^>%]{0,200}[>%]\}\}\n?")
_HUGO_HIGHLIGHT_END = re.compile(r"\n?\{\{[<%]\s*/highlight\s*[>%]\}\}")
_SITE_URL_TWICE = re.compile(r"\{\{-?\s*site\.url\s*-?\}\}\s*\{\{-?\s*site\.baseurl\s*-?\}\}")
_TAG = re.compile(r"\{%-?\s*(\w+)(.{0,300}?)-?%\}", re.DOTALL)
_OUTPUT = re.compile(r"\{\{-?(?![<%])(.{0,300}?)-?\}\}", re.DOTALL)
_SHORTCODE = re.compile(r"\{\{([<%])\s*(/?)\s*([\w./-]+)(.{0,300}?)\s*/?\s*[>%]\}\}", re.DOTALL)
_PARAM = re.compile(r"""(?:([\w-]+)\s*=\s*)?("[^"]*"|'[^']*'|[^\s"']+)""")
_PROTECTED = re.compile("\x01(\\d+)\n*\x02")


def params(text: str) -> tuple[list[str], dict[str, str]]:
    """(positional values, named values) of a tag's or shortcode's arguments."""
    positional, named = [], {}
    for name, value in _PARAM.findall(text):
        value = value[1:-1] if value[:1] in "\"'" else value
        if name:
            named[name] = value
        else:
            positional.append(value)
    return positional, named


def figure(src: str, *, alt: str = "", caption: str = "", align: str = "") -> str:
    """The shared body figure (see the contracts): a captioned image."""
    img = f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'
    classes = "image" + (f" align-{align}" if align in ("left", "center", "right") else "")
    if not caption:
        return f'<figure class="{classes}">{img}</figure>'
    return (
        f'<figure class="{classes}">{img}<figcaption>{html.escape(caption)}</figcaption></figure>'
    )


class Translator:
    def __init__(self, text: str, *, markdown: bool, site: Site, warn, first_line: int = 1):
        self.markdown, self.site, self.warn = markdown, site, warn
        self.first_line = first_line
        self.source = text
        self.protected: list[str] = []
        self.blocks: list[str] = []  # HTML for Markdown placeholders (markup.render)

    def protect(self, text: str, lines: str = "") -> str:
        """Put `text` out of reach of the later steps; restored at the end. The
        placeholder keeps the newlines of what it stands for (`lines`, by
        default `text`), so later warnings name the file's line."""
        self.protected.append(text)
        newlines = "\n" * (lines or text).count("\n")
        return f"\x01{len(self.protected) - 1}{newlines}\x02"

    def html_block(self, markup: str) -> str:
        if not self.markdown:
            return markup
        self.blocks.append(markup)
        return f"\n\nNRBLOCK{len(self.blocks) - 1}X\n\n"

    def code(self, language: str, code: str, source: str) -> str:
        if self.markdown:
            fence = "````" if "```" in code else "```"
            return self.protect(f"{fence}{language}\n{code}\n{fence}", source)
        escaped = html.escape(code, quote=False)
        markup = f'<pre><code class="language-{language}">{escaped}</code></pre>'
        return self.protect(markup, source)

    def run(self) -> str:
        text = self.source
        text = sub_spans(text, _COMMENT, _COMMENT_END, lambda s, i, m: "\n" * s.count("\n"))

        # Code is kept as written; Hugo's escaped shortcodes show as shortcodes,
        # in code too.
        def keep(span: str) -> str:
            return self.protect(_HUGO_ESCAPED.sub(r"{{\1\2\3}}", span), span)

        text = sub_code(text, keep, markdown=self.markdown)
        if self.markdown:
            text = _BACKTICKS.sub(lambda m: keep(m[0]), text)
        text = sub_spans(text, _RAW, _RAW_END, lambda s, inner, m: self.protect(inner, s))
        text = _HUGO_ESCAPED.sub(lambda m: self.protect(f"{{{{{m[1]}{m[2]}{m[3]}}}}}"), text)
        for opening, closing in (
            (_HIGHLIGHT, _HIGHLIGHT_END),
            (_HUGO_HIGHLIGHT, _HUGO_HIGHLIGHT_END),
        ):
            text = sub_spans(text, opening, closing, lambda s, inner, m: self.code(m[1], inner, s))
        base = self.site.base_url
        text = _SITE_URL_TWICE.sub(lambda m: base, text)
        text = self._sub(_SHORTCODE, text, self.shortcode)
        text = self._sub(_TAG, text, self.tag)
        text = self._sub(_OUTPUT, text, self.output)
        while _PROTECTED.search(text):
            text = _PROTECTED.sub(lambda m: self.protected[int(m[1])], text)
        return text

    def _sub(self, pattern, text, replace):
        """`pattern.sub`, telling `replace` the file line of each match. Steps
        before keep line counts (protected spans keep their newlines)."""
        counted = [0, self.first_line]  # position, its line

        def call(match):
            position, line = counted
            line += text.count("\n", position, match.start())
            counted[:] = [match.start(), line]
            return replace(match, line)

        return pattern.sub(call, text)

    # Liquid tags --------------------------------------------------------------

    def tag(self, match, line) -> str:
        name, args = match[1], match[2].strip()
        if name == "post_url":
            url = self.site.post_url(args.split()[0]) if args else None
            if url:
                return url
        elif name == "link":
            target = args.split()[0].strip("\"'") if args else ""
            url = self.site.page_url(target) if target else None
            if url:
                return url
        elif name == "include":
            embed = self.include(args)
            if embed is not None:
                return embed
        elif name in ("youtube", "vimeo") and args:  # jekyll-youtube and the like
            return self.include(f"{name}.html {args}") or ""
        self.warn(
            "line %(line)s: Liquid tag {%% %(tag)s %%} removed",
            line=line,
            tag=f"{name} {args}".strip()[:80],
        )
        return ""

    def include(self, args: str) -> str | None:
        """An include that means something here: a video, a figure; a table of
        contents goes (the page needs none); None for the rest."""
        file, *rest = args.split(None, 1) or [""]
        positional, named = params(rest[0] if rest else "")
        provider = named.get("provider", "")
        stem = file.lower().rsplit(".", 1)[0]
        if stem == "toc":
            return ""
        # Minimal Mistakes' figure include, and the common image.html ones.
        src = named.get("image_path") or named.get("url") or named.get("src") or named.get("file")
        if stem in ("figure", "image", "img", "picture") and src:
            if src.startswith("/") and self.site.base_url:
                src = self.site.base_url + src
            caption = named.get("caption") or named.get("description") or ""
            return self.html_block(
                figure(src, alt=named.get("alt", ""), caption=re.sub(r"<[^>]*>", "", caption))
            )
        if "youtube" in file.lower() or provider == "youtube":
            video = named.get("id") or (positional[0] if positional else "")
            if video:
                return self.embed(f"https://www.youtube.com/watch?v={quote(video)}")
        if "vimeo" in file.lower() or provider == "vimeo":
            video = named.get("id") or (positional[0] if positional else "")
            if video:
                return self.embed(f"https://vimeo.com/{quote(video)}")
        return None

    def embed(self, url: str) -> str:
        placeholder = embeds.embed_placeholder(url)
        if placeholder is None:
            self.warn("embed of %(url)s not allowed here: kept as a link", url=url)
            safe = html.escape(url)
            placeholder = f'<p><a href="{safe}">{safe}</a></p>'
        return self.html_block(placeholder)

    # Liquid output ------------------------------------------------------------

    def output(self, match, line) -> str:
        expression, *filters = [part.strip() for part in match[1].split("|")]
        base = self.site.base_url
        if expression in ("site.url", "site.baseurl") and not filters:
            return base
        literal = re.fullmatch(r"""(['"])(.*)\1""", expression)
        names = [f.split(":")[0].strip() for f in filters]
        if (
            literal
            and names
            and all(n in ("relative_url", "absolute_url", "prepend") for n in names)
        ):
            path = literal[2]
            return base + ("" if path.startswith("/") or not base else "/") + path
        self.warn(
            "line %(line)s: Liquid output {{ %(expression)s }} removed",
            line=line,
            expression=match[1].strip()[:80],
        )
        return ""

    # Hugo shortcodes ----------------------------------------------------------

    def shortcode(self, match, line) -> str:
        closing, name, args = match[2], match[3], match[4]
        if closing:
            return ""  # the end of a paired shortcode: its content stays
        positional, named = params(args)
        first = named.get("id") or (positional[0] if positional else "")
        if name == "youtube" and first:
            return self.embed(f"https://www.youtube.com/watch?v={quote(first)}")
        if name == "vimeo" and first:
            return self.embed(f"https://vimeo.com/{quote(first)}")
        if name == "tweet":
            user = named.get("user") or (positional[0] if len(positional) > 1 else "i")
            tweet = named.get("id") or (positional[-1] if positional else "")
            if tweet.isdigit():
                return self.embed(f"https://twitter.com/{quote(user)}/status/{tweet}")
        if name == "gist" and len(positional) >= 2:
            return self.embed(
                f"https://gist.github.com/{quote(positional[0])}/{quote(positional[1])}"
            )
        if name == "figure" and named.get("src"):
            src = named["src"]
            if src.startswith("/") and self.site.base_url:
                src = self.site.base_url + src
            align = next(
                (a for a in ("left", "center", "right") if a in named.get("class", "")), ""
            )
            caption = named.get("caption") or named.get("title", "")
            return self.html_block(
                figure(src, alt=named.get("alt", ""), caption=caption, align=align)
            )
        if name in ("ref", "relref") and first:
            url = self.site.page_url(first)
            if url:
                return url
        self.warn("line %(line)s: Hugo shortcode {{< %(name)s >}} removed", line=line, name=name)
        return ""


def translate(text: str, *, markdown: bool, site: Site, warn, first_line: int = 1):
    """(text with Liquid and shortcodes translated, HTML blocks for the Markdown
    renderer's placeholders)."""
    if "{" not in text and "<iframe" not in text:
        return text, []  # nothing to translate (most Tistory posts)
    translator = Translator(text, markdown=markdown, site=site, warn=warn, first_line=first_line)
    return translator.run(), translator.blocks


# What is left once the page is HTML ---------------------------------------------

_LEFTOVER = re.compile(
    r"\{%.{0,300}?%\}|\{\{.{0,300}?\}\}|\{:[^}\n]{0,300}\}|\{%|\{\{|\{:", re.DOTALL
)


def remove_leftovers(body: str, warn) -> str:
    """Drop template syntax left in the page outside code (`{%`, `{{`, `{:`)."""
    if "{" not in body:
        return body
    kept: list[str] = []

    def keep(span: str) -> str:
        kept.append(span)
        return f"\x01{len(kept) - 1}\x02"

    text = sub_code(body, keep, markdown=False)

    def drop(match):
        warn("template syntax %(text)s removed", text=match[0][:80])
        return ""

    text = _LEFTOVER.sub(drop, text)
    return re.sub("\x01(\\d+)\x02", lambda m: kept[int(m[1])], text)
