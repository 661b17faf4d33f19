#include "framework/model.hpp"

#include <cmath>
#include <set>

#include "framework/uuid.hpp"

namespace passeur::framework {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }

core::Error Bad(const std::string& path, const std::string& message) {
    return core::Error::InvalidArgument(path + ": " + message, path);
}

core::Result<void> CheckText(const Text& text, const std::string& path, std::size_t max_bytes,
                             bool required) {
    if (required && text.Empty()) return core::Fail(Bad(path, "texte requis (fr ou en)"));
    if (text.fr.size() > max_bytes) {
        return core::Fail(
            Bad(path + "/fr", "texte trop long (au plus " + std::to_string(max_bytes) + " octets)"));
    }
    if (text.en.size() > max_bytes) {
        return core::Fail(
            Bad(path + "/en", "texte trop long (au plus " + std::to_string(max_bytes) + " octets)"));
    }
    return core::Ok();
}

core::Result<void> CheckShort(const std::string& value, const std::string& path) {
    if (value.size() > kMaxShortTextBytes) {
        return core::Fail(
            Bad(path, "texte trop long (au plus " + std::to_string(kMaxShortTextBytes) + " octets)"));
    }
    return core::Ok();
}

class IdentifierSet {
public:
    core::Result<void> Add(const std::string& identifier, const std::string& path) {
        if (!IsUuid(identifier) || identifier != LowerUuid(identifier)) {
            return core::Fail(Bad(path, "identifiant CASE invalide : UUID en minuscules attendu"));
        }
        if (!seen_.insert(identifier).second) {
            return core::Fail(Bad(path, "identifiant CASE en double : " + identifier));
        }
        return core::Ok();
    }

private:
    std::set<std::string> seen_;
};

}  // namespace

const std::string& Text::In(std::string_view language) const {
    const bool english = language.starts_with("en");
    const std::string& first = english ? en : fr;
    const std::string& second = english ? fr : en;
    return first.empty() ? second : first;
}

const Competence* Framework::FindCompetence(std::string_view code) const {
    for (const auto& area : areas) {
        for (const auto& competence : area.competences) {
            if (competence.code == code) return &competence;
        }
    }
    return nullptr;
}

const Area* Framework::FindArea(std::string_view code) const {
    for (const auto& area : areas) {
        if (area.code == code) return &area;
    }
    return nullptr;
}

const Area* Framework::AreaOfCompetence(std::string_view code) const {
    for (const auto& area : areas) {
        for (const auto& competence : area.competences) {
            if (competence.code == code) return &area;
        }
    }
    return nullptr;
}

std::size_t Framework::CompetenceCount() const {
    std::size_t n = 0;
    for (const auto& area : areas) n += area.competences.size();
    return n;
}

std::size_t Framework::SkillCount() const {
    std::size_t n = 0;
    for (const auto& area : areas) {
        for (const auto& competence : area.competences) n += competence.skills.size();
    }
    return n;
}

int Framework::LevelForAbility(double theta) const {
    int level = kMinLevel;
    for (double cut : cut_scores) {
        if (theta >= cut) ++level;
    }
    return level > kMaxLevel ? kMaxLevel : level;
}

Text Framework::LevelName(int level) const {
    auto it = level_names.find(level);
    if (it != level_names.end() && !it->second.Empty()) return it->second;
    return {"Niveau " + std::to_string(level), "Level " + std::to_string(level)};
}

bool SameContent(const Framework& a, const Framework& b) {
    Framework copy = b;
    copy.source = a.source;
    return a == copy;
}

std::map<int, Text> DefaultLevelNames() {
    std::map<int, Text> names;
    for (int level = kMinLevel; level <= kMaxLevel; ++level) {
        names[level] = {"Niveau " + std::to_string(level), "Level " + std::to_string(level)};
    }
    return names;
}

bool IsValidFrameworkId(std::string_view id) {
    if (id.size() < 2 || id.size() > 64 || !IsLowerAlnum(id[0])) return false;
    for (char c : id) {
        if (!IsLowerAlnum(c) && c != '-') return false;
    }
    return true;
}

