#include "web/i18n.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace passeur::web {
namespace {

using Table = std::map<std::string, std::string, std::less<>>;

std::string Lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// q-value in thousandths (0..1000); -1 when malformed.
int ParseQ(std::string_view text) {
    text = Trim(text);
    if (text.empty() || text.size() > 5) return -1;
    if (text[0] == '1') {
        for (char c : text.substr(1)) {
            if (c != '.' && c != '0') return -1;
        }
        return 1000;
    }
    if (text[0] != '0') return -1;
    if (text.size() == 1) return 0;
    if (text[1] != '.') return -1;
    int value = 0;
    int scale = 100;
    for (char c : text.substr(2)) {
        if (c < '0' || c > '9') return -1;
        value += (c - '0') * scale;
        scale /= 10;
    }
    return value;
}

core::Result<Table> ToTable(const nlohmann::json& json, std::string_view name) {
    if (!json.is_object()) {
        return core::Fail(core::Error::InvalidArgument(std::string(name) + ": expected a JSON object"));
    }
    Table table;
    for (const auto& [key, value] : json.items()) {
        if (!value.is_string()) {
            return core::Fail(core::Error::InvalidArgument(std::string(name) + ": value of \"" + key +
                                                           "\" is not a string"));
        }
        if (key.empty() || key.front() == '.' || key.back() == '.' || key.find("..") != std::string::npos) {
            return core::Fail(
                core::Error::InvalidArgument(std::string(name) + ": malformed key \"" + key + "\""));
        }
        table.emplace(key, value.get<std::string>());
    }
    return table;
}

core::Result<nlohmann::json> ReadJsonFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::Fail(core::Error::InvalidArgument("cannot read " + path));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    try {
        return nlohmann::json::parse(buffer.str());
    } catch (const nlohmann::json::exception& e) {
        return core::Fail(core::Error::InvalidArgument(path + ": " + e.what()));
    }
}

nlohmann::json Nest(const Table& table) {
    nlohmann::json root = nlohmann::json::object();
    for (const auto& [key, value] : table) {
        nlohmann::json* node = &root;
        std::size_t start = 0;
        while (true) {
            std::size_t dot = key.find('.', start);
            if (dot == std::string::npos) {
                (*node)[key.substr(start)] = value;
                break;
            }
            node = &(*node)[key.substr(start, dot - start)];
            start = dot + 1;
        }
    }
    return root;
}

}  // namespace

std::string_view LocaleCode(Locale locale) { return locale == Locale::kEn ? "en" : "fr"; }

std::optional<Locale> ParseLocale(std::string_view code) {
    if (code == "fr") return Locale::kFr;
    if (code == "en") return Locale::kEn;
    return std::nullopt;
}

Locale NegotiateLocale(std::optional<std::string_view> lang_cookie,
                       std::optional<std::string_view> accept_language) {
    if (lang_cookie) {
        if (auto parsed = ParseLocale(*lang_cookie)) return *parsed;
    }
    if (!accept_language || accept_language->size() > 1024) return Locale::kFr;
    int best_q = 0;
    std::optional<Locale> best;
    std::string_view rest = *accept_language;
    while (!rest.empty()) {
        std::size_t comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        std::size_t semicolon = item.find(';');
        std::string tag = Lower(Trim(item.substr(0, semicolon)));
        int q = 1000;
        if (semicolon != std::string_view::npos) {
            std::string_view params = Trim(item.substr(semicolon + 1));
            if (params.size() >= 2 && (params[0] == 'q' || params[0] == 'Q') && params[1] == '=') {
                q = ParseQ(params.substr(2));
            }
        }
        if (q <= 0) continue;
        std::string primary = tag.substr(0, tag.find('-'));
        std::optional<Locale> locale = ParseLocale(primary);
        if (locale && q > best_q) {
            best_q = q;
            best = locale;
        }
    }
    return best.value_or(Locale::kFr);
}

Locale NegotiateLocale(const http::Request& request) {
    std::optional<std::string> cookie = request.Cookie(kLangCookie);
    std::optional<std::string_view> cookie_view;
    if (cookie) cookie_view = *cookie;
    return NegotiateLocale(cookie_view, request.Header("accept-language"));
}

