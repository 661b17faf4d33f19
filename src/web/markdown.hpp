// The Markdown subset of item stems and feedback (docs/formats/items.md) rendered to HTML for
// DSFR pages. Everything outside the subset is shown as text: the output never contains markup
// that did not come from this renderer (raw HTML is escaped, only http(s) links, only images of
// the item image folder).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace passeur::web {

struct MarkdownOptions {
    // Prepended to the file name of `images/<name>` ("/media/items/" -> src="/media/items/<name>").
    std::string image_url_prefix = "/media/items/";
    // When false, images are shown as their Markdown text.
    bool allow_images = true;
    // Longer sources are shown as escaped text in one paragraph, without markup.
    std::size_t max_source_bytes = 64 * 1024;
    // Quotes nested deeper than this are shown as text; inline markup nested deeper is text too.
    int max_nesting = 4;
};

// Supported: paragraphs (blank line), **bold**, *italic*, `code`, bullet lists ("- "), numbered
// lists ("1. ", with start="N" when not 1), quotes ("> "), hard breaks (two trailing spaces or a
// trailing backslash), links [text](http(s)://...) with rel="noopener" (same tab), pipe tables
// (header row, |---| separator, rows; <th scope="col">, wrapped in <div class="fr-table">), images
// ![alt](images/<name>) with a non-empty alt, backslash escapes of ASCII punctuation.
// Input that is not valid UTF-8 is repaired (U+FFFD); control characters other than tab and line
// feed are dropped. Linear in the source size for a fixed max_nesting.
std::string RenderMarkdown(std::string_view source, const MarkdownOptions& options = {});

// & < > " ' escaped for HTML text and attribute values.
std::string EscapeHtml(std::string_view text);

}  // namespace passeur::web
