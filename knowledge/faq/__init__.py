"""FAQ question answering: Vietnamese and English normalisation, a typo-tolerant BM25 retriever
per language, the answer/suggest/decline decision, a memory of the labelled user questions
(knowledge/faq/memory.py: the nearest ones settle what the decision leaves open), and answers
computed from the criteria sheets.

New API (issue 10), for the handlers to wire:

    engine = FaqEngine.load()
    reply = engine.respond(text, locale)      # Reply
    reply.kind       # "answer" | "computed" | "suggestions" | "greeting" | "thanks" | "empty"
                     # | "decline" (out of scope: say so and offer to ask an officer)
    reply.language   # "vi" | "en": answer in this language (English question or English user)
    reply.entry      # FaqEntry for "answer"; reply.related: sibling entries to offer as buttons
    reply.computed   # CriterionAnswer for "computed" (kinds: rank, part_max, option, minimum,
                     # criterion, group, sheet, level, which_sheet, choose_sheet, need_product)
    reply.suggestions  # entries for "suggestions" (real ambiguity only)
    reply.text       # the answer text in reply.language ("" for the other kinds)
    entry.title(reply.language)   # the entry's question in that language
    looks_like_question(text)     # cheap: free text typed inside another flow reads as a question

The original API is kept as an adapter of `respond`:

    result = engine.ask(text, locale)   # Answer | Suggestions | NoAnswer | CriterionAnswer
    # greeting and thanks are both NoAnswer("smalltalk"); declines NoAnswer("out_of_scope")
"""

from knowledge.faq.criteria_answers import CriterionAnswer
from knowledge.faq.decide import Thresholds
from knowledge.faq.engine import FaqEngine, Reply, Result, looks_like_question
from knowledge.faq.model import Answer, FaqEntry, FaqError, NoAnswer, Suggestions

__all__ = [
    "Answer",
    "CriterionAnswer",
    "FaqEngine",
    "FaqEntry",
    "FaqError",
    "NoAnswer",
    "Reply",
    "Result",
    "Suggestions",
    "Thresholds",
    "looks_like_question",
]
