"""The walks must return what trafilatura's XPaths return, and stand in only during extraction."""

from __future__ import annotations

import pytest
from trafilatura.xpaths import (
    BODY_XPATH,
    OVERALL_DISCARD_XPATH,
    RAW_TREE_PRUNE_XPATH,
    REMOVE_COMMENTS_AND_LISTS_XPATH,
)

from newsdig.extract.parse import load_markup
from newsdig.extract.walks import _SLOTS, MIRROR_HOLDS, Walk, faster_xpaths

PAGE = """<!DOCTYPE html><html><head><title>Harbor news</title></head><body>
<div class="mvp-post-add-box"><h1>Ad with a headline</h1></div>
<section id="infinite-scroll"><p>Next story</p></section>
<aside class="infinitescroll"><h1>Kept: a headline inside</h1></aside>
<div class="x mvp-post-add-wrap"><p>ad</p></div>
<article><h1>Story</h1><p>Body text.</p></article>
<div class="elementor-share-buttons big"><a>Share</a></div>
<span class="elementor-share-buttons">not a box</span>
<div id="comments"><p>First comment</p></div>
<div id="commentary"><p>Kept: commentary is journalism</p></div>
<section class="Comment-list"><p>Second</p></section>
<ul id="comol"><li>listed comment</li></ul>
<ul class="post-comments"><li>post comment</li></ul>
<ol id="disqus_thread"><li>Kept: a disqus list is not pruned by its id alone</li></ol>
<details class="article-comments"><summary>Comments</summary></details>
<div class="comment"><div class="comment"><p>nested</p></div></div>
<div class="cookiejar" id="x"><p>cookie first: pruned</p></div>
<div id="x" class="cookiejar"><p>Kept: the id comes first and says nothing of cookies</p></div>
<p role="Navigation">pruned: role says nav</p>
<span data-lp-replacement-content="">pruned</span>
<section class="sidebar-left">pruned</section>
<item class="share-links">pruned</item>
<div style="display:none">hidden</div>
<div id="reply-1">reply</div>
<div class="a" id="reply-2">Kept: class comes first</div>
<p aria-hidden="true">hidden</p>
<b id="hidden-thing" style="color: red">hidden by id</b>
<b style="visibility: hidden" id="shown">pruned: the style comes first and says hidden</b>
<i class="post noprint">no print</i>
<div class="post"><p>first post under body</p></div>
<div class="entry"><p>a second match under the same parent: not returned</p></div>
<section><div class="article-body"><p>first match under another parent</p></div>
<div id="entry-content">second under that parent</div></section>
<p class="FullText">not a container tag</p>
<div class="FullText"><p>story container, any case</p></div>
<main id="story"><p>later story container</p></main>
<div id="Main-Content"><p>content container</p></div>
<section class="Page-Content">later content container</section>
</body></html>"""


def test_the_installed_trafilatura_has_the_xpaths_the_walks_mirror() -> None:
    """Fails after a trafilatura upgrade that changed these XPaths: results stay right (nothing
    is swapped), but update walks._SLOTS to get the speed back."""
    assert MIRROR_HOLDS


@pytest.mark.parametrize("slot", range(len(_SLOTS)))
def test_each_walk_returns_what_its_xpath_returns(slot: int) -> None:
    tree = load_markup(PAGE)
    assert tree is not None
    xpath = _SLOTS[slot].xpaths[_SLOTS[slot].index]
    expected = xpath(tree)
    assert expected  # the page reaches every expression
    assert _SLOTS[slot].walk(tree) == expected


def test_the_walks_stand_in_only_inside_the_block() -> None:
    lists = (RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH, OVERALL_DISCARD_XPATH, BODY_XPATH)
    originals = [list(xpaths) for xpaths in lists]
    with faster_xpaths():
        assert all(isinstance(xpaths[0], Walk) for xpaths in lists)
    assert [list(xpaths) for xpaths in lists] == originals


def test_the_xpaths_come_back_when_the_block_raises() -> None:
    originals = list(RAW_TREE_PRUNE_XPATH)
    with pytest.raises(RuntimeError), faster_xpaths():
        raise RuntimeError("extraction failed")
    assert list(RAW_TREE_PRUNE_XPATH) == originals
