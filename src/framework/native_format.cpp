#include "framework/native_format.hpp"

#include <charconv>
#include <set>

#include "framework/json_path.hpp"
#include "framework/uuid.hpp"

namespace passeur::framework {
namespace {

using detail::Join;
using detail::Reader;
using nlohmann::json;

core::Result<Text> ReadText(const Reader& r, const json& parent, const std::string& path,
                            std::string_view key, std::size_t max_bytes, bool required) {
    const json* value = r.Find(parent, key);
    const std::string p = Join(path, key);
    if (value == nullptr) {
        if (required) return core::Fail(r.Bad(p, "champ requis manquant"));
        return Text{};
    }
    if (!value->is_object()) return core::Fail(r.Bad(p, "objet {\"fr\": ..., \"en\": ...} attendu"));
    PASSEUR_TRY(r.OnlyKeys(*value, p, {"fr", "en"}));
    Text text;
    auto fr = r.OptString(*value, p, "fr", max_bytes);
    if (!fr) return core::Fail(fr.error());
    auto en = r.OptString(*value, p, "en", max_bytes);
    if (!en) return core::Fail(en.error());
    text.fr = fr->value_or("");
    text.en = en->value_or("");
    return text;
}

core::Result<void> RequireBoth(const Reader& r, const Text& text, const std::string& path) {
    if (text.fr.empty()) return core::Fail(r.Bad(path + "/fr", "texte en français requis"));
    if (text.en.empty()) return core::Fail(r.Bad(path + "/en", "texte en anglais requis"));
    return core::Ok();
}

core::Result<void> RequireFrench(const Reader& r, const Text& text, const std::string& path) {
    if (text.fr.empty()) return core::Fail(r.Bad(path + "/fr", "texte en français requis"));
    return core::Ok();
}

// "1".."8" -> 1..8; anything else is an error on path/<key>.
core::Result<int> ReadLevelKey(const Reader& r, const std::string& path, const std::string& key) {
    int level = 0;
    auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), level);
    if (ec != std::errc() || ptr != key.data() + key.size() || level < kMinLevel || level > kMaxLevel ||
        key.size() != 1) {
        return core::Fail(r.Bad(Join(path, key), "le niveau doit être compris entre 1 et 8"));
    }
    return level;
}

core::Result<std::string> ReadIdentifier(const Reader& r, const json& object, const std::string& path) {
    auto id = r.OptString(object, path, "identifier", 64);
    if (!id) return core::Fail(id.error());
    if (!*id) return std::string();
    if (!IsUuid(**id)) return core::Fail(r.Bad(path + "/identifier", "UUID attendu"));
    return LowerUuid(**id);
}

core::Result<Skill> ReadSkill(const Reader& r, const json& j, const std::string& path) {
    PASSEUR_TRY(r.Object(j, path));
    PASSEUR_TRY(r.OnlyKeys(j, path, {"code", "name", "identifier"}));
    Skill skill;
    auto code = r.String(j, path, "code", 64);
    if (!code) return core::Fail(code.error());
    skill.code = *code;
    auto name = ReadText(r, j, path, "name", kMaxNameBytes, true);
    if (!name) return core::Fail(name.error());
    skill.name = *name;
    auto id = ReadIdentifier(r, j, path);
    if (!id) return core::Fail(id.error());
    skill.identifier = *id;
    return skill;
}

