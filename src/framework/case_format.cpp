#include "framework/case_format.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <climits>

#include "core/clock.hpp"
#include "framework/json_path.hpp"
#include "framework/native_format.hpp"
#include "framework/uuid.hpp"

namespace passeur::framework {
namespace {

using detail::Join;
using detail::Reader;
using nlohmann::json;

constexpr std::size_t kMaxStatementBytes = kMaxNameBytes;
constexpr std::size_t kMaxNotesBytes = 200000;  // CFDocument.notes carries the passeur metadata
constexpr std::size_t kMaxShortFieldBytes = 1000;

bool IsEnglish(std::string_view language) { return language.starts_with("en"); }

std::string& Primary(Text& text, std::string_view language) {
    return IsEnglish(language) ? text.en : text.fr;
}
std::string& Secondary(Text& text, std::string_view language) {
    return IsEnglish(language) ? text.fr : text.en;
}
const std::string& Primary(const Text& text, std::string_view language) {
    return IsEnglish(language) ? text.en : text.fr;
}
const std::string& Secondary(const Text& text, std::string_view language) {
    return IsEnglish(language) ? text.fr : text.en;
}

std::string Base(std::string_view url) {
    std::string base(url);
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base;
}

// ---------------------------------------------------------------------------------------------
// Export

struct ExportItem {
    std::string identifier;
    std::string type;  // kItemType*
    std::string code;
    std::string statement;
    std::string alternative;  // other-language name
    std::string notes;        // primary-language description
    int position = 0;         // 1-based among siblings (level number for levels)
    std::string parent;       // identifier of the isChildOf destination (document or item)
    std::string parent_title;
    bool level = false;
};

class Exporter {
public:
    Exporter(const Framework& f, const CaseExportOptions& o)
        : f_(f), base_(Base(o.public_base_url)), stamp_(core::FormatRfc3339(o.last_change_millis)) {}

    json Link(std::string_view collection, const std::string& identifier, const std::string& title) const {
        return json{
            {"title", title}, {"identifier", identifier}, {"uri", CaseUri(base_, collection, identifier)}};
    }

    std::string TypeIdentifier(std::string_view type) const {
        return DerivedUuid("case-item-type/" + std::string(type));
    }

    json DocumentLink() const { return Link("CFDocuments", f_.identifier, Primary(f_.name, f_.language)); }

    json Metadata() const {
        json level_names = json::object();
        for (const auto& [level, name] : f_.level_names)
            level_names[std::to_string(level)] = TextToJson(name);
        json descriptions = json::object();
        for (const auto& area : f_.areas) {
            if (!Secondary(area.description, f_.language).empty()) {
                descriptions[area.code] = Secondary(area.description, f_.language);
            }
            for (const auto& c : area.competences) {
                if (!Secondary(c.description, f_.language).empty()) {
                    descriptions[c.code] = Secondary(c.description, f_.language);
                }
            }
        }
        return json{{"format", kCaseMetadataFormat},
                    {"id", f_.id},
                    {"licence", f_.licence},
                    {"name", Secondary(f_.name, f_.language)},
                    {"description", Secondary(f_.description, f_.language)},
                    {"level_names", level_names},
                    {"cut_scores", f_.cut_scores},
                    {"descriptions", descriptions}};
    }

    json Document() const {
        json doc{{"identifier", f_.identifier},
                 {"uri", CaseUri(base_, "CFDocuments", f_.identifier)},
                 {"creator", f_.publisher.empty() ? std::string("passeur") : f_.publisher},
                 {"publisher", f_.publisher},
                 {"title", Primary(f_.name, f_.language)},
                 {"lastChangeDateTime", stamp_},
                 {"language", f_.language},
                 {"version", f_.version},
                 {"adoptionStatus", "Adopted"},
                 {"notes", Metadata().dump()},
                 {"CFPackageURI", Link("CFPackages", f_.identifier, Primary(f_.name, f_.language))}};
        if (!Primary(f_.description, f_.language).empty())
            doc["description"] = Primary(f_.description, f_.language);
        if (!f_.licence.empty()) doc["licenseURI"] = Link("CFLicenses", LicenceIdentifier(), f_.licence);
        return doc;
    }

    std::string LicenceIdentifier() const { return DerivedUuid("licence/" + f_.licence); }

