#include "places/place.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <regex>

#include <core/unicode.hpp>

namespace passeur::places {

#define PASSEUR_PLACES_STRING(name, text) std::string_view(text),
#define PASSEUR_PLACES_VALUES(Enum, LIST)                                            \
    template <>                                                                      \
    std::span<const std::string_view> Values<Enum>() {                               \
        static constexpr std::string_view kValues[] = {LIST(PASSEUR_PLACES_STRING)}; \
        return kValues;                                                              \
    }

PASSEUR_PLACES_VALUES(Service, PASSEUR_PLACES_SERVICES)
PASSEUR_PLACES_VALUES(PublicSpecifique, PASSEUR_PLACES_PUBLICS)
PASSEUR_PLACES_VALUES(PriseEnCharge, PASSEUR_PLACES_PRISES_EN_CHARGE)
PASSEUR_PLACES_VALUES(Frais, PASSEUR_PLACES_FRAIS)
PASSEUR_PLACES_VALUES(Itinerance, PASSEUR_PLACES_ITINERANCES)
PASSEUR_PLACES_VALUES(ModaliteAcces, PASSEUR_PLACES_MODALITES_ACCES)
PASSEUR_PLACES_VALUES(ModaliteAccompagnement, PASSEUR_PLACES_MODALITES_ACCOMPAGNEMENT)
PASSEUR_PLACES_VALUES(Dispositif, PASSEUR_PLACES_DISPOSITIFS)
PASSEUR_PLACES_VALUES(FormationLabel, PASSEUR_PLACES_FORMATIONS_LABELS)
PASSEUR_PLACES_VALUES(Typologie, PASSEUR_PLACES_TYPOLOGIES)

#undef PASSEUR_PLACES_VALUES
#undef PASSEUR_PLACES_STRING

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiAlnum(char c) { return IsDigit(c) || IsAsciiAlpha(c); }
bool AllDigits(std::string_view s) { return std::all_of(s.begin(), s.end(), IsDigit); }

// JavaScript's \s with the u flag.
bool IsJsSpace(char32_t c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

// [A-Za-z\dÀ-ÖØ-öø-ÿœ-ŸŒ] of the reference library (note: œ-Ÿ is the range U+0153..U+0178).
bool IsLibraryLetter(char32_t c) {
    return (c < 0x80 && IsAsciiAlnum(static_cast<char>(c))) || (c >= 0xC0 && c <= 0xD6) ||
           (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0xFF) || (c >= 0x153 && c <= 0x178) || c == 0x152;
}

// The first character of `text` outside the set, or nullopt when all are in it.
std::optional<char32_t> FirstOutsideCharset(std::string_view text, std::u32string_view extra) {
    for (char32_t c : core::DecodeUtf8(text)) {
        if (!IsLibraryLetter(c) && !IsJsSpace(c) && extra.find(c) == std::u32string_view::npos) return c;
    }
    return std::nullopt;
}

constexpr std::u32string_view kCommuneExtra = U"-'\u2019";
constexpr std::u32string_view kVoieExtra = U"-,()\u00b0.&:+\u2013|;'\u2019/";

std::string RefusedCharacter(std::string_view text, std::u32string_view extra) {
    std::string out;
    if (auto c = FirstOutsideCharset(text, extra)) core::AppendUtf8(out, *c);
    return out;
}

std::size_t CodePoints(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

constexpr std::string_view kOverseasCodes[] = {"262", "269", "508", "590", "594", "596", "681", "687", "689"};

}  // namespace

bool IsValidDate(const Date& d) {
    if (d.year < 1900 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    const int max = d.month == 2 && leap ? 29 : kDays[d.month - 1];
    return d.day <= max;
}

std::string FormatIsoDate(const Date& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

// Howard Hinnant's days_from_civil / civil_from_days.
long DaysFromCivil(const Date& d) {
    const long y = d.month <= 2 ? d.year - 1 : d.year;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long mp = d.month > 2 ? d.month - 3 : d.month + 9;
    const long doy = (153 * mp + 2) / 5 + d.day - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date CivilFromDays(long z) {
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const long day = doy - (153 * mp + 2) / 5 + 1;
    const long month = mp < 10 ? mp + 3 : mp - 9;
    const long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    return Date{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

int Weekday(const Date& date) {
    const long days = DaysFromCivil(date);  // 1970-01-01 was a Thursday (3)
    return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

bool IsValidSiret(std::string_view t) { return t.size() == 14 && AllDigits(t); }

bool IsValidRna(std::string_view t) {
    return t.size() == 10 && t[0] == 'W' && std::all_of(t.begin() + 1, t.end(), IsAsciiAlnum);
}

bool IsValidPostcode(std::string_view t) { return t.size() == 5 && AllDigits(t); }

bool IsValidInseeCode(std::string_view t) {
    if (t.size() != 5 || !AllDigits(t.substr(2))) return false;
    if (t[0] == '2') return t[1] == 'A' || t[1] == 'B' || (t[1] >= '1' && t[1] <= '9');
    return IsDigit(t[0]) && IsDigit(t[1]);
}

bool IsValidCommuneName(std::string_view t) { return !t.empty() && !FirstOutsideCharset(t, kCommuneExtra); }

bool IsValidVoie(std::string_view t) { return !t.empty() && !FirstOutsideCharset(t, kVoieExtra); }

bool IsValidEmail(std::string_view t) {
    // ^[a-zA-Z0-9_][a-zA-Z0-9.!#$%&'*+\\=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?
    //  (?:\.[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])+$  (one address; the library also allows ';').
    const auto at = t.find('@');
    if (at == std::string_view::npos || at < 2) return false;
    const std::string_view local = t.substr(0, at);
    const std::string_view domain = t.substr(at + 1);
    if (!(IsAsciiAlnum(local[0]) || local[0] == '_')) return false;
    static constexpr std::string_view kLocalExtra = ".!#$%&'*+\\=?^_`{|}~-";
    for (char c : local.substr(1)) {
        if (!IsAsciiAlnum(c) && kLocalExtra.find(c) == std::string_view::npos) return false;
    }
    std::size_t labels = 0;
    std::size_t start = 0;
    while (start <= domain.size()) {
        const auto dot = domain.find('.', start);
        const std::string_view label =
            domain.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (label.empty() || label.size() > 63 || !IsAsciiAlnum(label.front()) ||
            !IsAsciiAlnum(label.back())) {
            return false;
        }
        if (labels > 0 && label.size() < 2) return false;
        if (!std::all_of(label.begin(), label.end(), [](char c) { return IsAsciiAlnum(c) || c == '-'; })) {
            return false;
        }
        ++labels;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return labels >= 2;
}

bool IsValidUrl(std::string_view t) {
    static const std::regex kUrl(
        R"(^[A-Za-z]{3,9}:(?:\/\/)?(?:[;:&=+$,\w-]+@)?[A-Za-z0-9.-]+(?:(?:\/[+~,%@/.\w_-]*)?\??[-+=&;%@.\w_]*#?[.!/\\\w]*)?$)",
        std::regex::ECMAScript | std::regex::optimize);
    if (t.size() > 2048) return false;
    return std::regex_match(t.begin(), t.end(), kUrl);
}

bool IsValidPhone(std::string_view t) {
    if (t.size() < 2 || t[0] != '+') return false;
    std::string_view rest;
    if (t.substr(1, 2) == "33") {
        rest = t.substr(3);
        return rest.size() == 9 && rest[0] != '0' && AllDigits(rest);
    }
    for (std::string_view code : kOverseasCodes) {
        if (t.substr(1, 3) == code) {
            rest = t.substr(4);
            return AllDigits(rest) && ((rest.size() == 9 && rest[0] != '0') || rest.size() == 6);
        }
    }
    return false;
}

std::optional<std::string> NormalizePhone(std::string_view text) {
    std::string s;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (text.substr(i, 3) == "(0)") {
            i += 2;
            continue;
        }
        if (c == ' ' || c == '.' || c == '-' || c == '/' || c == '\t') continue;
        if (static_cast<unsigned char>(c) == 0xC2 && i + 1 < text.size() &&
            static_cast<unsigned char>(text[i + 1]) == 0xA0) {  // no-break space
            ++i;
            continue;
        }
        s.push_back(c);
    }
    if (s.starts_with("00")) s = "+" + s.substr(2);
    // "33180059880": an international number whose "+" was lost (spreadsheets drop it).
    if (AllDigits(s) &&
        ((s.size() == 11 && s.starts_with("33")) ||
         (s.size() == 12 && std::any_of(std::begin(kOverseasCodes), std::end(kOverseasCodes),
                                        [&s](std::string_view code) { return s.starts_with(code); })))) {
        s = "+" + s;
    }
    if (!s.empty() && s[0] == '0') {
        if (s.size() != 10 || !AllDigits(s)) return std::nullopt;
        s = "+33" + s.substr(1);
    }
    if (s.starts_with("+")) {
        std::size_t code_length = s.substr(1, 2) == "33" ? 2 : 3;
        if (s.size() > 1 + code_length + 9 && s[1 + code_length] == '0') s.erase(1 + code_length, 1);
    }
    if (!IsValidPhone(s)) return std::nullopt;
    return s;
}

std::vector<FieldProblem> ValidatePlace(const Place& p) {
    std::vector<FieldProblem> out;
    auto add = [&out](std::string_view field, std::string reason) {
        out.push_back({std::string(field), std::move(reason)});
    };
    auto required = [&add](std::string_view field, const std::string& value) {
        if (value.empty()) {
            add(field, "champ obligatoire vide");
            return false;
        }
        return true;
    };
    required("id", p.id);
    if (required("pivot", p.pivot) && !IsValidSiret(p.pivot) && !IsValidRna(p.pivot)) {
        add("pivot",
            "« " + p.pivot + " » n'est ni un SIRET (14 chiffres) ni un RNA (W suivi de 9 caractères)");
    }
    required("nom", p.nom);
    if (required("commune", p.commune) && !IsValidCommuneName(p.commune)) {
        add("commune", "« " + p.commune + " » : caractère « " + RefusedCharacter(p.commune, kCommuneExtra) +
                           " » refusé par le standard");
    }
    if (required("code_postal", p.code_postal) && !IsValidPostcode(p.code_postal)) {
        add("code_postal", "« " + p.code_postal + " » n'est pas un code postal (5 chiffres)");
    }
    if (!p.code_insee.empty() && !IsValidInseeCode(p.code_insee)) {
        add("code_insee",
            "« " + p.code_insee + " » n'est pas un code INSEE de commune (5 caractères, 2A/2B en Corse)");
    }
    if (required("adresse", p.adresse) && !IsValidVoie(p.adresse)) {
        add("adresse", "« " + p.adresse + " » : caractère « " + RefusedCharacter(p.adresse, kVoieExtra) +
                           " » refusé par le standard");
    }
    if (p.latitude.has_value() != p.longitude.has_value()) {
        add(p.latitude ? "longitude" : "latitude", "latitude et longitude vont ensemble");
    }
    if (p.latitude && !(std::isfinite(*p.latitude) && *p.latitude >= -90 && *p.latitude <= 90)) {
        add("latitude", "latitude hors de [-90, 90]");
    }
    if (p.longitude && !(std::isfinite(*p.longitude) && *p.longitude >= -180 && *p.longitude <= 180)) {
        add("longitude", "longitude hors de [-180, 180]");
    }
    if (!p.telephone.empty() && !IsValidPhone(p.telephone)) {
        add("telephone", "« " + p.telephone + " » n'est pas un numéro français au format +33XXXXXXXXX");
    }
    for (const auto& email : p.courriels) {
        if (!IsValidEmail(email))
            add("courriels", "« " + email + " » n'est pas une adresse de courriel valide");
    }
    for (const auto& url : p.site_web) {
        if (!(url.starts_with("http://") || url.starts_with("https://")) ||
            url.find_first_of(" |\t\r\n") != std::string::npos) {
            add("site_web", "« " + url + " » n'est pas une URL http(s)");
        }
    }
    if (CodePoints(p.presentation_resume) > 280) add("presentation_resume", "plus de 280 caractères");
    if (!IsValidDate(p.date_maj)) add("date_maj", "date invalide");
    if (p.services.empty()) add("services", "au moins un service est obligatoire");
    if (!p.fiche_acces_libre.empty() && !IsValidUrl(p.fiche_acces_libre)) {
        add("fiche_acces_libre", "« " + p.fiche_acces_libre + " » n'est pas une URL valide");
    }
    if (!p.prise_rdv.empty() && !IsValidUrl(p.prise_rdv)) {
        add("prise_rdv", "« " + p.prise_rdv + " » n'est pas une URL valide");
    }
    for (const auto& label : p.autres_formations_labels) {
        if (label.find('|') != std::string::npos)
            add("autres_formations_labels", "« | » interdit dans un libellé");
    }
    return out;
}

}  // namespace passeur::places
