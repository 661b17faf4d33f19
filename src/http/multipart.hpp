// A bounded multipart/form-data reader (RFC 7578 over RFC 2046) for HTML forms that upload files.
// Knows no domain. Pure and thread-safe.
//
// Contract:
//  - the request's Content-Type must be multipart/form-data with a `boundary` parameter (quoted or
//    not, 1 to 70 characters of RFC 2046's bchars, not ending with a space);
//  - the body is [preamble] "--boundary" LWSP* CRLF, then parts separated by CRLF "--boundary"
//    LWSP* CRLF, ended by CRLF "--boundary--" LWSP* [CRLF epilogue] (the preamble and the epilogue
//    are ignored; a CRLF after the closing delimiter is optional). A line that starts with
//    "--boundary" followed by anything else is part data, as in Go's mime/multipart;
//  - each part has headers (CRLF line endings, no folding) ended by an empty line, at most
//    `max_header_bytes` bytes in all; exactly one Content-Disposition "form-data" with a non-empty
//    `name` (token or quoted string, backslash escapes allowed), optional `filename`; at most one
//    Content-Type and one Content-Transfer-Encoding (7bit, 8bit or binary only: nothing is
//    decoded); other headers are ignored; names and filenames are valid UTF-8 without control
//    characters; the body is kept as sent (bytes, not checked);
//  - bounds: the whole body at most `max_total_bytes`, at most `max_parts` parts, each body at
//    most `max_part_bytes`; a name given twice is refused unless `allow_duplicate_names`.
// Errors say what was wrong and where (part number, its name): kPayloadTooLarge for a bound
// exceeded (field: the part's name, or "body"), kInvalidArgument for the rest (field: the part's
// name when known, else "Content-Type" or "body"). Messages are French: they reach the visitor.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/request.hpp"

namespace passeur::http {

struct MultipartPart {
    std::string name;          // Content-Disposition `name`
    std::string filename;      // Content-Disposition `filename`, as sent ("" when absent or empty)
    bool is_file = false;      // a `filename` parameter was given (a file input, even with no file chosen)
    std::string content_type;  // the part's Content-Type, trimmed ("" when absent: text/plain)
    std::string body;
};

struct MultipartLimits {
    std::size_t max_parts = 16;
    std::size_t max_part_bytes = 1024 * 1024;       // the body of one part
    std::size_t max_total_bytes = 2 * 1024 * 1024;  // the whole request body
    std::size_t max_header_bytes = 2048;            // the header block of one part
    bool allow_duplicate_names = false;             // e.g. <input type="file" multiple>
};

// The boundary of a multipart/form-data Content-Type header value.
core::Result<std::string> MultipartBoundary(std::string_view content_type);

// The parts of `request` (its Content-Type header and body), in order.
core::Result<std::vector<MultipartPart>> ParseMultipart(const Request& request,
                                                        const MultipartLimits& limits);
// The same from a Content-Type value and a body.
core::Result<std::vector<MultipartPart>> ParseMultipartBody(std::string_view content_type,
                                                            std::string_view body,
                                                            const MultipartLimits& limits);

// The first part named `name`, or nullptr.
const MultipartPart* FindPart(const std::vector<MultipartPart>& parts, std::string_view name);

// True when the Content-Type header of `request` is multipart/form-data (parameters allowed).
bool IsMultipartFormData(const Request& request);

}  // namespace passeur::http
