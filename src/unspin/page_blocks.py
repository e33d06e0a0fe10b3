"""Blocks of a news page that main-text extraction leaves out though a reader reads them as part of
the story: its data tables and its summary box ("Summary", "Key points", "What we know").

:mod:`unspin.page_text` calls these on the page's lxml tree: a data table becomes plain paragraphs,
one line per row, before extraction; the summary box's points are put back after the headline.
"""

from __future__ import annotations

import itertools
import re

#: classes and ids of blocks around a story that are not part of it: teasers of other stories, ads,
#: sponsored and recommended content, newsletter sign-ups, image credits (a caption in one is not the story's)
TEASERS = re.compile(r"related|read-?also|read-?more|teaser|promo|advert|(?:^|[-_\s])ads?(?:$|[-_\s])|sponsor|"
                     r"recommend|more-?stories|outbrain|taboola|newsletter|credit", re.I)
#: ... and the rest of what surrounds a story: most-read and trending lists, widgets, menus, tables
#: of contents, market data (a table or a list in one is not the story's)
_NOT_STORY = re.compile(TEASERS.pattern + r"|most-?(?:read|popular|viewed)|popular|trending|widget|sidebar|"
                        r"(?:^|[-_\s])toc(?:$|[-_\s])|table-?of-?contents|menu|breadcrumb|market-?data|ticker|calendar",
                        re.I)
_OUTSIDE = frozenset({"nav", "aside", "footer"})


def names(el) -> str:
    """An element's class and id, for matching both at once."""
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def flat(el, limit: int = 1000) -> str:
    """The text of `el` on one line, read no further than about `limit` characters (a hostile
    page's element may hold megabytes)."""
    parts, size = [], 0
    for part in el.itertext():
        parts.append(part)
        size += len(part)
        if size > limit:
            break
    return " ".join(" ".join(parts).split())


def _small(el, elements: int) -> bool:
    """Whether `el` holds at most `elements` elements (counted no further)."""
    return sum(1 for _ in itertools.islice(el.iter(), elements + 1)) <= elements


def _in_story(el) -> bool:
    """Whether `el` is not in the page's navigation, sidebar or footer, nor in a block of teasers,
    ads, most-read lists or market data, up to the story's ``<article>`` or ``<main>`` (whose own
    classes and the page's list its tags and layout: "tag-trending", "has-sidebar")."""
    for a in itertools.islice(itertools.chain([el], el.iterancestors()), 100):  # (a hostile page nests deeper)
        if not isinstance(a.tag, str):
            continue
        if a.tag in ("article", "main", "body", "html"):
            return True
        if a.tag in _OUTSIDE or _NOT_STORY.search(names(a)):
            return False
    return True


# --- data tables -----------------------------------------------------------------------------

#: what a data table's cell does not hold: a layout table's cells hold the story's paragraphs,
#: lists, headings or further tables
_BLOCK = frozenset("table p ul ol li dl h1 h2 h3 h4 h5 h6 blockquote form iframe article section".split())
#: a data table has a header row and 2-60 rows of data, of 2-12 columns of short cells
_MAX_ROWS, _MAX_COLUMNS, _MAX_CELL = 60, 12, 100


#: header rows a data table may have ("2024" over "Votes" and "Share")
_MAX_HEADER_ROWS = 3
#: the column headings of a calendar
_WEEKDAYS = frozenset("""m t w f s mo tu we th fr sa su mon tue tues wed thu thur thurs fri sat sun monday tuesday
wednesday thursday friday saturday sunday""".split())


def _span(cell, name: str, most: int) -> int:
    value = (cell.get(name) or "1").strip()
    return min(int(value), most) if value.isdigit() and int(value) > 0 else 1


