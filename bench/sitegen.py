"""Deterministic synthetic campaign site for the benchmark.

One *skeleton* per source file (kind, slug, template, date, the shape of the
body: headings, paragraphs, lists, quotes, links, counter markers) is drawn
from the seed and shared by all five languages, so that the same file name in
every language is a translation with the same structure. The words are drawn
per language from small vocabularies (Cyrillic for Russian), so the Markdown
has the length and character mix of the real content (about 250–700 words a
file, like content/*/*.md).

The same site is written in four layouts:

- ``project``: content/<lang>/pages/*.md and content/<lang>/news/*.md with this
  project's front matter (Title, Date, Template, Campaign, Menu, Summary, …)
  and ``{filename}`` links, exactly what an editor writes here;
- ``peer``: a flat i18n_subsites layout, content/pages/<slug>.<lang>.md with
  ``Lang:`` and ``Slug:`` lines (the same slug links translations);
- ``floor``: a flat single-language layout, content/pages/<slug>-<lang>.md,
  every file its own page (5 × N pages, no translations);
- ``hugo``: content/<lang>/pages/*.md, content/<lang>/news/*.md with YAML
  front matter, the home page as content/<lang>/_index.md, ``relref`` links.

``generate()`` returns a :class:`Manifest` with the source count and the
output path of every content page in each layout, so that a runner can check
that a build wrote all of them.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import random
import shutil
from dataclasses import dataclass, field

from . import BENCH_DIR, DEFAULT_LANG, LANGUAGES

LAYOUTS = ("project", "peer", "floor", "hugo")
CAMPAIGNS = ("joint-100k", "kolesnikova")
COUNTER_MARKER = "[[counter joint-100k]]"
LETTER_SIGNATORIES = "open-letter-bialiatski"  # content/data/open-letter-signatories.json

# --- vocabularies ----------------------------------------------------------
_WORDS = {
    "en": ["people", "prison", "political", "prisoners", "freedom", "release", "campaign", "petition", "letter", "parliament", "embassy", "signature", "rights", "human", "court", "sentence", "lawyer", "family", "solidarity", "demand", "regime", "government", "protest", "peaceful", "assembly", "expression", "journalist", "activist", "opposition", "election", "europe", "sanctions", "amnesty", "colony", "detention", "torture", "witness", "report", "observers", "month", "year", "week", "today", "together", "support", "write", "postcard", "address", "reach", "action", "public", "media", "statement", "call", "immediately", "unconditionally", "all", "many", "more", "than", "every", "their", "our", "new", "still", "against", "with", "without", "after", "before", "during", "because", "although", "while"],
    "de": ["Menschen", "Gefängnis", "politische", "Gefangene", "Freiheit", "Freilassung", "Kampagne", "Petition", "Brief", "Parlament", "Botschaft", "Unterschrift", "Rechte", "Gericht", "Urteil", "Anwältin", "Familie", "Solidarität", "fordern", "Regime", "Regierung", "Protest", "friedlich", "Versammlung", "Meinung", "Journalistin", "Aktivist", "Opposition", "Wahl", "Europa", "Sanktionen", "Amnestie", "Kolonie", "Haft", "Folter", "Zeugen", "Bericht", "Beobachter", "Monat", "Jahr", "Woche", "heute", "gemeinsam", "Unterstützung", "schreiben", "Postkarte", "Adresse", "erreichen", "Aktion", "Öffentlichkeit", "Medien", "Erklärung", "sofort", "bedingungslos", "alle", "viele", "mehr", "jede", "ihre", "unsere", "neue", "noch", "gegen", "mit", "ohne", "nach", "vor", "während", "weil", "obwohl", "Straße", "Grüße", "Stimme"],
    "fr": ["personnes", "prison", "politiques", "prisonniers", "liberté", "libération", "campagne", "pétition", "lettre", "parlement", "ambassade", "signature", "droits", "humains", "tribunal", "peine", "avocate", "famille", "solidarité", "exiger", "régime", "gouvernement", "manifestation", "pacifique", "réunion", "expression", "journaliste", "militante", "opposition", "élection", "Europe", "sanctions", "amnistie", "colonie", "détention", "torture", "témoins", "rapport", "observateurs", "mois", "année", "semaine", "aujourd'hui", "ensemble", "soutien", "écrire", "carte", "adresse", "atteindre", "action", "public", "médias", "déclaration", "immédiatement", "inconditionnellement", "tous", "nombreux", "plus", "chaque", "leur", "notre", "nouvelle", "encore", "contre", "avec", "sans", "après", "avant", "pendant", "parce", "que", "bien", "«", "»", "élu·e·s"],
    "ru": ["люди", "тюрьма", "политические", "заключённые", "свобода", "освобождение", "кампания", "петиция", "письмо", "парламент", "посольство", "подпись", "права", "человека", "суд", "приговор", "адвокат", "семья", "солидарность", "требовать", "режим", "правительство", "протест", "мирный", "собрание", "выражение", "журналистка", "активист", "оппозиция", "выборы", "Европа", "санкции", "амнистия", "колония", "задержание", "пытки", "свидетели", "доклад", "наблюдатели", "месяц", "год", "неделя", "сегодня", "вместе", "поддержка", "написать", "открытка", "адрес", "достичь", "акция", "общество", "СМИ", "заявление", "немедленно", "безоговорочно", "все", "многие", "более", "каждый", "их", "наш", "новый", "ещё", "против", "с", "без", "после", "до", "во", "время", "потому", "хотя", "пока"],
    "be": ["людзі", "турма", "палітычныя", "вязні", "свабода", "вызваленне", "кампанія", "петыцыя", "ліст", "парламент", "пасольства", "подпіс", "правы", "чалавека", "суд", "прысуд", "адвакатка", "сям’я", "салідарнасць", "патрабаваць", "рэжым", "урад", "пратэст", "мірны", "сход", "выказванне", "журналістка", "актывіст", "апазіцыя", "выбары", "Еўропа", "санкцыі", "амністыя", "калонія", "затрыманне", "катаванні", "сведкі", "даклад", "назіральнікі", "месяц", "год", "тыдзень", "сёння", "разам", "падтрымка", "напісаць", "паштоўка", "адрас", "дасягнуць", "акцыя", "грамадства", "СМІ", "заява", "неадкладна", "безумоўна", "усе", "многія", "больш", "кожны", "іх", "наш", "новы", "яшчэ", "супраць", "з", "без", "пасля", "да", "падчас", "таму", "хоць", "пакуль"],
    "it": ["persone", "carcere", "politici", "prigionieri", "libertà", "liberazione", "campagna", "petizione", "lettera", "parlamento", "ambasciata", "firma", "diritti", "umani", "tribunale", "condanna", "avvocata", "famiglia", "solidarietà", "chiedere", "regime", "governo", "protesta", "pacifica", "assemblea", "espressione", "giornalista", "attivista", "opposizione", "elezioni", "Europa", "sanzioni", "amnistia", "colonia", "detenzione", "tortura", "testimoni", "rapporto", "osservatori", "mese", "anno", "settimana", "oggi", "insieme", "sostegno", "scrivere", "cartolina", "indirizzo", "raggiungere", "azione", "pubblico", "media", "dichiarazione", "immediatamente", "incondizionatamente", "tutti", "molti", "più", "ogni", "loro", "nostra", "nuova", "ancora", "contro", "con", "senza", "dopo", "prima", "durante", "perché", "sebbene", "mentre"],
}
_NAMES = ["Maria Kolesnikova", "Ales Bialiatski", "Viasna", "Libereco", "Minsk", "Berlin",
          "Hrodna", "Homel", "Vitebsk", "Brest", "Mahilioŭ", "Lukashenko"]


# --- skeletons -------------------------------------------------------------
@dataclass
class Doc:
    """One source file, the same in every language."""

    kind: str  # "pages" or "news"
    slug: str
    number: int
    template: str = "page"  # home, page, petition, letter (project theme only)
    date: dt.datetime | None = None
    campaign: str | None = None
    menu: int = 0
    menu_title: bool = False
    signatories: str | None = None
    signed_original: bool = False
    cta_link: str | None = None
    blocks: list = field(default_factory=list)  # ("p", n_sentences, [links]) ...


@dataclass
class Manifest:
    root: pathlib.Path
    pages_per_lang: int
    seed: int
    languages: tuple[str, ...]
    docs: list[Doc]
    sources: int  # source files per layout (pages_per_lang × languages)
    content_outputs: dict[str, list[str]]  # layout → output paths of content pages
    edit_target: dict[str, str]  # layout → source file changed by the "one changed" run

    def content_path(self, layout: str) -> pathlib.Path:
        return self.root / layout / "content"

    def to_json(self) -> str:
        return json.dumps(
            {
                "pages_per_lang": self.pages_per_lang,
                "seed": self.seed,
                "languages": list(self.languages),
                "sources": self.sources,
                "content_outputs": {k: len(v) for k, v in self.content_outputs.items()},
            }
        )


def _skeletons(pages_per_lang: int, seed: int) -> list[Doc]:
    rng = random.Random(f"bench-skeleton:{seed}:{pages_per_lang}")
    n_pages = max(1, round(pages_per_lang * 0.25))
    n_news = pages_per_lang - n_pages
    docs: list[Doc] = []
    for i in range(n_pages):
        slug = "index" if i == 0 else f"page-{i:04d}"
        docs.append(Doc("pages", slug, i))
    base = dt.datetime(2019, 1, 7, 9, 0)
    for i in range(n_news):
        when = base + dt.timedelta(days=i * 2 + rng.randrange(2), minutes=rng.randrange(600))
        docs.append(Doc("news", f"news-{i:04d}", i, template="article", date=when))

    pages = [d for d in docs if d.kind == "pages"]
    for doc in pages:
        if doc.slug == "index":
            doc.template, doc.campaign = "home", "joint-100k"
        elif doc.number == 1:
            doc.template, doc.campaign, doc.signed_original = "petition", "kolesnikova", True
        elif doc.number == 2:
            doc.template, doc.signatories, doc.signed_original = "letter", LETTER_SIGNATORIES, True
        elif doc.number % 7 == 0:
            doc.template, doc.campaign = "petition", rng.choice(CAMPAIGNS)
        if 1 <= doc.number <= 4:
            doc.menu, doc.menu_title = doc.number, doc.number <= 2
    if len(pages) > 1:
        pages[0].cta_link = pages[1].slug
    for doc in docs:
        if doc.kind == "news" and doc.number % 5 == 0:
            doc.campaign = rng.choice(CAMPAIGNS)
        doc.blocks = _body_shape(rng, doc, docs)
    return docs


def _body_shape(rng: random.Random, doc: Doc, docs: list[Doc]) -> list:
    """Blocks of a body; links name other docs by index into `docs`."""

    def links(k):
        out = []
        for _ in range(k):
            if rng.random() < 0.7 and len(docs) > 1:
                out.append(("doc", rng.randrange(len(docs))))
            else:
                out.append(("ext", rng.randrange(1000)))
        return out

    blocks = [("p", rng.randint(2, 5), links(rng.randint(0, 2)))]
    if doc.number % 10 == 3 or (doc.kind == "pages" and doc.number % 4 == 1):
        blocks.append(("counter",))
    for _ in range(rng.randint(1, 3)):
        blocks.append(("h2",))
        for _ in range(rng.randint(1, 3)):
            blocks.append(("p", rng.randint(3, 7), links(rng.randint(0, 2))))
        roll = rng.random()
        if roll < 0.35:
            blocks.append(("ul", rng.randint(3, 6), links(rng.randint(0, 1))))
        elif roll < 0.55:
            blocks.append(("ol", rng.randint(3, 6), links(0)))
        elif roll < 0.65:
            blocks.append(("quote", rng.randint(1, 3)))
        elif roll < 0.72:
            blocks.append(("table", rng.randint(2, 5)))
    return blocks


# --- rendering one file in one language and layout -------------------------
class _Words:
    def __init__(self, lang: str, rng: random.Random):
        self.words = _WORDS.get(lang, _WORDS["en"])  # a language without its own vocabulary: English words
        self.rng = rng

    def phrase(self, n: int) -> str:
        return " ".join(self.rng.choice(self.words) for _ in range(n))

    def sentence(self, lo=7, hi=18, link: str | None = None) -> str:
        words = [self.rng.choice(self.words) for _ in range(self.rng.randint(lo, hi))]
        if self.rng.random() < 0.3:
            words.insert(self.rng.randrange(len(words)), self.rng.choice(_NAMES))
        if self.rng.random() < 0.25:
            j = self.rng.randrange(len(words))
            words[j] = f"**{words[j]}**" if self.rng.random() < 0.5 else f"*{words[j]}*"
        if self.rng.random() < 0.15:
            words.insert(self.rng.randrange(len(words)), f"{self.rng.randint(2, 9)},{self.rng.randint(100, 999)}")
        if link:
            j = self.rng.randrange(len(words))
            k = min(len(words), j + self.rng.randint(1, 3))
            words[j:k] = [f"[{' '.join(words[j:k])}]({link})"]
        text = " ".join(words)
        return text[:1].upper() + text[1:] + self.rng.choice(".....!?")

    def title(self) -> str:
        text = self.phrase(self.rng.randint(4, 9))
        return text[:1].upper() + text[1:]


def _link_target(layout: str, here: Doc, there: Doc, lang: str) -> str:
    same = here.kind == there.kind
    if layout == "project":
        return f"{{filename}}{there.slug}.md" if same else f"{{filename}}../{there.kind}/{there.slug}.md"
    if layout == "peer":
        name = f"{there.slug}.{lang}.md"
        return f"{{filename}}{name}" if same else f"{{filename}}../{there.kind}/{name}"
    if layout == "floor":
        name = f"{there.slug}-{lang}.md"
        return f"{{filename}}{name}" if same else f"{{filename}}../{there.kind}/{name}"
    if layout == "hugo":
        if there.slug == "index":
            return '{{< relref "/_index.md" >}}'
        return f'{{{{< relref "/{there.kind}/{there.slug}.md" >}}}}'
    raise ValueError(layout)


def _body(doc: Doc, docs: list[Doc], lang: str, layout: str, words: _Words) -> str:
    def target(link):
        kind, ref = link
        if kind == "doc":
            return _link_target(layout, doc, docs[ref], lang)
        return f"https://example.org/{lang}/report-{ref}"

    out: list[str] = []
    for block in doc.blocks:
        tag = block[0]
        if tag == "p":
            _, n, lnks = block
            sentences = [words.sentence() for _ in range(n)]
            for i, link in enumerate(lnks):
                sentences[i % n] = words.sentence(link=target(link))
            out.append(" ".join(sentences))
        elif tag == "counter":
            out.append(COUNTER_MARKER)
        elif tag == "h2":
            out.append("## " + words.title())
        elif tag in ("ul", "ol"):
            _, n, lnks = block
            items = [words.sentence(4, 14) for _ in range(n)]
            for i, link in enumerate(lnks):
                items[i % n] = words.sentence(4, 14, link=target(link))
            out.append("\n".join(("- " if tag == "ul" else f"{i + 1}. ") + item for i, item in enumerate(items)))
        elif tag == "quote":
            out.append("\n".join("> " + words.sentence() for _ in range(block[1])))
        elif tag == "table":
            rows = [f"| {words.phrase(1)} | {words.rng.randint(1, 99_999)} |" for _ in range(block[1])]
            out.append("\n".join([f"| {words.phrase(1)} | {words.phrase(1)} |", "| --- | --- |", *rows]))
    return "\n\n".join(out) + "\n"


def _front_matter(doc: Doc, docs: list[Doc], lang: str, layout: str, words: _Words) -> tuple[dict, str]:
    title = words.title()
    summary = words.sentence(10, 22)
    meta: dict[str, str] = {"Title": title}
    if doc.date is not None:
        meta["Date"] = doc.date.strftime("%Y-%m-%d %H:%M")
    if layout == "project":
        if doc.kind == "pages" and doc.template != "page":
            meta["Template"] = doc.template
        if doc.campaign:
            meta["Campaign"] = doc.campaign
        if doc.signatories:
            meta["Signatories"] = doc.signatories
        if doc.signed_original and lang != DEFAULT_LANG:
            meta["Signed-original"] = DEFAULT_LANG
        if doc.cta_link:
            meta["Cta"] = words.title()
            meta["Cta-link"] = doc.cta_link
    if doc.menu:
        meta["Menu"] = str(doc.menu)
        if doc.menu_title:
            meta["Menu-title"] = words.phrase(2).capitalize()
    meta["Summary"] = summary
    return meta, title


def render(doc: Doc, docs: list[Doc], lang: str, layout: str, seed: int) -> tuple[str, str]:
    """(relative source path, text) of one file in one language and layout."""
    words = _Words(lang, random.Random(f"bench-words:{seed}:{doc.kind}:{doc.slug}:{lang}"))
    meta, title = _front_matter(doc, docs, lang, layout, words)
    body = _body(doc, docs, lang, layout, words)
    if layout == "project":
        rel = f"{lang}/{doc.kind}/{doc.slug}.md"
    elif layout == "peer":
        meta["Lang"], meta["Slug"] = lang, doc.slug
        rel = f"{doc.kind}/{doc.slug}.{lang}.md"
    elif layout == "floor":
        meta["Slug"] = f"{doc.slug}-{lang}"
        rel = f"{doc.kind}/{doc.slug}-{lang}.md"
    elif layout == "hugo":
        rel = f"{lang}/_index.md" if doc.slug == "index" else f"{lang}/{doc.kind}/{doc.slug}.md"
        fm = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
        if doc.date is not None:
            fm.append(f"date: {doc.date.strftime('%Y-%m-%dT%H:%M:00+01:00')}")
        if doc.menu:
            fm.append(f"weight: {doc.menu}")
            fm.append("menu: main")
        fm.append(f"summary: {json.dumps(meta['Summary'], ensure_ascii=False)}")
        fm.append("---")
        return rel, "\n".join(fm) + "\n\n" + body
    else:
        raise ValueError(layout)
    head = "".join(f"{key}: {value}\n" for key, value in meta.items())
    return rel, head + "\n" + body


def _content_output(doc: Doc, lang: str, layout: str) -> str:
    if layout == "project":
        if doc.kind == "news":
            return f"{lang}/news/{doc.slug}/index.html"
        return f"{lang}/index.html" if doc.slug == "index" else f"{lang}/{doc.slug}/index.html"
    if layout == "peer":
        prefix = "" if lang == DEFAULT_LANG else f"{lang}/"
        kind = "news/" if doc.kind == "news" else ""
        return f"{prefix}{kind}{doc.slug}/index.html"
    if layout == "floor":
        kind = "news/" if doc.kind == "news" else ""
        return f"{kind}{doc.slug}-{lang}/index.html"
    if layout == "hugo":
        if doc.slug == "index":
            return f"{lang}/index.html"
        kind = "news/" if doc.kind == "news" else ""
        return f"{lang}/{kind}{doc.slug}/index.html"
    raise ValueError(layout)


def _edit_doc(docs: list[Doc]) -> Doc:
    news = [d for d in docs if d.kind == "news"]
    pool = news or [d for d in docs if d.slug != "index"] or docs
    return pool[len(pool) // 2]


def generate(root, pages_per_lang: int, seed: int = 1, layouts=LAYOUTS,
             languages=LANGUAGES) -> Manifest:
    """Write the site under root/<layout>/content for each layout."""
    if pages_per_lang < 1:
        raise ValueError("pages_per_lang must be at least 1")
    root = pathlib.Path(root)
    docs = _skeletons(pages_per_lang, seed)
    outputs: dict[str, list[str]] = {}
    edit: dict[str, str] = {}
    target = _edit_doc(docs)
    edit_lang = "de" if "de" in languages else languages[0]
    for layout in layouts:
        content = root / layout / "content"
        if content.exists():
            shutil.rmtree(content)
        made_dirs: set[pathlib.Path] = set()
        outputs[layout] = []
        for lang in languages:
            for doc in docs:
                rel, text = render(doc, docs, lang, layout, seed)
                path = content / rel
                if path.parent not in made_dirs:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    made_dirs.add(path.parent)
                path.write_text(text, encoding="utf-8")
                outputs[layout].append(_content_output(doc, lang, layout))
                if doc is target and lang == edit_lang:
                    edit[layout] = str(path)
        if layout == "hugo":
            _write_hugo_site(root / layout, languages)
    return Manifest(
        root=root,
        pages_per_lang=pages_per_lang,
        seed=seed,
        languages=tuple(languages),
        docs=docs,
        sources=pages_per_lang * len(languages),
        content_outputs=outputs,
        edit_target=edit,
    )


def _write_hugo_site(site: pathlib.Path, languages) -> None:
    lines = [
        'baseURL = "https://example.org/"',
        'title = "Bench"',
        f'defaultContentLanguage = "{DEFAULT_LANG}"',
        "defaultContentLanguageInSubdir = true",
        'disableKinds = ["taxonomy", "term"]',
        "paginate = 10",
        "disableAliases = true",
        "buildFuture = true",  # Pelican publishes future-dated articles too
        "[markup.goldmark.renderer]",
        "unsafe = true",
        "[markup.goldmark.extensions]",
        "typographer = true",
        "[permalinks]",
        'pages = "/:filename/"',
        'news = "/news/:filename/"',
    ]
    for weight, lang in enumerate(languages, 1):
        lines += [f"[languages.{lang}]", f'contentDir = "content/{lang}"', f"weight = {weight}",
                  f'languageName = "{lang}"']
    (site / "config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    layouts = site / "layouts"
    if layouts.exists():
        shutil.rmtree(layouts)
    shutil.copytree(BENCH_DIR / "themes" / "hugo" / "layouts", layouts)


def edit_source(path: str, run: int) -> str:
    """Change one source file the way an editor would (one more paragraph).
    Returns the original text so that the caller can restore it."""
    with open(path, encoding="utf-8") as fp:
        original = fp.read()
    with open(path, "w", encoding="utf-8") as fp:
        fp.write(original.rstrip("\n") + f"\n\nCorrection {run + 1}: one more sentence was added.\n")
    return original


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Write the synthetic benchmark site.")
    parser.add_argument("root")
    parser.add_argument("--pages", type=int, default=200, help="source files per language")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--layouts", default=",".join(LAYOUTS))
    args = parser.parse_args(argv)
    manifest = generate(args.root, args.pages, args.seed, tuple(args.layouts.split(",")))
    print(manifest.to_json())
    return 0


if __name__ == "__main__":  # python -m bench.sitegen DIR --pages 10
    raise SystemExit(main())
