#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <core/encoding.hpp>
#include <core/unicode.hpp>
#include <web/markdown.hpp>

namespace passeur::web {

namespace {

constexpr char kHardBreak = '\x01';  // sentinel: control characters are removed from the source first

bool IsBlank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

std::string_view TrimSpaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool IsAsciiPunctuation(char c) {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == kHardBreak; }

void AppendEscaped(std::string& out, std::string_view text) {
    std::size_t start = 0;
    for (std::size_t at = text.find(kHardBreak); at != std::string_view::npos;
         at = text.find(kHardBreak, start)) {
        out += core::EscapeXml(text.substr(start, at - start));
        out += "<br>\n";
        start = at + 1;
    }
    out += core::EscapeXml(text.substr(start));
}

bool IsHttpUrl(std::string_view url) {
    const auto starts_with_ci = [&](std::string_view prefix) {
        if (url.size() < prefix.size()) return false;
        for (std::size_t i = 0; i < prefix.size(); ++i) {
            char c = url[i];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (c != prefix[i]) return false;
        }
        return true;
    };
    std::size_t host = 0;
    if (starts_with_ci("https://")) {
        host = 8;
    } else if (starts_with_ci("http://")) {
        host = 7;
    } else {
        return false;
    }
    if (url.size() <= host || url[host] == '/' || url[host] == '.') return false;
    return std::none_of(url.begin(), url.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u == 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '\'' ||
               c == '`';
    });
}

// images/<name>: name ^[A-Za-z0-9][A-Za-z0-9._-]*$ within 100 bytes, no "..", extension
// svg/png/jpg/jpeg/webp.
bool ImageName(std::string_view target, std::string_view& name) {
    constexpr std::string_view kFolder = "images/";
    if (target.substr(0, kFolder.size()) != kFolder) return false;
    name = target.substr(kFolder.size());
    if (name.empty() || name.size() > 100) return false;
    const auto alnum = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    if (!alnum(name.front())) return false;
    if (name.find("..") != std::string_view::npos) return false;
    if (!std::all_of(name.begin(), name.end(),
                     [&](char c) { return alnum(c) || c == '.' || c == '-' || c == '_'; })) {
        return false;
    }
    const std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos) return false;
    std::string extension(name.substr(dot + 1));
    for (char& c : extension) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return extension == "svg" || extension == "png" || extension == "jpg" || extension == "jpeg" ||
           extension == "webp";
}

// Inline markup of one block's text (lines joined with '\n', hard breaks as kHardBreak).
class InlineRenderer {
public:
    InlineRenderer(std::string_view text, const MarkdownOptions& options, int depth, bool in_link)
        : text_(text), options_(options), depth_(depth), in_link_(in_link) {}

    void Render(std::string& out) {
        if (depth_ > options_.max_nesting + 4) {
            AppendEscaped(out, text_);
            return;
        }
        std::size_t i = 0;
        std::size_t plain_start = 0;
        auto flush = [&](std::size_t end) {
            AppendEscaped(out, text_.substr(plain_start, end - plain_start));
        };
        while (i < text_.size()) {
            const char c = text_[i];
            if (c == '\\' && i + 1 < text_.size() && IsAsciiPunctuation(text_[i + 1])) {
                flush(i);
                AppendEscaped(out, text_.substr(i + 1, 1));
                i += 2;
                plain_start = i;
                continue;
            }
            std::size_t next = i;
            if (c == '`' && Code(out, i, next, flush)) {
            } else if (c == '!' && Image(out, i, next, flush)) {
            } else if (c == '[' && !in_link_ && Link(out, i, next, flush)) {
            } else if (c == '*' && Emphasis(out, i, next, flush)) {
            } else {
                ++i;
                continue;
            }
            i = next;
            plain_start = i;
        }
        flush(text_.size());
    }

private:
    // Memoised forward search: once a search from `from` found `result` (or nothing), any search
    // from a later position not past `result` has the same answer. Keeps hostile input linear.
    struct Finder {
        std::size_t from = std::string_view::npos;
        std::size_t result = 0;
    };
    std::size_t Find(Finder& f, std::string_view needle, std::size_t from) {
        if (f.from != std::string_view::npos && from >= f.from && from <= f.result) return f.result;
        f.from = from;
        f.result = text_.find(needle, from);
        return f.result;
    }