    std::vector<ExportItem> Items() const {
        std::vector<ExportItem> items;
        const std::string doc_title = Primary(f_.name, f_.language);
        int area_position = 0;
        for (const auto& area : f_.areas) {
            items.push_back({area.identifier, std::string(kItemTypeArea), area.code,
                             Primary(area.name, f_.language), Secondary(area.name, f_.language),
                             Primary(area.description, f_.language), ++area_position, f_.identifier,
                             doc_title, false});
            int competence_position = 0;
            for (const auto& c : area.competences) {
                items.push_back({c.identifier, std::string(kItemTypeCompetence), c.code,
                                 Primary(c.name, f_.language), Secondary(c.name, f_.language),
                                 Primary(c.description, f_.language), ++competence_position, area.identifier,
                                 Primary(area.name, f_.language), false});
                int skill_position = 0;
                for (const auto& s : c.skills) {
                    items.push_back({s.identifier, std::string(kItemTypeSkill), s.code,
                                     Primary(s.name, f_.language), Secondary(s.name, f_.language), "",
                                     ++skill_position, c.identifier, Primary(c.name, f_.language), false});
                }
                for (const auto& [level, text] : c.levels) {
                    items.push_back({LevelIdentifier(f_, c.code, level), std::string(kItemTypeLevel),
                                     c.code + "-N" + std::to_string(level), text, "", "", level, c.identifier,
                                     Primary(c.name, f_.language), true});
                }
            }
        }
        return items;
    }

    json Item(const ExportItem& item, bool with_document) const {
        json j{{"identifier", item.identifier},
               {"uri", CaseUri(base_, "CFItems", item.identifier)},
               {"fullStatement", item.statement},
               {"humanCodingScheme", item.code},
               {"listEnumeration", std::to_string(item.position)},
               {"CFItemType", item.type},
               {"CFItemTypeURI", Link("CFItemTypes", TypeIdentifier(item.type), item.type)},
               {"language", f_.language},
               {"lastChangeDateTime", stamp_}};
        if (!item.alternative.empty()) j["alternativeLabel"] = item.alternative;
        if (!item.notes.empty()) j["notes"] = item.notes;
        if (with_document) j["CFDocumentURI"] = DocumentLink();
        return j;
    }

    json Association(const ExportItem& item) const {
        const std::string type = item.level ? "hasSkillLevel" : "isChildOf";
        // isChildOf: the item is the origin; hasSkillLevel: the competence is the origin.
        const std::string origin = item.level ? item.parent : item.identifier;
        const std::string destination = item.level ? item.identifier : item.parent;
        const std::string identifier = DerivedUuid(origin + "/" + type + "/" + destination);
        json origin_link = item.level ? Link("CFItems", item.parent, item.parent_title)
                                      : Link("CFItems", item.identifier, item.statement);
        json destination_link;
        if (item.level) {
            destination_link = Link("CFItems", item.identifier, item.statement);
        } else if (item.parent == f_.identifier) {
            destination_link = DocumentLink();
        } else {
            destination_link = Link("CFItems", item.parent, item.parent_title);
        }
        return json{{"identifier", identifier},     {"uri", CaseUri(base_, "CFAssociations", identifier)},
                    {"associationType", type},      {"sequenceNumber", item.position},
                    {"originNodeURI", origin_link}, {"destinationNodeURI", destination_link},
                    {"lastChangeDateTime", stamp_}, {"CFDocumentURI", DocumentLink()}};
    }

    json Definitions() const {
        json types = json::array();
        int order = 0;
        for (std::string_view type : {kItemTypeArea, kItemTypeCompetence, kItemTypeSkill, kItemTypeLevel}) {
            const std::string id = TypeIdentifier(type);
            types.push_back({{"identifier", id},
                             {"uri", CaseUri(base_, "CFItemTypes", id)},
                             {"title", type},
                             {"description", TypeDescription(type)},
                             {"hierarchyCode", std::to_string(++order)},
                             {"lastChangeDateTime", stamp_}});
        }
        json definitions{{"CFItemTypes", types}};
        if (!f_.licence.empty()) {
            definitions["CFLicenses"] =
                json::array({{{"identifier", LicenceIdentifier()},
                              {"uri", CaseUri(base_, "CFLicenses", LicenceIdentifier())},
                              {"title", f_.licence},
                              {"licenseText", f_.licence},
                              {"lastChangeDateTime", stamp_}}});
        }
        return definitions;
    }

