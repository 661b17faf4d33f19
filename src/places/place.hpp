// The mediation place ("lieu de médiation numérique") of the national data standard
// (La MedNum, schéma des lieux de médiation numérique v1.x), with its closed vocabularies.
//
// Enum strings are exactly those of the reference library @gouvfr-anct/lieux-de-mediation-numerique
// (which fixes the schema's typos, see docs/formats/places.md). All text in a Place is UTF-8 NFC,
// trimmed; an empty string or an empty list means "not given".
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace passeur::places {

// X(enumerator, "exact string of the standard")
#define PASSEUR_PLACES_SERVICES(X)                                                            \
    X(kAideAuxDemarchesAdministratives, "Aide aux démarches administratives")                 \
    X(kMaitriseDesOutilsNumeriquesDuQuotidien, "Maîtrise des outils numériques du quotidien") \
    X(kInsertionProfessionnelleViaLeNumerique, "Insertion professionnelle via le numérique")  \
    X(kUtilisationSecuriseeDuNumerique, "Utilisation sécurisée du numérique")                 \
    X(kParentaliteEtEducationAvecLeNumerique, "Parentalité et éducation avec le numérique")   \
    X(kLoisirsEtCreationsNumeriques, "Loisirs et créations numériques")                       \
    X(kComprehensionDuMondeNumerique, "Compréhension du monde numérique")                     \
    X(kAccesInternetEtMaterielInformatique, "Accès internet et matériel informatique")        \
    X(kAcquisitionDeMaterielInformatiqueAPrixSolidaire,                                       \
      "Acquisition de matériel informatique à prix solidaire")

#define PASSEUR_PLACES_PUBLICS(X)                 \
    X(kJeunes, "Jeunes")                          \
    X(kEtudiants, "Étudiants")                    \
    X(kFamillesEnfants, "Familles et/ou enfants") \
    X(kSeniors, "Seniors")                        \
    X(kFemmes, "Femmes")

#define PASSEUR_PLACES_PRISES_EN_CHARGE(X)                       \
    X(kSurdite, "Surdité")                                       \
    X(kHandicapsMoteurs, "Handicaps moteurs")                    \
    X(kHandicapsMentaux, "Handicaps mentaux")                    \
    X(kIllettrisme, "Illettrisme")                               \
    X(kLanguesEtrangeresAnglais, "Langues étrangères (anglais)") \
    X(kLanguesEtrangeresAutres, "Langues étrangères (autres)")   \
    X(kDeficienceVisuelle, "Déficience visuelle")

#define PASSEUR_PLACES_FRAIS(X)                        \
    X(kGratuit, "Gratuit")                             \
    X(kGratuitSousCondition, "Gratuit sous condition") \
    X(kPayant, "Payant")

#define PASSEUR_PLACES_ITINERANCES(X) \
    X(kItinerant, "Itinérant")        \
    X(kFixe, "Fixe")

#define PASSEUR_PLACES_MODALITES_ACCES(X)                                     \
    X(kSePresenter, "Se présenter")                                           \
    X(kTelephoner, "Téléphoner")                                              \
    X(kContacterParMail, "Contacter par mail")                                \
    X(kPrescriptionParMail, "Envoyer un mail avec une fiche de prescription") \
    X(kPrendreRdvEnLigne, "Prendre un RDV en ligne")                          \
    X(kPasDePublic, "Ce lieu n'accueille pas de public")

#define PASSEUR_PLACES_MODALITES_ACCOMPAGNEMENT(X)            \
    X(kEnAutonomie, "En autonomie")                           \
    X(kAccompagnementIndividuel, "Accompagnement individuel") \
    X(kDansUnAtelierCollectif, "Dans un atelier collectif")   \
    X(kADistance, "À distance")

#define PASSEUR_PLACES_DISPOSITIFS(X)                                             \
    X(kAidantsConnect, "Aidants Connect")                                         \
    X(kBibliothequesNumeriqueDeReference, "Bibliothèques numérique de référence") \
    X(kCertificationPix, "Certification PIX")                                     \
    X(kConseillersNumeriques, "Conseillers numériques")                           \
    X(kEmmausConnect, "Emmaüs Connect")                                           \
    X(kFranceServices, "France Services")                                         \
    X(kGrandeEcoleDuNumerique, "Grande école du numérique")                       \
    X(kLaCroixRouge, "La Croix Rouge")                                            \
    X(kPointNumeriqueCaf, "Point d'accès numérique CAF")                          \
    X(kPromeneursDuNet, "Promeneurs du net")                                      \
    X(kRelaisNumeriqueEmmausConnect, "Relais numérique (Emmaüs Connect)")

#define PASSEUR_PLACES_FORMATIONS_LABELS(X)                                                          \
    X(kFormeAMonEspaceSante, "Formé à « Mon Espace Santé »")                                         \
    X(kFormeADuplex, "Formé à « DUPLEX » (illettrisme)")                                             \
    X(kArniaMednum, "Arnia/MedNum BFC (Bourgogne-Franche-Comté)")                                    \
    X(kCollectifRessourcesEtActeursReemploi, "Collectif ressources et acteurs réemploi (Normandie)") \
    X(kEtapesNumeriques, "Étapes numériques (La Poste)")                                             \
    X(kFabriquesDeTerritoire, "Fabriques de Territoire")                                             \
    X(kLesEclaireurs, "Les Éclaireurs du numérique (Drôme)")                                         \
    X(kMesPapiers, "Mes Papiers (Métropole de Lyon)")                                                \
    X(kOrdi3, "ORDI 3.0")                                                                            \
    X(kSudLabs, "SUD LABS (PACA)")

// Structure types (the data.inclusion vocabulary as the reference library lists it).
#define PASSEUR_PLACES_TYPOLOGIES(X)    \
    X(kAci, "ACI")                      \
    X(kAciphc, "ACIPHC")                \
    X(kAfpa, "AFPA")                    \
    X(kAi, "AI")                        \
    X(kAse, "ASE")                      \
    X(kAsso, "ASSO")                    \
    X(kAssoChomeur, "ASSO_CHOMEUR")     \
    X(kAutre, "Autre")                  \
    X(kAvip, "AVIP")                    \
    X(kBib, "BIB")                      \
    X(kCaarud, "CAARUD")                \
    X(kCada, "CADA")                    \
    X(kCaf, "CAF")                      \
    X(kCapEmploi, "CAP_EMPLOI")         \
    X(kCava, "CAVA")                    \
    X(kCc, "CC")                        \
    X(kCcas, "CCAS")                    \
    X(kCcons, "CCONS")                  \
    X(kCd, "CD")                        \
    X(kCdas, "CDAS")                    \
    X(kCfp, "CFP")                      \
    X(kChrs, "CHRS")                    \
    X(kChu, "CHU")                      \
    X(kCias, "CIAS")                    \
    X(kCidff, "CIDFF")                  \
    X(kCitmet, "CITMET")                \
    X(kCmp, "CMP")                      \
    X(kCms, "CMS")                      \
    X(kCpam, "CPAM")                    \
    X(kCph, "CPH")                      \
    X(kCs, "CS")                        \
    X(kCsapa, "CSAPA")                  \
    X(kCsc, "CSC")                      \
    X(kDeets, "DEETS")                  \
    X(kDept, "DEPT")                    \
    X(kDiplp, "DIPLP")                  \
    X(kE2c, "E2C")                      \
    X(kEa, "EA")                        \
    X(kEatt, "EATT")                    \
    X(kEi, "EI")                        \
    X(kEiti, "EITI")                    \
    X(kEnm, "ENM")                      \
    X(kEpci, "EPCI")                    \
    X(kEpi, "EPI")                      \
    X(kEpide, "EPIDE")                  \
    X(kEpn, "EPN")                      \
    X(kEs, "ES")                        \
    X(kEsat, "ESAT")                    \
    X(kEss, "ESS")                      \
    X(kEtti, "ETTI")                    \
    X(kEvs, "EVS")                      \
    X(kFablab, "FABLAB")                \
    X(kFabrique, "FABRIQUE")            \
    X(kFais, "FAIS")                    \
    X(kFt, "FT")                        \
    X(kGeiq, "GEIQ")                    \
    X(kHuda, "HUDA")                    \
    X(kLaPoste, "LA_POSTE")             \
    X(kMde, "MDE")                      \
    X(kMdh, "MDH")                      \
    X(kMdef, "MDEF")                    \
    X(kMdph, "MDPH")                    \
    X(kMds, "MDS")                      \
    X(kMjc, "MJC")                      \
    X(kMl, "ML")                        \
    X(kMq, "MQ")                        \
    X(kMsa, "MSA")                      \
    X(kMsap, "MSAP")                    \
    X(kMuni, "MUNI")                    \
    X(kOacas, "OACAS")                  \
    X(kOdc, "ODC")                      \
    X(kOf, "OF")                        \
    X(kOil, "OIL")                      \
    X(kOpcs, "OPCS")                    \
    X(kPad, "PAD")                      \
    X(kPension, "PENSION")              \
    X(kPi, "PI")                        \
    X(kPijBij, "PIJ_BIJ")               \
    X(kPimms, "PIMMS")                  \
    X(kPjj, "PJJ")                      \
    X(kPlie, "PLIE")                    \
    X(kPref, "PREF")                    \
    X(kPrevention, "PREVENTION")        \
    X(kReg, "REG")                      \
    X(kRelaisLecture, "RELAIS_LECTURE") \
    X(kRessourcerie, "RESSOURCERIE")    \
    X(kRfs, "RFS")                      \
    X(kRsFjt, "RS_FJT")                 \
    X(kScp, "SCP")                      \
    X(kSpip, "SPIP")                    \
    X(kTiersLieux, "TIERS_LIEUX")       \
    X(kUdaf, "UDAF")

#define PASSEUR_PLACES_ENUMERATOR(name, text) name,

enum class Service { PASSEUR_PLACES_SERVICES(PASSEUR_PLACES_ENUMERATOR) };
enum class PublicSpecifique { PASSEUR_PLACES_PUBLICS(PASSEUR_PLACES_ENUMERATOR) };
enum class PriseEnCharge { PASSEUR_PLACES_PRISES_EN_CHARGE(PASSEUR_PLACES_ENUMERATOR) };
enum class Frais { PASSEUR_PLACES_FRAIS(PASSEUR_PLACES_ENUMERATOR) };
enum class Itinerance { PASSEUR_PLACES_ITINERANCES(PASSEUR_PLACES_ENUMERATOR) };
enum class ModaliteAcces { PASSEUR_PLACES_MODALITES_ACCES(PASSEUR_PLACES_ENUMERATOR) };
enum class ModaliteAccompagnement { PASSEUR_PLACES_MODALITES_ACCOMPAGNEMENT(PASSEUR_PLACES_ENUMERATOR) };
enum class Dispositif { PASSEUR_PLACES_DISPOSITIFS(PASSEUR_PLACES_ENUMERATOR) };
enum class FormationLabel { PASSEUR_PLACES_FORMATIONS_LABELS(PASSEUR_PLACES_ENUMERATOR) };
enum class Typologie { PASSEUR_PLACES_TYPOLOGIES(PASSEUR_PLACES_ENUMERATOR) };

#undef PASSEUR_PLACES_ENUMERATOR

// The standard's strings of every value of E, in declaration order (E(i) <-> Values<E>()[i]).
template <typename E>
std::span<const std::string_view> Values();

// The exact string of the standard for `value`.
template <typename E>
std::string_view ToString(E value) {
    return Values<E>()[static_cast<std::size_t>(value)];
}

// Exact match (the caller trims and NFC-normalises); nullopt when not a value of E.
template <typename E>
std::optional<E> FromString(std::string_view text) {
    const auto values = Values<E>();
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] == text) return static_cast<E>(i);
    }
    return std::nullopt;
}

