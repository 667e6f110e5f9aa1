"""Score newsdig's quote attribution against the hand-annotated paragraphs.

    python bench/attribution.py [--set tests/fixtures/attribution/paragraphs.jsonl] [--verbose] [--json]

The set (see tests/fixtures/attribution/README.md) is written independently of the attribution code,
so these figures say how well it does, not how well it agrees with itself. Each paragraph goes
through `newsdig.enrich.analyze.analyze_texts` as its own text, and each predicted quote is paired
with at most one gold quote:

- statement overlap: the paragraph is cut into `\\w+` tokens; a statement is the set of token
  positions its character span touches (the gold span is the first occurrence of the gold
  statement; the predicted one is `Quote.span`, or where `Quote.text` occurs when the span is not
  a valid range). Overlap is the Jaccard index of the two position sets, >= 0.5 by default. Positions,
  not words, so the same words quoted twice in a paragraph are two statements. A quote interrupted
  by its attribution is two gold records; one prediction across both halves overlaps neither.
- speaker: case-insensitive after dropping a leading "the" and possessive "'s"; equal, or one
  name's tokens contain the other's last token ("Syrskyi" ~ "Oleksandr Syrskyi").
- one-to-one greedy: candidate pairs in order of decreasing overlap, a pair taken when neither
  side is taken yet.

Reported: precision/recall/F1 of speaker + statement; the same with the speaker ignored (did it
find the statements at all); then, over the speaker + statement pairs, the share with the same
cue lemma, kind, stance, via (both none, or names matching as speakers do) and numbers (the set of
values: gold strings parsed here, with "million"/"billion" multiplied out and a range giving both
ends; predicted `NumberMention.value` and `.high`). Paragraphs/s counts only the analysis, after a
warm-up call has loaded the model.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsdig.enrich.records import Quote

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SET = REPO / "tests" / "fixtures" / "attribution" / "paragraphs.jsonl"
MIN_OVERLAP = 0.5
KINDS = frozenset({"direct", "reported", "according_to"})
STANCES = frozenset(
    {
        "states",
        "claims",
        "denies",
        "confirms",
        "warns",
        "praises",
        "criticises",
        "admits",
        "promises",
        "asks",
        "predicts",
    }
)
ATTRIBUTES = ("cue", "kind", "stance", "via", "numbers")

TOKEN = re.compile(r"\w+")
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
POSSESSIVE = re.compile(r"'s\b")
# Figures as written in gold `numbers`: digits (with thousands commas, decimals, an optional scale
# word) or number words; a hyphenated "twenty-five" is one number, "twelve-hour" is twelve.
DIGITS = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:\s*(thousand|million|billion|trillion|bn)\b)?",
    re.IGNORECASE,
)
UNIT_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
)
UNITS = {word: i for i, word in enumerate(UNIT_WORDS.split())}
TENS = {
    word: 10 * i
    for i, word in enumerate(
        ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), 2
    )
}
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
WORDS = re.compile(
    rf"\b(?:({'|'.join(TENS)})(?:-({'|'.join(UNITS)}))?|({'|'.join(UNITS)}))\b"
    rf"(?:\s+({'|'.join(k for k in SCALES if k != 'bn')})\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """One annotated statement; `span` is located here so the fixture never stores offsets by hand."""

    speaker: str
    cue: str
    kind: str
    stance: str
    statement: str
    span: tuple[int, int]
    via: str | None = None
    numbers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One text of the set with its gold quotes; no quotes makes it a negative."""

    id: str
    text: str
    quotes: tuple[GoldQuote, ...]
    notes: str = ""


def paragraph_from_dict(row: Mapping[str, Any]) -> Paragraph:
    """Build a Paragraph from one JSONL row; a statement missing from the text is an error, not a skip."""
    text = row["text"]
    quotes = []
    for q in row["quotes"]:
        start = text.find(q["statement"])
        if start < 0 or not q["statement"]:
            raise ValueError(f"{row['id']}: statement is not a substring of the text: {q['statement']!r}")
        quotes.append(
            GoldQuote(
                speaker=q["speaker"],
                cue=q["cue"],
                kind=q["kind"],
                stance=q["stance"],
                statement=q["statement"],
                span=(start, start + len(q["statement"])),
                via=q.get("via"),
                numbers=tuple(q.get("numbers") or ()),
            )
        )
    return Paragraph(row["id"], text, tuple(quotes), row.get("notes", ""))