    static std::string TypeDescription(std::string_view type) {
        if (type == kItemTypeArea) return "Domaine de compétences / Competence area";
        if (type == kItemTypeCompetence) return "Compétence / Competence";
        if (type == kItemTypeSkill) return "Savoir-faire / Skill";
        return "Descripteur de niveau (listEnumeration = niveau 1..8) / Level descriptor";
    }

    json Package() const {
        json items = json::array();
        json associations = json::array();
        for (const auto& item : Items()) {
            items.push_back(Item(item, false));
            associations.push_back(Association(item));
        }
        return json{{"CFDocument", Document()},
                    {"CFItems", items},
                    {"CFAssociations", associations},
                    {"CFDefinitions", Definitions()}};
    }

private:
    const Framework& f_;
    std::string base_;
    std::string stamp_;
};

// ---------------------------------------------------------------------------------------------
// Import

struct CaseItem {
    std::string identifier;
    std::string full_statement;
    std::string abbreviated;
    std::string alternative;
    std::string code;
    std::string list_enumeration;
    std::string notes;
    std::string type;
    std::size_t index = 0;  // position in CFItems
};

struct Edge {
    std::string child;
    std::size_t association_index = 0;
    long long sequence = LLONG_MAX;
};

struct Metadata {
    bool present = false;
    std::string id;
    std::string licence;
    std::string name;
    std::string description;
    std::map<int, Text> level_names;
    std::vector<double> cut_scores;
    std::map<std::string, std::string> descriptions;
};

class Importer {
public:
    explicit Importer(std::string_view file) : r_(file) {}

    core::Result<Framework> Run(const json& package) {
        PASSEUR_TRY(r_.Object(package, ""));
        auto doc = r_.Member(package, "", "CFDocument", true);
        if (!doc) return core::Fail(doc.error());
        PASSEUR_TRY(ReadDocument(**doc));
        auto items = r_.Array(package, "", "CFItems", false, kMaxCaseItems);
        if (!items) return core::Fail(items.error());
        if (*items != nullptr) {
            for (std::size_t k = 0; k < (*items)->size(); ++k) PASSEUR_TRY(ReadItem((**items)[k], k));
        }
        if (items_.empty()) return core::Fail(r_.Bad("/CFItems", "aucun élément (CFItem) dans le paquet"));
        auto associations = r_.Array(package, "", "CFAssociations", false, kMaxCaseAssociations);
        if (!associations) return core::Fail(associations.error());
        if (*associations != nullptr) {
            for (std::size_t k = 0; k < (*associations)->size(); ++k) {
                PASSEUR_TRY(ReadAssociation((**associations)[k], k));
            }
        }
        PASSEUR_TRY(BuildTree());
        return Map();
    }

private:
    core::Result<std::string> ReadUuid(const json& object, const std::string& path, std::string_view key) {
        auto value = r_.String(object, path, key, 64);
        if (!value) return core::Fail(value.error());
        if (!IsUuid(*value))
            return core::Fail(r_.Bad(Join(path, key), "UUID attendu (8-4-4-4-12 hexadécimal)"));
        return LowerUuid(*value);
    }

    core::Result<std::string> Opt(const json& object, const std::string& path, std::string_view key,
                                  std::size_t max_bytes) {
        auto value = r_.OptString(object, path, key, max_bytes);
        if (!value) return core::Fail(value.error());
        return value->value_or("");
    }

    core::Result<void> ReadDocument(const json& doc) {
        const std::string path = "/CFDocument";
        PASSEUR_TRY(r_.Object(doc, path));
        auto identifier = ReadUuid(doc, path, "identifier");
        if (!identifier) return core::Fail(identifier.error());
        doc_identifier_ = *identifier;
        auto title = r_.String(doc, path, "title", kMaxNameBytes);
        if (!title) return core::Fail(title.error());
        if (title->empty()) return core::Fail(r_.Bad(path + "/title", "titre vide"));
        title_ = *title;
        publisher_present_ = r_.Find(doc, "publisher") != nullptr;
        for (auto [key, target, max] : {std::tuple{"creator", &creator_, kMaxShortTextBytes},
                                        {"publisher", &publisher_, kMaxShortTextBytes},
                                        {"description", &description_, kMaxDescriptionBytes},
                                        {"language", &language_, std::size_t{35}},
                                        {"version", &version_, std::size_t{100}},
                                        {"uri", &uri_, kMaxShortFieldBytes},
                                        {"lastChangeDateTime", &last_change_, std::size_t{100}}}) {
            auto value = Opt(doc, path, key, max);
            if (!value) return core::Fail(value.error());
            *target = *value;
        }
        const json* licence = r_.Find(doc, "licenseURI");
        if (licence != nullptr) {
            PASSEUR_TRY(r_.Object(*licence, path + "/licenseURI"));
            auto title_value = Opt(*licence, path + "/licenseURI", "title", kMaxShortTextBytes);
            if (!title_value) return core::Fail(title_value.error());
            licence_title_ = *title_value;
        }
        auto notes = Opt(doc, path, "notes", kMaxNotesBytes);
        if (!notes) return core::Fail(notes.error());
        return ReadMetadata(*notes);
    }