    template <typename Flush>
    bool Code(std::string& out, std::size_t i, std::size_t& next, Flush& flush) {
        std::size_t run = 0;
        while (i + run < text_.size() && text_[i + run] == '`') ++run;
        if (run >= no_code_close_from_.size() || no_code_close_from_[run] <= i) return false;
        const std::string fence(run, '`');
        std::size_t close = i + run;
        while (true) {
            close = text_.find(fence, close);
            if (close == std::string_view::npos) {
                // No closing run of this length after here: later openers of this length fail too.
                no_code_close_from_[run] = i;
                return false;
            }
            std::size_t close_run = 0;
            while (close + close_run < text_.size() && text_[close + close_run] == '`') ++close_run;
            if (close_run == run) break;
            close += close_run;
        }
        std::string_view content = text_.substr(i + run, close - i - run);
        if (content.size() >= 2 && content.front() == ' ' && content.back() == ' ' && !IsBlank(content)) {
            content = content.substr(1, content.size() - 2);
        }
        flush(i);
        out += "<code>";
        for (const char ch : content) {
            if (ch == kHardBreak || ch == '\n') {
                out.push_back(' ');
            } else {
                AppendEscaped(out, std::string_view(&ch, 1));
            }
        }
        out += "</code>";
        next = close + run;
        return true;
    }

    // [text](target) at `open` ('['): sets the parts and the end; false when not that shape.
    bool Bracketed(std::size_t open, std::string_view& label, std::string_view& target, std::size_t& end) {
        const std::size_t close = Find(close_bracket_, "]", open + 1);
        if (close == std::string_view::npos || close + 1 >= text_.size() || text_[close + 1] != '(')
            return false;
        const std::size_t paren = Find(close_paren_, ")", close + 2);
        if (paren == std::string_view::npos) return false;
        label = text_.substr(open + 1, close - open - 1);
        target = TrimSpaces(text_.substr(close + 2, paren - close - 2));
        end = paren + 1;
        return true;
    }

    template <typename Flush>
    bool Image(std::string& out, std::size_t i, std::size_t& next, Flush& flush) {
        if (!options_.allow_images || i + 1 >= text_.size() || text_[i + 1] != '[') return false;
        std::string_view alt, target, name;
        std::size_t end = 0;
        if (!Bracketed(i + 1, alt, target, end)) return false;
        if (!ImageName(target, name) || IsBlank(alt) || alt.find('\n') != std::string_view::npos ||
            alt.find(kHardBreak) != std::string_view::npos) {
            return false;
        }
        flush(i);
        out += "<img src=\"";
        AppendEscaped(out, options_.image_url_prefix);
        AppendEscaped(out, name);
        out += "\" alt=\"";
        AppendEscaped(out, TrimSpaces(alt));
        out += "\">";
        next = end;
        return true;
    }

    template <typename Flush>
    bool Link(std::string& out, std::size_t i, std::size_t& next, Flush& flush) {
        std::string_view label, target;
        std::size_t end = 0;
        if (!Bracketed(i, label, target, end) || !IsHttpUrl(target) || IsBlank(label)) return false;
        if (label.find('[') != std::string_view::npos) return false;  // the inner bracket may open the link
        flush(i);
        out += "<a href=\"";
        AppendEscaped(out, target);
        out += "\" rel=\"noopener\">";
        InlineRenderer(label, options_, depth_ + 1, true).Render(out);
        out += "</a>";
        next = end;
        return true;
    }

    template <typename Flush>
    bool Emphasis(std::string& out, std::size_t i, std::size_t& next, Flush& flush) {
        const bool strong = i + 1 < text_.size() && text_[i + 1] == '*';
        const std::size_t width = strong ? 2 : 1;
        const std::size_t content_start = i + width;
        if (content_start >= text_.size() || IsSpace(text_[content_start])) return false;
        std::size_t close = std::string_view::npos;
        if (strong) {
            close = Find(double_star_, "**", content_start);
            if (close == std::string_view::npos || IsSpace(text_[close - 1])) return false;
        } else {
            // The next '*' that is not part of a "**" pair.
            if (no_single_close_from_ <= i) return false;
            std::size_t from = content_start;
            while (true) {
                const std::size_t star = Find(single_star_, "*", from);
                if (star == std::string_view::npos) {
                    no_single_close_from_ = i;
                    return false;
                }
                if (star + 1 < text_.size() && text_[star + 1] == '*') {
                    from = star + 2;
                    continue;
                }
                if (star > 0 && text_[star - 1] == '*' && star - 1 >= content_start) {
                    from = star + 1;
                    continue;
                }
                close = star;
                break;
            }
            if (IsSpace(text_[close - 1])) return false;
        }
        if (close == content_start) return false;
        flush(i);
        const char* tag = strong ? "strong" : "em";
        out += "<";
        out += tag;
        out += ">";
        InlineRenderer(text_.substr(content_start, close - content_start), options_, depth_ + 1, in_link_)
            .Render(out);
        out += "</";
        out += tag;
        out += ">";
        next = close + width;
        return true;
    }

