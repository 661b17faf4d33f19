// The native, human-readable JSON formats of docs/formats/frameworks.md: frameworks
// ("passeur-framework/1") and target profiles ("passeur-target-profiles/1"). Pure: parse and
// write nlohmann::json; the caller reads the files.
//
// Errors: kInvalidArgument (kPayloadTooLarge for text over kMaxFileBytes) whose message is
// "<file>: <JSON path>: <what is wrong>" and whose field is the JSON path.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/located_json.hpp"
#include "core/result.hpp"
#include "framework/model.hpp"

namespace passeur::framework {

inline constexpr std::string_view kFrameworkFormat = "passeur-framework/1";
inline constexpr std::string_view kTargetProfilesFormat = "passeur-target-profiles/1";
inline constexpr std::size_t kMaxFileBytes = 20 * 1024 * 1024;

enum class NativeRules {
    kAny,      // the invariants of Validate() (imports, exports read back)
    kShipped,  // also: names in French and English, descriptions in French, all eight levels
};

// Parses JSON text (at most kMaxFileBytes, else kPayloadTooLarge; nesting at most 64), keeping
// the position of every value. Syntax errors: "<file>:<line>:<column>: JSON invalide : ...".
core::Result<core::LocatedJson> ParseJson(std::string_view text, std::string_view file);
// Adds the line of the error's JSON path (error.field) to a "<file>: <path>: ..." message:
// "<file>:<line>: <path>: ...". Other errors are returned unchanged.
core::Error WithLine(core::Error error, const core::LocatedJson& document, std::string_view file);

// Reads a native framework. Missing identifiers are derived (AssignDerivedIdentifiers); missing
// level_names default to "Niveau k"/"Level k"; missing cut_scores to kDefaultCutScores. `source`
// is left empty.
core::Result<Framework> FrameworkFromJson(const nlohmann::json& j, std::string_view file,
                                          NativeRules rules = NativeRules::kAny);
// The native JSON of a framework, identifiers included (FrameworkFromJson reads it back equal).
nlohmann::json FrameworkToJson(const Framework& framework);

// Reads "passeur-target-profiles/1". Requirements keep framework_version "" unless the file gives one.
core::Result<std::vector<TargetProfile>> TargetProfilesFromJson(const nlohmann::json& j,
                                                                std::string_view file);
nlohmann::json TargetProfileToJson(const TargetProfile& profile);
nlohmann::json TargetProfilesToJson(const std::vector<TargetProfile>& profiles);
// One profile object (as inside "profiles"), path given for errors.
core::Result<TargetProfile> TargetProfileFromJson(const nlohmann::json& j, std::string_view file,
                                                  const std::string& path);

nlohmann::json TextToJson(const Text& text);

}  // namespace passeur::framework
