// Serves files under one or more root folders at a URL prefix, with ETag (content hash),
// If-None-Match -> 304, a long immutable cache, and a content type from the extension.
// Paths are normalised; "..", NUL and hidden files are refused (404). Files are read once and
// cached in memory (thread-safe).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "http/router.hpp"

namespace passeur::http {

class StaticFiles {
public:
    // roots are searched in order. url_prefix like "/static". Files larger than max_file_bytes
    // are not served.
    StaticFiles(std::vector<std::string> roots, std::size_t max_file_bytes = 8 * 1024 * 1024);
    ~StaticFiles();
    // Registers GET/HEAD "{url_prefix}/{version}/..." where {version} is any token (cache buster).
    void Register(Router& router, const std::string& url_prefix);
    // The cache-busting version segment to put in URLs (content hash of the roots' listing + mtimes).
    std::string Version() const;
    core::Result<Response> Serve(const Request& request, std::string_view relative_path) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace passeur::http