    std::string_view text_;
    const MarkdownOptions& options_;
    int depth_;
    bool in_link_;
    Finder close_bracket_, close_paren_, double_star_, single_star_;
    std::size_t no_single_close_from_ = std::string_view::npos;
    std::array<std::size_t, 17> no_code_close_from_ = MakeNpos();
    static std::array<std::size_t, 17> MakeNpos() {
        std::array<std::size_t, 17> a{};
        a.fill(std::string_view::npos);
        return a;
    }
};

void RenderInline(std::string& out, std::string_view text, const MarkdownOptions& options) {
    InlineRenderer(text, options, 0, false).Render(out);
}

// Block structure.
struct ListMarker {
    bool ordered = false;
    long number = 1;
    std::size_t content = 0;  // offset of the item text in the line
};

std::optional<ListMarker> ListMarkerOf(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ') ++i;
    if (i + 1 < line.size() && line[i] == '-' && line[i + 1] == ' ') return ListMarker{false, 1, i + 2};
    std::size_t digits = 0;
    while (i + digits < line.size() && digits < 9 && line[i + digits] >= '0' && line[i + digits] <= '9')
        ++digits;
    if (digits == 0 || i + digits + 1 >= line.size()) return std::nullopt;
    if ((line[i + digits] != '.' && line[i + digits] != ')') || line[i + digits + 1] != ' ')
        return std::nullopt;
    return ListMarker{true, std::stol(std::string(line.substr(i, digits))), i + digits + 2};
}

bool IsQuoteLine(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ') ++i;
    return i < line.size() && line[i] == '>';
}

std::string_view StripQuote(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ') ++i;
    ++i;  // '>'
    if (i < line.size() && line[i] == ' ') ++i;
    return line.substr(i);
}

bool IsTableLine(std::string_view line) { return TrimSpaces(line).substr(0, 1) == "|"; }

// Cells of "| a | b |" (a backslash-escaped pipe stays in its cell).
std::vector<std::string> TableCells(std::string_view line) {
    line = TrimSpaces(line);
    if (!line.empty() && line.front() == '|') line.remove_prefix(1);
    if (!line.empty() && line.back() == '|' && (line.size() < 2 || line[line.size() - 2] != '\\')) {
        line.remove_suffix(1);
    }
    std::vector<std::string> cells;
    std::string cell;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
            cell += "\\|";
            ++i;
        } else if (line[i] == '|') {
            cells.emplace_back(TrimSpaces(cell));
            cell.clear();
        } else {
            cell.push_back(line[i]);
        }
    }
    cells.emplace_back(TrimSpaces(cell));
    return cells;
}

bool IsTableSeparator(std::string_view line) {
    if (!IsTableLine(line)) return false;
    for (const auto& cell : TableCells(line)) {
        std::string_view c = cell;
        if (!c.empty() && c.front() == ':') c.remove_prefix(1);
        if (!c.empty() && c.back() == ':') c.remove_suffix(1);
        if (c.empty() || !std::all_of(c.begin(), c.end(), [](char ch) { return ch == '-'; })) return false;
    }
    return true;
}

// Joins paragraph lines with '\n', turning a trailing "  " or "\" into a hard break.
std::string JoinLines(const std::vector<std::string_view>& lines) {
    std::string text;
    for (std::size_t k = 0; k < lines.size(); ++k) {
        std::string_view line = lines[k];
        const bool last = k + 1 == lines.size();
        bool hard = false;
        if (!last && line.size() >= 2 && line.substr(line.size() - 2) == "  ") {
            hard = true;
        } else if (!last && !line.empty() && line.back() == '\\') {
            hard = true;
            line.remove_suffix(1);
        }
        line = TrimSpaces(line);
        text += line;
        if (!last) text.push_back(hard ? kHardBreak : '\n');
    }
    return text;
}