    // CFDocument.notes holds the passeur metadata when it is a JSON object whose "format" is
    // kCaseMetadataFormat; any other notes are free text and ignored.
    core::Result<void> ReadMetadata(const std::string& notes) {
        if (notes.empty() || notes.front() != '{') return core::Ok();
        json m = json::parse(notes, nullptr, false);
        if (m.is_discarded() || !m.is_object()) return core::Ok();
        auto format = m.find("format");
        if (format == m.end() || *format != kCaseMetadataFormat) return core::Ok();
        const std::string path = "/CFDocument/notes";
        meta_.present = true;
        for (auto [key, target, max] : {std::tuple{"id", &meta_.id, std::size_t{64}},
                                        {"licence", &meta_.licence, kMaxShortTextBytes},
                                        {"name", &meta_.name, kMaxNameBytes},
                                        {"description", &meta_.description, kMaxDescriptionBytes}}) {
            auto value = Opt(m, path, key, max);
            if (!value) return core::Fail(value.error());
            *target = *value;
        }
        if (!meta_.id.empty() && !IsValidFrameworkId(meta_.id)) {
            return core::Fail(r_.Bad(path + "/id", "identifiant de référentiel invalide"));
        }
        if (const json* names = r_.Find(m, "level_names"); names != nullptr) {
            if (!names->is_object()) return core::Fail(r_.Bad(path + "/level_names", "objet JSON attendu"));
            for (const auto& [key, value] : names->items()) {
                if (key.size() != 1 || key[0] < '1' || key[0] > '8') {
                    return core::Fail(
                        r_.Bad(Join(path + "/level_names", key), "le niveau doit être compris entre 1 et 8"));
                }
                const std::string np = Join(path + "/level_names", key);
                PASSEUR_TRY(r_.Object(value, np));
                auto fr = Opt(value, np, "fr", kMaxShortTextBytes);
                if (!fr) return core::Fail(fr.error());
                auto en = Opt(value, np, "en", kMaxShortTextBytes);
                if (!en) return core::Fail(en.error());
                meta_.level_names[key[0] - '0'] = Text{*fr, *en};
            }
        }
        if (const json* cuts = r_.Find(m, "cut_scores"); cuts != nullptr) {
            if (!cuts->is_array() || cuts->size() != kCutScoreCount) {
                return core::Fail(r_.Bad(path + "/cut_scores", "7 seuils croissants attendus"));
            }
            for (std::size_t k = 0; k < cuts->size(); ++k) {
                if (!(*cuts)[k].is_number()) {
                    return core::Fail(r_.Bad(path + "/cut_scores/" + std::to_string(k), "nombre attendu"));
                }
                meta_.cut_scores.push_back((*cuts)[k].get<double>());
            }
        }
        if (const json* descriptions = r_.Find(m, "descriptions"); descriptions != nullptr) {
            if (!descriptions->is_object()) {
                return core::Fail(r_.Bad(path + "/descriptions", "objet JSON attendu"));
            }
            for (const auto& [key, value] : descriptions->items()) {
                if (!value.is_string() || value.get_ref<const std::string&>().size() > kMaxDescriptionBytes) {
                    return core::Fail(
                        r_.Bad(Join(path + "/descriptions", key), "chaîne de caractères attendue"));
                }
                meta_.descriptions[key] = value.get<std::string>();
            }
        }
        return core::Ok();
    }