template <>
std::span<const std::string_view> Values<Service>();
template <>
std::span<const std::string_view> Values<PublicSpecifique>();
template <>
std::span<const std::string_view> Values<PriseEnCharge>();
template <>
std::span<const std::string_view> Values<Frais>();
template <>
std::span<const std::string_view> Values<Itinerance>();
template <>
std::span<const std::string_view> Values<ModaliteAcces>();
template <>
std::span<const std::string_view> Values<ModaliteAccompagnement>();
template <>
std::span<const std::string_view> Values<Dispositif>();
template <>
std::span<const std::string_view> Values<FormationLabel>();
template <>
std::span<const std::string_view> Values<Typologie>();

// A calendar date (proleptic Gregorian). Valid when IsValidDate().
struct Date {
    int year = 1970;
    int month = 1;  // 1..12
    int day = 1;    // 1..31
    friend bool operator==(const Date&, const Date&) = default;
    friend auto operator<=>(const Date&, const Date&) = default;
};
bool IsValidDate(const Date& date);
std::string FormatIsoDate(const Date& date);  // "YYYY-MM-DD"
// Days since 1970-01-01 (negative before) and back.
long DaysFromCivil(const Date& date);
Date CivilFromDays(long days);
// ISO weekday: 0 = Monday ... 6 = Sunday.
int Weekday(const Date& date);