core::Result<Competence> ReadCompetence(const Reader& r, const json& j, const std::string& path,
                                        NativeRules rules) {
    PASSEUR_TRY(r.Object(j, path));
    PASSEUR_TRY(r.OnlyKeys(j, path, {"code", "name", "description", "levels", "skills", "identifier"}));
    Competence c;
    auto code = r.String(j, path, "code", 64);
    if (!code) return core::Fail(code.error());
    c.code = *code;
    auto name = ReadText(r, j, path, "name", kMaxNameBytes, true);
    if (!name) return core::Fail(name.error());
    c.name = *name;
    auto description =
        ReadText(r, j, path, "description", kMaxDescriptionBytes, rules == NativeRules::kShipped);
    if (!description) return core::Fail(description.error());
    c.description = *description;
    if (rules == NativeRules::kShipped) {
        PASSEUR_TRY(RequireBoth(r, c.name, path + "/name"));
        PASSEUR_TRY(RequireFrench(r, c.description, path + "/description"));
    }
    auto id = ReadIdentifier(r, j, path);
    if (!id) return core::Fail(id.error());
    c.identifier = *id;
    auto levels = r.Member(j, path, "levels", rules == NativeRules::kShipped);
    if (!levels) return core::Fail(levels.error());
    if (*levels != nullptr) {
        const std::string lp = path + "/levels";
        if (!(*levels)->is_object()) return core::Fail(r.Bad(lp, "objet {\"1\": ..., \"8\": ...} attendu"));
        for (const auto& [key, value] : (*levels)->items()) {
            auto level = ReadLevelKey(r, lp, key);
            if (!level) return core::Fail(level.error());
            if (!value.is_string()) return core::Fail(r.Bad(Join(lp, key), "chaîne de caractères attendue"));
            const auto& text = value.get_ref<const std::string&>();
            if (text.size() > kMaxLevelTextBytes) {
                return core::Fail(r.Bad(Join(lp, key), "descripteur trop long"));
            }
            c.levels[*level] = text;
        }
        if (rules == NativeRules::kShipped) {
            for (int level = kMinLevel; level <= kMaxLevel; ++level) {
                if (!c.levels.contains(level)) {
                    return core::Fail(r.Bad(
                        lp, "les huit niveaux sont requis : niveau " + std::to_string(level) + " manquant"));
                }
            }
        }
    }
    auto skills = r.Array(j, path, "skills", false, kMaxSkills);
    if (!skills) return core::Fail(skills.error());
    if (*skills != nullptr) {
        for (std::size_t s = 0; s < (*skills)->size(); ++s) {
            auto skill = ReadSkill(r, (**skills)[s], path + "/skills/" + std::to_string(s));
            if (!skill) return core::Fail(skill.error());
            if (rules == NativeRules::kShipped) {
                PASSEUR_TRY(RequireBoth(r, skill->name, path + "/skills/" + std::to_string(s) + "/name"));
            }
            c.skills.push_back(std::move(*skill));
        }
    }
    return c;
}

core::Result<Area> ReadArea(const Reader& r, const json& j, const std::string& path, NativeRules rules) {
    PASSEUR_TRY(r.Object(j, path));
    PASSEUR_TRY(r.OnlyKeys(j, path, {"code", "name", "description", "competences", "identifier"}));
    Area area;
    auto code = r.String(j, path, "code", 64);
    if (!code) return core::Fail(code.error());
    area.code = *code;
    auto name = ReadText(r, j, path, "name", kMaxNameBytes, true);
    if (!name) return core::Fail(name.error());
    area.name = *name;
    auto description = ReadText(r, j, path, "description", kMaxDescriptionBytes, false);
    if (!description) return core::Fail(description.error());
    area.description = *description;
    if (rules == NativeRules::kShipped) PASSEUR_TRY(RequireBoth(r, area.name, path + "/name"));
    auto id = ReadIdentifier(r, j, path);
    if (!id) return core::Fail(id.error());
    area.identifier = *id;
    auto competences = r.Array(j, path, "competences", true, kMaxCompetences);
    if (!competences) return core::Fail(competences.error());
    for (std::size_t c = 0; c < (*competences)->size(); ++c) {
        auto competence =
            ReadCompetence(r, (**competences)[c], path + "/competences/" + std::to_string(c), rules);
        if (!competence) return core::Fail(competence.error());
        area.competences.push_back(std::move(*competence));
    }
    return area;
}

}  // namespace

core::Result<core::LocatedJson> ParseJson(std::string_view text, std::string_view file) {
    if (text.size() > kMaxFileBytes) {
        return core::Fail(core::Error{core::ErrorCode::kPayloadTooLarge,
                                      std::string(file) + ": fichier trop volumineux (au plus 20 Mo)", "/"});
    }
    auto parsed = core::ParseLocatedJson(text, {.max_bytes = kMaxFileBytes, .max_depth = 64});
    if (!parsed) {
        return core::Fail(core::Error::InvalidArgument(
            std::string(file) + ":" + std::to_string(parsed.error().position.line) + ":" +
                std::to_string(parsed.error().position.column) +
                ": JSON invalide : " + parsed.error().message,
            "/"));
    }
    return std::move(*parsed);
}