def load_set(path: Path = DEFAULT_SET) -> list[Paragraph]:
    with path.open(encoding="utf-8") as lines:
        return [paragraph_from_dict(json.loads(line)) for line in lines if line.strip()]


# ------------------------------------------------------------------------------------------ matching


def _name_tokens(name: str | None) -> list[str]:
    text = POSSESSIVE.sub("", (name or "").translate(APOSTROPHES).lower()).strip()
    tokens = TOKEN.findall(text)
    return tokens[1:] if len(tokens) > 1 and tokens[0] == "the" else tokens


def same_name(gold: str | None, predicted: str | None) -> bool:
    """Speaker (and via) equality loose enough for "Syrskyi" vs "Gen Oleksandr Syrskyi", not for "he"."""
    a, b = _name_tokens(gold), _name_tokens(predicted)
    if not a or not b:
        return False
    return a == b or a[-1] in b or b[-1] in a


def _token_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in TOKEN.finditer(text)]


def _positions(tokens: Sequence[tuple[int, int]], span: tuple[int, int]) -> frozenset[int]:
    start, end = span
    return frozenset(i for i, (s, e) in enumerate(tokens) if s < end and e > start)


def _bag(text: str) -> Counter[str]:
    return Counter(TOKEN.findall(text.lower()))


def predicted_span(text: str, quote: Quote) -> tuple[int, int] | None:
    """`quote.span` when it is a valid range of `text`, else where `quote.text` occurs, else None."""
    span = tuple(quote.span) if quote.span is not None else ()
    if len(span) == 2 and 0 <= span[0] < span[1] <= len(text):
        return span[0], span[1]
    start = text.find(quote.text) if quote.text else -1
    return (start, start + len(quote.text)) if start >= 0 else None


def overlap(text: str, gold: GoldQuote, quote: Quote) -> float:
    """Jaccard index of the token positions of the two statements (a bag of words if unplaceable)."""
    tokens = _token_spans(text)
    span = predicted_span(text, quote)
    if span is None:
        a, b = _bag(gold.statement), _bag(quote.text or "")
        union = sum((a | b).values())
        return sum((a & b).values()) / union if union else 0.0
    a, b = _positions(tokens, gold.span), _positions(tokens, span)
    return len(a & b) / len(a | b) if a | b else 0.0


def match(
    paragraph: Paragraph,
    predicted: Sequence[Quote],
    *,
    speaker: bool = True,
    min_overlap: float = MIN_OVERLAP,
) -> list[tuple[int, int]]:
    """One-to-one greedy pairs (gold index, predicted index), best overlap first; ties by position."""
    candidates = []
    for gi, gold in enumerate(paragraph.quotes):
        for pi, quote in enumerate(predicted):
            if speaker and not same_name(gold.speaker, quote.speaker):
                continue
            score = overlap(paragraph.text, gold, quote)
            if score >= min_overlap:
                candidates.append((-score, gi, pi))
    pairs, gold_taken, pred_taken = [], set(), set()
    for _, gi, pi in sorted(candidates):
        if gi not in gold_taken and pi not in pred_taken:
            pairs.append((gi, pi))
            gold_taken.add(gi)
            pred_taken.add(pi)
    return sorted(pairs)


# ------------------------------------------------------------------------------------------ attributes


def _value(number: float) -> float:
    return float(f"{number:.6g}")


def gold_number_values(mentions: Iterable[str]) -> frozenset[float]:
    """Values of gold figures: "about 11,000" -> 11000, "11,000-12,000" -> both ends, "$3.1 billion" -> 3.1e9.

    Gold stores figures as written (what a reader checks); values are what both sides can agree on.
    """
    values: set[float] = set()
    for mention in mentions:
        for m in DIGITS.finditer(mention):
            scale = SCALES[m.group(2).lower()] if m.group(2) else 1
            values.add(_value(float(m.group(1).replace(",", "")) * scale))
        for m in WORDS.finditer(mention):
            tens, tens_units, units, scale = (g.lower() if g else None for g in m.groups())
            number = TENS[tens] + UNITS[tens_units or "zero"] if tens else UNITS[units]
            values.add(_value(number * (SCALES[scale] if scale else 1)))
    return frozenset(values)