def _grid(rows) -> list[tuple[list[tuple[str, str]], bool]] | None:
    """Each row of `rows` as the (tag, text) of each of its columns, and whether the row is one cell
    of its own (a section: "Northern region"). A cell that spans columns is there once for each, one
    that spans rows once in each row ("Labour" beside each of its candidates); tag "a" is a data cell
    that is mostly a link. None when a cell holds a block or long text."""
    grid = []
    above: dict[int, list] = {}  # column -> [rows still to span, (tag, text)] of a cell spanning rows
    group = None
    for row in rows:
        if row.getparent() is not group:  # a cell spans rows of its own group (thead, tbody) only
            group, above = row.getparent(), {}
        own = [c for c in row if isinstance(c.tag, str) and c.tag in ("th", "td")]
        out: list[tuple[str, str]] = []
        carried = False

        def from_above():
            nonlocal carried
            while len(out) in above:
                left = above[len(out)]
                out.append(left[1])
                carried = True
                left[0] -= 1
                if not left[0]:
                    del above[len(out) - 1]
        for cell in own:
            from_above()
            if any(isinstance(d.tag, str) and d.tag in _BLOCK for d in cell.iterdescendants()):
                return None
            text = flat(cell)
            if len(text) > _MAX_CELL:
                return None
            tag = "a" if cell.tag == "td" and text and _mostly_link(cell) else cell.tag
            down = _span(cell, "rowspan", _MAX_ROWS + 1)
            for _ in range(_span(cell, "colspan", _MAX_COLUMNS + 1)):
                if down > 1:
                    above[len(out)] = [down - 1, (tag, text)]
                out.append((tag, text))
        from_above()
        if any(text for _, text in out):
            grid.append((out, len(own) == 1 and not carried))
    return grid


def _header(grid) -> tuple[list[str], list[str]]:
    """The column headings of a table's leading rows of ``<th>`` (a heading over two columns gives
    both its words: "2024 Votes", "2024 Share"), and the titles among them: a header row of one
    heading across the table is its title, not a word of each column's heading."""
    titles, rows = [], []
    for cells, single in grid:
        texts = [text for _, text in cells]
        if single or len(set(texts)) == 1:
            titles.append(texts[0])
        else:
            rows.append(texts)
    head = []
    for column in zip(*rows) if rows and len({len(r) for r in rows}) == 1 else ():
        words = [t for k, t in enumerate(column) if t and t not in column[:k]]
        head.append(" ".join(words))
    return head, titles


def data_table_lines(table) -> list[str] | None:
    """The rows of `table` as lines a reader would say ("Party: Labour; Votes: 12,345; Share: 34%"),
    when it is a data table: header rows of ``<th>`` (or a ``<th>`` opening each row: "Turnout:
    61%"), 2-60 rows of data under them, 2-12 columns of short cells of text and numbers, no table,
    paragraph or list inside a cell, and not in the page's navigation, sidebar, footer or a block
    of teasers or market data. A row of one cell is a line of its own (a section: "Northern
    region"), a cell spanning rows is read in each of them. Anything else, such as a page laid out
    with tables or a table of links, gives None and is left to extraction, which leaves tables out."""
    if (table.get("role") or "").lower() in ("presentation", "none") or not _small(table, 2000):
        return None
    rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    if not 2 <= len(rows) <= _MAX_ROWS + _MAX_HEADER_ROWS:
        return None
    grid = _grid(rows)
    if grid is None or len(grid) < 2:
        return None
    top = 0
    while top < len(grid) and all(tag == "th" for tag, _ in grid[top][0]):
        top += 1
    titles: list[str] = []
    head: list[str] = []
    if 1 <= top <= _MAX_HEADER_ROWS and top < len(grid):
        head, titles = _header(grid[:top])
        body = grid[top:]
    elif top == 0:
        body = grid
    else:
        return None
    if not head and not all(cells[0][0] == "th" and any(tag == "td" for tag, _ in cells) for cells, _ in body):
        return None  # neither column headings nor a heading opening each row ("Turnout | 61%")
    if head and all(h.lower().rstrip(".") in _WEEKDAYS for h in head):
        return None  # a calendar: "Mon | Tue | ..." over the days of a month
    if len(body) < 2:
        return None
    links = [tag == "a" for cells, _ in body for tag, text in cells if text]
    if sum(links) * 2 > len(links):  # a menu or an index of other pages
        return None
    widths = [len(cells) for cells, single in body if not single]
    if not widths or not 2 <= max(len(head), *widths) <= _MAX_COLUMNS or not _in_story(table):
        return None
    lines = []
    caption = table.find("caption")
    if caption is not None and flat(caption):
        lines.append(flat(caption))
    lines.extend(t for t in titles if t not in lines)
    for cells, single in body:
        texts = [text for _, text in cells]
        if single:  # a section of the table
            lines.append(texts[0])
        elif head and len(texts) == len(head):
            lines.append("; ".join(f"{h}: {t}" if h else t for h, t in zip(head, texts) if t))
        elif not head:
            lines.append(f"{texts[0]}: " + "; ".join(t for t in texts[1:] if t))
        else:  # the columns do not line up with the header: not a table read this way
            return None
    return lines


