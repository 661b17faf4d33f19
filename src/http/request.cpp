#include "http/request.hpp"

#include <algorithm>
#include <cctype>

#include "core/encoding.hpp"

namespace passeur::http {

namespace {

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<std::string> DecodeComponent(std::string_view text) {
    auto decoded = core::PercentDecode(text, /*plus_as_space=*/true);
    if (!decoded) return std::nullopt;
    if (decoded->find('\0') != std::string::npos || !core::IsValidUtf8(*decoded)) return std::nullopt;
    return decoded;
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return LowerAscii(x) == LowerAscii(y); });
}

std::optional<std::string_view> Find(const FieldList& fields, std::string_view name) {
    for (const auto& [key, value] : fields) {
        if (key == name) return std::string_view(value);
    }
    return std::nullopt;
}

std::optional<FieldList> ParseUrlEncoded(std::string_view text) {
    FieldList out;
    while (!text.empty()) {
        if (out.size() >= kMaxFormFields) return std::nullopt;
        std::size_t amp = text.find('&');
        std::string_view pair = text.substr(0, amp);
        text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
        if (pair.empty()) continue;
        std::size_t eq = pair.find('=');
        auto name = DecodeComponent(pair.substr(0, eq));
        auto value = DecodeComponent(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
        if (!name || !value) return std::nullopt;
        out.emplace_back(std::move(*name), std::move(*value));
    }
    return out;
}

std::optional<std::string_view> Request::Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (EqualsIgnoreCase(key, name)) return std::string_view(value);
    }
    return std::nullopt;
}

std::optional<std::string_view> Request::Query(std::string_view name) const { return Find(query, name); }

std::optional<std::string_view> Request::PathParam(std::string_view name) const {
    return Find(path_params, name);
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
    // Every Cookie header is considered (HTTP/2 proxies may split them); the first match wins.
    for (const auto& [key, header] : headers) {
        if (!EqualsIgnoreCase(key, "cookie")) continue;
        std::string_view rest = header;
        while (!rest.empty()) {
            std::size_t semi = rest.find(';');
            std::string_view pair = Trim(rest.substr(0, semi));
            rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
            std::size_t eq = pair.find('=');
            if (eq == std::string_view::npos) continue;
            if (Trim(pair.substr(0, eq)) != name) continue;
            std::string_view value = Trim(pair.substr(eq + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
                value = value.substr(1, value.size() - 2);
            }
            return std::string(value);
        }
    }
    return std::nullopt;
}

std::optional<FieldList> Request::Form() const { return ParseUrlEncoded(body); }

bool Request::IsJson() const {
    auto type = Header("content-type");
    if (!type) return false;
    std::string_view media = Trim(type->substr(0, type->find(';')));
    return EqualsIgnoreCase(media, "application/json");
}

}  // namespace passeur::http