def predicted_number_values(quote: Quote) -> frozenset[float]:
    values: set[float] = set()
    for number in quote.numbers or ():
        values.add(_value(number.value))
        if number.high is not None:
            values.add(_value(number.high))
    return frozenset(values)


def _lemma(text: str | None) -> str:
    return " ".join((text or "").lower().replace("_", " ").split())


def _stance(text: str | None) -> str:
    return _lemma(text).replace("criticizes", "criticises")


def attribute_agreement(gold: GoldQuote, quote: Quote) -> dict[str, bool]:
    """Which of cue, kind, stance, via and numbers the prediction gets right for a matched pair."""
    via_ok = same_name(gold.via, quote.via) if gold.via and quote.via else not gold.via and not quote.via
    return {
        "cue": _lemma(gold.cue) == _lemma(quote.cue),
        "kind": gold.kind == quote.kind,
        "stance": _stance(gold.stance) == _stance(quote.stance),
        "via": via_ok,
        "numbers": gold_number_values(gold.numbers) == predicted_number_values(quote),
    }


# ------------------------------------------------------------------------------------------ scoring


@dataclass(slots=True)
class ParagraphResult:
    """One paragraph: the gold and predicted quotes and the two pairings between them."""

    paragraph: Paragraph
    predicted: tuple[Quote, ...]
    pairs: list[tuple[int, int]]  # speaker + statement
    statement_pairs: list[tuple[int, int]]  # statement only

    @property
    def misses(self) -> list[GoldQuote]:
        taken = {gi for gi, _ in self.pairs}
        return [q for i, q in enumerate(self.paragraph.quotes) if i not in taken]

    @property
    def false_alarms(self) -> list[Quote]:
        taken = {pi for _, pi in self.pairs}
        return [q for i, q in enumerate(self.predicted) if i not in taken]

    @property
    def wrong_speaker(self) -> list[tuple[GoldQuote, Quote]]:
        """Statements found but given to someone else: the gold quote is a miss only for its speaker."""
        matched = {gi for gi, _ in self.pairs}
        return [
            (self.paragraph.quotes[gi], self.predicted[pi])
            for gi, pi in self.statement_pairs
            if gi not in matched
        ]

    def agreements(self) -> list[tuple[GoldQuote, Quote, dict[str, bool]]]:
        return [
            (
                self.paragraph.quotes[gi],
                self.predicted[pi],
                attribute_agreement(self.paragraph.quotes[gi], self.predicted[pi]),
            )
            for gi, pi in self.pairs
        ]


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


