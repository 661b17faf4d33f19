#include "places/place_codec.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include <core/encoding.hpp>
#include <core/located_json.hpp>
#include <core/unicode.hpp>
#include <places/csv.hpp>
#include <places/opening_hours.hpp>

namespace passeur::places {
namespace {

constexpr std::size_t kColumnCount = kColumns.size();
// Extra slots after the 32 v1 columns, for v0 columns whose values go to several v1 columns.
constexpr std::size_t kV0Publics = kColumnCount;
constexpr std::size_t kV0Conditions = kColumnCount + 1;
constexpr std::size_t kV0Labels = kColumnCount + 2;
constexpr std::size_t kSlotCount = kColumnCount + 3;
constexpr int kUnknownColumn = -1;
constexpr int kIgnoredColumn = -2;
constexpr std::size_t kMaxWarnings = 2000;

using RawRow = std::array<std::string, kSlotCount>;

struct RowInput {
    std::size_t line = 0;
    RawRow cells;
    std::string oversized;  // column name of a field over the limit
};

std::size_t ColumnIndex(std::string_view name) {
    for (std::size_t i = 0; i < kColumnCount; ++i) {
        if (kColumns[i] == name) return i;
    }
    return kColumnCount;
}

std::string_view SlotName(std::size_t slot) {
    if (slot < kColumnCount) return kColumns[slot];
    if (slot == kV0Publics) return "publics_accueillis";
    if (slot == kV0Conditions) return "conditions_acces";
    return "labels_nationaux";
}

bool IsTrimmable(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view TrimView(std::string_view s) {
    while (true) {
        while (!s.empty() && IsTrimmable(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
        while (!s.empty() && IsTrimmable(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
        // U+00A0 NO-BREAK SPACE and U+FEFF at either end.
        if (s.starts_with("\xC2\xA0")) {
            s.remove_prefix(2);
        } else if (s.ends_with("\xC2\xA0")) {
            s.remove_suffix(2);
        } else if (s.starts_with("\xEF\xBB\xBF")) {
            s.remove_prefix(3);
        } else {
            return s;
        }
    }
}

std::string Clean(std::string_view s) { return core::ToNfc(TrimView(s)); }

// Accent-, case- and spacing-insensitive key: "  Comprehension du  Monde numérique" ->
// "comprehension du monde numerique"; typographic apostrophes become '.
std::string Fold(std::string_view s) {
    const std::string lowered = core::ToLower(core::StripMarks(TrimView(s)));
    std::string out;
    out.reserve(lowered.size());
    bool space = false;
    for (std::size_t i = 0; i < lowered.size(); ++i) {
        const char c = lowered[i];
        if (lowered.compare(i, 3, "\xE2\x80\x99") == 0) {  // U+2019
            out.push_back('\'');
            i += 2;
            space = false;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '_') {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(c);
    }
    return out;
}

std::vector<std::string> Split(std::string_view s, std::string_view separators) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto pos = s.find_first_of(separators, start);
        const auto part = TrimView(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
        if (!part.empty()) parts.emplace_back(part);
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return parts;
}

template <typename E>
std::string ValueList() {
    std::string out;
    for (auto v : Values<E>()) {
        if (!out.empty()) out += " | ";
        out += v;
    }
    return out;
}

// Alias spellings (folded) accepted for v1 values: schema typos and frequent variants.
template <typename E>
std::vector<std::pair<std::string, E>> Aliases() {
    return {};
}
template <>
std::vector<std::pair<std::string, PriseEnCharge>> Aliases<PriseEnCharge>() {
    return {{"illetrisme", PriseEnCharge::kIllettrisme},
            {"langues etrangeres (autres) sont tous des formes de deficience visuelle",
             PriseEnCharge::kLanguesEtrangeresAutres}};
}
template <>
std::vector<std::pair<std::string, FormationLabel>> Aliases<FormationLabel>() {
    return {{"forme a « duplex » (illetrisme)", FormationLabel::kFormeADuplex},
            {"sud labs", FormationLabel::kSudLabs},
            {"etapes numeriques(la poste)", FormationLabel::kEtapesNumeriques}};
}
template <>
std::vector<std::pair<std::string, Dispositif>> Aliases<Dispositif>() {
    return {{"grandes ecoles du numerique", Dispositif::kGrandeEcoleDuNumerique},
            {"cnfs", Dispositif::kConseillersNumeriques},
            {"conseiller numerique", Dispositif::kConseillersNumeriques},
            {"point numerique caf", Dispositif::kPointNumeriqueCaf},
            {"point relais caf", Dispositif::kPointNumeriqueCaf}};
}

// v0 values, folded (old schema "Schema_V1.json" of 2022 and its variants) -> v1 value.
const std::vector<std::pair<std::string, Service>>& V0Services() {
    static const std::vector<std::pair<std::string, Service>> kTable = {
        {"devenir autonome dans les demarches administratives", Service::kAideAuxDemarchesAdministratives},
        {"realiser des demarches administratives avec un accompagnement",
         Service::kAideAuxDemarchesAdministratives},
        {"accompagner les demarches de sante", Service::kAideAuxDemarchesAdministratives},
        {"prendre en main un smartphone ou une tablette", Service::kMaitriseDesOutilsNumeriquesDuQuotidien},
        {"prendre en main un ordinateur", Service::kMaitriseDesOutilsNumeriquesDuQuotidien},
        {"utiliser le numerique au quotidien", Service::kMaitriseDesOutilsNumeriquesDuQuotidien},
        {"approfondir ma culture numerique", Service::kComprehensionDuMondeNumerique},
        {"promouvoir la citoyennete numerique", Service::kComprehensionDuMondeNumerique},
        {"favoriser mon insertion professionnelle", Service::kInsertionProfessionnelleViaLeNumerique},
        {"creer et developper mon entreprise", Service::kInsertionProfessionnelleViaLeNumerique},
        {"acceder a une connexion internet", Service::kAccesInternetEtMaterielInformatique},
        {"acceder a du materiel", Service::kAccesInternetEtMaterielInformatique},
        {"s'equiper en materiel informatique", Service::kAcquisitionDeMaterielInformatiqueAPrixSolidaire},
        {"creer avec le numerique", Service::kLoisirsEtCreationsNumeriques},
        {"soutenir la parentalite et l'education avec le numerique",
         Service::kParentaliteEtEducationAvecLeNumerique},
    };
    return kTable;
}

const std::vector<std::pair<std::string, ModaliteAccompagnement>>& V0Accompagnement() {
    static const std::vector<std::pair<std::string, ModaliteAccompagnement>> kTable = {
        {"seul", ModaliteAccompagnement::kEnAutonomie},
        {"avec de l'aide", ModaliteAccompagnement::kAccompagnementIndividuel},
        {"dans un atelier", ModaliteAccompagnement::kDansUnAtelierCollectif},
        {"a ma place", ModaliteAccompagnement::kAccompagnementIndividuel},
    };
    return kTable;
}

const std::vector<std::pair<std::string, Frais>>& V0Conditions() {
    static const std::vector<std::pair<std::string, Frais>> kTable = {
        {"gratuit", Frais::kGratuit},
        {"gratuit sous condition", Frais::kGratuitSousCondition},
        {"payant", Frais::kPayant},
        {"adhesion", Frais::kGratuitSousCondition},
        {"accepte le pass numerique", Frais::kGratuitSousCondition},
        {"pass numerique", Frais::kGratuitSousCondition},
    };
    return kTable;
}

struct V0Public {
    std::string key;
    std::optional<PublicSpecifique> public_specifique;
    std::optional<PriseEnCharge> prise_en_charge;
};

const std::vector<V0Public>& V0Publics() {
    static const std::vector<V0Public> kTable = {
        {"seniors (+ 65 ans)", PublicSpecifique::kSeniors, std::nullopt},
        {"familles/enfants", PublicSpecifique::kFamillesEnfants, std::nullopt},
        {"jeunes (16-26 ans)", PublicSpecifique::kJeunes, std::nullopt},
        {"uniquement femmes", PublicSpecifique::kFemmes, std::nullopt},
        {"public langues etrangeres", std::nullopt, PriseEnCharge::kLanguesEtrangeresAutres},
        {"deficience visuelle", std::nullopt, PriseEnCharge::kDeficienceVisuelle},
        {"surdite", std::nullopt, PriseEnCharge::kSurdite},
        {"handicaps psychiques", std::nullopt, PriseEnCharge::kHandicapsMentaux},
        {"handicaps mentaux", std::nullopt, PriseEnCharge::kHandicapsMentaux},
        {"handicaps moteurs", std::nullopt, PriseEnCharge::kHandicapsMoteurs},
        {"personnes en situation d'illettrisme", std::nullopt, PriseEnCharge::kIllettrisme},
        {"adultes", std::nullopt, std::nullopt},
        {"tout public", std::nullopt, std::nullopt},
    };
    return kTable;
}

// Folded prefix of a v0 "Label : explanation" value.
std::string FoldedPrefix(std::string_view value) {
    const auto colon = value.find(" :");
    return Fold(colon == std::string_view::npos ? value : value.substr(0, colon));
}

template <typename T>
std::optional<T> LookUp(const std::vector<std::pair<std::string, T>>& table, std::string_view folded) {
    for (const auto& [key, value] : table) {
        if (key == folded) return value;
    }
    return std::nullopt;
}

// One value of enum E: exact, then folded, then an alias, then the part before " : " or " (".
template <typename E>
std::optional<std::pair<E, bool>> MatchValue(std::string_view value,
                                             const std::vector<std::pair<std::string, E>>& extra = {}) {
    if (auto exact = FromString<E>(value)) return std::pair{*exact, false};
    static const auto kFolded = [] {
        std::vector<std::pair<std::string, E>> table;
        const auto values = Values<E>();
        for (std::size_t i = 0; i < values.size(); ++i)
            table.emplace_back(Fold(values[i]), static_cast<E>(i));
        for (auto& alias : Aliases<E>()) table.push_back(std::move(alias));
        return table;
    }();
    const std::string folded = Fold(value);
    if (auto hit = LookUp(kFolded, folded)) return std::pair{*hit, true};
    if (auto hit = LookUp(extra, folded)) return std::pair{*hit, true};
    for (std::string_view cut : {std::string_view(" :"), std::string_view(" (")}) {
        const auto pos = value.find(cut);
        if (pos == std::string_view::npos || pos == 0) continue;
        const std::string prefix = Fold(value.substr(0, pos));
        if (auto hit = LookUp(kFolded, prefix)) return std::pair{*hit, true};
        if (auto hit = LookUp(extra, prefix)) return std::pair{*hit, true};
    }
    return std::nullopt;
}

class RowParser {
public:
    RowParser(StandardVersion version, const ImportOptions& options, ImportResult& result)
        : version_(version), options_(options), result_(result) {}

    std::optional<Place> Parse(const RowInput& row) {
        line_ = row.line;
        problems_.clear();
        const RawRow& c = row.cells;
        Place p;
        p.id = Clean(c[0]);
        if (!row.oversized.empty()) {
            Problem(row.oversized,
                    "champ trop long (plus de " + std::to_string(options_.max_field_bytes) + " octets)");
        }
        p.pivot = Clean(c[1]);
        std::erase_if(p.pivot, [](char ch) { return ch == ' '; });
        p.nom = Clean(c[2]);
        p.commune = Clean(c[3]);
        p.code_postal = PadCode("code_postal", Clean(c[4]));
        p.code_insee = PadCode("code_insee", Clean(c[5]));
        std::transform(p.code_insee.begin(), p.code_insee.end(), p.code_insee.begin(), [](char ch) {
            return ch == 'a' ? 'A' : ch == 'b' ? 'B' : ch;
        });
        p.adresse = Clean(c[6]);
        p.complement_adresse = Clean(c[7]);
        p.latitude = Coordinate("latitude", c[8]);
        p.longitude = Coordinate("longitude", c[9]);
        p.typologies = Enums<Typologie>(10, c[10], "|;,");
        const std::string phone = Clean(c[11]);
        if (!phone.empty()) {
            if (auto normalized = NormalizePhone(phone)) {
                p.telephone = *normalized;
            } else {
                Problem("telephone", "« " + phone + " » n'est pas un numéro de téléphone français");
            }
        }
        for (auto& email : Split(Clean(c[12]), "|;, ")) p.courriels.push_back(std::move(email));
        p.site_web = Urls(Clean(c[13]));
        p.horaires = Clean(c[14]);
        if (!p.horaires.empty()) {
            const auto hours = OpeningHours::Parse(p.horaires);
            if (!hours.parsed()) Warn(line_, "horaires", hours.error());
        }
        p.presentation_resume = Clean(c[15]);
        p.presentation_detail = Clean(c[16]);
        p.source = Clean(c[17]);
        p.itinerance = Enums<Itinerance>(18, c[18], "|;,");
        p.structure_parente = Clean(c[19]);
        p.date_maj = DateMaj(Clean(c[20]));
        p.services = version_ == StandardVersion::kV0 ? Enums<Service>(21, c[21], "|;", V0Services())
                                                      : Enums<Service>(21, c[21], "|;");
        p.publics_specifiquement_adresses = Enums<PublicSpecifique>(22, c[22], "|;");
        p.prise_en_charge_specifique = Enums<PriseEnCharge>(23, c[23], "|;");
        p.frais_a_charge = Enums<Frais>(24, c[24], "|;");
        p.dispositif_programmes_nationaux = Enums<Dispositif>(25, c[25], "|;");
        p.formations_labels = Enums<FormationLabel>(26, c[26], "|;");
        for (auto& label : Split(Clean(c[27]), version_ == StandardVersion::kV0 ? "|;," : "|")) {
            p.autres_formations_labels.push_back(std::move(label));
        }
        p.modalites_acces = Enums<ModaliteAcces>(28, c[28], "|;");
        p.modalites_accompagnement = version_ == StandardVersion::kV0
                                         ? Enums<ModaliteAccompagnement>(29, c[29], "|;", V0Accompagnement())
                                         : Enums<ModaliteAccompagnement>(29, c[29], "|;");
        p.fiche_acces_libre = Clean(c[30]);
        p.prise_rdv = Clean(c[31]);
        if (version_ == StandardVersion::kV0) ApplyV0(c, p);

        for (auto& problem : ValidatePlace(p)) {
            if (std::none_of(problems_.begin(), problems_.end(),
                             [&](const FieldProblem& f) { return f.field == problem.field; })) {
                problems_.push_back(std::move(problem));
            }
        }
        if (!problems_.empty()) {
            for (auto& problem : problems_) {
                result_.rejected.push_back(
                    {line_, p.id, std::move(problem.field), std::move(problem.reason)});
            }
            return std::nullopt;
        }
        return p;
    }

    void Warn(std::size_t line, std::string field, std::string message) {
        if (result_.warnings.size() < kMaxWarnings) {
            result_.warnings.push_back({line, std::move(field), std::move(message)});
        } else if (result_.warnings.size() == kMaxWarnings) {
            result_.warnings.push_back({0, "", "trop d'avertissements : les suivants ne sont pas listés"});
        }
    }

private:
    void Problem(std::string_view field, std::string reason) {
        problems_.push_back({std::string(field), std::move(reason)});
    }

    // Spreadsheets drop the leading zero of 01000: put it back, with a warning.
    std::string PadCode(std::string_view field, std::string code) {
        if (code.size() == 4 &&
            std::all_of(code.begin(), code.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
            Warn(line_, std::string(field), "« " + code + " » complété en « 0" + code + " »");
            return "0" + code;
        }
        return code;
    }

    std::optional<double> Coordinate(std::string_view field, std::string_view raw) {
        std::string text = Clean(raw);
        if (text.empty()) return std::nullopt;
        std::replace(text.begin(), text.end(), ',', '.');  // French decimal comma
        double value = 0;
        const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
        const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
        if (ec != std::errc{} || end != text.data() + text.size()) {
            Problem(field, "« " + text + " » n'est pas un nombre");
            return std::nullopt;
        }
        return value;
    }

    std::vector<std::string> Urls(const std::string& cell) {
        std::vector<std::string> urls;
        for (auto& part : Split(cell, "|")) {
            // 0.x files separate URLs with ';' or ','.
            std::vector<std::string> pieces = Split(part, ";,");
            const bool all_urls =
                pieces.size() > 1 && std::all_of(pieces.begin(), pieces.end(), [](const auto& u) {
                    return u.starts_with("http") || u.starts_with("www.");
                });
            if (!all_urls) pieces = {part};
            for (auto& url : pieces) {
                if (url.starts_with("www.")) {
                    Warn(line_, "site_web", "« " + url + " » complété en « https://" + url + " »");
                    url = "https://" + url;
                }
                urls.push_back(std::move(url));
            }
        }
        return urls;
    }

    Date DateMaj(const std::string& text) {
        Date d{0, 0, 0};
        auto number = [&text](std::size_t pos, std::size_t len, int& out) {
            if (pos + len > text.size()) return false;
            const auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, out);
            return ec == std::errc{} && end == text.data() + pos + len;
        };
        if (text.empty()) {
            if (options_.default_date_maj) {
                Warn(line_, "date_maj", "date absente : date de l'import utilisée");
                return *options_.default_date_maj;
            }
            Problem("date_maj", "champ obligatoire vide");
            return d;
        }
        bool ok = false;
        if (text.size() >= 10 && text[4] == '-' && text[7] == '-' &&
            (text.size() == 10 || text[10] == 'T' || text[10] == ' ')) {
            ok = number(0, 4, d.year) && number(5, 2, d.month) && number(8, 2, d.day);
        } else if (text.size() == 10 && text[2] == '/' && text[5] == '/') {
            ok = number(0, 2, d.day) && number(3, 2, d.month) && number(6, 4, d.year);
        }
        if (!ok || !IsValidDate(d)) {
            Problem("date_maj", "« " + text + " » n'est pas une date AAAA-MM-JJ");
            return Date{0, 0, 0};
        }
        return d;
    }

    // A list of E from one cell: split on `separators`; a part that is no value is tried again
    // split on ','. Corrected spellings are accepted with a warning; unknown values are problems.
    template <typename E>
    std::vector<E> Enums(std::size_t slot, std::string_view raw, std::string_view separators,
                         const std::vector<std::pair<std::string, E>>& extra = {}) {
        std::vector<E> out;
        const std::string cell = Clean(raw);
        if (cell.empty()) return out;
        auto add = [&out](E value) {
            if (std::find(out.begin(), out.end(), value) == out.end()) out.push_back(value);
        };
        for (const auto& part : Split(cell, separators)) {
            if (auto m = MatchValue<E>(part, extra)) {
                if (m->second) Corrected(slot, part, ToString(m->first));
                add(m->first);
                continue;
            }
            std::vector<E> pieces;
            bool all = part.find(',') != std::string::npos;
            for (const auto& piece : all ? Split(part, ",") : std::vector<std::string>{}) {
                auto m = MatchValue<E>(piece, extra);
                if (!m) {
                    all = false;
                    break;
                }
                pieces.push_back(m->first);
            }
            if (all) {
                for (E value : pieces) add(value);
                continue;
            }
            Problem(SlotName(slot),
                    "valeur inconnue « " + part + " » (valeurs possibles : " + ValueList<E>() + ")");
        }
        return out;
    }

    void Corrected(std::size_t slot, std::string_view from, std::string_view to) {
        Warn(line_, std::string(SlotName(slot)),
             "« " + std::string(from) + " » lu comme « " + std::string(to) + " »");
    }

    // v0 columns whose values spread over several v1 columns.
    void ApplyV0(const RawRow& c, Place& p) {
        auto add_unique = [](auto& list, auto value) {
            if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
        };
        for (const auto& part : Split(Clean(c[kV0Publics]), "|;,")) {
            const std::string key = Fold(part);
            const auto it = std::find_if(V0Publics().begin(), V0Publics().end(), [&key](const V0Public& e) {
                return key == e.key || key.starts_with(e.key + " :");
            });
            if (it != V0Publics().end()) {
                if (it->public_specifique)
                    add_unique(p.publics_specifiquement_adresses, *it->public_specifique);
                if (it->prise_en_charge) add_unique(p.prise_en_charge_specifique, *it->prise_en_charge);
                if (!it->public_specifique && !it->prise_en_charge) {
                    Warn(line_, "publics_accueillis",
                         "« " + part + " » : tout public, rien à préciser en v1");
                }
            } else if (auto pub = MatchValue<PublicSpecifique>(part)) {
                add_unique(p.publics_specifiquement_adresses, pub->first);
            } else if (auto pec = MatchValue<PriseEnCharge>(part)) {
                add_unique(p.prise_en_charge_specifique, pec->first);
            } else {
                Problem("publics_accueillis", "valeur inconnue « " + part + " »");
            }
        }
        for (const auto& part : Split(Clean(c[kV0Conditions]), "|;")) {
            if (auto frais = LookUp(V0Conditions(), FoldedPrefix(part))) {
                add_unique(p.frais_a_charge, *frais);
            } else {
                Problem("conditions_acces", "valeur inconnue « " + part + " »");
            }
        }
        for (const auto& part : Split(Clean(c[kV0Labels]), "|;,")) {
            if (auto dispositif = MatchValue<Dispositif>(part)) {
                add_unique(p.dispositif_programmes_nationaux, dispositif->first);
            } else if (auto label = MatchValue<FormationLabel>(part)) {
                add_unique(p.formations_labels, label->first);
            } else {
                add_unique(p.autres_formations_labels, part);
                Warn(line_, "labels_nationaux",
                     "« " + part + " » sans équivalent v1 : mis dans autres_formations_labels");
            }
        }
    }

    StandardVersion version_;
    const ImportOptions& options_;
    ImportResult& result_;
    std::size_t line_ = 0;
    std::vector<FieldProblem> problems_;
};

// Header name -> slot, kUnknownColumn or kIgnoredColumn.
int SlotOf(std::string_view header_name) {
    std::string name = Fold(header_name);
    std::replace(name.begin(), name.end(), ' ', '_');
    static const std::unordered_map<std::string, int> kAliases = {
        {"courriel", 12},
        {"modalite_acces", 28},
        {"modalite_accompagnement", 29},
        {"accessibilite", 30},
        {"labels_autres", 27},
        {"typologies", 10},
        {"publics_accueillis", static_cast<int>(kV0Publics)},
        {"conditions_acces", static_cast<int>(kV0Conditions)},
        {"labels_nationaux", static_cast<int>(kV0Labels)},
        {"cle_ban", kIgnoredColumn},
    };
    if (const auto index = ColumnIndex(name); index < kColumnCount) return static_cast<int>(index);
    if (const auto it = kAliases.find(name); it != kAliases.end()) return it->second;
    return kUnknownColumn;
}

StandardVersion DetectVersion(const std::vector<std::string>& names) {
    static const std::vector<std::string> kV1Only = {"courriels",
                                                     "publics_specifiquement_adresses",
                                                     "prise_en_charge_specifique",
                                                     "frais_a_charge",
                                                     "formations_labels",
                                                     "dispositif_programmes_nationaux",
                                                     "modalites_acces",
                                                     "fiche_acces_libre",
                                                     "autres_formations_labels"};
    static const std::vector<std::string> kV0Only = {
        "courriel",      "publics_accueillis", "conditions_acces", "labels_nationaux",
        "labels_autres", "accessibilite",      "cle_ban"};
    bool v0 = false;
    for (const auto& raw : names) {
        std::string name = Fold(raw);
        std::replace(name.begin(), name.end(), ' ', '_');
        if (std::find(kV1Only.begin(), kV1Only.end(), name) != kV1Only.end()) return StandardVersion::kV1;
        if (std::find(kV0Only.begin(), kV0Only.end(), name) != kV0Only.end()) v0 = true;
    }
    return v0 ? StandardVersion::kV0 : StandardVersion::kV1;
}

struct Columns {
    std::vector<int> slots;  // per input column
    bool any_known = false;
};

Columns MapColumns(const std::vector<std::string>& names, RowParser& parser) {
    Columns columns;
    std::string unknown;
    std::vector<bool> seen(kSlotCount, false);
    for (const auto& name : names) {
        int slot = SlotOf(name);
        if (slot >= 0 && seen[static_cast<std::size_t>(slot)]) {
            parser.Warn(0, name, "colonne en double : seule la première est lue");
            slot = kIgnoredColumn;
        }
        if (slot >= 0) {
            seen[static_cast<std::size_t>(slot)] = true;
            columns.any_known = true;
        }
        if (slot == kUnknownColumn) unknown += (unknown.empty() ? "" : ", ") + name;
        columns.slots.push_back(slot);
    }
    if (!unknown.empty()) parser.Warn(0, "", "colonnes ignorées (hors du standard) : " + unknown);
    return columns;
}

// Parses every row; `malformed` rows were already rejected before parsing.
void Accept(const std::vector<RowInput>& rows, std::size_t malformed, StandardVersion version,
            ImportResult& result, RowParser& parser) {
    result.version = version;
    result.rows = rows.size() + malformed;
    std::unordered_map<std::string, std::size_t> seen_ids;
    seen_ids.reserve(rows.size());
    result.places.reserve(rows.size());
    result.lines.reserve(rows.size());
    for (const auto& row : rows) {
        auto place = parser.Parse(row);
        if (!place) continue;
        const auto [it, inserted] = seen_ids.emplace(place->id, row.line);
        if (!inserted) {
            result.rejected.push_back(
                {row.line, place->id, "id", "id en double (déjà ligne " + std::to_string(it->second) + ")"});
            continue;
        }
        result.places.push_back(std::move(*place));
        result.lines.push_back(row.line);
    }
}

core::Result<ImportResult> ImportCsv(std::string_view text, const ImportOptions& options,
                                     ImportResult result) {
    CsvLimits limits;
    limits.max_field_bytes = options.max_field_bytes;
    limits.max_rows = options.max_rows;
    auto table = ParseCsv(text, limits);
    if (!table) return core::Fail(table.error());
    const StandardVersion version = DetectVersion(table->header);
    RowParser parser(version, options, result);
    const Columns columns = MapColumns(table->header, parser);
    if (!columns.any_known) {
        return core::Fail(core::Error::InvalidArgument(
            "ligne 1 : aucune colonne du standard des lieux de médiation numérique (id, nom, services...)"));
    }
    std::vector<RowInput> rows;
    rows.reserve(table->rows.size());
    std::size_t malformed = 0;
    for (auto& csv_row : table->rows) {
        RowInput row;
        row.line = csv_row.line;
        const std::size_t count = std::min(csv_row.fields.size(), columns.slots.size());
        for (std::size_t i = 0; i < count; ++i) {
            const int slot = columns.slots[i];
            if (slot >= 0) row.cells[static_cast<std::size_t>(slot)] = std::move(csv_row.fields[i]);
            if (i == csv_row.oversized_field) row.oversized = table->header[i];
        }
        if (csv_row.fields.size() > columns.slots.size()) {
            const bool extra_empty =
                std::all_of(csv_row.fields.begin() + static_cast<std::ptrdiff_t>(count), csv_row.fields.end(),
                            [](const auto& f) { return f.empty(); });
            if (!extra_empty) {
                result.rejected.push_back({row.line, Clean(row.cells[0]), "",
                                           std::to_string(csv_row.fields.size()) + " champs pour " +
                                               std::to_string(columns.slots.size()) +
                                               " colonnes (séparateur ou guillemet en trop ?)"});
                ++malformed;
                continue;
            }
        }
        rows.push_back(std::move(row));
    }
    Accept(rows, malformed, version, result, parser);
    return result;
}

std::string JsonCell(const nlohmann::json& value) {
    if (value.is_null()) return {};
    if (value.is_string()) return value.get<std::string>();
    if (value.is_array()) {
        std::string joined;
        for (const auto& item : value) {
            if (!joined.empty()) joined += '|';
            joined += JsonCell(item);
        }
        return joined;
    }
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

core::Result<ImportResult> ImportJson(std::string_view text, const ImportOptions& options,
                                      ImportResult result) {
    core::JsonParseLimits limits;
    limits.max_bytes = options.max_bytes;
    limits.max_depth = 8;
    auto parsed = core::ParseLocatedJson(text, limits);
    if (!parsed) return core::Fail(parsed.error().ToError());
    const nlohmann::json& root = parsed->value;
    if (!root.is_array()) {
        return core::Fail(core::Error::InvalidArgument("ligne 1 : un tableau JSON de lieux est attendu"));
    }
    if (root.size() > options.max_rows) {
        return core::Fail(core::Error::InvalidArgument("plus de " + std::to_string(options.max_rows) +
                                                       " lieux dans le fichier"));
    }
    std::vector<std::string> keys;
    for (const auto& item : root) {
        if (!item.is_object()) continue;
        for (const auto& [key, value] : item.items()) {
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
        }
    }
    const StandardVersion version = DetectVersion(keys);
    RowParser parser(version, options, result);
    const Columns columns = MapColumns(keys, parser);
    if (!columns.any_known && !root.empty()) {
        return core::Fail(
            core::Error::InvalidArgument("aucune clé du standard des lieux de médiation numérique"));
    }
    std::vector<RowInput> rows;
    rows.reserve(root.size());
    std::size_t malformed = 0;
    for (std::size_t i = 0; i < root.size(); ++i) {
        const auto& item = root[i];
        const std::size_t line = parsed->LineOf(core::JsonPointerAppend("", i));
        if (!item.is_object()) {
            result.rejected.push_back({line, "", "", "un objet JSON est attendu"});
            ++malformed;
            continue;
        }
        RowInput row;
        row.line = line;
        for (const auto& [key, value] : item.items()) {
            const auto at = std::find(keys.begin(), keys.end(), key) - keys.begin();
            const int slot = columns.slots[static_cast<std::size_t>(at)];
            if (slot < 0) continue;
            std::string cell = JsonCell(value);
            if (cell.size() > options.max_field_bytes) {
                row.oversized = key;
                cell.clear();
            }
            row.cells[static_cast<std::size_t>(slot)] = std::move(cell);
        }
        rows.push_back(std::move(row));
    }
    Accept(rows, malformed, version, result, parser);
    return result;
}

template <typename E>
std::string Join(const std::vector<E>& values) {
    std::string out;
    for (const auto& value : values) {
        if (!out.empty()) out += '|';
        if constexpr (std::is_same_v<E, std::string>) {
            out += value;
        } else {
            out += ToString(value);
        }
    }
    return out;
}

std::string FormatCoordinate(std::optional<double> value) {
    if (!value) return {};
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *value);
    return ec == std::errc{} ? std::string(buf, end) : std::string{};
}

}  // namespace

std::string ColumnValue(const Place& p, std::string_view column) {
    switch (ColumnIndex(column)) {
        case 0:
            return p.id;
        case 1:
            return p.pivot;
        case 2:
            return p.nom;
        case 3:
            return p.commune;
        case 4:
            return p.code_postal;
        case 5:
            return p.code_insee;
        case 6:
            return p.adresse;
        case 7:
            return p.complement_adresse;
        case 8:
            return FormatCoordinate(p.latitude);
        case 9:
            return FormatCoordinate(p.longitude);
        case 10:
            return Join(p.typologies);
        case 11:
            return p.telephone;
        case 12:
            return Join(p.courriels);
        case 13:
            return Join(p.site_web);
        case 14:
            return p.horaires;
        case 15:
            return p.presentation_resume;
        case 16:
            return p.presentation_detail;
        case 17:
            return p.source;
        case 18:
            return Join(p.itinerance);
        case 19:
            return p.structure_parente;
        case 20:
            return IsValidDate(p.date_maj) ? FormatIsoDate(p.date_maj) : std::string{};
        case 21:
            return Join(p.services);
        case 22:
            return Join(p.publics_specifiquement_adresses);
        case 23:
            return Join(p.prise_en_charge_specifique);
        case 24:
            return Join(p.frais_a_charge);
        case 25:
            return Join(p.dispositif_programmes_nationaux);
        case 26:
            return Join(p.formations_labels);
        case 27:
            return Join(p.autres_formations_labels);
        case 28:
            return Join(p.modalites_acces);
        case 29:
            return Join(p.modalites_accompagnement);
        case 30:
            return p.fiche_acces_libre;
        case 31:
            return p.prise_rdv;
        default:
            return {};
    }
}

core::Result<ImportResult> ImportPlaces(std::string_view bytes, const ImportOptions& options) {
    if (bytes.size() > options.max_bytes) {
        return core::Fail(core::Error{core::ErrorCode::kPayloadTooLarge,
                                      "fichier de " + std::to_string(bytes.size()) + " octets, limite " +
                                          std::to_string(options.max_bytes),
                                      {}});
    }
    ImportResult result;
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    std::string decoded;
    if (!core::IsValidUtf8(bytes)) {
        decoded = core::Windows1252ToUtf8(bytes);
        bytes = decoded;
        result.windows_1252 = true;
        result.warnings.push_back({0, "", "le fichier n'est pas en UTF-8 : lu comme Windows-1252"});
    }
    FileFormat format = options.format;
    if (format == FileFormat::kAuto) {
        const auto first = bytes.find_first_not_of(" \t\r\n");
        format =
            first != std::string_view::npos && bytes[first] == '[' ? FileFormat::kJson : FileFormat::kCsv;
    }
    if (format == FileFormat::kJson) return ImportJson(bytes, options, std::move(result));
    return ImportCsv(bytes, options, std::move(result));
}

std::string ExportCsv(std::span<const Place> places) {
    std::string out;
    out.reserve(512 + places.size() * 400);
    for (std::size_t i = 0; i < kColumns.size(); ++i) {
        if (i > 0) out.push_back(',');
        out.append(kColumns[i]);
    }
    out.append("\r\n");
    for (const auto& place : places) {
        for (std::size_t i = 0; i < kColumns.size(); ++i) {
            if (i > 0) out.push_back(',');
            AppendCsvField(out, core::ToNfc(ColumnValue(place, kColumns[i])));
        }
        out.append("\r\n");
    }
    return out;
}

std::string ExportJson(std::span<const Place> places) {
    std::string out = "[";
    bool first = true;
    for (const auto& place : places) {
        nlohmann::ordered_json object = nlohmann::ordered_json::object();
        for (std::string_view column : kColumns) {
            if (column == "latitude" || column == "longitude") {
                const auto value = column == "latitude" ? place.latitude : place.longitude;
                if (value) object[std::string(column)] = *value;
                continue;
            }
            std::string value = core::ToNfc(ColumnValue(place, column));
            if (!value.empty()) object[std::string(column)] = std::move(value);
        }
        out += first ? "\n" : ",\n";
        first = false;
        out += object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    }
    out += places.empty() ? "]\n" : "\n]\n";
    return out;
}

}  // namespace passeur::places