// One place, all 32 columns of the v1 standard. Required: id, pivot, nom, commune, code_postal,
// adresse, date_maj, services (non-empty).
struct Place {
    std::string id;     // producer's local identifier, unique in a file
    std::string pivot;  // SIRET (14 digits) or RNA (W + 9 alphanumerics)
    std::string nom;
    std::string commune;
    std::string code_postal;  // 5 digits
    std::string code_insee;   // 5 characters, Corsica 2A/2B
    std::string adresse;      // the street part ("voie")
    std::string complement_adresse;
    std::optional<double> latitude;  // WGS84 degrees, both or neither
    std::optional<double> longitude;
    std::vector<Typologie> typologies;
    std::string telephone;  // normalised "+33XXXXXXXXX" (country codes of France)
    std::vector<std::string> courriels;
    std::vector<std::string> site_web;
    std::string horaires;             // OSM opening_hours, kept verbatim (see opening_hours.hpp)
    std::string presentation_resume;  // at most 280 code points
    std::string presentation_detail;
    std::string source;
    std::vector<Itinerance> itinerance;
    std::string structure_parente;
    Date date_maj;
    std::vector<Service> services;
    std::vector<PublicSpecifique> publics_specifiquement_adresses;
    std::vector<PriseEnCharge> prise_en_charge_specifique;
    std::vector<Frais> frais_a_charge;
    std::vector<Dispositif> dispositif_programmes_nationaux;
    std::vector<FormationLabel> formations_labels;
    std::vector<std::string> autres_formations_labels;
    std::vector<ModaliteAcces> modalites_acces;
    std::vector<ModaliteAccompagnement> modalites_accompagnement;
    std::string fiche_acces_libre;  // URL
    std::string prise_rdv;          // URL

