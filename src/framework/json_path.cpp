#include "framework/json_path.hpp"

#include <algorithm>

namespace passeur::framework::detail {

using nlohmann::json;

core::Error Bad(std::string_view file, const std::string& path, const std::string& message) {
    std::string where = path.empty() ? std::string("/") : path;
    return core::Error::InvalidArgument(std::string(file) + ": " + where + ": " + message, where);
}

core::Error InFile(std::string_view file, core::Error error) {
    error.message = std::string(file) + ": " + error.message;
    return error;
}

std::string PathToken(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string Join(const std::string& path, std::string_view key) { return path + "/" + PathToken(key); }
std::string Join(const std::string& path, std::size_t index) { return path + "/" + std::to_string(index); }

core::Result<const json*> Reader::Object(const json& j, const std::string& path) const {
    if (!j.is_object()) return core::Fail(Bad(path, "objet JSON attendu"));
    return &j;
}

core::Result<void> Reader::OnlyKeys(const json& object, const std::string& path,
                                    std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, value] : object.items()) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            return core::Fail(Bad(Join(path, key), "champ inconnu"));
        }
    }
    return core::Ok();
}

const json* Reader::Find(const json& object, std::string_view key, bool null_is_absent) const {
    auto it = object.find(key);
    if (it == object.end()) return nullptr;
    if (null_is_absent && it->is_null()) return nullptr;
    return &*it;
}

core::Result<std::string> Reader::String(const json& object, const std::string& path, std::string_view key,
                                         std::size_t max_bytes) const {
    auto value = OptString(object, path, key, max_bytes);
    if (!value) return core::Fail(value.error());
    if (!*value) return core::Fail(Bad(Join(path, key), "champ requis manquant"));
    return std::move(**value);
}

core::Result<std::optional<std::string>> Reader::OptString(const json& object, const std::string& path,
                                                           std::string_view key,
                                                           std::size_t max_bytes) const {
    const json* value = Find(object, key);
    if (value == nullptr) return std::optional<std::string>();
    if (!value->is_string()) return core::Fail(Bad(Join(path, key), "chaîne de caractères attendue"));
    const auto& s = value->get_ref<const std::string&>();
    if (s.size() > max_bytes) {
        return core::Fail(
            Bad(Join(path, key), "texte trop long (au plus " + std::to_string(max_bytes) + " octets)"));
    }
    return std::optional<std::string>(s);
}

core::Result<const json*> Reader::Array(const json& object, const std::string& path, std::string_view key,
                                        bool required, std::size_t max_size) const {
    const json* value = Find(object, key);
    if (value == nullptr) {
        if (required) return core::Fail(Bad(Join(path, key), "champ requis manquant"));
        return static_cast<const json*>(nullptr);
    }
    if (!value->is_array()) return core::Fail(Bad(Join(path, key), "tableau JSON attendu"));
    if (value->size() > max_size) {
        return core::Fail(Bad(Join(path, key), "trop d'éléments (au plus " + std::to_string(max_size) + ")"));
    }
    return value;
}

core::Result<const json*> Reader::Member(const json& object, const std::string& path, std::string_view key,
                                         bool required) const {
    const json* value = Find(object, key);
    if (value == nullptr && required) return core::Fail(Bad(Join(path, key), "champ requis manquant"));
    return value;
}

}  // namespace passeur::framework::detail
