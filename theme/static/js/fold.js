// Vietnamese folding for search, the same as vietnamese.fold in Python:
// lower case, đ -> d, combining marks dropped. Pagefind folds the marks itself
// but not đ, so the query is folded here and the index carries the folded
// forms of its đ-words (pelican/plugins/congkhai/search.py).

const WORD = /([\p{L}\p{N}]+)/u;

export function fold(text) {
  return text.normalize("NFC").toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/\p{M}/gu, "");
}

// The folded words of a query, each at most once.
export function queryTerms(query) {
  return [...new Set(fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean))];
}

// Pagefind matches a query word as the beginning of a word ("dat" finds "đất", "data").
export function matches(word, terms) {
  const folded = fold(word);
  return terms.some((term) => folded.startsWith(term));
}

// Text split into [piece, isMatch] runs: the ORIGINAL words, marked where their
// folded form starts with a query term. The caller builds text nodes, never HTML.
export function highlight(text, terms) {
  return text.split(WORD).filter((piece) => piece !== "")
    .map((piece) => [piece, WORD.test(piece) && matches(piece, terms)]);
}

// About `size` words of `text` around its first match (or from its beginning).
export function excerpt(text, terms, size = 36) {
  const words = text.split(/\s+/).filter(Boolean);
  const first = words.findIndex((w) => w.split(WORD).some((p) => WORD.test(p) && matches(p, terms)));
  const start = first < 0 ? 0 : Math.max(0, Math.min(first - Math.floor(size / 3), words.length - size));
  const end = start + size;
  return (start > 0 ? "… " : "") + words.slice(start, end).join(" ") + (end < words.length ? " …" : "");
}
