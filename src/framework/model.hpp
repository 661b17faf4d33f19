// The competency-framework model: a versioned framework of areas > competences > (optional) skills,
// with one descriptor per level (1..8) for each competence, and target profiles (a named selection
// of competences with a required level each). Plain values, copyable; pure (no I/O).
// Formats: docs/formats/frameworks.md.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace passeur::framework {

inline constexpr int kMinLevel = 1;
inline constexpr int kMaxLevel = 8;
inline constexpr std::size_t kCutScoreCount = 7;

// Bounds on every framework (native or CASE); over them a framework is rejected.
inline constexpr std::size_t kMaxAreas = 200;
inline constexpr std::size_t kMaxCompetences = 2000;
inline constexpr std::size_t kMaxSkills = 20000;
inline constexpr std::size_t kMaxNameBytes = 10000;
inline constexpr std::size_t kMaxDescriptionBytes = 20000;
inline constexpr std::size_t kMaxLevelTextBytes = 8000;
inline constexpr std::size_t kMaxShortTextBytes = 200;  // publisher, licence, source, language

// A text in French and English; either may be empty for imported frameworks ("fr" first).
struct Text {
    std::string fr;
    std::string en;

    // The text in `language` ("fr"/"en"), falling back to the other one when empty.
    const std::string& In(std::string_view language) const;
    bool Empty() const { return fr.empty() && en.empty(); }
    bool operator==(const Text&) const = default;
};

struct Skill {
    std::string code;  // starts with its competence code and a dot
    Text name;
    std::string identifier;  // CASE CFItem identifier (UUID, lower case)
    bool operator==(const Skill&) const = default;
};

struct Competence {
    std::string code;  // starts with its area code and a dot
    Text name;
    Text description;
    std::map<int, std::string> levels;  // level (1..8) -> what a person at that level can do
    std::vector<Skill> skills;
    std::string identifier;
    bool operator==(const Competence&) const = default;
};

struct Area {
    std::string code;
    Text name;
    Text description;
    std::vector<Competence> competences;
    std::string identifier;
    bool operator==(const Area&) const = default;
};

// Default ability thresholds (logit scale) of levels 2..8.
inline constexpr std::array<double, kCutScoreCount> kDefaultCutScores = {-2.25, -1.5, -0.75, 0.0,
                                                                         0.75,  1.5,  2.25};

struct Framework {
    std::string id;       // slug: ^[a-z0-9][a-z0-9-]{1,63}$
    std::string version;  // ^[0-9]+(\.[0-9]+){0,2}$
    Text name;
    Text description;
    std::string publisher;
    std::string language = "fr";      // language of the primary texts ("fr" or "en", BCP 47 accepted)
    std::string licence;              // SPDX id or free text ("CC-BY-SA-4.0")
    std::map<int, Text> level_names;  // 1..8
    std::vector<double> cut_scores = {kDefaultCutScores.begin(), kDefaultCutScores.end()};
    std::vector<Area> areas;
    std::string identifier;  // CASE CFDocument identifier (UUID, lower case)
    // Where this version came from: "shipped", "native", "case", "edit" (not part of the content;
    // SameContent ignores it).
    std::string source;

    const Competence* FindCompetence(std::string_view code) const;
    const Area* FindArea(std::string_view code) const;
    // The area holding competence `code`, or nullptr.
    const Area* AreaOfCompetence(std::string_view code) const;
    std::size_t CompetenceCount() const;
    std::size_t SkillCount() const;
    // Level 1..8 of a person of ability `theta`: 1 + the number of cut scores at or below theta.
    int LevelForAbility(double theta) const;
    // The level name, or "Niveau k" / "Level k" when the framework names none.
    Text LevelName(int level) const;

    bool operator==(const Framework&) const = default;
};

// Equal but for `source`.
bool SameContent(const Framework& a, const Framework& b);

// Default level names ("Niveau k" / "Level k") for levels 1..8.
std::map<int, Text> DefaultLevelNames();

// Checks every invariant of docs/formats/frameworks.md that holds for any framework (native or
// imported): id and version patterns, unique valid codes, levels within 1..8, 7 increasing cut
// scores, names present, UUID identifiers unique, bounds. With `prefix_rule` (shipped files), a
// competence code must also start with its area code and a dot, a skill code with its competence's.
// kInvalidArgument whose field is the JSON path of the first bad field (native layout, e.g.
// "/areas/2/competences/0/levels/9") and whose message starts with "<path>: ".
core::Result<void> Validate(const Framework& framework, bool prefix_rule = false);

// Fills missing identifiers with the derived UUIDv5 ("<id>" for the document, "<id>/<code>" for
// areas, competences and skills) — see uuid.hpp.
void AssignDerivedIdentifiers(Framework& framework);

// Identifier of the level descriptor `level` of competence `code` (CASE CFItem of type "Level").
std::string LevelIdentifier(const Framework& framework, std::string_view competence_code, int level);

bool IsValidFrameworkId(std::string_view id);
bool IsValidVersion(std::string_view version);
bool IsValidCode(std::string_view code);  // ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$
// Numeric comparison of dotted versions, missing parts read as 0 ("1" == "1.0" < "1.10"):
// negative, 0 or positive. Both must be valid versions.
int CompareVersions(std::string_view a, std::string_view b);

// --- target profiles ----------------------------------------------------------------------------

inline constexpr std::size_t kMaxProfiles = 500;
inline constexpr std::size_t kMaxRequirements = 500;

struct Requirement {
    std::string framework;          // framework id
    std::string framework_version;  // resolved at import: the framework's current version
    std::string competence;         // competence code
    int level = 1;                  // 1..8
    bool operator==(const Requirement&) const = default;
};

struct TargetProfile {
    std::string id;  // same pattern as a framework id
    Text name;
    Text description;
    std::string audience;  // "mediator" | "helper" | "learner"
    std::vector<Requirement> requirements;
    bool operator==(const TargetProfile&) const = default;
};

bool IsValidAudience(std::string_view audience);

}  // namespace passeur::framework
