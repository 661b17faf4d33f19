#include "places/pages/places_pages.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "account/pages/page_kit.hpp"
#include "core/encoding.hpp"
#include "places/geo/svg_map.hpp"
#include "places/opening_hours.hpp"
#include "places/pages/qr_svg.hpp"
#include "web/i18n.hpp"

namespace passeur::places {
namespace {

using nlohmann::json;

constexpr std::size_t kPageSize = 20;        // places shown per step of the search
constexpr std::size_t kMaxResults = 100;     // the search never shows more
constexpr std::size_t kMaxQueryBytes = 100;  // the "commune ou code postal" field
constexpr std::size_t kWhiteZoneRows = 50;   // rows of the zones blanches table
// Longest form field: presentation_detail (the standard sets no limit; pages keep it bounded).
constexpr std::size_t kFormFieldMaxBytes = 8000;

// ---- formatting ------------------------------------------------------------------------------

std::string FormatKm(double km, std::string_view lang) {
    std::string text = fmt::format("{:.1f}", km);
    if (lang == "fr") std::replace(text.begin(), text.end(), '.', ',');
    return text + " km";
}

// Minutes since midnight as "9 h", "9 h 30" (fr) or "9:00", "9:30" (en).
std::string FormatMinute(int minute, std::string_view lang) {
    const int h = minute / 60;
    const int m = minute % 60;
    if (lang == "fr") return m == 0 ? fmt::format("{} h", h) : fmt::format("{} h {:02}", h, m);
    return fmt::format("{}:{:02}", h, m);
}

std::string FormatIntervals(const std::vector<TimeInterval>& intervals, std::string_view lang) {
    std::string text;
    for (const TimeInterval& interval : intervals) {
        if (!text.empty()) text += lang == "fr" ? " et " : " and ";
        text += FormatMinute(interval.start, lang) + " – " + FormatMinute(interval.end, lang);
    }
    return text;
}

std::string FormatDate(const Date& date, std::string_view lang) {
    if (lang == "fr") return fmt::format("{:02}/{:02}/{}", date.day, date.month, date.year);
    return FormatIsoDate(date);
}

// "+33123456789" -> "01 23 45 67 89"; other numbers as stored.
std::string DisplayPhone(const std::string& phone) {
    if (phone.size() != 12 || !phone.starts_with("+33")) return phone;
    std::string national = "0" + phone.substr(3);
    std::string out;
    for (std::size_t i = 0; i < national.size(); i += 2) {
        if (!out.empty()) out += ' ';
        out += national.substr(i, 2);
    }
    return out;
}

template <typename E>
json Strings(const std::vector<E>& values) {
    json list = json::array();
    for (E value : values) list.push_back(std::string(ToString(value)));
    return list;
}

json StringList(const std::vector<std::string>& values) {
    json list = json::array();
    for (const std::string& value : values) list.push_back(value);
    return list;
}

std::string Join(const std::vector<std::string>& values, std::string_view separator) {
    std::string out;
    for (const std::string& value : values) {
        if (!out.empty()) out += separator;
        out += value;
    }
    return out;
}

template <typename E>
std::string JoinValues(const std::vector<E>& values) {
    std::string out;
    for (E value : values) {
        if (!out.empty()) out += ", ";
        out += ToString(value);
    }
    return out;
}

std::optional<double> ParseDouble(std::string text) {
    std::replace(text.begin(), text.end(), ',', '.');
    double value = 0.0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

// Comma-separated list (also accepts new lines), trimmed, empty items dropped.
std::vector<std::string> SplitList(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    auto flush = [&] {
        std::string item = account::Trim(current);
        if (!item.empty()) out.push_back(std::move(item));
        current.clear();
    };
    for (char c : text) {
        if (c == ',' || c == '\n' || c == '\r') {
            flush();
        } else {
            current += c;
        }
    }
    flush();
    return out;
}

bool AllDigits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line end.
std::string CsvField(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::vector<std::string> QueryAll(const http::Request& request, std::string_view name) {
    std::vector<std::string> values;
    for (const auto& [key, value] : request.query) {
        if (key == name) values.push_back(value);
    }
    return values;
}

std::vector<std::string> FormAll(const http::FieldList& form, std::string_view name) {
    std::vector<std::string> values;
    for (const auto& [key, value] : form) {
        if (key == name) values.push_back(value);
    }
    return values;
}

// The values of E named in `texts` (unknown ones ignored), in the order of E, without repeats.
template <typename E>
std::vector<E> ParseValues(const std::vector<std::string>& texts) {
    std::vector<E> out;
    const auto values = Values<E>();
    for (std::size_t i = 0; i < values.size(); ++i) {
        for (const std::string& text : texts) {
            if (text == values[i]) {
                out.push_back(static_cast<E>(i));
                break;
            }
        }
    }
    return out;
}

// Checkbox options of E: {id, value, label, checked}. Ids are "<name>-<index>".
template <typename E>
json Options(std::string_view name, const std::vector<E>& selected) {
    json options = json::array();
    const auto values = Values<E>();
    for (std::size_t i = 0; i < values.size(); ++i) {
        const bool checked = std::find(selected.begin(), selected.end(), static_cast<E>(i)) != selected.end();
        options.push_back({{"id", std::string(name) + "-" + std::to_string(i)},
                           {"value", std::string(values[i])},
                           {"label", std::string(values[i])},
                           {"checked", checked}});
    }
    return options;
}

// Mustache renders a section for an empty string: keys whose value is "" are removed (recursively)
// so that {{#key}} sections stay closed and {{key}} still renders nothing. "value" keys (form
// inputs) are kept.
void PruneEmptyStrings(json& data) {
    if (data.is_array()) {
        for (json& item : data) PruneEmptyStrings(item);
        return;
    }
    if (!data.is_object()) return;
    for (auto it = data.begin(); it != data.end();) {
        if (it->is_string() && it->get_ref<const std::string&>().empty() && it.key() != "value") {
            it = data.erase(it);
        } else {
            PruneEmptyStrings(*it);
            ++it;
        }
    }
}

std::string PlaceHref(std::string_view id) { return "/lieux/" + core::PercentEncode(id); }
std::string OrgPlacesHref(std::string_view org) {
    return "/organisations/" + core::PercentEncode(org) + "/lieux";
}
std::string OrgPlaceHref(std::string_view org, std::string_view id) {
    return OrgPlacesHref(org) + "/" + core::PercentEncode(id);
}

class Pages : public account::PageKit {
public:
    Pages(PlaceService& service, account::AccountModule& accounts, web::Renderer& renderer)
        : PageKit(accounts, renderer), service_(service) {}

    http::Response RenderPlacesPage(const http::Request& request, const web::PageContext& context,
                                    std::string_view template_name, json data, unsigned status = 200) const {
        PruneEmptyStrings(data);
        return Renderer().RenderPage(request, context, template_name, data, status);
    }

    std::string Lang(const http::Request& request) const {
        return std::string(web::LocaleCode(Renderer().LocaleOf(request)));
    }

    std::string DayName(const http::Request& request, int weekday) const {
        return T(request, "places.day_" + std::to_string(weekday));
    }

    // ---- what every view of a place shows ------------------------------------------------------

    // Opening hours of an ordinary week, one row per day, or the reason there are none.
    json HoursJson(const http::Request& request, const Place& place) const {
        const std::string lang = Lang(request);
        json hours = {{"given", !place.horaires.empty()}, {"text", place.horaires}};
        if (place.horaires.empty()) return hours;
        OpeningHours parsed = OpeningHours::Parse(place.horaires);
        hours["parsed"] = parsed.parsed();
        if (!parsed.parsed()) return hours;
        const Date today = service_.Today();
        const long monday = DaysFromCivil(today) - Weekday(today);
        json days = json::array();
        for (int d = 0; d < 7; ++d) {
            auto intervals = parsed.IntervalsOn(CivilFromDays(monday + d), {});
            days.push_back({{"day", DayName(request, d)},
                            {"open", !intervals.empty()},
                            {"text", intervals.empty() ? T(request, "places.closed")
                                                       : FormatIntervals(intervals, lang)}});
        }
        hours["days"] = days;
        return hours;
    }

    // "Aujourd'hui (lundi) : 9 h – 12 h", "Fermé aujourd'hui (dimanche)", or "" when unknown.
    std::string TodayText(const http::Request& request, const Place& place) const {
        if (place.horaires.empty()) return T(request, "places.hours_missing");
        OpeningHours parsed = OpeningHours::Parse(place.horaires);
        if (!parsed.parsed()) return T(request, "places.hours_unparsed_short");
        const Date today = service_.Today();
        auto holidays = FrenchPublicHolidays(today.year);
        auto intervals = parsed.IntervalsOn(today, holidays);
        const std::string day = DayName(request, Weekday(today));
        if (intervals.empty()) return F(request, "places.today_closed", {{"day", day}});
        return F(request, "places.today_open",
                 {{"day", day}, {"hours", FormatIntervals(intervals, Lang(request))}});
    }

    json PlaceJson(const http::Request& request, const PlaceRecord& record) const {
        const Place& p = record.place;
        const std::string lang = Lang(request);
        json place = {
            {"id", p.id},
            {"href", PlaceHref(p.id)},
            {"sheet_href", PlaceHref(p.id) + "/fiche"},
            {"nom", p.nom},
            {"adresse", p.adresse},
            {"complement_adresse", p.complement_adresse},
            {"code_postal", p.code_postal},
            {"commune", p.commune},
            {"telephone", DisplayPhone(p.telephone)},
            {"telephone_href", p.telephone.empty() ? "" : "tel:" + p.telephone},
            {"courriels", StringList(p.courriels)},
            {"site_web", StringList(p.site_web)},
            {"has_contact", !p.telephone.empty() || !p.courriels.empty() || !p.site_web.empty()},
            {"presentation_resume", p.presentation_resume},
            {"presentation_detail", p.presentation_detail},
            {"services", Strings(p.services)},
            {"publics", Strings(p.publics_specifiquement_adresses)},
            {"has_publics", !p.publics_specifiquement_adresses.empty()},
            {"prise_en_charge", Strings(p.prise_en_charge_specifique)},
            {"has_prise_en_charge", !p.prise_en_charge_specifique.empty()},
            {"frais", Strings(p.frais_a_charge)},
            {"has_frais", !p.frais_a_charge.empty()},
            {"modalites_acces", Strings(p.modalites_acces)},
            {"has_modalites_acces", !p.modalites_acces.empty()},
            {"modalites_accompagnement", Strings(p.modalites_accompagnement)},
            {"has_modalites_accompagnement", !p.modalites_accompagnement.empty()},
            {"dispositifs", Strings(p.dispositif_programmes_nationaux)},
            {"has_dispositifs", !p.dispositif_programmes_nationaux.empty()},
            {"labels", Strings(p.formations_labels)},
            {"autres_labels", StringList(p.autres_formations_labels)},
            {"has_labels", !p.formations_labels.empty() || !p.autres_formations_labels.empty()},
            {"itinerance", JoinValues(p.itinerance)},
            {"structure_parente", p.structure_parente},
            {"fiche_acces_libre", p.fiche_acces_libre},
            {"prise_rdv", p.prise_rdv},
            {"date_maj", FormatDate(p.date_maj, lang)},
            {"hours", HoursJson(request, p)},
            {"today", TodayText(request, p)},
        };
        return place;
    }

    // ---- public search -------------------------------------------------------------------------

    core::Result<http::Response> Search(http::Request& request,
                                        const std::optional<account::Principal>& principal) {
        const std::string lang = Lang(request);
        std::string q = account::Trim(request.Query("q").value_or(""));
        const std::string commune = account::Trim(request.Query("commune").value_or(""));
        const auto services = ParseValues<Service>(QueryAll(request, "service"));
        const auto publics = ParseValues<PublicSpecifique>(QueryAll(request, "public"));
        const auto prises = ParseValues<PriseEnCharge>(QueryAll(request, "prise"));
        const auto frais = ParseValues<Frais>(QueryAll(request, "frais"));
        const bool open_now = request.Query("ouvert").value_or("") == "1";
        std::size_t limit = kPageSize;
        if (auto text = request.Query("limite")) {
            std::size_t value = 0;
            auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
            if (ec == std::errc() && ptr == text->data() + text->size()) {
                limit = std::clamp<std::size_t>(value, 1, kMaxResults);
            }
        }

        json data = {{"q", q},
                     {"searched", false},
                     {"services", Options("service", services)},
                     {"publics", Options("public", publics)},
                     {"prises", Options("prise", prises)},
                     {"frais", Options("frais", frais)},
                     {"open_now", open_now},
                     {"filters_open", !services.empty() || !publics.empty() || !prises.empty() ||
                                          !frais.empty() || open_now}};
        web::PageContext context = Context(principal, "places.search_title", "places");
        auto render = [&](unsigned status) {
            return RenderPlacesPage(request, context, "places_search", data, status);
        };
        if (q.empty() && commune.empty()) return render(200);
        data["searched"] = true;
        if (q.size() > kMaxQueryBytes) {
            data["search_error"] = T(request, "places.search_too_long");
            data["q"] = "";
            return render(400);
        }

        SearchQuery query;
        if (!commune.empty()) {
            query.insee = commune;
        } else if (q.size() == 5 && AllDigits(q)) {
            query.postcode = q;
            if (service_.territory().FindByPostcode(q).empty() &&
                service_.territory().FindCommune(q) != nullptr) {
                query.postcode.clear();
                query.insee = q;
            }
        } else {
            query.commune_name = q;
        }
        query.services = services;
        query.publics = publics;
        query.frais = frais;
        query.prises_en_charge = prises;
        query.open_now = open_now;
        query.limit = limit;
        auto result = service_.Search(query);
        if (!result) {
            const core::Error& error = result.error();
            if (error.code == core::ErrorCode::kNotFound) {
                data["search_error"] = F(request, "places.search_unknown", {{"q", q.empty() ? commune : q}});
                return render(404);
            }
            if (error.code == core::ErrorCode::kInvalidArgument) {
                data["search_error"] = error.message;
                return render(400);
            }
            return core::Fail(error);
        }
        std::vector<const SearchHit*> hits;
        for (const SearchHit& hit : result->hits) hits.push_back(&hit);

        data["origin_label"] = result->origin_label;
        data["note"] = result->note;
        json alternatives = json::array();
        for (const geo::Commune* alt : result->alternatives) {
            if (alternatives.size() == 8) break;
            alternatives.push_back({{"label", alt->name + " (" + alt->insee + ")"},
                                    {"href", "/lieux?commune=" + core::PercentEncode(alt->insee) +
                                                 "&q=" + core::PercentEncode(alt->name)}});
        }
        data["alternatives"] = alternatives;
        data["has_alternatives"] = !alternatives.empty();

        json list = json::array();
        geo::SvgMapInput map;
        map.language = lang;
        map.id_prefix = "carte-recherche";
        std::set<std::string> departments;
        if (result->commune != nullptr) departments.insert(result->commune->department);
        int rank = 0;
        for (const SearchHit* hit : hits) {
            ++rank;
            json place = PlaceJson(request, hit->record);
            place["rank"] = rank;
            place["distance"] = FormatKm(hit->distance_km, lang);
            place["position_from_commune"] = hit->position_from_commune;
            place["hours_unparsed"] = hit->hours == HoursStatus::kUnparsed;
            place["hours_missing"] = hit->hours == HoursStatus::kMissing;
            list.push_back(std::move(place));
            map.places.push_back({hit->position, std::to_string(rank) + ". " + hit->record.place.nom + " — " +
                                                     FormatKm(hit->distance_km, lang)});
            if (!hit->record.department.empty()) departments.insert(hit->record.department);
        }
        for (const std::string& code : departments) {
            if (const geo::DepartmentOutline* outline = service_.territory().FindOutline(code)) {
                map.outlines.push_back(outline);
            }
        }
        map.chosen = geo::SvgPoint{result->origin, result->origin_label};
        map.title = F(request, "places.map_title", {{"origin", result->origin_label}});
        map.description = hits.empty()
                              ? F(request, "places.map_desc_none", {{"origin", result->origin_label}})
                              : F(request, "places.map_desc",
                                  {{"count", std::to_string(hits.size())},
                                   {"origin", result->origin_label},
                                   {"nearest", FormatKm(hits.front()->distance_km, lang)}});
        data["map_svg"] = geo::RenderSvgMap(map);
        data["places"] = list;
        data["has_places"] = !list.empty();
        data["count"] = list.size();
        data["count_text"] = F(request, list.size() == 1 ? "places.count_one" : "places.count_many",
                               {{"count", std::to_string(list.size())}, {"origin", result->origin_label}});
        if (hits.size() == limit && limit < kMaxResults) {
            std::string more = "/lieux?";
            bool first = true;
            for (const auto& [key, value] : request.query) {
                if (key == "limite") continue;
                more += (first ? "" : "&") + core::PercentEncode(key) + "=" + core::PercentEncode(value);
                first = false;
            }
            more += std::string(first ? "" : "&") +
                    "limite=" + std::to_string(std::min(limit + kPageSize, kMaxResults));
            data["more_href"] = more;
        }
        context.title = F(request, "places.search_results_title", {{"origin", result->origin_label}});
        return render(200);
    }

    // ---- a published place ---------------------------------------------------------------------

    core::Result<http::Response> Show(http::Request& request,
                                      const std::optional<account::Principal>& principal) {
        auto record = service_.GetPublished(request.PathParam("place").value_or(""));
        if (!record) return core::Fail(record.error());
        json data = {{"place", PlaceJson(request, *record)}};
        web::PageContext context = Context(principal, "", "places");
        context.title = record->place.nom;
        return RenderPlacesPage(request, context, "place_show", data);
    }

    core::Result<http::Response> Sheet(http::Request& request,
                                       const std::optional<account::Principal>& principal) {
        auto record = service_.GetPublished(request.PathParam("place").value_or(""));
        if (!record) return core::Fail(record.error());
        const std::string url = Module().Config().public_base_url + PlaceHref(record->place.id);
        auto qr = QrCodeSvg(url, F(request, "places.sheet_qr_label", {{"url", url}}));
        json data = {{"place", PlaceJson(request, *record)},
                     {"url", url},
                     {"qr_svg", qr ? *qr : std::string()},
                     {"has_qr", qr.has_value()},
                     {"printed_on", FormatDate(service_.Today(), Lang(request))}};
        web::PageContext context = Context(principal, "", "places");
        context.title = F(request, "places.sheet_title", {{"name", record->place.nom}});
        return RenderPlacesPage(request, context, "place_sheet", data);
    }

    // ---- an organisation's places --------------------------------------------------------------

    // The organisation of the path, when the caller may manage its places.
    core::Result<store::Organization> ManagedOrg(const http::Request& request,
                                                 const account::Principal& principal) {
        const std::string org_id(request.PathParam("org").value_or(""));
        PASSEUR_TRY(Module().Authz().Authorize(principal, account::Action::kManagePlaces, org_id));
        return Module().Organizations().Get(principal, org_id);
    }

    core::Result<http::Response> OrgList(http::Request& request, const account::Principal& principal) {
        auto org = ManagedOrg(request, principal);
        if (!org) return core::Fail(org.error());
        auto records = service_.ListForOrg(org->id, principal);
        if (!records) return core::Fail(records.error());
        const std::string lang = Lang(request);
        json list = json::array();
        for (const PlaceRecord& r : *records) {
            const bool published = r.status == PlaceStatus::kPublished;
            const std::string base = OrgPlaceHref(org->id, r.place.id);
            list.push_back(
                {{"nom", r.place.nom},
                 {"commune", r.place.commune},
                 {"published", published},
                 {"status_label", T(request, published ? "places.status_published" : "places.status_draft")},
                 {"date_maj", FormatDate(r.place.date_maj, lang)},
                 {"public_href", PlaceHref(r.place.id)},
                 {"edit_href", base + "/modifier"},
                 {"publish_action", base + (published ? "/depublier" : "/publier")},
                 {"publish_label", F(request, published ? "places.unpublish_named" : "places.publish_named",
                                     {{"name", r.place.nom}})},
                 {"delete_action", base + "/supprimer"},
                 {"delete_label", F(request, "places.delete_named", {{"name", r.place.nom}})},
                 {"edit_label", F(request, "places.edit_named", {{"name", r.place.nom}})}});
        }
        json data = {{"org",
                      {{"id", org->id},
                       {"name", org->name},
                       {"href", "/organisations/" + core::PercentEncode(org->id)}}},
                     {"places", list},
                     {"has_places", !list.empty()},
                     {"new_href", OrgPlacesHref(org->id) + "/nouveau"}};
        web::PageContext context = Context(principal, "", "organizations");
        context.title = F(request, "places.org_title", {{"name", org->name}});
        return RenderPlacesPage(request, context, "places_org", data);
    }

    // The form's inputs (see place_edit.mustache): text inputs, text areas, checkbox groups and a
    // multiple select, in the standard's order, grouped in sections.
    json FormSections(const http::Request& request, const Place& p, const json& text_values) const {
        auto text = [&](const char* name, bool required, const char* type = "text", int maxlength = 500) {
            return json{{"name", name},
                        {"label", T(request, std::string("places.field_") + name)},
                        {"hint", Renderer().translations().Has(std::string("places.hint_") + name)
                                     ? T(request, std::string("places.hint_") + name)
                                     : std::string()},
                        {"value", text_values.value(name, std::string())},
                        {"required", required},
                        {"type", type},
                        {"maxlength", maxlength},
                        {"is_text", true}};
        };
        auto area = [&](const char* name, int maxlength) {
            json field = text(name, false, "text", maxlength);
            field["is_text"] = false;
            field["is_textarea"] = true;
            return field;
        };
        auto group = [&](const char* name, json options, bool required = false) {
            return json{{"name", name},
                        {"label", T(request, std::string("places.field_") + name)},
                        {"required", required},
                        {"options", std::move(options)},
                        {"is_checkboxes", true}};
        };
        json typologies = Options("typologie", p.typologies);
        json sections = json::array();
        sections.push_back({{"heading", T(request, "places.section_identity")},
                            {"inputs",
                             {text("nom", true),
                              text("pivot", true, "text", 14),
                              text("structure_parente", false),
                              {{"name", "typologie"},
                               {"label", T(request, "places.field_typologie")},
                               {"hint", T(request, "places.hint_typologie")},
                               {"options", typologies},
                               {"is_select", true}},
                              area("presentation_resume", 280),
                              area("presentation_detail", 8000)}}});
        sections.push_back(
            {{"heading", T(request, "places.section_address")},
             {"inputs",
              {text("adresse", true), text("complement_adresse", false), text("code_postal", true, "text", 5),
               text("commune", true), text("code_insee", false, "text", 5),
               text("latitude", false, "text", 20), text("longitude", false, "text", 20),
               group("itinerance", Options("itinerance", p.itinerance))}}});
        sections.push_back({{"heading", T(request, "places.section_contact")},
                            {"inputs",
                             {text("telephone", false, "tel", 30), text("courriels", false, "text", 1000),
                              text("site_web", false, "text", 2000), text("prise_rdv", false, "url", 2048),
                              text("fiche_acces_libre", false, "url", 2048), area("horaires", 1000)}}});
        sections.push_back(
            {{"heading", T(request, "places.section_services")},
             {"inputs",
              {group("services", Options("services", p.services), true),
               group("publics_specifiquement_adresses",
                     Options("publics_specifiquement_adresses", p.publics_specifiquement_adresses)),
               group("prise_en_charge_specifique",
                     Options("prise_en_charge_specifique", p.prise_en_charge_specifique)),
               group("frais_a_charge", Options("frais_a_charge", p.frais_a_charge)),
               group("modalites_acces", Options("modalites_acces", p.modalites_acces)),
               group("modalites_accompagnement",
                     Options("modalites_accompagnement", p.modalites_accompagnement)),
               group("dispositif_programmes_nationaux",
                     Options("dispositif_programmes_nationaux", p.dispositif_programmes_nationaux)),
               group("formations_labels", Options("formations_labels", p.formations_labels)),
               text("autres_formations_labels", false, "text", 1000)}}});
        return sections;
    }

    http::Response EditPage(const http::Request& request, const account::Principal& principal,
                            const store::Organization& org, const std::string& place_id, const Place& place,
                            const json& text_values, const account::FormErrors& errors, unsigned status) {
        const bool creating = place_id.empty();
        json data = {{"org", {{"id", org.id}, {"name", org.name}, {"places_href", OrgPlacesHref(org.id)}}},
                     {"creating", creating},
                     {"place_id", place_id},
                     {"action", creating ? OrgPlacesHref(org.id) + "/nouveau"
                                         : OrgPlaceHref(org.id, place_id) + "/modifier"},
                     {"sections", FormSections(request, place, text_values)}};
        errors.Into(data);
        // Field errors are looked up per input.
        for (auto& section : data["sections"]) {
            for (auto& input : section["inputs"]) {
                const std::string name = input["name"];
                if (data["errors"].contains(name)) input["field_error"] = data["errors"][name];
            }
        }
        web::PageContext context = Context(principal, "", "organizations");
        context.title = creating ? T(request, "places.new_title")
                                 : F(request, "places.edit_title", {{"name", place.nom}});
        return RenderPlacesPage(request, context, "place_edit", data, status);
    }

    static json TextValues(const Place& p) {
        auto number = [](const std::optional<double>& v) {
            return v ? fmt::format("{}", *v) : std::string();
        };
        return {{"nom", p.nom},
                {"pivot", p.pivot},
                {"structure_parente", p.structure_parente},
                {"presentation_resume", p.presentation_resume},
                {"presentation_detail", p.presentation_detail},
                {"adresse", p.adresse},
                {"complement_adresse", p.complement_adresse},
                {"code_postal", p.code_postal},
                {"commune", p.commune},
                {"code_insee", p.code_insee},
                {"latitude", number(p.latitude)},
                {"longitude", number(p.longitude)},
                {"telephone", p.telephone},
                {"courriels", Join(p.courriels, ", ")},
                {"site_web", Join(p.site_web, ", ")},
                {"prise_rdv", p.prise_rdv},
                {"fiche_acces_libre", p.fiche_acces_libre},
                {"horaires", p.horaires},
                {"autres_formations_labels", Join(p.autres_formations_labels, ", ")}};
    }

    // The place described by the form (over `base`, which gives id and source), its text values
    // as typed, and every problem per field.
    Place FromForm(const http::Request& request, const http::FieldList& form, Place base, json& values,
                   account::FormErrors& errors) const {
        Place p = std::move(base);
        values = json::object();
        auto field = [&](const char* name) {
            std::string value = account::Trim(Field(form, name));
            values[name] = value;
            return value;
        };
        p.nom = field("nom");
        p.pivot = field("pivot");
        p.structure_parente = field("structure_parente");
        p.presentation_resume = field("presentation_resume");
        p.presentation_detail = field("presentation_detail");
        p.adresse = field("adresse");
        p.complement_adresse = field("complement_adresse");
        p.code_postal = field("code_postal");
        p.commune = field("commune");
        p.code_insee = field("code_insee");
        p.prise_rdv = field("prise_rdv");
        p.fiche_acces_libre = field("fiche_acces_libre");
        p.horaires = field("horaires");
        p.latitude.reset();
        p.longitude.reset();
        for (const char* name : {"latitude", "longitude"}) {
            const std::string text = field(name);
            if (text.empty()) continue;
            auto value = ParseDouble(text);
            if (!value) {
                errors.Add(name, T(request, "places.error_number"));
                continue;
            }
            (std::string_view(name) == "latitude" ? p.latitude : p.longitude) = *value;
        }
        const std::string phone = field("telephone");
        p.telephone.clear();
        if (!phone.empty()) {
            if (auto normal = NormalizePhone(phone)) {
                p.telephone = *normal;
            } else {
                errors.Add("telephone", T(request, "places.error_phone"));
            }
        }
        p.courriels = SplitList(field("courriels"));
        p.site_web = SplitList(field("site_web"));
        p.autres_formations_labels = SplitList(field("autres_formations_labels"));
        p.typologies = ParseValues<Typologie>(FormAll(form, "typologie"));
        p.itinerance = ParseValues<Itinerance>(FormAll(form, "itinerance"));
        p.services = ParseValues<Service>(FormAll(form, "services"));
        p.publics_specifiquement_adresses =
            ParseValues<PublicSpecifique>(FormAll(form, "publics_specifiquement_adresses"));
        p.prise_en_charge_specifique =
            ParseValues<PriseEnCharge>(FormAll(form, "prise_en_charge_specifique"));
        p.frais_a_charge = ParseValues<Frais>(FormAll(form, "frais_a_charge"));
        p.modalites_acces = ParseValues<ModaliteAcces>(FormAll(form, "modalites_acces"));
        p.modalites_accompagnement =
            ParseValues<ModaliteAccompagnement>(FormAll(form, "modalites_accompagnement"));
        p.dispositif_programmes_nationaux =
            ParseValues<Dispositif>(FormAll(form, "dispositif_programmes_nationaux"));
        p.formations_labels = ParseValues<FormationLabel>(FormAll(form, "formations_labels"));
        p.date_maj = service_.Today();
        for (const FieldProblem& problem : PlaceService::Check(p)) {
            // Problems of fields the form does not show (id, date_maj) go to the name.
            const bool shown =
                problem.field != "id" && problem.field != "date_maj" && problem.field != "source";
            errors.Add(shown ? problem.field : "nom", problem.reason);
        }
        return p;
    }

    core::Result<http::Response> GetNew(http::Request& request, const account::Principal& principal) {
        auto org = ManagedOrg(request, principal);
        if (!org) return core::Fail(org.error());
        Place empty;
        return EditPage(request, principal, *org, "", empty, TextValues(empty), account::FormErrors{}, 200);
    }

    core::Result<http::Response> PostNew(http::Request& request, const account::Principal& principal,
                                         const http::FieldList& form) {
        auto org = ManagedOrg(request, principal);
        if (!org) return core::Fail(org.error());
        Place base;
        base.id = service_.NewPlaceId();
        base.source = org->name;
        json values;
        account::FormErrors errors;
        Place place = FromForm(request, form, std::move(base), values, errors);
        if (!errors.Empty()) return EditPage(request, principal, *org, "", place, values, errors, 400);
        auto created = service_.Create(org->id, place, principal);
        if (!created) return SaveFailed(request, principal, *org, "", place, values, created.error());
        return Renderer().Redirect(request, OrgPlacesHref(org->id),
                                   web::Flash::Success("places.flash_created", {{"name", place.nom}}));
    }

    core::Result<http::Response> GetEdit(http::Request& request, const account::Principal& principal) {
        auto org = ManagedOrg(request, principal);
        if (!org) return core::Fail(org.error());
        auto record = service_.GetForOrg(org->id, request.PathParam("place").value_or(""), principal);
        if (!record) return core::Fail(record.error());
        return EditPage(request, principal, *org, record->place.id, record->place, TextValues(record->place),
                        account::FormErrors{}, 200);
    }

    core::Result<http::Response> PostEdit(http::Request& request, const account::Principal& principal,
                                          const http::FieldList& form) {
        auto org = ManagedOrg(request, principal);
        if (!org) return core::Fail(org.error());
        auto record = service_.GetForOrg(org->id, request.PathParam("place").value_or(""), principal);
        if (!record) return core::Fail(record.error());
        json values;
        account::FormErrors errors;
        Place place = FromForm(request, form, record->place, values, errors);
        if (!errors.Empty())
            return EditPage(request, principal, *org, record->place.id, place, values, errors, 400);
        auto updated = service_.Update(org->id, record->place.id, place, principal);
        if (!updated)
            return SaveFailed(request, principal, *org, record->place.id, place, values, updated.error());
        return Renderer().Redirect(request, OrgPlacesHref(org->id),
                                   web::Flash::Success("places.flash_updated", {{"name", place.nom}}));
    }

    core::Result<http::Response> SaveFailed(const http::Request& request, const account::Principal& principal,
                                            const store::Organization& org, const std::string& place_id,
                                            const Place& place, const json& values,
                                            const core::Error& error) {
        if (error.code != core::ErrorCode::kInvalidArgument && error.code != core::ErrorCode::kConflict) {
            return core::Fail(error);
        }
        account::FormErrors errors;
        errors.Add(error.field.empty() || error.field == "id" ? "nom" : error.field, error.message);
        return EditPage(request, principal, org, place_id, place, values, errors, 400);
    }

    core::Result<http::Response> PostStatus(http::Request& request, const account::Principal& principal,
                                            PlaceStatus status) {
        const std::string org_id(request.PathParam("org").value_or(""));
        auto updated = service_.SetStatus(org_id, request.PathParam("place").value_or(""), status, principal);
        if (!updated) return core::Fail(updated.error());
        return Renderer().Redirect(
            request, OrgPlacesHref(org_id),
            web::Flash::Success(
                status == PlaceStatus::kPublished ? "places.flash_published" : "places.flash_unpublished",
                {{"name", updated->place.nom}}));
    }

    core::Result<http::Response> PostDelete(http::Request& request, const account::Principal& principal) {
        const std::string org_id(request.PathParam("org").value_or(""));
        const std::string place_id(request.PathParam("place").value_or(""));
        auto record = service_.GetForOrg(org_id, place_id, principal);
        if (!record) return core::Fail(record.error());
        PASSEUR_TRY(service_.Delete(org_id, place_id, principal));
        return Renderer().Redirect(
            request, OrgPlacesHref(org_id),
            web::Flash::Success("places.flash_deleted", {{"name", record->place.nom}}));
    }

    // ---- coordinators' territories -------------------------------------------------------------

    core::Result<http::Response> Territories(http::Request& request, const account::Principal& principal) {
        auto codes = service_.CoordinatedDepartments(principal);
        if (!codes) return core::Fail(codes.error());
        if (codes->empty()) {
            return core::Fail(core::Error::PermissionDenied(
                "Cette page est réservée aux coordinateurs d'un territoire et aux administrateurs."));
        }
        json list = json::array();
        for (const std::string& code : *codes) {
            const geo::Department* d = service_.territory().FindDepartment(code);
            list.push_back({{"code", code},
                            {"name", d != nullptr ? d->name : code},
                            {"href", "/territoires/" + core::PercentEncode(code)}});
        }
        json data = {{"departments", list}};
        return RenderPlacesPage(request, Context(principal, "places.territories_title", "places"),
                                "territories", data);
    }

    // km of ?km= (5, 10 or 15; default 10) and the optional ?service=.
    static WhiteZonesQuery ZonesQuery(const http::Request& request) {
        WhiteZonesQuery query;
        query.department = std::string(request.PathParam("department").value_or(""));
        const std::string km(request.Query("km").value_or(""));
        if (km == "5" || km == "15") query.km = km == "5" ? 5.0 : 15.0;
        if (auto service = request.Query("service"); service && !service->empty()) {
            query.service = FromString<Service>(*service);
        }
        return query;
    }

    core::Result<http::Response> Territory(http::Request& request, const account::Principal& principal) {
        const WhiteZonesQuery query = ZonesQuery(request);
        PASSEUR_TRY(service_.AuthorizeTerritory(query.department, principal));
        const geo::Department* department = service_.territory().FindDepartment(query.department);
        if (department == nullptr) return core::Fail(core::Error::NotFound("Département inconnu."));
        auto records = service_.ListForTerritory(query.department, principal);
        if (!records) return core::Fail(records.error());
        auto zones = service_.WhiteZones(query);
        if (!zones) return core::Fail(zones.error());
        const std::string lang = Lang(request);
        const int km = static_cast<int>(query.km);

        std::size_t published = 0;
        for (const PlaceRecord& r : *records) published += r.status == PlaceStatus::kPublished ? 1 : 0;

        // Coverage within km, over the communes that have coordinates.
        std::int64_t communes_with = 0, communes_covered = 0, pop_with = 0, pop_covered = 0, pop_total = 0;
        std::vector<const geo::CommuneDistance*> beyond;
        for (const geo::CommuneDistance& c : zones->report.communes) {
            pop_total += c.commune->population;
            if (!c.commune->position) continue;
            ++communes_with;
            pop_with += c.commune->population;
            if (c.nearest_km && *c.nearest_km <= query.km) {
                ++communes_covered;
                pop_covered += c.commune->population;
            } else {
                beyond.push_back(&c);
            }
        }
        std::sort(beyond.begin(), beyond.end(),
                  [](const geo::CommuneDistance* a, const geo::CommuneDistance* b) {
                      if (a->commune->population != b->commune->population)
                          return a->commune->population > b->commune->population;
                      return a->commune->insee < b->commune->insee;
                  });
        json rows = json::array();
        for (const geo::CommuneDistance* c : beyond) {
            if (rows.size() == kWhiteZoneRows) break;
            rows.push_back({{"name", c->commune->name},
                            {"insee", c->commune->insee},
                            {"population", Thousands(c->commune->population, lang)},
                            {"distance", c->nearest_km ? FormatKm(*c->nearest_km, lang)
                                                       : T(request, "places.no_place")}});
        }
        auto percent = [&](std::int64_t part, std::int64_t whole) {
            if (whole == 0) return std::string("—");
            std::string text =
                fmt::format("{:.1f}", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
            if (lang == "fr") std::replace(text.begin(), text.end(), '.', ',');
            return text + (lang == "fr" ? " %" : "%");
        };
        json thresholds = json::array();
        for (const geo::ThresholdFigures& t : zones->report.thresholds) {
            thresholds.push_back({{"km", static_cast<int>(t.km)},
                                  {"population_beyond", Thousands(t.population_beyond, lang)},
                                  {"share_beyond", percent(t.population_beyond, t.population_with_coords)},
                                  {"communes_beyond", t.communes_beyond.size()}});
        }
        json suggestions = json::array();
        for (const geo::SuggestedSite& s : zones->report.suggestions) {
            suggestions.push_back({{"name", s.commune->name},
                                   {"insee", s.commune->insee},
                                   {"population_added", Thousands(s.population_added, lang)},
                                   {"communes_added", s.communes_added}});
        }
        json service_options = json::array();
        for (std::string_view s : Values<Service>()) {
            service_options.push_back({{"value", std::string(s)},
                                       {"label", std::string(s)},
                                       {"selected", query.service && ToString(*query.service) == s}});
        }
        json km_options = json::array();
        for (int k : {5, 10, 15}) km_options.push_back({{"value", k}, {"selected", k == km}});

        geo::SvgMapInput map;
        map.language = lang;
        map.id_prefix = "carte-territoire";
        if (zones->outline != nullptr) map.outlines.push_back(zones->outline);
        map.places = zones->places;
        map.communes = zones->communes;
        map.communes_without_coords = zones->communes_without_coords;
        map.title = F(request, "places.territory_map_title", {{"name", department->name}});
        map.description = F(request, "places.territory_map_desc",
                            {{"places", std::to_string(zones->places.size())},
                             {"share", percent(pop_with - pop_covered, pop_with)},
                             {"km", std::to_string(km)}});

        std::string zones_csv = "/territoires/" + core::PercentEncode(query.department) +
                                "/zones-blanches.csv?km=" + std::to_string(km);
        if (query.service) zones_csv += "&service=" + core::PercentEncode(ToString(*query.service));
        json data = {
            {"department", {{"code", department->code}, {"name", department->name}}},
            {"km", km},
            {"km_options", km_options},
            {"service_options", service_options},
            {"service", query.service ? std::string(ToString(*query.service)) : std::string()},
            {"places_total", records->size()},
            {"places_published", published},
            {"places_draft", records->size() - published},
            {"communes_total", zones->report.communes.size()},
            {"communes_with_coords", communes_with},
            {"communes_without_coords", zones->communes_without_coords},
            {"has_missing_coords", zones->communes_without_coords > 0},
            {"communes_covered", communes_covered},
            {"communes_beyond", communes_with - communes_covered},
            {"population_total", Thousands(pop_total, lang)},
            {"population_with_coords", Thousands(pop_with, lang)},
            {"population_covered", Thousands(pop_covered, lang)},
            {"population_beyond", Thousands(pop_with - pop_covered, lang)},
            {"share_covered", percent(pop_covered, pop_with)},
            {"share_beyond", percent(pop_with - pop_covered, pop_with)},
            {"share_with_coords", percent(pop_with, pop_total)},
            {"thresholds", thresholds},
            {"white_zones", rows},
            {"has_white_zones", !rows.empty()},
            {"white_zones_shown", rows.size()},
            {"white_zones_total", beyond.size()},
            {"white_zones_truncated", beyond.size() > rows.size()},
            {"suggestions", suggestions},
            {"has_suggestions", !suggestions.empty()},
            {"greedy_km", static_cast<int>(zones->report.greedy_km)},
            {"map_svg", geo::RenderSvgMap(map)},
            {"zones_csv_href", zones_csv},
            {"places_csv_href", "/territoires/" + core::PercentEncode(query.department) + "/lieux.csv"},
        };
        web::PageContext context = Context(principal, "", "places");
        context.title =
            F(request, "places.territory_title", {{"name", department->name}, {"code", department->code}});
        return RenderPlacesPage(request, context, "territory", data);
    }

    // Columns: code_insee, commune, population, distance_km (empty: no coordinates or no place),
    // zone_blanche ("oui" beyond km or no place, "non" within, "" without coordinates).
    core::Result<http::Response> ZonesCsv(http::Request& request, const account::Principal& principal) {
        const WhiteZonesQuery query = ZonesQuery(request);
        PASSEUR_TRY(service_.AuthorizeTerritory(query.department, principal));
        auto zones = service_.WhiteZones(query);
        if (!zones) return core::Fail(zones.error());
        std::string csv = "code_insee,commune,population,distance_km,zone_blanche\r\n";
        for (const geo::CommuneDistance& c : zones->report.communes) {
            std::string distance = c.nearest_km ? fmt::format("{:.2f}", *c.nearest_km) : std::string();
            std::string white;
            if (c.commune->position) white = c.nearest_km && *c.nearest_km <= query.km ? "non" : "oui";
            csv += c.commune->insee + "," + CsvField(c.commune->name) + "," +
                   std::to_string(c.commune->population) + "," + distance + "," + white + "\r\n";
        }
        return Download(std::move(csv), fmt::format("zones-blanches-{}-{}km.csv", query.department,
                                                    static_cast<int>(query.km)));
    }

    core::Result<http::Response> PlacesCsv(http::Request& request, const account::Principal& principal) {
        const std::string department(request.PathParam("department").value_or(""));
        PASSEUR_TRY(service_.AuthorizeTerritory(department, principal));
        auto csv = service_.Export(ExportFormat::kCsv, department);
        if (!csv) return core::Fail(csv.error());
        return Download(std::move(*csv), "lieux-" + department + ".csv");
    }

    static http::Response Download(std::string body, const std::string& filename) {
        http::Response response = http::Response::Text(std::move(body), "text/csv; charset=utf-8");
        response.SetHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
        return response;
    }

    // 68350798 -> "68 350 798" (fr, narrow no-break space) or "68,350,798" (en).
    static std::string Thousands(std::int64_t value, std::string_view lang) {
        std::string digits = std::to_string(value < 0 ? -value : value);
        std::string out;
        const std::string separator = lang == "fr" ? "\u202f" : ",";
        for (std::size_t i = 0; i < digits.size(); ++i) {
            if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
            out += digits[i];
        }
        return value < 0 ? "-" + out : out;
    }

private:
    PlaceService& service_;
};

}  // namespace

void RegisterPlacesPages(http::Router& router, PlaceService& service, account::AccountModule& accounts,
                         web::Renderer& renderer) {
    auto pages = std::make_shared<Pages>(service, accounts, renderer);
    using AnyMethod =
        core::Result<http::Response> (Pages::*)(http::Request&, const std::optional<account::Principal>&);
    using SessionMethod = core::Result<http::Response> (Pages::*)(http::Request&, const account::Principal&);
    using FormMethod = core::Result<http::Response> (Pages::*)(http::Request&, const account::Principal&,
                                                               const http::FieldList&);
    auto page = [&](std::string_view pattern, AnyMethod method) {
        pages->Page(
            router, "GET", pattern,
            [pages, method](http::Request& request, const std::optional<account::Principal>& principal) {
                return ((*pages).*method)(request, principal);
            });
    };
    auto session = [&](std::string_view pattern, SessionMethod method) {
        pages->SessionPage(router, "GET", pattern,
                           [pages, method](http::Request& request, const account::Principal& principal) {
                               return ((*pages).*method)(request, principal);
                           });
    };
    auto post = [&](std::string_view pattern, FormMethod method) {
        pages->FormPost(
            router, pattern,
            [pages, method](http::Request& request, const account::Principal& principal,
                            const http::FieldList& form) {
                return ((*pages).*method)(request, principal, form);
            },
            kFormFieldMaxBytes);
    };
    auto status_post = [&](std::string_view pattern, std::optional<PlaceStatus> status) {
        pages->FormPost(router, pattern,
                        [pages, status](http::Request& request, const account::Principal& principal,
                                        const http::FieldList&) {
                            return status ? pages->PostStatus(request, principal, *status)
                                          : pages->PostDelete(request, principal);
                        });
    };
    page("/lieux", &Pages::Search);
    page("/lieux/{place}", &Pages::Show);
    page("/lieux/{place}/fiche", &Pages::Sheet);
    session("/organisations/{org}/lieux", &Pages::OrgList);
    session("/organisations/{org}/lieux/nouveau", &Pages::GetNew);
    post("/organisations/{org}/lieux/nouveau", &Pages::PostNew);
    session("/organisations/{org}/lieux/{place}/modifier", &Pages::GetEdit);
    post("/organisations/{org}/lieux/{place}/modifier", &Pages::PostEdit);
    status_post("/organisations/{org}/lieux/{place}/publier", PlaceStatus::kPublished);
    status_post("/organisations/{org}/lieux/{place}/depublier", PlaceStatus::kDraft);
    status_post("/organisations/{org}/lieux/{place}/supprimer", std::nullopt);
    session("/territoires", &Pages::Territories);
    session("/territoires/{department}", &Pages::Territory);
    session("/territoires/{department}/zones-blanches.csv", &Pages::ZonesCsv);
    session("/territoires/{department}/lieux.csv", &Pages::PlacesCsv);
}

}  // namespace passeur::places
