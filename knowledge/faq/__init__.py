"""FAQ question answering: Vietnamese normalisation, a typo-tolerant BM25 retriever, a
calibrated answer/suggest/decline decision, and answers composed from the criteria sheets.

    engine = FaqEngine.load()
    result = engine.ask("bn diem dc 4 sao")   # Answer | Suggestions | NoAnswer | CriterionAnswer
"""

from knowledge.faq.criteria_answers import CriterionAnswer
from knowledge.faq.decide import Thresholds
from knowledge.faq.engine import FaqEngine, Result
from knowledge.faq.model import Answer, FaqEntry, FaqError, NoAnswer, Suggestions

__all__ = [
    "Answer",
    "CriterionAnswer",
    "FaqEngine",
    "FaqEntry",
    "FaqError",
    "NoAnswer",
    "Result",
    "Suggestions",
    "Thresholds",
]
