import fc from "fast-check";

/**
 * Texts for the property tests that compare the text kernels (WebAssembly) with the JavaScript metrics.
 */

// Words and separators that exercise every rule of the three tokenizers: case, digits, articles, ASCII
// punctuation (13a's symbols, periods and commas, apostrophes, dashes after digits), the characters of
// 13a's line rewrites, control characters, Python whitespace and non-ASCII text.
const piece = fc.constantFrom(
  "the", "The", "a", "an", "An", "cat", "Cats", "x", "2", "19", "3.5", "1,000", "U.S.", "can't", "e-mail", "12-3", "-", "--", "'", "(", ")", "?", ".", ",", "!", "\"", "$5", "50%",
  "[x]", "a.b", "...", "&", "&amp;", "<", "<skipped>", "é", "naïve", "—", "\u00a0", " ", " ", " ", "  ", "\t", "\n", "\r", "\x0b", "\x1c", "\x01", "\x7f", "_", "~", "#1", "a/b", "x;", ";x",
);
const text = fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(""));
const spacedText = fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(" "));
// Mostly what the kernels take (ASCII, none of 13a's rewrite characters, punctuation at word edges), so
// that most samples compare the two paths rather than test the hand-over.
const asciiPiece = fc.constantFrom(
  "the", "The", "a", "an", "An", "cat", "Cats", "x", "2", "19", "can't", "e-mail", "-", "--", "'", "(", ")", "?", ".", ",", "!", "\"", "$5", "50%", "[x]", "#1",
  "x;", ";x", "(a)", "b).", "\"c\"", "end.", "so,", "_", "~", " ", " ", " ", "  ", "\t", "\r", "\x0b", "\x1c", "\x01", "\x7f", "3.5", "U.S.",
);
const asciiText = fc.array(asciiPiece, { maxLength: 30 }).map((pieces) => pieces.join(""));
const asciiSpacedText = fc.array(asciiPiece, { maxLength: 30 }).map((pieces) => pieces.join(" "));
// What 13a's fast path takes: no line rewrites, and punctuation at word edges or alone.
const piece13a = fc.constantFrom("The", "cat", "sat", "19", "can't", "e-mail", "--", "'", "(", ")", "?", ".", ",", "!", "$5", "50%", "[x]", "#1", "x;", ";x", "(a)", "b).", "end.", "so,", "\x01");
const text13a = fc.array(fc.oneof(piece13a, fc.constantFrom(" ", "  ", "\t", "\x1c")), { maxLength: 40 }).map((pieces) => pieces.join(""));
export const anyText = fc.oneof(text13a, text, spacedText, fc.string({ maxLength: 40 }), fc.string({ unit: "binary-ascii", maxLength: 40 }), asciiText, asciiSpacedText, asciiSpacedText);

/** Up to three references. */
export const references = fc.array(anyText, { maxLength: 3 });
