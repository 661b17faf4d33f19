#include "web/i18n.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <unistd.h>

namespace passeur::web {
namespace {

nlohmann::json ReadJson(const std::string& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

// Every shipped pair <locale>.json / <locale>.<component>.json has the same keys, none empty.
TEST(I18n, ShippedFilesHaveTheSameKeys) {
    const std::filesystem::path dir = std::filesystem::path(PASSEUR_TEST_WEB_DIR) / "i18n";
    std::size_t total = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        std::string name = entry.path().filename().string();
        if (!name.starts_with("fr.") || !name.ends_with(".json")) continue;
        nlohmann::json fr = ReadJson((dir / name).string());
        nlohmann::json en = ReadJson((dir / ("en." + name.substr(3))).string());
        for (const auto& [key, value] : fr.items()) EXPECT_TRUE(en.contains(key)) << "en lacks " << key;
        for (const auto& [key, value] : en.items()) EXPECT_TRUE(fr.contains(key)) << "fr lacks " << key;
        for (const auto& [key, value] : fr.items()) EXPECT_FALSE(value.get<std::string>().empty()) << key;
        for (const auto& [key, value] : en.items()) EXPECT_FALSE(value.get<std::string>().empty()) << key;
        total += fr.size();
    }
    auto loaded = Translations::LoadFromDirectory(dir.string());
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->Keys().size(), total);
}

void WriteFile(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

TEST(I18n, MergesComponentFilesAndRejectsAKeyGivenTwice) {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("passeur_i18n_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    WriteFile(dir / "fr.json", R"({"a.x": "un"})");
    WriteFile(dir / "en.json", R"({"a.x": "one"})");
    WriteFile(dir / "fr.extra.json", R"({"b.y": "deux"})");
    WriteFile(dir / "en.extra.json", R"({"b.y": "two"})");
    auto merged = Translations::LoadFromDirectory(dir.string());
    ASSERT_TRUE(merged) << merged.error().message;
    EXPECT_EQ(merged->Get(Locale::kEn, "b.y"), "two");
    EXPECT_EQ(merged->Get(Locale::kFr, "a.x"), "un");

    WriteFile(dir / "fr.other.json", R"({"a.x": "encore"})");
    WriteFile(dir / "en.other.json", R"({"a.x": "again"})");
    auto twice = Translations::LoadFromDirectory(dir.string());
    ASSERT_FALSE(twice);
    EXPECT_NE(twice.error().message.find("fr.other.json"), std::string::npos) << twice.error().message;
    EXPECT_NE(twice.error().message.find("\"a.x\""), std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST(I18n, RejectsMissingKeyNamingIt) {
    auto result = Translations::FromJson({{"a.b", "x"}, {"a.c", "y"}}, {{"a.b", "x"}});
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("a.c"), std::string::npos);
    EXPECT_NE(result.error().message.find("en.json"), std::string::npos);
}

TEST(I18n, RejectsPrefixKeysAndNonStrings) {
    EXPECT_FALSE(Translations::FromJson({{"a", "x"}, {"a.b", "y"}}, {{"a", "x"}, {"a.b", "y"}}));
    EXPECT_FALSE(Translations::FromJson({{"a", 1}}, {{"a", "x"}}));
    EXPECT_TRUE(Translations::FromJson({{"a", "x"}, {"ab.c", "y"}}, {{"a", "x"}, {"ab.c", "y"}}));
}

TEST(I18n, GetFormatAndNested) {
    auto t =
        Translations::FromJson({{"home.hello", "Bonjour {name} {other}"}}, {{"home.hello", "Hello {name}"}});
    ASSERT_TRUE(t);
    EXPECT_EQ(t->Format(Locale::kFr, "home.hello", {{"name", "Ana"}}), "Bonjour Ana {other}");
    EXPECT_EQ(t->Format(Locale::kEn, "home.hello", {{"name", "Ana"}}), "Hello Ana");
    EXPECT_EQ(t->Nested(Locale::kEn)["home"]["hello"], "Hello {name}");
    EXPECT_EQ(t->Get(Locale::kFr, "nope"), "[missing translation]");
}

TEST(Locale, CookieWinsOverAcceptLanguage) {
    EXPECT_EQ(NegotiateLocale("en", "fr-FR,fr;q=0.9"), Locale::kEn);
    EXPECT_EQ(NegotiateLocale("fr", "en"), Locale::kFr);
    EXPECT_EQ(NegotiateLocale("de", "en"), Locale::kEn);  // invalid cookie ignored
}

TEST(Locale, AcceptLanguageQValues) {
    EXPECT_EQ(NegotiateLocale(std::nullopt, "en-GB,en;q=0.9,fr;q=0.8"), Locale::kEn);
    EXPECT_EQ(NegotiateLocale(std::nullopt, "de-DE,de;q=0.9,en;q=0.5,fr;q=0.7"), Locale::kFr);
    EXPECT_EQ(NegotiateLocale(std::nullopt, "fr;q=0.1, EN;q=0.2"), Locale::kEn);
    EXPECT_EQ(NegotiateLocale(std::nullopt, "en;q=0, fr;q=0"), Locale::kFr);
    EXPECT_EQ(NegotiateLocale(std::nullopt, "de, *;q=0.5"), Locale::kFr);
    EXPECT_EQ(NegotiateLocale(std::nullopt, "en;q=abc"), Locale::kFr);  // malformed q ignored
    EXPECT_EQ(NegotiateLocale(std::nullopt, std::nullopt), Locale::kFr);
}

TEST(Locale, FromRequest) {
    http::Request request;
    request.headers = {{"accept-language", "en-US,en;q=0.8"}};
    EXPECT_EQ(NegotiateLocale(request), Locale::kEn);
    request.headers.push_back({"cookie", "a=b; passeur_lang=fr"});
    EXPECT_EQ(NegotiateLocale(request), Locale::kFr);
}

}  // namespace
}  // namespace passeur::web
