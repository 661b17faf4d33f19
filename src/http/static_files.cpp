#include "http/static_files.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include "core/encoding.hpp"

namespace passeur::http {

namespace fs = std::filesystem;

namespace {

struct CachedFile {
    std::string content;
    std::string etag;
    std::string content_type;
};

std::string_view ContentTypeFor(std::string_view path) {
    static const std::map<std::string_view, std::string_view, std::less<>> kTypes = {
        {"css", "text/css; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"svg", "image/svg+xml"},
        {"png", "image/png"},
        {"ico", "image/x-icon"},
        {"woff", "font/woff"},
        {"woff2", "font/woff2"},
        {"json", "application/json; charset=utf-8"},
        {"webmanifest", "application/manifest+json"},
        {"txt", "text/plain; charset=utf-8"},
        {"html", "text/html; charset=utf-8"},
        {"map", "application/json; charset=utf-8"},
    };
    std::size_t slash = path.rfind('/');
    std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos) return "application/octet-stream";
    std::string extension(name.substr(dot + 1));
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto it = kTypes.find(extension);
    return it == kTypes.end() ? std::string_view("application/octet-stream") : it->second;
}

// A relative path is acceptable when every segment is non-empty, does not start with '.' (this
// refuses "..", "." and hidden files) and holds no NUL or backslash.
bool IsSafeRelativePath(std::string_view path) {
    if (path.empty() || path.size() > 1024) return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t slash = path.find('/', start);
        std::string_view segment =
            path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (segment.empty() || segment.front() == '.') return false;
        if (segment.find('\0') != std::string_view::npos || segment.find('\\') != std::string_view::npos) {
            return false;
        }
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return true;
}

// True when the If-None-Match header lists `etag` (weak comparison) or is "*".
bool IfNoneMatchHits(std::string_view header, std::string_view etag) {
    while (!header.empty()) {
        std::size_t comma = header.find(',');
        std::string_view tag = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
        while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
        if (tag.starts_with("W/")) tag.remove_prefix(2);
        if (tag == "*" || tag == etag) return true;
    }
    return false;
}

}  // namespace

struct StaticFiles::Impl {
    std::vector<std::string> roots;
    std::size_t max_file_bytes = 0;
    std::string version;
    mutable std::mutex mu;
    mutable std::map<std::string, std::shared_ptr<const CachedFile>, std::less<>> cache;

    std::shared_ptr<const CachedFile> Load(std::string_view relative) const {
        {
            std::lock_guard lock(mu);
            if (auto it = cache.find(relative); it != cache.end()) return it->second;
        }
        for (const auto& root : roots) {
            std::error_code ec;
            fs::path file = fs::path(root) / fs::path(std::string(relative));
            if (!fs::is_regular_file(file, ec)) continue;
            auto size = fs::file_size(file, ec);
            if (ec || size > max_file_bytes) return nullptr;
            std::ifstream in(file, std::ios::binary);
            if (!in) return nullptr;
            std::ostringstream content;
            content << in.rdbuf();
            auto cached = std::make_shared<CachedFile>();
            cached->content = std::move(content).str();
            if (cached->content.size() > max_file_bytes) return nullptr;
            cached->etag = "\"" + core::Sha256Hex(cached->content).substr(0, 16) + "\"";
            cached->content_type = std::string(ContentTypeFor(relative));
            std::lock_guard lock(mu);
            return cache.emplace(std::string(relative), std::move(cached)).first->second;
        }
        return nullptr;
    }
};

StaticFiles::StaticFiles(std::vector<std::string> roots, std::size_t max_file_bytes)
    : impl_(std::make_unique<Impl>()) {
    impl_->roots = std::move(roots);
    impl_->max_file_bytes = max_file_bytes;
    // Listing of (relative path, size, mtime) of every visible file, sorted: changes when any
    // served file is added, removed or modified.
    std::vector<std::string> listing;
    for (const auto& root : impl_->roots) {
        std::error_code ec;
        fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
        for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            std::error_code entry_ec;
            if (!it->is_regular_file(entry_ec)) continue;
            auto size = it->file_size(entry_ec);
            auto mtime = it->last_write_time(entry_ec).time_since_epoch().count();
            if (entry_ec) continue;
            listing.push_back(root + "\n" + fs::relative(it->path(), root, entry_ec).generic_string() + "\n" +
                              std::to_string(size) + "\n" + std::to_string(mtime));
        }
    }
    std::sort(listing.begin(), listing.end());
    std::string joined;
    for (const auto& line : listing) joined.append(line).push_back('\0');
    impl_->version = core::Sha256Hex(joined).substr(0, 10);
}

StaticFiles::~StaticFiles() = default;

std::string StaticFiles::Version() const { return impl_->version; }

void StaticFiles::Register(Router& router, const std::string& url_prefix) {
    const std::string pattern = url_prefix + "/{version}/{path...}";
    auto handler = [this](Request& request) -> core::Result<Response> {
        return Serve(request, request.PathParam("path").value_or(""));
    };
    router.Add("GET", pattern, handler, RouteKind::kHtml);
    router.Add("HEAD", pattern, handler, RouteKind::kHtml);
}

core::Result<Response> StaticFiles::Serve(const Request& request, std::string_view relative_path) const {
    if (!IsSafeRelativePath(relative_path)) return core::Fail(core::Error::NotFound("fichier introuvable"));
    auto file = impl_->Load(relative_path);
    if (!file) return core::Fail(core::Error::NotFound("fichier introuvable"));
    Response response;
    auto if_none_match = request.Header("if-none-match");
    if (if_none_match && IfNoneMatchHits(*if_none_match, file->etag)) {
        response.status = 304;
    } else {
        response.status = 200;
        response.headers.emplace_back("Content-Type", file->content_type);
        response.body = file->content;
    }
    response.headers.emplace_back("ETag", file->etag);
    response.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
    return response;
}

}  // namespace passeur::http
