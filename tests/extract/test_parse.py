"""load_markup must build the tree trafilatura's own loader builds, only with a C class lookup."""

from __future__ import annotations

from copy import deepcopy

import pytest
from lxml.html import HtmlElement, tostring
from trafilatura.utils import load_html

from newsdig.extract.parse import load_markup

MARKUP = {
    "page": "<!DOCTYPE html><html lang='en'><head><title>T</title></head><body><p>Text</p></body></html>",
    "xml declaration": "<?xml version='1.0' encoding='utf-8'?><html><body><p>Declared</p></body></html>",
    "control characters": "<html><body><p>bell\x07 and form\x0c feed</p></body></html>",
    "self-closing html": "<html lang='en'/>\n<body><p>Odd but seen</p></body>",
    "doctype with slash": "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x/y.dtd\">\n<html><body>"
                          "<p>XHTML</p></body></html>",
    "fragment": "<div><p>One</p><p>Two</p></div>",
    "two fragments": "<p>One</p><p>Two</p>",
    "form": "<html><body><form action='/s'><input name='q'><p>In a form</p></form></body></html>",
    "not html": "just some words without any markup",
    "empty-ish": "<p></p>",
}


@pytest.mark.parametrize("name", sorted(MARKUP))
def test_the_tree_is_the_one_trafilatura_builds(name: str) -> None:
    ours, theirs = load_markup(MARKUP[name]), load_html(MARKUP[name])
    assert (ours is None) == (theirs is None)
    if ours is not None and theirs is not None:
        assert tostring(ours) == tostring(theirs)
        assert ours.tag == theirs.tag


def test_every_element_is_a_plain_html_element_and_copies_keep_that() -> None:
    tree = load_markup(MARKUP["form"])
    assert tree is not None
    classes = {type(element) for element in tree.iter()}
    assert classes == {HtmlElement}  # lxml.html's own lookup makes <form> a FormElement
    assert {type(element) for element in deepcopy(tree).iter()} == {HtmlElement}
    assert tree.find(".//p").text_content() == "In a form"  # HtmlElement helpers still work