core::Error WithLine(core::Error error, const core::LocatedJson& document, std::string_view file) {
    const std::string prefix = std::string(file) + ": ";
    if (error.code != core::ErrorCode::kInvalidArgument || error.field.empty() ||
        error.field.front() != '/' || !error.message.starts_with(prefix)) {
        return error;
    }
    const std::string pointer = error.field == "/" ? std::string() : error.field;
    error.message = std::string(file) + ":" + std::to_string(document.LineOf(pointer)) + ": " +
                    error.message.substr(prefix.size());
    return error;
}

core::Result<Framework> FrameworkFromJson(const json& j, std::string_view file, NativeRules rules) {
    Reader r(file);
    const std::string root;
    PASSEUR_TRY(r.Object(j, root));
    PASSEUR_TRY(r.OnlyKeys(j, root,
                           {"format", "id", "version", "name", "description", "publisher", "language",
                            "licence", "level_names", "cut_scores", "areas", "identifier"}));
    auto format = r.String(j, root, "format", 64);
    if (!format) return core::Fail(format.error());
    if (*format != kFrameworkFormat) {
        return core::Fail(
            r.Bad("/format", "format inconnu : « " + std::string(kFrameworkFormat) + " » attendu"));
    }
    Framework f;
    auto id = r.String(j, root, "id", 64);
    if (!id) return core::Fail(id.error());
    f.id = *id;
    auto version = r.String(j, root, "version", 32);
    if (!version) return core::Fail(version.error());
    f.version = *version;
    auto name = ReadText(r, j, root, "name", kMaxNameBytes, true);
    if (!name) return core::Fail(name.error());
    f.name = *name;
    auto description =
        ReadText(r, j, root, "description", kMaxDescriptionBytes, rules == NativeRules::kShipped);
    if (!description) return core::Fail(description.error());
    f.description = *description;
    if (rules == NativeRules::kShipped) {
        PASSEUR_TRY(RequireBoth(r, f.name, "/name"));
        PASSEUR_TRY(RequireFrench(r, f.description, "/description"));
    }
    auto publisher = r.OptString(j, root, "publisher", kMaxShortTextBytes);
    if (!publisher) return core::Fail(publisher.error());
    f.publisher = publisher->value_or("");
    auto language = r.OptString(j, root, "language", 35);
    if (!language) return core::Fail(language.error());
    f.language = language->value_or("fr");
    auto licence = r.OptString(j, root, "licence", kMaxShortTextBytes);
    if (!licence) return core::Fail(licence.error());
    f.licence = licence->value_or("");
    auto identifier = ReadIdentifier(r, j, root);
    if (!identifier) return core::Fail(identifier.error());
    f.identifier = *identifier;

    f.level_names = DefaultLevelNames();
    auto level_names = r.Member(j, root, "level_names", false);
    if (!level_names) return core::Fail(level_names.error());
    if (*level_names != nullptr) {
        if (!(*level_names)->is_object()) return core::Fail(r.Bad("/level_names", "objet JSON attendu"));
        for (const auto& [key, value] : (*level_names)->items()) {
            auto level = ReadLevelKey(r, "/level_names", key);
            if (!level) return core::Fail(level.error());
            auto text = ReadText(r, **level_names, "/level_names", key, kMaxShortTextBytes, true);
            if (!text) return core::Fail(text.error());
            if (rules == NativeRules::kShipped) PASSEUR_TRY(RequireBoth(r, *text, Join("/level_names", key)));
            f.level_names[*level] = *text;
        }
    }
    auto cuts = r.Array(j, root, "cut_scores", false, 64);
    if (!cuts) return core::Fail(cuts.error());
    if (*cuts != nullptr) {
        f.cut_scores.clear();
        for (std::size_t k = 0; k < (*cuts)->size(); ++k) {
            const json& value = (**cuts)[k];
            if (!value.is_number())
                return core::Fail(r.Bad("/cut_scores/" + std::to_string(k), "nombre attendu"));
            f.cut_scores.push_back(value.get<double>());
        }
    }
    auto areas = r.Array(j, root, "areas", true, kMaxAreas);
    if (!areas) return core::Fail(areas.error());
    for (std::size_t a = 0; a < (*areas)->size(); ++a) {
        auto area = ReadArea(r, (**areas)[a], "/areas/" + std::to_string(a), rules);
        if (!area) return core::Fail(area.error());
        f.areas.push_back(std::move(*area));
    }
    if (!IsValidFrameworkId(f.id)) {
        return core::Fail(r.Bad("/id", "identifiant invalide : ^[a-z0-9][a-z0-9-]{1,63}$ attendu"));
    }
    AssignDerivedIdentifiers(f);
    auto valid = Validate(f, rules == NativeRules::kShipped);
    if (!valid) return core::Fail(detail::InFile(file, valid.error()));
    return f;
}

