// Line breaking for the PDF certificate: greedy wrapping of cp1252 text measured with the
// Helvetica metrics, with an ellipsis when the text needs more lines than allowed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "certificate/helvetica_metrics.hpp"

namespace passeur::certificate {

struct WrappedText {
    std::vector<std::string> lines;  // cp1252, each at most max_width wide
    bool truncated = false;          // the last line ends with "…" (0x85) standing for the rest
};

// Breaks `text` (cp1252) into at most `max_lines` lines no wider than `max_width` points at
// `size` points. Breaks at spaces (0x20; 0xA0 does not break), runs of spaces count as one and
// leading or trailing spaces are dropped; a word wider than a line (a URL, an identifier) is broken
// between characters. When more lines would be needed, the last kept line is shortened until it
// fits with an ellipsis appended. Empty or blank text, or max_lines 0, gives no lines.
// Precondition: max_width is at least the width of "W…" at `size`.
WrappedText WrapText(std::string_view text, PdfFont font, double size, double max_width,
                     std::size_t max_lines);

// `text` on one line: the text itself when it fits, else shortened with an ellipsis.
std::string FitLine(std::string_view text, PdfFont font, double size, double max_width);

}  // namespace passeur::certificate
