#include "places/api.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http/json_body.hpp"

namespace passeur::places {
namespace {

using core::Result;
using http::Request;
using http::Response;
using nlohmann::json;

std::string Param(const Request& request, std::string_view name) {
    auto value = request.PathParam(name);
    return value ? std::string(*value) : std::string();
}

core::Error Bad(std::string message, std::string field) {
    return core::Error::InvalidArgument(std::move(message), std::move(field));
}

std::optional<double> ParseDouble(std::string_view text) {
    double value = 0.0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

std::optional<long long> ParseInt(std::string_view text) {
    long long value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

std::vector<std::string> Values(const http::FieldList& fields, std::string_view name) {
    std::vector<std::string> out;
    for (const auto& [key, value] : fields) {
        if (key != name) continue;
        std::size_t start = 0;
        while (start <= value.size()) {
            std::size_t end = value.find('|', start);
            if (end == std::string::npos) end = value.size();
            std::string piece = value.substr(start, end - start);
            while (!piece.empty() && piece.back() == ' ') piece.pop_back();
            while (!piece.empty() && piece.front() == ' ') piece.erase(piece.begin());
            if (!piece.empty()) out.push_back(std::move(piece));
            start = end + 1;
        }
    }
    return out;
}

template <typename E>
Result<std::vector<E>> Enums(const http::FieldList& fields, std::string_view name) {
    std::vector<E> out;
    for (const std::string& v : Values(fields, name)) {
        auto e = FromString<E>(v);
        if (!e) return core::Fail(Bad("Valeur inconnue « " + v + " ».", std::string(name)));
        out.push_back(*e);
    }
    return out;
}

std::string First(const http::FieldList& fields, std::string_view name) {
    auto v = http::Find(fields, name);
    return v ? std::string(*v) : std::string();
}

std::optional<int> ParseWeekday(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const char* const kShort[] = {"mo", "tu", "we", "th", "fr", "sa", "su"};
    static const char* const kFrench[] = {"lundi",    "mardi",  "mercredi", "jeudi",
                                          "vendredi", "samedi", "dimanche"};
    for (int i = 0; i < 7; ++i) {
        if (text == kShort[i] || text == kFrench[i]) return i;
    }
    if (text.size() == 1 && text[0] >= '0' && text[0] <= '6') return text[0] - '0';
    return std::nullopt;
}

bool IsDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

class Api {
public:
    Api(PlaceService& service, account::AccountModule& accounts) : service_(service), accounts_(accounts) {}

    Result<account::Principal> Caller(const Request& r, bool write) {
        auto p = accounts_.Auth().Authenticate(r);
        if (!p) return core::Fail(p.error());
        if (write) PASSEUR_TRY(accounts_.Auth().CheckCsrf(r, *p));
        return p;
    }

    static Result<json> Body(const Request& r) { return http::JsonObjectBody(r, kMaxPlaceBodyBytes); }

    Result<Response> Search(Request& r) {
        auto query = ParseSearchQuery(r.query);
        if (!query) return core::Fail(query.error());
        auto result = service_.Search(*query);
        if (!result) return core::Fail(result.error());
        return Response::Json(SearchResultToJson(*result));
    }

    Result<Response> Export(Request& r) {
        const std::string format_text(r.Query("format").value_or("csv"));
        auto format = ParseExportFormat(format_text);
        if (!format) return core::Fail(Bad("Format inconnu : csv ou json.", "format"));
        const std::string department(r.Query("department").value_or(""));
        if (department.size() > 3) return core::Fail(Bad("Code de département invalide.", "department"));
        auto text = service_.Export(*format, department);
        if (!text) return core::Fail(text.error());
        const std::string name = "lieux-mediation" + (department.empty() ? std::string() : "-" + department);
        auto response = *format == ExportFormat::kCsv
                            ? Response::Text(std::move(*text), "text/csv; charset=utf-8")
                            : Response::Text(std::move(*text), "application/json; charset=utf-8");
        response.SetHeader("Content-Disposition", "attachment; filename=\"" + name +
                                                      (*format == ExportFormat::kCsv ? ".csv\"" : ".json\""));
        return response;
    }

    Result<Response> Import(Request& r) {
        auto p = Caller(r, true);
        if (!p) return core::Fail(p.error());
        if (!p->IsPlatformAdmin()) {
            return core::Fail(core::Error::PermissionDenied(
                "Seuls les administrateurs de la plateforme peuvent importer des lieux."));
        }
        if (r.body.size() > kMaxImportBodyBytes) {
            return core::Fail(
                core::Error{core::ErrorCode::kPayloadTooLarge, "Fichier trop volumineux (64 Mio).", "body"});
        }
        PlaceImportOptions options;
        const std::string type(r.Header("content-type").value_or(""));
        if (type.starts_with("text/csv")) {
            options.format = FileFormat::kCsv;
        } else if (type.starts_with("application/json")) {
            options.format = FileFormat::kJson;
        } else {
            return core::Fail(Bad("Content-Type attendu : text/csv ou application/json.", "Content-Type"));
        }
        auto report = service_.Import(r.body, options, *p);
        if (!report) return core::Fail(report.error());
        return Response::Json(ImportReportToJson(*report));
    }

    Result<Response> GetPublic(Request& r) {
        auto record = service_.GetPublished(Param(r, "place"));
        if (!record) return core::Fail(record.error());
        return Response::Json(RecordToJson(*record));
    }

    Result<Response> ListOrg(Request& r) {
        auto p = Caller(r, false);
        if (!p) return core::Fail(p.error());
        auto records = service_.ListForOrg(Param(r, "org"), *p);
        if (!records) return core::Fail(records.error());
        json places = json::array();
        for (const PlaceRecord& record : *records) places.push_back(RecordToJson(record));
        return Response::Json(json{{"places", places}});
    }

    Result<Response> CreateOrg(Request& r) {
        auto p = Caller(r, true);
        if (!p) return core::Fail(p.error());
        const std::string org = Param(r, "org");
        // Authorise before reading the body, so that strangers learn nothing from validation.
        PASSEUR_TRY(accounts_.Authz().Authorize(*p, account::Action::kManagePlaces, org));
        auto body = Body(r);
        if (!body) return core::Fail(body.error());
        auto place = PlaceFromJson(*body, "", service_.NewPlaceId(), service_.Today());
        if (!place) return core::Fail(place.error());
        auto record = service_.Create(org, std::move(*place), *p);
        if (!record) return core::Fail(record.error());
        auto response = Response::Json(RecordToJson(*record), 201);
        response.SetHeader("Location", "/api/v1/organizations/" + org + "/places/" + record->place.id);
        return response;
    }

    Result<Response> GetOrg(Request& r) {
        auto p = Caller(r, false);
        if (!p) return core::Fail(p.error());
        auto record = service_.GetForOrg(Param(r, "org"), Param(r, "place"), *p);
        if (!record) return core::Fail(record.error());
        return Response::Json(RecordToJson(*record));
    }

    Result<Response> PutOrg(Request& r) {
        auto p = Caller(r, true);
        if (!p) return core::Fail(p.error());
        const std::string org = Param(r, "org");
        PASSEUR_TRY(accounts_.Authz().Authorize(*p, account::Action::kManagePlaces, org));
        auto body = Body(r);
        if (!body) return core::Fail(body.error());
        const std::string id = Param(r, "place");
        if (body->contains("id") && (*body)["id"] != id) {
            return core::Fail(Bad("L'identifiant d'un lieu ne peut pas changer.", "id"));
        }
        auto place = PlaceFromJson(*body, id, id, service_.Today());
        if (!place) return core::Fail(place.error());
        auto record = service_.Update(org, id, std::move(*place), *p);
        if (!record) return core::Fail(record.error());
        return Response::Json(RecordToJson(*record));
    }

    Result<Response> DeleteOrg(Request& r) {
        auto p = Caller(r, true);
        if (!p) return core::Fail(p.error());
        PASSEUR_TRY(service_.Delete(Param(r, "org"), Param(r, "place"), *p));
        return Response::NoContent();
    }

    Result<Response> Status(Request& r, PlaceStatus status) {
        auto p = Caller(r, true);
        if (!p) return core::Fail(p.error());
        auto record = service_.SetStatus(Param(r, "org"), Param(r, "place"), status, *p);
        if (!record) return core::Fail(record.error());
        return Response::Json(RecordToJson(*record));
    }
    Result<Response> Publish(Request& r) { return Status(r, PlaceStatus::kPublished); }
    Result<Response> Unpublish(Request& r) { return Status(r, PlaceStatus::kDraft); }

    Result<Response> TerritoryPlaces(Request& r) {
        auto p = Caller(r, false);
        if (!p) return core::Fail(p.error());
        auto records = service_.ListForTerritory(Param(r, "department"), *p);
        if (!records) return core::Fail(records.error());
        json places = json::array();
        for (const PlaceRecord& record : *records) places.push_back(RecordToJson(record));
        return Response::Json(json{{"department", Param(r, "department")}, {"places", places}});
    }

    Result<Response> WhiteZones(Request& r) {
        auto p = Caller(r, false);
        if (!p) return core::Fail(p.error());
        WhiteZonesQuery query;
        query.department = Param(r, "department");
        PASSEUR_TRY(service_.AuthorizeTerritory(query.department, *p));
        if (auto service = r.Query("service"); service && !service->empty()) {
            query.service = FromString<Service>(*service);
            if (!query.service) return core::Fail(Bad("Service inconnu.", "service"));
        }
        if (auto km = r.Query("km"); km && !km->empty()) {
            auto value = ParseDouble(*km);
            if (!value) return core::Fail(Bad("km : nombre attendu.", "km"));
            query.km = *value;
        }
        auto result = service_.WhiteZones(query);
        if (!result) return core::Fail(result.error());
        return Response::Json(result->json);
    }

private:
    PlaceService& service_;
    account::AccountModule& accounts_;
};

}  // namespace

core::Result<SearchQuery> ParseSearchQuery(const http::FieldList& fields) {
    SearchQuery q;
    const std::string lat = First(fields, "lat");
    const std::string lon = First(fields, "lon");
    if (!lat.empty() || !lon.empty()) {
        auto la = ParseDouble(lat);
        auto lo = ParseDouble(lon);
        if (!la) return core::Fail(Bad("Latitude invalide.", "lat"));
        if (!lo) return core::Fail(Bad("Longitude invalide.", "lon"));
        q.point = geo::LatLon{*la, *lo};
        if (!geo::IsValidLatLon(*q.point)) return core::Fail(Bad("Coordonnées hors limites.", "lat"));
    }
    q.insee = First(fields, "commune");
    if (!q.insee.empty() && !IsValidInseeCode(q.insee))
        return core::Fail(Bad("Code INSEE invalide.", "commune"));
    q.postcode = First(fields, "postcode");
    if (!q.postcode.empty() && !IsValidPostcode(q.postcode)) {
        return core::Fail(Bad("Code postal invalide (5 chiffres).", "postcode"));
    }
    std::string text = First(fields, "q");
    if (text.size() > 200) return core::Fail(Bad("Recherche trop longue (200 octets au plus).", "q"));
    if (IsDigits(text) && text.size() == 5 && q.postcode.empty()) {
        q.postcode = text;
    } else {
        q.commune_name = text;
    }
    q.street = First(fields, "street");
    if (q.street.size() > 200) return core::Fail(Bad("Adresse trop longue (200 octets au plus).", "street"));

    auto services = Enums<Service>(fields, "service");
    if (!services) return core::Fail(services.error());
    q.services = std::move(*services);
    auto publics = Enums<PublicSpecifique>(fields, "public");
    if (!publics) return core::Fail(publics.error());
    q.publics = std::move(*publics);
    auto frais = Enums<Frais>(fields, "frais");
    if (!frais) return core::Fail(frais.error());
    q.frais = std::move(*frais);
    auto acces = Enums<ModaliteAcces>(fields, "acces");
    if (!acces) return core::Fail(acces.error());
    q.modalites_acces = std::move(*acces);
    auto accompagnement = Enums<ModaliteAccompagnement>(fields, "accompagnement");
    if (!accompagnement) return core::Fail(accompagnement.error());
    q.modalites_accompagnement = std::move(*accompagnement);
    auto prises = Enums<PriseEnCharge>(fields, "prise");
    if (!prises) return core::Fail(prises.error());
    q.prises_en_charge = std::move(*prises);

    const std::string open_now = First(fields, "open_now");
    q.open_now = open_now == "1" || open_now == "true" || open_now == "on";
    if (const std::string day = First(fields, "open_on"); !day.empty()) {
        q.open_on_weekday = ParseWeekday(day);
        if (!q.open_on_weekday)
            return core::Fail(Bad("Jour inconnu (0 à 6, ou lundi à dimanche).", "open_on"));
    }
    if (const std::string radius = First(fields, "radius_km"); !radius.empty()) {
        auto value = ParseDouble(radius);
        if (!value || *value <= 0.0 || *value > 1000.0) {
            return core::Fail(Bad("radius_km : entre 0 et 1000.", "radius_km"));
        }
        q.radius_km = *value;
    }
    if (const std::string limit = First(fields, "limit"); !limit.empty()) {
        auto value = ParseInt(limit);
        if (!value || *value < 1 || *value > 100) return core::Fail(Bad("limit : entre 1 et 100.", "limit"));
        q.limit = static_cast<std::size_t>(*value);
    }
    return q;
}

void RegisterPlacesApi(http::Router& router, PlaceService& service, account::AccountModule& accounts) {
    auto api = std::make_shared<Api>(service, accounts);
    auto add = [&](std::string_view method, std::string_view pattern, Result<Response> (Api::*fn)(Request&)) {
        router.Add(
            method, pattern, [api, fn](Request& r) { return ((*api).*fn)(r); }, http::RouteKind::kJson);
    };
    add("GET", "/api/v1/places", &Api::Search);
    add("GET", "/api/v1/places/export", &Api::Export);
    add("POST", "/api/v1/places/import", &Api::Import);
    add("GET", "/api/v1/places/{place}", &Api::GetPublic);
    add("GET", "/api/v1/organizations/{org}/places", &Api::ListOrg);
    add("POST", "/api/v1/organizations/{org}/places", &Api::CreateOrg);
    add("GET", "/api/v1/organizations/{org}/places/{place}", &Api::GetOrg);
    add("PUT", "/api/v1/organizations/{org}/places/{place}", &Api::PutOrg);
    add("DELETE", "/api/v1/organizations/{org}/places/{place}", &Api::DeleteOrg);
    add("POST", "/api/v1/organizations/{org}/places/{place}/publish", &Api::Publish);
    add("POST", "/api/v1/organizations/{org}/places/{place}/unpublish", &Api::Unpublish);
    add("GET", "/api/v1/territories/{department}/places", &Api::TerritoryPlaces);
    add("GET", "/api/v1/territories/{department}/white-zones", &Api::WhiteZones);
}

}  // namespace passeur::places