json TextToJson(const Text& text) { return json{{"fr", text.fr}, {"en", text.en}}; }

json FrameworkToJson(const Framework& f) {
    json level_names = json::object();
    for (const auto& [level, name] : f.level_names) level_names[std::to_string(level)] = TextToJson(name);
    json areas = json::array();
    for (const auto& area : f.areas) {
        json competences = json::array();
        for (const auto& c : area.competences) {
            json levels = json::object();
            for (const auto& [level, text] : c.levels) levels[std::to_string(level)] = text;
            json skills = json::array();
            for (const auto& s : c.skills) {
                skills.push_back(
                    {{"code", s.code}, {"name", TextToJson(s.name)}, {"identifier", s.identifier}});
            }
            competences.push_back({{"code", c.code},
                                   {"name", TextToJson(c.name)},
                                   {"description", TextToJson(c.description)},
                                   {"levels", levels},
                                   {"skills", skills},
                                   {"identifier", c.identifier}});
        }
        areas.push_back({{"code", area.code},
                         {"name", TextToJson(area.name)},
                         {"description", TextToJson(area.description)},
                         {"competences", competences},
                         {"identifier", area.identifier}});
    }
    return json{{"format", kFrameworkFormat},
                {"id", f.id},
                {"version", f.version},
                {"name", TextToJson(f.name)},
                {"description", TextToJson(f.description)},
                {"publisher", f.publisher},
                {"language", f.language},
                {"licence", f.licence},
                {"level_names", level_names},
                {"cut_scores", f.cut_scores},
                {"areas", areas},
                {"identifier", f.identifier}};
}