    core::Result<void> ReadItem(const json& j, std::size_t k) {
        const std::string path = "/CFItems/" + std::to_string(k);
        PASSEUR_TRY(r_.Object(j, path));
        CaseItem item;
        item.index = k;
        auto identifier = ReadUuid(j, path, "identifier");
        if (!identifier) return core::Fail(identifier.error());
        item.identifier = *identifier;
        if (item.identifier == doc_identifier_) {
            return core::Fail(r_.Bad(path + "/identifier", "identifiant égal à celui du CFDocument"));
        }
        auto statement = r_.String(j, path, "fullStatement", kMaxStatementBytes);
        if (!statement) return core::Fail(statement.error());
        if (statement->empty()) return core::Fail(r_.Bad(path + "/fullStatement", "énoncé vide"));
        item.full_statement = *statement;
        for (auto [key, target, max] :
             {std::tuple{"abbreviatedStatement", &item.abbreviated, kMaxStatementBytes},
              {"alternativeLabel", &item.alternative, kMaxStatementBytes},
              {"humanCodingScheme", &item.code, kMaxShortFieldBytes},
              {"listEnumeration", &item.list_enumeration, kMaxShortFieldBytes},
              {"notes", &item.notes, kMaxDescriptionBytes},
              {"CFItemType", &item.type, kMaxShortFieldBytes},
              {"uri", nullptr, kMaxShortFieldBytes},
              {"language", nullptr, std::size_t{35}},
              {"lastChangeDateTime", nullptr, std::size_t{100}}}) {
            auto value = Opt(j, path, key, max);
            if (!value) return core::Fail(value.error());
            if (target != nullptr) *target = *value;
        }
        if (!index_.emplace(item.identifier, items_.size()).second) {
            return core::Fail(r_.Bad(path + "/identifier", "identifiant en double : " + item.identifier));
        }
        items_.push_back(std::move(item));
        return core::Ok();
    }

    core::Result<std::string> NodeIdentifier(const json& j, const std::string& path, std::string_view key) {
        auto node = r_.Member(j, path, key, true);
        if (!node) return core::Fail(node.error());
        const std::string np = Join(path, key);
        PASSEUR_TRY(r_.Object(**node, np));
        for (std::string_view field : {"title", "uri"}) {
            auto value = r_.OptString(**node, np, field, kMaxStatementBytes);
            if (!value) return core::Fail(value.error());
        }
        auto identifier = r_.String(**node, np, "identifier", 1000);
        if (!identifier) return core::Fail(identifier.error());
        return IsUuid(*identifier) ? LowerUuid(*identifier) : *identifier;
    }

    core::Result<void> ReadAssociation(const json& j, std::size_t k) {
        const std::string path = "/CFAssociations/" + std::to_string(k);
        PASSEUR_TRY(r_.Object(j, path));
        auto type = r_.String(j, path, "associationType", 100);
        if (!type) return core::Fail(type.error());
        if (type->empty()) return core::Fail(r_.Bad(path + "/associationType", "type vide"));
        for (std::string_view field : {"identifier", "uri", "lastChangeDateTime"}) {
            auto value = r_.OptString(j, path, field, kMaxShortFieldBytes);
            if (!value) return core::Fail(value.error());
        }
        auto origin = NodeIdentifier(j, path, "originNodeURI");
        if (!origin) return core::Fail(origin.error());
        auto destination = NodeIdentifier(j, path, "destinationNodeURI");
        if (!destination) return core::Fail(destination.error());
        long long sequence = LLONG_MAX;
        if (const json* seq = r_.Find(j, "sequenceNumber"); seq != nullptr) {
            if (!seq->is_number_integer()) {
                return core::Fail(r_.Bad(path + "/sequenceNumber", "entier attendu"));
            }
            sequence = seq->get<long long>();
        }
        if (*type == "isChildOf") {
            if (!index_.contains(*origin)) {
                return core::Fail(r_.Bad(path + "/originNodeURI/identifier",
                                         "élément inconnu dans ce paquet : " + *origin));
            }
            if (*destination != doc_identifier_ && !index_.contains(*destination)) {
                return core::Fail(r_.Bad(path + "/destinationNodeURI/identifier",
                                         "ni le CFDocument ni un élément de ce paquet : " + *destination));
            }
            if (*origin == *destination) {
                return core::Fail(r_.Bad(path + "/destinationNodeURI/identifier",
                                         "un élément ne peut être son propre parent"));
            }
            child_of_.push_back({*origin, *destination, k, sequence});
        } else if (*type == "hasSkillLevel") {
            if (!index_.contains(*origin)) {
                return core::Fail(r_.Bad(path + "/originNodeURI/identifier",
                                         "élément inconnu dans ce paquet : " + *origin));
            }
            if (!index_.contains(*destination)) {
                return core::Fail(r_.Bad(path + "/destinationNodeURI/identifier",
                                         "élément inconnu dans ce paquet : " + *destination));
            }
            skill_level_.push_back({*origin, *destination, k, sequence});
        }
        return core::Ok();
    }