    friend bool operator==(const Place&, const Place&) = default;
};

// The 32 column names of the v1 standard, in the standard's order (CSV header, JSON keys).
inline constexpr std::array<std::string_view, 32> kColumns = {
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
};

// A problem with one field: `field` is a column name of kColumns, `reason` is French.
struct FieldProblem {
    std::string field;
    std::string reason;
    friend bool operator==(const FieldProblem&, const FieldProblem&) = default;
};

// Every rule of the standard and of the reference library that a Place must satisfy to be
// exported (required fields, formats, ranges, lengths). Empty when the place is valid.
// Used by the importer after parsing and by the pages before saving.
std::vector<FieldProblem> ValidatePlace(const Place& place);

// Field validators shared with the importer (inputs already trimmed and NFC).
bool IsValidSiret(std::string_view text);        // 14 ASCII digits
bool IsValidRna(std::string_view text);          // W + 9 ASCII alphanumerics
bool IsValidPostcode(std::string_view text);     // 5 ASCII digits
bool IsValidInseeCode(std::string_view text);    // ([013-9]\d|2[AB1-9])\d{3}
bool IsValidCommuneName(std::string_view text);  // the reference library's character set
bool IsValidVoie(std::string_view text);         // idem for the street
bool IsValidEmail(std::string_view text);        // the reference library's pattern
bool IsValidUrl(std::string_view text);          // the reference library's pattern, at most 2048 bytes
bool IsValidPhone(std::string_view text);        // normalised form, see Place::telephone
// "01 80 05 98 80", "+33 (0)1.80.05.98.80", "0033180059880" -> "+33180059880"; nullopt when
// the digits cannot form a French (metropolitan or overseas) number.
std::optional<std::string> NormalizePhone(std::string_view text);

}  // namespace passeur::places