core::Result<TargetProfile> TargetProfileFromJson(const json& j, std::string_view file,
                                                  const std::string& path) {
    Reader r(file);
    PASSEUR_TRY(r.Object(j, path));
    PASSEUR_TRY(r.OnlyKeys(j, path, {"id", "name", "description", "audience", "requirements"}));
    TargetProfile p;
    auto id = r.String(j, path, "id", 64);
    if (!id) return core::Fail(id.error());
    if (!IsValidFrameworkId(*id)) {
        return core::Fail(r.Bad(path + "/id", "identifiant invalide : ^[a-z0-9][a-z0-9-]{1,63}$ attendu"));
    }
    p.id = *id;
    auto name = ReadText(r, j, path, "name", kMaxNameBytes, true);
    if (!name) return core::Fail(name.error());
    PASSEUR_TRY(RequireBoth(r, *name, path + "/name"));
    p.name = *name;
    auto description = ReadText(r, j, path, "description", kMaxDescriptionBytes, false);
    if (!description) return core::Fail(description.error());
    p.description = *description;
    auto audience = r.String(j, path, "audience", 32);
    if (!audience) return core::Fail(audience.error());
    if (!IsValidAudience(*audience)) {
        return core::Fail(r.Bad(path + "/audience", "public inconnu : mediator, helper ou learner attendu"));
    }
    p.audience = *audience;
    auto requirements = r.Array(j, path, "requirements", true, kMaxRequirements);
    if (!requirements) return core::Fail(requirements.error());
    if ((*requirements)->empty())
        return core::Fail(r.Bad(path + "/requirements", "au moins une exigence attendue"));
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t k = 0; k < (*requirements)->size(); ++k) {
        const json& q = (**requirements)[k];
        const std::string qp = path + "/requirements/" + std::to_string(k);
        PASSEUR_TRY(r.Object(q, qp));
        PASSEUR_TRY(r.OnlyKeys(q, qp, {"framework", "framework_version", "competence", "level"}));
        Requirement req;
        auto fw = r.String(q, qp, "framework", 64);
        if (!fw) return core::Fail(fw.error());
        if (!IsValidFrameworkId(*fw))
            return core::Fail(r.Bad(qp + "/framework", "identifiant de référentiel invalide"));
        req.framework = *fw;
        auto version = r.OptString(q, qp, "framework_version", 32);
        if (!version) return core::Fail(version.error());
        req.framework_version = version->value_or("");
        if (!req.framework_version.empty() && !IsValidVersion(req.framework_version)) {
            return core::Fail(r.Bad(qp + "/framework_version", "version invalide"));
        }
        auto competence = r.String(q, qp, "competence", 64);
        if (!competence) return core::Fail(competence.error());
        if (!IsValidCode(*competence))
            return core::Fail(r.Bad(qp + "/competence", "code de compétence invalide"));
        req.competence = *competence;
        const json* level = r.Find(q, "level");
        if (level == nullptr) return core::Fail(r.Bad(qp + "/level", "champ requis manquant"));
        if (!level->is_number_integer() || level->get<std::int64_t>() < kMinLevel ||
            level->get<std::int64_t>() > kMaxLevel) {
            return core::Fail(r.Bad(qp + "/level", "le niveau doit être un entier compris entre 1 et 8"));
        }
        req.level = static_cast<int>(level->get<std::int64_t>());
        if (!seen.insert({req.framework, req.competence}).second) {
            return core::Fail(r.Bad(qp, "exigence en double pour " + req.framework + " " + req.competence));
        }
        p.requirements.push_back(std::move(req));
    }
    return p;
}

core::Result<std::vector<TargetProfile>> TargetProfilesFromJson(const json& j, std::string_view file) {
    Reader r(file);
    PASSEUR_TRY(r.Object(j, ""));
    PASSEUR_TRY(r.OnlyKeys(j, "", {"format", "profiles"}));
    auto format = r.String(j, "", "format", 64);
    if (!format) return core::Fail(format.error());
    if (*format != kTargetProfilesFormat) {
        return core::Fail(
            r.Bad("/format", "format inconnu : « " + std::string(kTargetProfilesFormat) + " » attendu"));
    }
    auto profiles = r.Array(j, "", "profiles", true, kMaxProfiles);
    if (!profiles) return core::Fail(profiles.error());
    std::vector<TargetProfile> out;
    std::set<std::string> ids;
    for (std::size_t k = 0; k < (*profiles)->size(); ++k) {
        const std::string path = "/profiles/" + std::to_string(k);
        auto profile = TargetProfileFromJson((**profiles)[k], file, path);
        if (!profile) return core::Fail(profile.error());
        if (!ids.insert(profile->id).second) {
            return core::Fail(r.Bad(path + "/id", "profil en double : " + profile->id));
        }
        out.push_back(std::move(*profile));
    }
    return out;
}

json TargetProfileToJson(const TargetProfile& p) {
    json requirements = json::array();
    for (const auto& q : p.requirements) {
        json item{{"framework", q.framework}, {"competence", q.competence}, {"level", q.level}};
        if (!q.framework_version.empty()) item["framework_version"] = q.framework_version;
        requirements.push_back(std::move(item));
    }
    return json{{"id", p.id},
                {"name", TextToJson(p.name)},
                {"description", TextToJson(p.description)},
                {"audience", p.audience},
                {"requirements", requirements}};
}

json TargetProfilesToJson(const std::vector<TargetProfile>& profiles) {
    json list = json::array();
    for (const auto& p : profiles) list.push_back(TargetProfileToJson(p));
    return json{{"format", kTargetProfilesFormat}, {"profiles", list}};
}

}  // namespace passeur::framework