@dataclass(slots=True)
class Report:
    """Micro-averaged figures over the whole set, plus the per-paragraph results they come from."""

    results: list[ParagraphResult] = field(default_factory=list)

    @property
    def n_gold(self) -> int:
        return sum(len(r.paragraph.quotes) for r in self.results)

    @property
    def n_predicted(self) -> int:
        return sum(len(r.predicted) for r in self.results)

    @property
    def attributed(self) -> dict[str, float]:
        return _prf(sum(len(r.pairs) for r in self.results), self.n_predicted, self.n_gold)

    @property
    def statements(self) -> dict[str, float]:
        return _prf(sum(len(r.statement_pairs) for r in self.results), self.n_predicted, self.n_gold)

    @property
    def matched(self) -> int:
        return sum(len(r.pairs) for r in self.results)

    def attribute_accuracy(self) -> dict[str, float]:
        """Share of speaker + statement pairs with each attribute right; 'numbers_when_any' only counts
        pairs whose gold statement has figures (most have none, which flatters 'numbers')."""
        rows = [(gold, agree) for r in self.results for gold, _, agree in r.agreements()]
        accuracy = {key: sum(a[key] for _, a in rows) / len(rows) if rows else 0.0 for key in ATTRIBUTES}
        with_numbers = [a["numbers"] for gold, a in rows if gold.numbers]
        accuracy["numbers_when_any"] = sum(with_numbers) / len(with_numbers) if with_numbers else 0.0
        return accuracy

    def recall_by_kind(self) -> dict[str, tuple[float, int]]:
        found: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for r in self.results:
            matched = {gi for gi, _ in r.pairs}
            for gi, gold in enumerate(r.paragraph.quotes):
                total[gold.kind] += 1
                found[gold.kind] += gi in matched
        return {kind: (found[kind] / total[kind], total[kind]) for kind in sorted(total)}

    @property
    def negatives(self) -> list[ParagraphResult]:
        return [r for r in self.results if not r.paragraph.quotes]

    @property
    def unplaceable(self) -> int:
        """Predictions whose span is invalid and whose text is not in the paragraph (scored as bags)."""
        return sum(predicted_span(r.paragraph.text, q) is None for r in self.results for q in r.predicted)

    def to_dict(self) -> dict[str, Any]:
        return {
            "paragraphs": len(self.results),
            "negative_paragraphs": len(self.negatives),
            "gold_quotes": self.n_gold,
            "predicted_quotes": self.n_predicted,
            "speaker_statement": self.attributed,
            "statement_only": self.statements,
            "matched_pairs": self.matched,
            "attribute_accuracy": self.attribute_accuracy(),
            "recall_by_kind": {k: {"recall": v, "gold": n} for k, (v, n) in self.recall_by_kind().items()},
            "wrong_speaker": sum(len(r.wrong_speaker) for r in self.results),
            "false_alarms_on_negatives": sum(len(r.predicted) for r in self.negatives),
            "unplaceable_predictions": self.unplaceable,
            "per_paragraph": [_paragraph_dict(r) for r in self.results if r.misses or r.false_alarms],
        }


def score(
    paragraphs: Sequence[Paragraph],
    predictions: Mapping[str, Sequence[Quote]],
    *,
    min_overlap: float = MIN_OVERLAP,
) -> Report:
    """Pair predictions with each paragraph's gold; a paragraph missing from `predictions` predicted none."""
    report = Report()
    for paragraph in paragraphs:
        predicted = tuple(predictions.get(paragraph.id, ()))
        report.results.append(
            ParagraphResult(
                paragraph,
                predicted,
                match(paragraph, predicted, min_overlap=min_overlap),
                match(paragraph, predicted, speaker=False, min_overlap=min_overlap),
            )
        )
    return report


# ------------------------------------------------------------------------------------------ output


def _gold_dict(q: GoldQuote) -> dict[str, Any]:
    fields = {"speaker": q.speaker, "cue": q.cue, "kind": q.kind, "stance": q.stance}
    return {**fields, "statement": q.statement, "via": q.via, "numbers": list(q.numbers)}


def _quote_dict(q: Quote) -> dict[str, Any]:
    fields = {"speaker": q.speaker, "cue": q.cue, "kind": q.kind, "stance": q.stance, "text": q.text}
    return {**fields, "span": list(q.span), "via": q.via, "numbers": [n.text for n in q.numbers or ()]}