    struct Link {
        std::string origin;
        std::string destination;
        std::size_t association_index;
        long long sequence;
    };

    // Level descriptors, then the isChildOf tree (first isChildOf of an item wins), cycle check.
    core::Result<void> BuildTree() {
        for (const auto& link : skill_level_) {
            const CaseItem& level_item = items_[index_[link.destination]];
            const std::string path = "/CFItems/" + std::to_string(level_item.index) + "/listEnumeration";
            int level = 0;
            const auto& text = level_item.list_enumeration;
            auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), level);
            if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || level < kMinLevel ||
                level > kMaxLevel) {
                return core::Fail(r_.Bad(path, "descripteur de niveau : listEnumeration doit valoir 1 à 8"));
            }
            auto& levels = levels_[link.origin];
            if (levels.contains(level)) {
                return core::Fail(
                    r_.Bad("/CFAssociations/" + std::to_string(link.association_index),
                           "deux descripteurs du niveau " + std::to_string(level) + " pour le même élément"));
            }
            levels[level] = level_item.full_statement;
            level_items_.insert(link.destination);
        }
        std::unordered_map<std::string, std::size_t> parent_link;  // child -> index in child_of_
        for (std::size_t k = 0; k < child_of_.size(); ++k) {
            const Link& link = child_of_[k];
            if (level_items_.contains(link.origin)) continue;
            if (level_items_.contains(link.destination)) {
                return core::Fail(r_.Bad("/CFAssociations/" + std::to_string(link.association_index) +
                                             "/destinationNodeURI/identifier",
                                         "le parent est un descripteur de niveau"));
            }
            parent_link.emplace(link.origin, k);  // the first isChildOf wins
        }
        // Every chain of parents must reach the document: walk up from each item, marking the
        // items of the current walk; meeting one of them again is a cycle. Linear overall.
        std::unordered_map<std::string, int> state;  // 1: on the current walk, 2: reaches the document
        for (const auto& [child, k] : parent_link) {
            std::vector<std::string> walk;
            std::string at = child;
            while (true) {
                auto seen = state.find(at);
                if (seen != state.end() && seen->second == 2) break;
                if (seen != state.end() && seen->second == 1) {
                    return core::Fail(r_.Bad(
                        "/CFAssociations/" + std::to_string(child_of_[parent_link.at(at)].association_index),
                        "cycle de relations isChildOf"));
                }
                auto it = parent_link.find(at);
                if (it == parent_link.end()) break;  // a top-level item (no parent) or the document
                state[at] = 1;
                walk.push_back(at);
                at = child_of_[it->second].destination;
            }
            for (const auto& item : walk) state[item] = 2;
            (void)k;
        }
        for (std::size_t i = 0; i < items_.size(); ++i) {
            const std::string& id = items_[i].identifier;
            if (level_items_.contains(id)) continue;
            auto it = parent_link.find(id);
            Edge edge{id, 0, LLONG_MAX};
            std::string parent = doc_identifier_;
            if (it != parent_link.end()) {
                parent = child_of_[it->second].destination;
                edge.sequence = child_of_[it->second].sequence;
            }
            edge.association_index = i;  // ties keep the CFItems order
            children_[parent].push_back(edge);
        }
        for (auto& [parent, edges] : children_) {
            std::stable_sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) {
                if (a.sequence != b.sequence) return a.sequence < b.sequence;
                return a.association_index < b.association_index;
            });
        }
        return core::Ok();
    }

    const std::vector<Edge>& Children(const std::string& identifier) const {
        static const std::vector<Edge> kNone;
        auto it = children_.find(identifier);
        return it == children_.end() ? kNone : it->second;
    }

    const CaseItem& Item(const std::string& identifier) const { return items_[index_.at(identifier)]; }

    // Name: abbreviatedStatement when given, else fullStatement. Description: notes, else the
    // fullStatement when the abbreviated one was the name.
    void Texts(const CaseItem& item, Text& name, Text* description) const {
        if (!item.abbreviated.empty()) {
            Primary(name, language_) = item.abbreviated;
        } else {
            Primary(name, language_) = item.full_statement;
        }
        if (meta_.present) Secondary(name, language_) = item.alternative;
        if (description != nullptr) {
            if (!item.notes.empty()) {
                Primary(*description, language_) = item.notes;
            } else if (!item.abbreviated.empty()) {
                Primary(*description, language_) = item.full_statement;
            }
        }
    }

    std::string PickCode(const CaseItem* item, const std::string& parent_code) {
        if (item != nullptr) {
            std::string code = item->code;
            while (!code.empty() && code.back() == ' ') code.pop_back();
            while (!code.empty() && code.front() == ' ') code.erase(code.begin());
            if (IsValidCode(code) && !codes_.contains(code)) {
                codes_.insert(code);
                return code;
            }
        }
        for (int& n = next_number_[parent_code];;) {
            ++n;
            std::string code =
                parent_code.empty() ? std::to_string(n) : parent_code + "." + std::to_string(n);
            if (!codes_.contains(code)) {
                codes_.insert(code);
                return code;
            }
        }
    }

    // Every descendant of the competence item, depth first in sibling order, becomes a skill.
    // Iterative: CASE trees may be deep.
    void CollectSkills(const std::string& identifier, Competence& competence) {
        std::vector<std::pair<const std::vector<Edge>*, std::size_t>> stack;
        stack.push_back({&Children(identifier), 0});
        while (!stack.empty()) {
            auto& [edges, next] = stack.back();
            if (next == edges->size()) {
                stack.pop_back();
                continue;
            }
            const std::string& child = (*edges)[next++].child;
            const CaseItem& item = Item(child);
            Skill skill;
            skill.code = PickCode(&item, competence.code);
            Texts(item, skill.name, nullptr);
            skill.identifier = item.identifier;
            competence.skills.push_back(std::move(skill));
            stack.push_back({&Children(child), 0});
        }
    }

    Competence MakeCompetence(const CaseItem& item, const std::string& area_code) {
        Competence c;
        c.code = PickCode(&item, area_code);
        Texts(item, c.name, &c.description);
        c.identifier = item.identifier;
        if (auto it = levels_.find(item.identifier); it != levels_.end()) c.levels = it->second;
        return c;
    }

    core::Result<Framework> Map() {
        Framework f;
        f.language = language_.empty() ? "fr" : language_;
        language_ = f.language;
        f.identifier = doc_identifier_;
        f.id = meta_.id.empty() ? Slugify(title_) : meta_.id;
        if (!IsValidFrameworkId(f.id)) f.id = "case-" + doc_identifier_.substr(0, 8);
        f.version = IsValidVersion(version_) ? version_ : "1.0";
        Primary(f.name, language_) = title_;
        Primary(f.description, language_) = description_;
        if (meta_.present) {
            Secondary(f.name, language_) = meta_.name;
            Secondary(f.description, language_) = meta_.description;
        }
        f.publisher = publisher_present_ ? publisher_ : creator_;
        f.licence = meta_.present ? meta_.licence : licence_title_;
        f.level_names = DefaultLevelNames();
        for (const auto& [level, name] : meta_.level_names) f.level_names[level] = name;
        if (!meta_.cut_scores.empty()) f.cut_scores = meta_.cut_scores;
        f.source = "case";

        const auto& top = Children(doc_identifier_);
        if (top.empty()) return core::Fail(r_.Bad("/CFItems", "aucun élément rattaché au CFDocument"));
        // Top-level leaves form the competences of an area named after the document.
        std::vector<const CaseItem*> leaves;
        for (const auto& edge : top) {
            if (Children(edge.child).empty()) leaves.push_back(&Item(edge.child));
        }
        if (!leaves.empty()) {
            Area area;
            area.code = PickCode(nullptr, "");
            area.name = f.name;
            area.description = f.description;
            area.identifier = DerivedUuid(doc_identifier_ + "/area/" + area.code);
            for (const CaseItem* item : leaves) area.competences.push_back(MakeCompetence(*item, area.code));
            f.areas.push_back(std::move(area));
        }
        for (const auto& edge : top) {
            if (Children(edge.child).empty()) continue;
            const CaseItem& item = Item(edge.child);
            Area area;
            area.code = PickCode(&item, "");
            Texts(item, area.name, &area.description);
            area.identifier = item.identifier;
            for (const auto& child : Children(edge.child)) {
                Competence c = MakeCompetence(Item(child.child), area.code);
                CollectSkills(child.child, c);
                area.competences.push_back(std::move(c));
            }
            f.areas.push_back(std::move(area));
        }
        if (meta_.present) {
            for (auto& area : f.areas) {
                if (auto it = meta_.descriptions.find(area.code); it != meta_.descriptions.end()) {
                    Secondary(area.description, language_) = it->second;
                }
                for (auto& c : area.competences) {
                    if (auto it = meta_.descriptions.find(c.code); it != meta_.descriptions.end()) {
                        Secondary(c.description, language_) = it->second;
                    }
                }
            }
        }
        auto valid = Validate(f);
        if (!valid) {
            auto error = valid.error();
            error.message = std::string(r_.File()) + ": référentiel obtenu invalide : " + error.message;
            return core::Fail(error);
        }
        return f;
    }

    Reader r_;
    std::string doc_identifier_, title_, creator_, publisher_, description_, language_, version_, uri_,
        last_change_, licence_title_;
    bool publisher_present_ = false;
    Metadata meta_;
    std::vector<CaseItem> items_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<Link> child_of_;
    std::vector<Link> skill_level_;
    std::map<std::string, std::map<int, std::string>> levels_;  // competence identifier -> levels
    std::set<std::string> level_items_;
    std::map<std::string, std::vector<Edge>> children_;
    std::set<std::string> codes_;
    std::map<std::string, int> next_number_;  // parent code -> last number generated under it
};

