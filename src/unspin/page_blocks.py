"""Blocks of a news page that main-text extraction leaves out though a reader reads them as part of
the story: its summary box ("Summary", "Key points", "What we know").

:mod:`unspin.inputs` calls these on the page's lxml tree: the summary box's points are put back
after the headline.
"""

from __future__ import annotations

import itertools
import re

#: classes and ids of what surrounds a story and is not part of it (see unspin.inputs)
_NOT_STORY = re.compile(r"related|read-?also|read-?more|teaser|promo|advert|(?:^|[-_\s])ads?(?:$|[-_\s])|sponsor|"
                        r"recommend|more-?stories|outbrain|taboola|newsletter|credit|most-?(?:read|popular|viewed)|"
                        r"popular|trending|widget|sidebar|(?:^|[-_\s])toc(?:$|[-_\s])|table-?of-?contents|menu|"
                        r"breadcrumb", re.I)
_OUTSIDE = frozenset({"nav", "aside", "footer"})


def _names(el) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _flat(el, limit: int = 1000) -> str:
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
    ads or most-read lists, up to the story's ``<article>`` or ``<main>`` (whose own
    classes and the page's list its tags and layout: "tag-trending", "has-sidebar")."""
    for a in itertools.islice(itertools.chain([el], el.iterancestors()), 100):  # (a hostile page nests deeper)
        if not isinstance(a.tag, str):
            continue
        if a.tag in ("article", "main", "body", "html"):
            return True
        if a.tag in _OUTSIDE or _NOT_STORY.search(_names(a)):
            return False
    return True


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
    if before is not None and _HEADING.fullmatch(_flat(before, 80).rstrip(":").strip()):
        return True
    boxes = [lst, *itertools.islice(lst.iterancestors(), 2)]
    return any(_BOX.search(f"{_names(b)} {b.get('data-testid') or ''}") for b in boxes)


def _mostly_link(item) -> bool:
    linked = sum(len(_flat(a)) for a in item.iter("a"))
    return linked * 2 >= len(_flat(item))


def key_points(tree, text: str) -> list[str]:
    """The points of the story's summary box (a wire story's "Summary", a list of "Key points" or
    "What we know" under the headline) that `text` does not hold already: 1-10 items of at least
    four words, not mostly links (a most-read or related list, a table of contents), in the story
    (not in the navigation, a sidebar or footer). Extraction keeps only the story's body and had
    dropped the box, and with it the claims the story leads with."""
    if tree is None:
        return []
    seen = " ".join(text.split()).casefold()
    for lst in itertools.islice(tree.iter("ul", "ol"), 200):
        if not _small(lst, 500) or not _labelled(lst):
            continue
        items = [li for li in lst if isinstance(li.tag, str) and li.tag == "li"]
        points = [_flat(li) for li in items]
        if not 1 <= len(points) <= 10 or any(len(p.split()) < 4 or len(p) > 400 for p in points):
            continue
        if sum(map(_mostly_link, items)) * 2 > len(items) or not _in_story(lst):
            continue
        return [p for p in points if p.casefold() not in seen]
    return []
