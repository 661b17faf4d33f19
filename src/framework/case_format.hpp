// 1EdTech CASE 1.0 JSON import and export of frameworks (CFPackage: CFDocument, CFItems,
// CFAssociations, CFDefinitions). Pure: no I/O. The mapping (which CFItem is an area, a
// competence, a skill or a level descriptor; where English names, level names and cut scores go)
// is written in docs/formats/frameworks.md, section "CASE 1.0".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "framework/model.hpp"

namespace passeur::framework {

inline constexpr std::string_view kCaseMetadataFormat = "passeur-case/1";
inline constexpr std::size_t kMaxCaseItems = 50000;
inline constexpr std::size_t kMaxCaseAssociations = 200000;

// CFItemType values written by passeur (and recognised on import for level descriptors).
inline constexpr std::string_view kItemTypeArea = "Area";
inline constexpr std::string_view kItemTypeCompetence = "Competence";
inline constexpr std::string_view kItemTypeSkill = "Skill";
inline constexpr std::string_view kItemTypeLevel = "Level";

struct CaseExportOptions {
    std::string public_base_url;          // "https://passeur.example" (a trailing '/' is ignored)
    std::int64_t last_change_millis = 0;  // lastChangeDateTime of every object (the version's creation)
};

// "{base}/ims/case/v1p0/CFItems/{identifier}" (and the same for CFDocuments, CFPackages,
// CFAssociations, CFItemTypes, CFLicenses).
std::string CaseUri(std::string_view public_base_url, std::string_view collection,
                    std::string_view identifier);

// The whole CFPackage of a framework.
nlohmann::json ExportCasePackage(const Framework& framework, const CaseExportOptions& options);
// The CFDocument alone (as in getCFDocument / getAllCFDocuments).
nlohmann::json ExportCaseDocument(const Framework& framework, const CaseExportOptions& options);
// The CFItem (area, competence, skill or level descriptor) with this identifier, with its
// CFDocumentURI; nullopt when the framework has none.
std::optional<nlohmann::json> ExportCaseItem(const Framework& framework, std::string_view identifier,
                                             const CaseExportOptions& options);

// True when `j` is an object with a "CFDocument" member (a CFPackage).
bool LooksLikeCasePackage(const nlohmann::json& j);

// Reads a CFPackage from any publisher into a framework (source "case"). Errors:
// kInvalidArgument "<file>: <JSON path>: <what>" with field = the JSON path in the package
// ("/CFItems/12/fullStatement", "/CFAssociations/3/destinationNodeURI/identifier").
core::Result<Framework> ImportCasePackage(const nlohmann::json& package, std::string_view file);

// A slug ("^[a-z0-9][a-z0-9-]{1,63}$") made from a title: lower case, French accents dropped,
// other characters folded to '-'. "" when nothing usable remains.
std::string Slugify(std::string_view title);

}  // namespace passeur::framework