bool IsValidVersion(std::string_view version) {
    int parts = 0;
    std::size_t i = 0;
    while (true) {
        std::size_t start = i;
        while (i < version.size() && version[i] >= '0' && version[i] <= '9') ++i;
        if (i == start || i - start > 9) return false;
        ++parts;
        if (i == version.size()) return parts <= 3;
        if (version[i] != '.') return false;
        ++i;
    }
}

bool IsValidCode(std::string_view code) {
    if (code.empty() || code.size() > 64 || !IsAlnum(code[0])) return false;
    for (char c : code) {
        if (!IsAlnum(c) && c != '.' && c != '_' && c != '-') return false;
    }
    return true;
}

int CompareVersions(std::string_view a, std::string_view b) {
    auto next = [](std::string_view& s) -> long long {
        long long value = 0;
        std::size_t i = 0;
        while (i < s.size() && s[i] != '.') value = value * 10 + (s[i++] - '0');
        s.remove_prefix(i < s.size() ? i + 1 : i);
        return value;
    };
    for (int part = 0; part < 3; ++part) {
        long long x = next(a);
        long long y = next(b);
        if (x != y) return x < y ? -1 : 1;
    }
    return 0;
}

bool IsValidAudience(std::string_view audience) {
    return audience == "mediator" || audience == "helper" || audience == "learner";
}

std::string LevelIdentifier(const Framework& framework, std::string_view competence_code, int level) {
    return DerivedUuid(framework.id + "/" + std::string(competence_code) + "/level/" + std::to_string(level));
}

void AssignDerivedIdentifiers(Framework& framework) {
    if (framework.identifier.empty()) framework.identifier = DerivedUuid(framework.id);
    for (auto& area : framework.areas) {
        if (area.identifier.empty()) area.identifier = DerivedUuid(framework.id + "/" + area.code);
        for (auto& competence : area.competences) {
            if (competence.identifier.empty()) {
                competence.identifier = DerivedUuid(framework.id + "/" + competence.code);
            }
            for (auto& skill : competence.skills) {
                if (skill.identifier.empty()) skill.identifier = DerivedUuid(framework.id + "/" + skill.code);
            }
        }
    }
}