// Two-byte UTF-8 Latin-1 letters with diacritics -> ASCII base letter (0 when not a letter).
char FoldLatin1(unsigned char second) {
    static constexpr std::string_view kFold =
        "AAAAAAACEEEEIIII"   // C3 80..8F
        "DNOOOOO*OUUUUYTs"   // C3 90..9F
        "aaaaaaaceeeeiiii"   // C3 A0..AF
        "dnooooo/ouuuuyty";  // C3 B0..BF
    if (second < 0x80 || second > 0xBF) return 0;
    char c = kFold[second - 0x80];
    return (c == '*' || c == '/') ? 0 : c;
}

}  // namespace

std::string CaseUri(std::string_view public_base_url, std::string_view collection,
                    std::string_view identifier) {
    return Base(public_base_url) + "/ims/case/v1p0/" + std::string(collection) + "/" +
           std::string(identifier);
}

json ExportCasePackage(const Framework& framework, const CaseExportOptions& options) {
    return Exporter(framework, options).Package();
}

json ExportCaseDocument(const Framework& framework, const CaseExportOptions& options) {
    return Exporter(framework, options).Document();
}

std::optional<json> ExportCaseItem(const Framework& framework, std::string_view identifier,
                                   const CaseExportOptions& options) {
    Exporter exporter(framework, options);
    for (const auto& item : exporter.Items()) {
        if (item.identifier == identifier) return exporter.Item(item, true);
    }
    return std::nullopt;
}

