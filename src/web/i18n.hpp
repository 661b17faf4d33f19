// Translations (web/i18n/{fr,en}.json: flat "dotted.key" -> text) and locale negotiation.
// French is the reference language; English is second. Thread-safe once loaded (read-only).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "http/request.hpp"

namespace passeur::web {

enum class Locale { kFr, kEn };

inline constexpr std::string_view kLangCookie = "passeur_lang";  // "fr" | "en"

std::string_view LocaleCode(Locale locale);                // "fr" | "en"
std::optional<Locale> ParseLocale(std::string_view code);  // exactly "fr" or "en"

// Cookie passeur_lang (fr|en) > Accept-Language (highest q among fr/en, "*" ignored) > fr.
Locale NegotiateLocale(std::optional<std::string_view> lang_cookie,
                       std::optional<std::string_view> accept_language);
Locale NegotiateLocale(const http::Request& request);

class Translations {
public:
    // Reads `dir`/fr.json and `dir`/en.json, each merged with the components' own files
    // `dir`/fr.<component>.json and `dir`/en.<component>.json. Errors (kInvalidArgument, naming the file and
    // key): unreadable or malformed file, non-string value, a key missing from one of the two languages, a
    // key given by two files, a key that is a dotted prefix of another ("a.b" and "a.b.c").
    static core::Result<Translations> LoadFromDirectory(const std::string& dir);
    // Same checks on already-parsed tables (objects of key -> string).
    static core::Result<Translations> FromJson(const nlohmann::json& fr, const nlohmann::json& en);

    // The text for `key`; "[missing translation]" when unknown (a bug the template tests catch).
    const std::string& Get(Locale locale, std::string_view key) const;
    bool Has(std::string_view key) const;
    // Get() with "{name}" placeholders replaced by args[name] (values inserted as-is; escape at
    // output). Unknown placeholders are left untouched.
    std::string Format(Locale locale, std::string_view key,
                       const std::map<std::string, std::string>& args) const;
    // The table as nested objects ("a.b" -> {"a":{"b":...}}), for mustache's dotted names.
    const nlohmann::json& Nested(Locale locale) const;
    std::vector<std::string> Keys() const;  // sorted, identical in both locales

private:
    std::map<std::string, std::string, std::less<>> fr_;
    std::map<std::string, std::string, std::less<>> en_;
    nlohmann::json nested_fr_;
    nlohmann::json nested_en_;
};

}  // namespace passeur::web
