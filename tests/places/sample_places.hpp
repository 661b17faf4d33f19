// Deterministic generated places covering every column and the awkward characters (accents,
// separators, quotes, newlines, Corsica and overseas codes). Shared by the unit tests and by
// places_export_tool (the reference-library check).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <places/place.hpp>

namespace passeur::places::testing {

class Lcg {
public:
    explicit Lcg(std::uint64_t seed) : state_(seed) {}
    std::uint32_t Next() {
        state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::uint32_t>(state_ >> 33);
    }
    std::size_t Below(std::size_t n) { return Next() % n; }
    bool Chance(int percent) { return static_cast<int>(Next() % 100) < percent; }

private:
    std::uint64_t state_;
};

template <typename E>
std::vector<E> SomeOf(Lcg& rng, int percent_empty) {
    std::vector<E> out;
    if (rng.Chance(percent_empty)) return out;
    const auto values = Values<E>();
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (rng.Chance(30)) out.push_back(static_cast<E>(i));
    }
    if (out.empty()) out.push_back(static_cast<E>(rng.Below(values.size())));
    return out;
}

inline std::string Digits(Lcg& rng, int count) {
    std::string s;
    for (int i = 0; i < count; ++i) s.push_back(static_cast<char>('0' + rng.Below(10)));
    return s;
}

// A valid place (ValidatePlace() is empty), all text NFC.
inline Place SamplePlace(std::size_t index, Lcg& rng) {
    static const char* const kCommunes[] = {"Reims",           "Saint-Étienne",       "L'Haÿ-les-Roses",
                                            "Ajaccio",         "Pointe-à-Pitre",      "Œuilly",
                                            "Bourg-en-Bresse", "Châlons-en-Champagne"};
    static const char* const kInsee[] = {"51454", "42218", "94038", "2A004",
                                         "97120", "51418", "01053", "51108"};
    static const char* const kPostcodes[] = {"51100", "42000", "94240", "20000",
                                             "97110", "51480", "01000", "51000"};
    static const char* const kStreets[] = {
        "12 BIS RUE DE LECLERCQ", "3, place de l'Hôtel-de-Ville", "Avenue du 8 mai 1945 (bâtiment C)",
        "Lieu-dit Les Sources",   "1 rue de la Paix; 2e étage",   "Chemin d’en haut – n° 4"};
    static const char* const kHours[] = {"Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00",
                                         "Tu,Th 14:00-17:00; PH off", "24/7", "Mo-Sa 10:00-19:00; Su off",
                                         "sur rendez-vous"};
    const std::size_t k = rng.Below(8);
    Place p;
    p.id = "lieu-" + std::to_string(index);
    p.pivot = rng.Chance(80) ? Digits(rng, 14) : "W" + Digits(rng, 9);
    p.nom = rng.Chance(50) ? "Espace numérique « Le Lien », n°" + std::to_string(index)
                           : "Médiathèque \"Ça bouge\"\nantenne " + std::to_string(index);
    // Street lines with a quote or a newline are refused by the reference library: keep those in nom.
    p.nom.erase(std::remove(p.nom.begin(), p.nom.end(), '\n'), p.nom.end());
    p.commune = kCommunes[k];
    p.code_insee = rng.Chance(90) ? kInsee[k] : "";
    p.code_postal = kPostcodes[k];
    p.adresse = kStreets[rng.Below(6)];
    if (rng.Chance(40)) p.complement_adresse = "Le patio du bois de l'Aulne, 1er étage";
    if (rng.Chance(85)) {
        p.latitude = 41.0 + static_cast<double>(rng.Below(1000000)) / 100000.0;
        p.longitude = -5.0 + static_cast<double>(rng.Below(1300000)) / 100000.0;
    }
    p.typologies = SomeOf<Typologie>(rng, 30);
    if (p.typologies.size() > 4) p.typologies.resize(4);
    if (rng.Chance(70))
        p.telephone =
            k == 4 ? "+590590" + Digits(rng, 6) : "+33" + std::to_string(1 + rng.Below(9)) + Digits(rng, 8);
    if (rng.Chance(60)) p.courriels = {"contact@lieu" + std::to_string(index) + ".fr"};
    if (rng.Chance(20)) p.courriels.push_back("accueil.mediation@mairie-reims.fr");
    if (rng.Chance(60)) p.site_web = {"https://www.example.fr/lieux/" + std::to_string(index)};
    if (rng.Chance(20))
        p.site_web.push_back("https://m.facebook.com/lieu?id=" + std::to_string(index) + "&x=1;y");
    if (rng.Chance(80)) p.horaires = kHours[rng.Below(5)];
    if (rng.Chance(60)) p.presentation_resume = "Accompagnement au numérique, pour tous ; gratuit.";
    if (rng.Chance(40)) p.presentation_detail = "Ligne 1, avec \"guillemets\"\r\nLigne 2 ; fin | barre";
    if (rng.Chance(80)) p.source = "Hubik";
    p.itinerance = SomeOf<Itinerance>(rng, 60);
    if (rng.Chance(30)) p.structure_parente = "Ville de Reims";
    p.date_maj = Date{2022 + static_cast<int>(rng.Below(4)), 1 + static_cast<int>(rng.Below(12)),
                      1 + static_cast<int>(rng.Below(28))};
    p.services = SomeOf<Service>(rng, 0);
    p.publics_specifiquement_adresses = SomeOf<PublicSpecifique>(rng, 60);
    p.prise_en_charge_specifique = SomeOf<PriseEnCharge>(rng, 50);
    p.frais_a_charge = SomeOf<Frais>(rng, 30);
    p.dispositif_programmes_nationaux = SomeOf<Dispositif>(rng, 40);
    p.formations_labels = SomeOf<FormationLabel>(rng, 60);
    if (rng.Chance(20)) p.autres_formations_labels = {"Label et la bête", "APTIC"};
    p.modalites_acces = SomeOf<ModaliteAcces>(rng, 30);
    std::erase(p.modalites_acces, ModaliteAcces::kPasDePublic);  // the library drops it when services exist
    p.modalites_accompagnement = SomeOf<ModaliteAccompagnement>(rng, 30);
    if (rng.Chance(30)) {
        p.fiche_acces_libre =
            "https://acceslibre.beta.gouv.fr/app/29-lampaul-plouarzel/a/bibliotheque-mediatheque/erp/"
            "mediatheque-13/";
    }
    if (rng.Chance(30))
        p.prise_rdv = "https://www.rdv-solidarites.fr/prendre_rdv?lieu=" + std::to_string(index);
    return p;
}

inline std::vector<Place> SamplePlaces(std::size_t count, std::uint64_t seed = 42) {
    Lcg rng(seed);
    std::vector<Place> places;
    places.reserve(count);
    for (std::size_t i = 0; i < count; ++i) places.push_back(SamplePlace(i, rng));
    return places;
}

}  // namespace passeur::places::testing