# --- the summary box -------------------------------------------------------------------------

#: words that say a page may have a summary box (the page is searched no further without them)
KEY_POINTS_HINT = re.compile(r"summary|key[-_ ]?(?:points|facts|takeaways)|takeaways|highlights|what we know|"
                             r"at a glance|in brief|need to know", re.I)
#: the heading of a summary box, matched whole (less a final colon)
_HEADING = re.compile(r"(?:story |article )?(?:summary|highlights)|(?:the )?key (?:points|facts|takeaways)|"
                      r"takeaways|what we know(?: so far)?(?: about [\w ]{1,40})?|what (?:you )?need to know|"
                      r"at a glance|in brief|in short|the essentials", re.I)
#: classes and ids of a summary box
_BOX = re.compile(r"summary|key-?points|keypoints|highlights|takeaways|key-?facts|at-?a-?glance|tldr", re.I)


def _labelled(lst) -> bool:
    """Whether the list `lst` is a summary box's: headed "Summary", "Key points", ... (the element
    before it), or in a box (up to two levels up) whose class, id or test id says so."""
    before = lst.getprevious()
    while before is not None and not isinstance(before.tag, str):
        before = before.getprevious()
    if before is not None and _HEADING.fullmatch(flat(before, 80).rstrip(":").strip()):
        return True
    boxes = [lst, *itertools.islice(lst.iterancestors(), 2)]
    return any(_BOX.search(f"{names(b)} {b.get('data-testid') or ''}") for b in boxes)


def _mostly_link(item) -> bool:
    linked = sum(len(flat(a)) for a in item.iter("a"))
    return linked * 2 >= len(flat(item))


def key_points(tree, text: str) -> list[str]:
    """The points of the story's summary box (a wire story's "Summary", a list of "Key points" or
    "What we know" under the headline) that `text` does not hold already: 1-10 items, most of them
    three words or more (a point of one word is left out), not mostly links (a most-read or related
    list, a table of contents), in the story (not in the navigation, a sidebar or footer). Extraction keeps only the story's body and had
    dropped the box, and with it the claims the story leads with."""
    if tree is None:
        return []
    seen = " ".join(text.split()).casefold()
    for lst in itertools.islice(tree.iter("ul", "ol"), 200):
        if not _small(lst, 500) or not _labelled(lst):
            continue
        items = [li for li in lst if isinstance(li.tag, str) and li.tag == "li"]
        points = [flat(li) for li in items]
        if not 1 <= len(points) <= 10 or any(len(p) > 400 for p in points):
            continue
        if sum(len(p.split()) < 3 for p in points) * 2 > len(points):
            continue  # mostly one- and two-word items: tags or a menu, not points a story leads with
        if sum(map(_mostly_link, items)) * 2 > len(items) or not _in_story(lst):
            continue
        return [p for p in points if len(p.split()) >= 2 and p.casefold() not in seen]
    return []