bool LooksLikeCasePackage(const json& j) { return j.is_object() && j.contains("CFDocument"); }

core::Result<Framework> ImportCasePackage(const json& package, std::string_view file) {
    return Importer(file).Run(package);
}

std::string Slugify(std::string_view title) {
    std::string out;
    bool dash = false;
    for (std::size_t i = 0; i < title.size() && out.size() < 64; ++i) {
        unsigned char c = static_cast<unsigned char>(title[i]);
        char folded = 0;
        if (c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) folded = static_cast<char>(c);
            if (c >= 'A' && c <= 'Z') folded = static_cast<char>(c - 'A' + 'a');
        } else if (c == 0xC3 && i + 1 < title.size()) {
            folded = FoldLatin1(static_cast<unsigned char>(title[++i]));
            if (folded >= 'A' && folded <= 'Z') folded = static_cast<char>(folded - 'A' + 'a');
        } else if (c == 0xC5 && i + 1 < title.size() && (title[i + 1] == '\x93' || title[i + 1] == '\x92')) {
            ++i;  // œ / Œ
            if (!out.empty() && dash) out.push_back('-');
            dash = false;
            out += "oe";
            continue;
        }
        if (folded != 0) {
            if (dash && !out.empty()) out.push_back('-');
            dash = false;
            out.push_back(folded);
        } else {
            dash = true;
        }
    }
    if (out.size() > 64) out.resize(64);
    while (!out.empty() && out.back() == '-') out.pop_back();
    return IsValidFrameworkId(out) ? out : std::string();
}

}  // namespace passeur::framework