def _paragraph_dict(r: ParagraphResult) -> dict[str, Any]:
    return {
        "id": r.paragraph.id,
        "misses": [_gold_dict(q) for q in r.misses],
        "false_alarms": [_quote_dict(q) for q in r.false_alarms],
        "attribute_errors": [
            {
                "statement": gold.statement,
                "wrong": {key: [_attr(gold, key), _attr(quote, key)] for key, ok in agree.items() if not ok},
            }
            for gold, quote, agree in r.agreements()
            if not all(agree.values())
        ],
    }


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_table(report: Report, *, seconds: float, model: str, verbose: bool) -> None:
    n = len(report.results)
    rate = n / seconds if seconds else 0.0
    print(
        f"attribution: {n} paragraphs ({len(report.negatives)} negative), {report.n_gold} gold quotes, "
        f"{report.n_predicted} predicted; model {model}; {seconds:.2f} s, {rate:.1f} paragraphs/s"
    )
    print(f"  {'match':<20} {'precision':>9} {'recall':>7} {'F1':>6}")
    for label, figures in (("speaker+statement", report.attributed), ("statement only", report.statements)):
        print(f"  {label:<20} {figures['precision']:>9.3f} {figures['recall']:>7.3f} {figures['f1']:>6.3f}")
    by_kind = ", ".join(
        f"{kind} {share:.3f} ({count})" for kind, (share, count) in report.recall_by_kind().items()
    )
    print(f"  recall by kind: {by_kind}")
    accuracy = report.attribute_accuracy()
    figures = ", ".join(f"{key} {accuracy[key]:.3f}" for key in ATTRIBUTES)
    print(
        f"  over {report.matched} matched pairs: {figures}; "
        f"numbers where gold has figures {accuracy['numbers_when_any']:.3f}"
    )
    wrong = sum(len(r.wrong_speaker) for r in report.results)
    alarms = [len(r.predicted) for r in report.negatives]
    print(
        f"  right statement, wrong speaker: {wrong}; false alarms on negatives: {sum(alarms)} "
        f"(in {sum(1 for a in alarms if a)} of {len(alarms)} paragraphs)"
    )
    if report.unplaceable:
        print(f"  predictions with an invalid span and text not in the paragraph: {report.unplaceable}")
    if verbose:
        _print_details(report)


def _print_details(report: Report) -> None:
    for r in report.results:
        errors = [(g, q, a) for g, q, a in r.agreements() if not all(a.values())]
        if not (r.misses or r.false_alarms or errors):
            continue
        print(f"\n{r.paragraph.id}: {_short(r.paragraph.notes, 100)}")
        for gold in r.misses:
            print(f"  - miss   [{gold.speaker}] {_short(gold.statement)}")
        for quote in r.false_alarms:
            print(f"  + false  [{quote.speaker}] {_short(quote.text or '')}")
        for gold, quote, agree in errors:
            wrong = "; ".join(
                f"{key} {_attr(gold, key)!r}≠{_attr(quote, key)!r}" for key, ok in agree.items() if not ok
            )
            print(f"  ~ attr   [{gold.speaker}] {_short(gold.statement, 50)}: {wrong}")


def _attr(quote: GoldQuote | Quote, key: str) -> Any:
    if key != "numbers":
        return getattr(quote, key)
    if isinstance(quote, GoldQuote):
        return sorted(gold_number_values(quote.numbers))
    return sorted(predicted_number_values(quote))


# ------------------------------------------------------------------------------------------ running


def run_system(
    paragraphs: Sequence[Paragraph], batch_size: int = 32
) -> tuple[dict[str, tuple[Quote, ...]], float, str]:
    """Analyse every paragraph as its own text; returns the quotes by id, the seconds spent and the model."""
    from newsdig.enrich.analyze import analyze_texts

    warm = list(
        analyze_texts([("warm-up", "The mayor said the bridge would reopen on Monday.")], batch_size=1)
    )
    model = warm[0].model if warm else "?"
    start = time.perf_counter()
    analyses = list(analyze_texts(((p.id, p.text) for p in paragraphs), batch_size=batch_size))
    seconds = time.perf_counter() - start
    return {a.article_id: tuple(a.quotes) for a in analyses}, seconds, model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="annotated paragraphs (JSONL)")
    parser.add_argument("--batch-size", type=int, default=32, help="passed to analyze_texts")
    parser.add_argument("--overlap", type=float, default=MIN_OVERLAP, help="minimum statement Jaccard")
    parser.add_argument("--verbose", action="store_true", help="misses, false alarms, attribute errors")
    parser.add_argument("--json", action="store_true", help="print the report as JSON instead of a table")
    args = parser.parse_args(argv)
    paragraphs = load_set(args.set)
    try:
        predictions, seconds, model = run_system(paragraphs, args.batch_size)
    except ImportError as error:
        print(f"cannot run: newsdig.enrich.analyze is not importable ({error})", file=sys.stderr)
        return 1
    report = score(paragraphs, predictions, min_overlap=args.overlap)
    if args.json:
        figures = report.to_dict()
        figures.update(
            model=model, seconds=seconds, paragraphs_per_second=len(paragraphs) / seconds if seconds else 0.0
        )
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print_table(report, seconds=seconds, model=model, verbose=args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