// `dir`/<locale>.json merged with every `dir`/<locale>.<component>.json; a key given by two
// files is an error naming both.
core::Result<nlohmann::json> ReadLocaleFiles(const std::string& dir, std::string_view locale) {
    const std::string main_name = std::string(locale) + ".json";
    auto merged = ReadJsonFile(dir + "/" + main_name);
    if (!merged) return core::Fail(merged.error());
    if (!merged->is_object()) return core::Fail(core::Error::InvalidArgument(main_name + ": not an object"));
    std::vector<std::string> extra;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        std::string name = entry.path().filename().string();
        if (name.size() > locale.size() + 6 && name.starts_with(std::string(locale) + ".") &&
            name.ends_with(".json")) {
            extra.push_back(name);
        }
    }
    std::sort(extra.begin(), extra.end());
    std::map<std::string, std::string> origin;
    for (const auto& [key, value] : merged->items()) origin[key] = main_name;
    for (const auto& name : extra) {
        auto part = ReadJsonFile(dir + "/" + name);
        if (!part) return core::Fail(part.error());
        if (!part->is_object()) return core::Fail(core::Error::InvalidArgument(name + ": not an object"));
        for (const auto& [key, value] : part->items()) {
            if (auto it = origin.find(key); it != origin.end()) {
                return core::Fail(
                    core::Error::InvalidArgument(name + ": key \"" + key + "\" is also in " + it->second));
            }
            origin[key] = name;
            (*merged)[key] = value;
        }
    }
    return merged;
}

core::Result<Translations> Translations::LoadFromDirectory(const std::string& dir) {
    auto fr = ReadLocaleFiles(dir, "fr");
    if (!fr) return core::Fail(fr.error());
    auto en = ReadLocaleFiles(dir, "en");
    if (!en) return core::Fail(en.error());
    return FromJson(*fr, *en);
}

core::Result<Translations> Translations::FromJson(const nlohmann::json& fr, const nlohmann::json& en) {
    auto fr_table = ToTable(fr, "fr.json");
    if (!fr_table) return core::Fail(fr_table.error());
    auto en_table = ToTable(en, "en.json");
    if (!en_table) return core::Fail(en_table.error());
    for (const auto& [key, value] : *fr_table) {
        if (!en_table->contains(key)) {
            return core::Fail(core::Error::InvalidArgument("en.json: missing key \"" + key + "\""));
        }
    }
    for (const auto& [key, value] : *en_table) {
        if (!fr_table->contains(key)) {
            return core::Fail(core::Error::InvalidArgument("fr.json: missing key \"" + key + "\""));
        }
    }
    // Sorted order puts "a.b" right before any "a.b.c" (or "a.b-x" between them, which is fine
    // to scan past): check each key against its successors sharing the prefix.
    for (auto it = fr_table->begin(); it != fr_table->end(); ++it) {
        std::string prefix = it->first + ".";
        auto next = fr_table->lower_bound(prefix);
        if (next != fr_table->end() && next->first.starts_with(prefix)) {
            return core::Fail(core::Error::InvalidArgument("i18n: key \"" + it->first +
                                                           "\" is a prefix of \"" + next->first + "\""));
        }
    }
    Translations translations;
    translations.fr_ = std::move(*fr_table);
    translations.en_ = std::move(*en_table);
    translations.nested_fr_ = Nest(translations.fr_);
    translations.nested_en_ = Nest(translations.en_);
    return translations;
}

const std::string& Translations::Get(Locale locale, std::string_view key) const {
    const Table& table = locale == Locale::kEn ? en_ : fr_;
    auto it = table.find(key);
    if (it != table.end()) return it->second;
    static const std::string kMissing = "[missing translation]";
    return kMissing;
}

bool Translations::Has(std::string_view key) const { return fr_.find(key) != fr_.end(); }

std::string Translations::Format(Locale locale, std::string_view key,
                                 const std::map<std::string, std::string>& args) const {
    const std::string& text = Get(locale, key);
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '{') {
            std::size_t close = text.find('}', i + 1);
            if (close != std::string::npos) {
                auto arg = args.find(text.substr(i + 1, close - i - 1));
                if (arg != args.end()) {
                    out += arg->second;
                    i = close + 1;
                    continue;
                }
            }
        }
        out += text[i];
        ++i;
    }
    return out;
}

const nlohmann::json& Translations::Nested(Locale locale) const {
    return locale == Locale::kEn ? nested_en_ : nested_fr_;
}

std::vector<std::string> Translations::Keys() const {
    std::vector<std::string> keys;
    keys.reserve(fr_.size());
    for (const auto& [key, value] : fr_) keys.push_back(key);
    return keys;
}

}  // namespace passeur::web
