// Helpers shared by the framework readers: typed access to JSON fields that reports the file and
// the JSON path (RFC 6901 pointer, e.g. "/areas/2/competences/0/levels/9") of a bad field.
// Internal to the framework component.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace passeur::framework::detail {

// kInvalidArgument "<file>: <path>: <message>", field = path.
core::Error Bad(std::string_view file, const std::string& path, const std::string& message);
// Prefixes a validation error ("<path>: ...") with "<file>: ".
core::Error InFile(std::string_view file, core::Error error);

// RFC 6901 escaping of one reference token ("~" -> "~0", "/" -> "~1").
std::string PathToken(std::string_view key);
std::string Join(const std::string& path, std::string_view key);
std::string Join(const std::string& path, std::size_t index);

class Reader {
public:
    explicit Reader(std::string_view file) : file_(file) {}
    std::string_view File() const { return file_; }
    core::Error Bad(const std::string& path, const std::string& message) const {
        return detail::Bad(file_, path, message);
    }

    core::Result<const nlohmann::json*> Object(const nlohmann::json& j, const std::string& path) const;
    // Every key of the object must be one of `allowed`.
    core::Result<void> OnlyKeys(const nlohmann::json& object, const std::string& path,
                                std::initializer_list<std::string_view> allowed) const;
    // Member `key` of `object`: nullptr when absent (or JSON null when null_is_absent).
    const nlohmann::json* Find(const nlohmann::json& object, std::string_view key,
                               bool null_is_absent = true) const;
    core::Result<std::string> String(const nlohmann::json& object, const std::string& path,
                                     std::string_view key, std::size_t max_bytes) const;
    core::Result<std::optional<std::string>> OptString(const nlohmann::json& object, const std::string& path,
                                                       std::string_view key, std::size_t max_bytes) const;
    core::Result<const nlohmann::json*> Array(const nlohmann::json& object, const std::string& path,
                                              std::string_view key, bool required,
                                              std::size_t max_size) const;
    core::Result<const nlohmann::json*> Member(const nlohmann::json& object, const std::string& path,
                                               std::string_view key, bool required) const;

private:
    std::string file_;
};

}  // namespace passeur::framework::detail
