#include "certificate/text_layout.hpp"

#include <string>

namespace passeur::certificate {
namespace {

constexpr char kEllipsis = '\x85';

std::vector<std::string_view> Words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ') ++i;
        if (i > start) words.push_back(text.substr(start, i - start));
    }
    return words;
}

// `line` shortened (trailing spaces included) until it fits with the ellipsis appended.
std::string WithEllipsis(std::string line, PdfFont font, double size, double max_width) {
    while (!line.empty() && TextWidth(font, line + kEllipsis, size) > max_width) line.pop_back();
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + kEllipsis;
}

}  // namespace

WrappedText WrapText(std::string_view text, PdfFont font, double size, double max_width,
                     std::size_t max_lines) {
    WrappedText out;
    if (max_lines == 0) return out;
    std::vector<std::string> lines;
    std::string line;
    double line_width = 0;
    const double space_width = TextWidth(font, " ", size);
    // Stops early once one line more than allowed exists: its presence is what truncation needs.
    for (const std::string_view word : Words(text)) {
        if (lines.size() > max_lines) break;
        const double word_width = TextWidth(font, word, size);
        if (!line.empty() && line_width + space_width + word_width <= max_width) {
            line += ' ';
            line += word;
            line_width += space_width + word_width;
            continue;
        }
        if (!line.empty()) {
            lines.push_back(std::move(line));
            line.clear();
            line_width = 0;
        }
        if (word_width <= max_width) {
            line = std::string(word);
            line_width = word_width;
            continue;
        }
        for (const char c : word) {  // a word wider than a line: break between characters
            const double char_width = TextWidth(font, std::string_view(&c, 1), size);
            if (!line.empty() && line_width + char_width > max_width) {
                lines.push_back(std::move(line));
                line.clear();
                line_width = 0;
            }
            line += c;
            line_width += char_width;
        }
    }
    if (!line.empty()) lines.push_back(std::move(line));
    if (lines.size() > max_lines) {
        lines.resize(max_lines);
        lines.back() = WithEllipsis(std::move(lines.back()), font, size, max_width);
        out.truncated = true;
    }
    out.lines = std::move(lines);
    return out;
}

std::string FitLine(std::string_view text, PdfFont font, double size, double max_width) {
    const WrappedText wrapped = WrapText(text, font, size, max_width, 1);
    return wrapped.lines.empty() ? std::string() : wrapped.lines.front();
}

}  // namespace passeur::certificate
