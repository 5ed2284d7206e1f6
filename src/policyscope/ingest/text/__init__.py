"""Text pipeline shared by extraction, search and keyword analyses: normalisation, language per paragraph,
sentences with offsets and line numbers, headings, and tokens (jieba for Chinese, stemmed words for English)."""

from policyscope.ingest.text.headings import Heading, detect_headings
from policyscope.ingest.text.lang import cjk_ratio, detect_lang
from policyscope.ingest.text.normalize import NormalizedText, normalize, to_halfwidth, to_simplified
from policyscope.ingest.text.sentences import Sentence, split_sentences
from policyscope.ingest.text.tokens import segment, tokenize

__all__ = [
    "Heading", "detect_headings", "cjk_ratio", "detect_lang", "NormalizedText", "normalize", "to_halfwidth",
    "to_simplified", "Sentence", "split_sentences", "segment", "tokenize",
]