core::Result<void> Validate(const Framework& f, bool prefix_rule) {
    if (!IsValidFrameworkId(f.id)) {
        return core::Fail(Bad("/id", "identifiant invalide : ^[a-z0-9][a-z0-9-]{1,63}$ attendu"));
    }
    if (!IsValidVersion(f.version)) {
        return core::Fail(Bad("/version", "version invalide : ^[0-9]+(\\.[0-9]+){0,2}$ attendu (ex. 1.0)"));
    }
    PASSEUR_TRY(CheckText(f.name, "/name", kMaxNameBytes, true));
    PASSEUR_TRY(CheckText(f.description, "/description", kMaxDescriptionBytes, false));
    PASSEUR_TRY(CheckShort(f.publisher, "/publisher"));
    PASSEUR_TRY(CheckShort(f.licence, "/licence"));
    PASSEUR_TRY(CheckShort(f.language, "/language"));
    PASSEUR_TRY(CheckShort(f.source, "/source"));
    for (const auto& [level, name] : f.level_names) {
        const std::string path = "/level_names/" + std::to_string(level);
        if (level < kMinLevel || level > kMaxLevel) {
            return core::Fail(Bad(path, "le niveau doit être compris entre 1 et 8"));
        }
        PASSEUR_TRY(CheckText(name, path, kMaxShortTextBytes, true));
    }
    if (f.cut_scores.size() != kCutScoreCount) {
        return core::Fail(Bad("/cut_scores", "7 seuils croissants attendus"));
    }
    for (std::size_t k = 0; k < f.cut_scores.size(); ++k) {
        const std::string path = "/cut_scores/" + std::to_string(k);
        if (!std::isfinite(f.cut_scores[k]) || std::fabs(f.cut_scores[k]) > 100.0) {
            return core::Fail(Bad(path, "seuil non fini ou hors de [-100, 100]"));
        }
        if (k > 0 && !(f.cut_scores[k] > f.cut_scores[k - 1])) {
            return core::Fail(Bad(path, "les seuils doivent être strictement croissants"));
        }
    }
    IdentifierSet identifiers;
    PASSEUR_TRY(identifiers.Add(f.identifier, "/identifier"));
    if (f.areas.empty()) return core::Fail(Bad("/areas", "au moins un domaine attendu"));
    if (f.areas.size() > kMaxAreas) {
        return core::Fail(Bad("/areas", "trop de domaines (au plus " + std::to_string(kMaxAreas) + ")"));
    }
    if (f.CompetenceCount() > kMaxCompetences) {
        return core::Fail(
            Bad("/areas", "trop de compétences (au plus " + std::to_string(kMaxCompetences) + ")"));
    }
    if (f.SkillCount() > kMaxSkills) {
        return core::Fail(Bad("/areas", "trop de savoir-faire (au plus " + std::to_string(kMaxSkills) + ")"));
    }
    std::set<std::string> codes;
    auto check_code = [&](const std::string& code, const std::string& path,
                          const std::string& parent_code) -> core::Result<void> {
        if (!IsValidCode(code)) {
            return core::Fail(Bad(path, "code invalide : ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ attendu"));
        }
        if (prefix_rule && !parent_code.empty() && !code.starts_with(parent_code + ".")) {
            return core::Fail(
                Bad(path, "le code « " + code + " » doit commencer par « " + parent_code + ". »"));
        }
        if (!codes.insert(code).second) return core::Fail(Bad(path, "code en double : " + code));
        return core::Ok();
    };
    for (std::size_t a = 0; a < f.areas.size(); ++a) {
        const Area& area = f.areas[a];
        const std::string ap = "/areas/" + std::to_string(a);
        PASSEUR_TRY(check_code(area.code, ap + "/code", ""));
        PASSEUR_TRY(CheckText(area.name, ap + "/name", kMaxNameBytes, true));
        PASSEUR_TRY(CheckText(area.description, ap + "/description", kMaxDescriptionBytes, false));
        PASSEUR_TRY(identifiers.Add(area.identifier, ap + "/identifier"));
        if (area.competences.empty()) {
            return core::Fail(Bad(ap + "/competences", "au moins une compétence attendue"));
        }
        for (std::size_t c = 0; c < area.competences.size(); ++c) {
            const Competence& competence = area.competences[c];
            const std::string cp = ap + "/competences/" + std::to_string(c);
            PASSEUR_TRY(check_code(competence.code, cp + "/code", area.code));
            PASSEUR_TRY(CheckText(competence.name, cp + "/name", kMaxNameBytes, true));
            PASSEUR_TRY(CheckText(competence.description, cp + "/description", kMaxDescriptionBytes, false));
            PASSEUR_TRY(identifiers.Add(competence.identifier, cp + "/identifier"));
            for (const auto& [level, text] : competence.levels) {
                const std::string lp = cp + "/levels/" + std::to_string(level);
                if (level < kMinLevel || level > kMaxLevel) {
                    return core::Fail(Bad(lp, "le niveau doit être compris entre 1 et 8"));
                }
                if (text.empty()) return core::Fail(Bad(lp, "descripteur de niveau vide"));
                if (text.size() > kMaxLevelTextBytes) {
                    return core::Fail(Bad(lp, "descripteur trop long (au plus " +
                                                  std::to_string(kMaxLevelTextBytes) + " octets)"));
                }
            }
            for (std::size_t s = 0; s < competence.skills.size(); ++s) {
                const Skill& skill = competence.skills[s];
                const std::string sp = cp + "/skills/" + std::to_string(s);
                PASSEUR_TRY(check_code(skill.code, sp + "/code", competence.code));
                PASSEUR_TRY(CheckText(skill.name, sp + "/name", kMaxNameBytes, true));
                PASSEUR_TRY(identifiers.Add(skill.identifier, sp + "/identifier"));
            }
        }
    }
    return core::Ok();
}

}  // namespace passeur::framework