void RenderBlocks(std::string& out, const std::vector<std::string_view>& lines,
                  const MarkdownOptions& options, int depth) {
    const bool quotes_allowed = depth < options.max_nesting;
    const auto starts_block = [&](std::string_view l) {
        return (quotes_allowed && IsQuoteLine(l)) || ListMarkerOf(l).has_value();
    };
    std::size_t i = 0;
    while (i < lines.size()) {
        const std::string_view line = lines[i];
        if (IsBlank(line)) {
            ++i;
            continue;
        }
        // At most max_nesting quotes one in another; deeper '>' lines are paragraph text.
        if (quotes_allowed && IsQuoteLine(line)) {
            std::vector<std::string_view> inner;
            while (i < lines.size() && IsQuoteLine(lines[i])) inner.push_back(StripQuote(lines[i++]));
            out += "<blockquote>\n";
            RenderBlocks(out, inner, options, depth + 1);
            out += "</blockquote>\n";
            continue;
        }
        if (const auto marker = ListMarkerOf(line)) {
            const bool ordered = marker->ordered;
            if (ordered) {
                out += marker->number == 1 ? "<ol>\n"
                                           : "<ol start=\"" + std::to_string(marker->number) + "\">\n";
            } else {
                out += "<ul>\n";
            }
            while (i < lines.size()) {
                const auto m = ListMarkerOf(lines[i]);
                if (!m || m->ordered != ordered) break;
                std::vector<std::string_view> item_lines = {lines[i].substr(m->content)};
                ++i;
                while (i < lines.size() && !IsBlank(lines[i]) && !starts_block(lines[i]) &&
                       !IsTableLine(lines[i])) {
                    item_lines.push_back(lines[i++]);
                }
                out += "<li>";
                RenderInline(out, JoinLines(item_lines), options);
                out += "</li>\n";
                // A blank line between two items of the same list keeps the list going.
                std::size_t j = i;
                while (j < lines.size() && IsBlank(lines[j])) ++j;
                if (j < lines.size() && j > i) {
                    const auto after = ListMarkerOf(lines[j]);
                    if (after && after->ordered == ordered) i = j;
                }
            }
            out += ordered ? "</ol>\n" : "</ul>\n";
            continue;
        }
        if (IsTableLine(line) && i + 1 < lines.size() && IsTableSeparator(lines[i + 1])) {
            const auto header = TableCells(line);
            out += "<div class=\"fr-table\">\n<table>\n<thead>\n<tr>";
            for (const auto& cell : header) {
                out += "<th scope=\"col\">";
                RenderInline(out, cell, options);
                out += "</th>";
            }
            out += "</tr>\n</thead>\n<tbody>\n";
            i += 2;
            while (i < lines.size() && IsTableLine(lines[i])) {
                auto cells = TableCells(lines[i++]);
                cells.resize(header.size());
                out += "<tr>";
                for (const auto& cell : cells) {
                    out += "<td>";
                    RenderInline(out, cell, options);
                    out += "</td>";
                }
                out += "</tr>\n";
            }
            out += "</tbody>\n</table>\n</div>\n";
            continue;
        }
        std::vector<std::string_view> paragraph = {line};
        ++i;
        while (i < lines.size() && !IsBlank(lines[i]) && !starts_block(lines[i]) &&
               !(IsTableLine(lines[i]) && i + 1 < lines.size() && IsTableSeparator(lines[i + 1]))) {
            paragraph.push_back(lines[i++]);
        }
        out += "<p>";
        RenderInline(out, JoinLines(paragraph), options);
        out += "</p>\n";
    }
}

}  // namespace

std::string EscapeHtml(std::string_view text) { return core::EscapeXml(text); }

std::string RenderMarkdown(std::string_view source, const MarkdownOptions& options) {
    // Valid UTF-8, no control characters but tab and line feed, "\r\n" read as "\n".
    const std::string repaired = core::SanitizeUtf8(source);
    std::string clean;
    clean.reserve(repaired.size());
    for (std::size_t i = 0; i < repaired.size(); ++i) {
        const auto c = static_cast<unsigned char>(repaired[i]);
        if (c == '\r') {
            if (i + 1 < repaired.size() && repaired[i + 1] == '\n') continue;
            clean.push_back('\n');
        } else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
            continue;
        } else {
            clean.push_back(repaired[i]);
        }
    }
    std::string out;
    if (clean.size() > options.max_source_bytes) {
        out += "<p>";
        AppendEscaped(out, clean);
        out += "</p>\n";
        return out;
    }
    std::vector<std::string_view> lines;
    std::string_view rest = clean;
    while (true) {
        const std::size_t nl = rest.find('\n');
        lines.push_back(rest.substr(0, nl));
        if (nl == std::string_view::npos) break;
        rest.remove_prefix(nl + 1);
    }
    out.reserve(clean.size() * 2);
    RenderBlocks(out, lines, options, 0);
    return out;
}

}  // namespace passeur::web
