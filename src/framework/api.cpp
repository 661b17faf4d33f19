#include "framework/api.hpp"

#include <memory>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "framework/case_format.hpp"
#include "framework/native_format.hpp"
#include "framework/uuid.hpp"

namespace passeur::framework {
namespace {

using core::Result;
using http::Request;
using http::Response;
using nlohmann::json;

std::string Param(const Request& request, std::string_view name) {
    auto value = request.PathParam(name);
    return value ? std::string(*value) : std::string();
}

json RecordJson(const FrameworkRecord& r, const std::string& base) {
    return json{{"id", r.slug},
                {"version", r.version},
                {"name", TextToJson(r.name)},
                {"competence_count", r.competence_count},
                {"status", r.status},
                {"source", r.source},
                {"identifier", r.identifier},
                {"case_uri", CaseUri(base, "CFDocuments", r.identifier)},
                {"created_at", core::FormatRfc3339(r.created_at)}};
}

class Api {
public:
    Api(FrameworkService& service, account::AccountModule& accounts, std::string base)
        : service_(service), accounts_(accounts), base_(std::move(base)) {}

    std::string Base() const { return base_.empty() ? accounts_.Config().public_base_url : base_; }

    // ?version=: absent or a valid version.
    static Result<std::string> VersionQuery(const Request& r) {
        auto version = r.Query("version");
        if (!version) return std::string();
        if (!IsValidVersion(*version)) {
            return core::Fail(
                core::Error::InvalidArgument("Paramètre invalide : version attendue (ex. 1.0).", "version"));
        }
        return std::string(*version);
    }

    Result<Response> List(Request& r) {
        bool all = false;
        if (auto value = r.Query("all_versions")) {
            if (*value != "true" && *value != "false") {
                return core::Fail(core::Error::InvalidArgument("Paramètre invalide : true ou false attendu.",
                                                               "all_versions"));
            }
            all = *value == "true";
        }
        auto records = service_.List(all);
        if (!records) return core::Fail(records.error());
        json items = json::array();
        const std::string base = Base();
        for (const auto& record : *records) items.push_back(RecordJson(record, base));
        return Response::Json(json{{"items", items}});
    }

    Result<Response> Get(Request& r) {
        auto version = VersionQuery(r);
        if (!version) return core::Fail(version.error());
        const std::string slug = Param(r, "framework");
        auto stored = service_.Get(slug, *version);
        if (!stored) return core::Fail(stored.error());
        auto versions = service_.Versions(slug);
        if (!versions) return core::Fail(versions.error());
        const std::string base = Base();
        json list = json::array();
        for (const auto& v : *versions) {
            list.push_back({{"version", v.version},
                            {"status", v.status},
                            {"created_at", core::FormatRfc3339(v.created_at)}});
        }
        json body = RecordJson(stored->record, base);
        body["framework"] = FrameworkToJson(stored->framework);
        body["versions"] = list;
        return Response::Json(body);
    }

    Result<Response> GetCase(Request& r) {
        auto version = VersionQuery(r);
        if (!version) return core::Fail(version.error());
        auto package = service_.ExportCase(Param(r, "framework"), *version, Base());
        if (!package) return core::Fail(package.error());
        return Response::Json(*package);
    }

    // Authenticated platform admin (CSRF checked for cookie sessions).
    Result<account::Principal> Editor(const Request& r) {
        auto p = accounts_.Auth().Authenticate(r);
        if (!p) return core::Fail(p.error());
        PASSEUR_TRY(accounts_.Auth().CheckCsrf(r, *p));
        PASSEUR_TRY(accounts_.Authz().Authorize(*p, account::Action::kEditFrameworks));
        return p;
    }

    // A bounded JSON body, parsed with the positions of its values.
    static Result<core::LocatedJson> Body(const Request& r) {
        if (r.body.size() > kMaxImportBodyBytes) {
            return core::Fail(core::Error{core::ErrorCode::kPayloadTooLarge,
                                          "Corps de requête trop volumineux (au plus 20 Mo).", "body"});
        }
        if (!r.IsJson()) {
            return core::Fail(core::Error::InvalidArgument(
                "Le corps de la requête doit être du JSON (Content-Type: application/json).",
                "Content-Type"));
        }
        return ParseJson(r.body, "body");
    }

    Result<Response> Created(const StoredFramework& stored) {
        auto response = Response::Json(RecordJson(stored.record, Base()), 201);
        response.SetHeader("Location",
                           "/api/v1/frameworks/" + stored.record.slug + "?version=" + stored.record.version);
        return response;
    }

    Result<Response> Import(Request& r) {
        auto p = Editor(r);
        if (!p) return core::Fail(p.error());
        auto document = Body(r);
        if (!document) return core::Fail(document.error());
        auto stored = service_.Import(document->value, Actor::Of(*p), "body");
        if (!stored) return core::Fail(WithLine(stored.error(), *document, "body"));
        return Created(*stored);
    }

    Result<Response> CreateVersion(Request& r) {
        auto p = Editor(r);
        if (!p) return core::Fail(p.error());
        auto document = Body(r);
        if (!document) return core::Fail(document.error());
        const std::string slug = Param(r, "framework");
        const json* id =
            document->value.is_object() && document->value.contains("id") ? &document->value["id"] : nullptr;
        if (id == nullptr || !id->is_string() || id->get<std::string>() != slug) {
            return core::Fail(WithLine(
                core::Error::InvalidArgument("body: /id: l'identifiant doit être « " + slug + " »", "/id"),
                *document, "body"));
        }
        auto edited = FrameworkFromJson(document->value, "body");
        if (!edited) return core::Fail(WithLine(edited.error(), *document, "body"));
        const std::string version = edited->version;
        auto stored = service_.CreateVersion(slug, std::move(*edited), version, Actor::Of(*p));
        if (!stored) return core::Fail(stored.error());
        return Created(*stored);
    }

    Result<Response> ImportProfiles(Request& r) {
        auto p = Editor(r);
        if (!p) return core::Fail(p.error());
        auto document = Body(r);
        if (!document) return core::Fail(document.error());
        auto profiles = service_.ImportProfiles(document->value, Actor::Of(*p), "body");
        if (!profiles) return core::Fail(WithLine(profiles.error(), *document, "body"));
        json items = json::array();
        for (const auto& profile : *profiles) items.push_back(TargetProfileToJson(profile));
        return Response::Json(json{{"items", items}});
    }

    Result<Response> ListProfiles(Request&) {
        auto profiles = service_.ListProfiles();
        if (!profiles) return core::Fail(profiles.error());
        json items = json::array();
        for (const auto& p : *profiles) items.push_back(TargetProfileToJson(p.profile));
        return Response::Json(json{{"items", items}});
    }

    Result<Response> GetProfile(Request& r) {
        auto profile = service_.GetProfile(Param(r, "profile"));
        if (!profile) return core::Fail(profile.error());
        return Response::Json(TargetProfileToJson(profile->profile));
    }

    CaseExportOptions Options(const StoredFramework& stored) const {
        return {Base(), stored.record.created_at};
    }

    Result<Response> CaseDocuments(Request&) {
        auto records = service_.List(false);
        if (!records) return core::Fail(records.error());
        json documents = json::array();
        for (const auto& record : *records) {
            auto stored = service_.Get(record.slug, record.version);
            if (!stored) return core::Fail(stored.error());
            documents.push_back(ExportCaseDocument(stored->framework, Options(*stored)));
        }
        return Response::Json(json{{"CFDocuments", documents}});
    }

    Result<StoredFramework> Document(const Request& r) {
        auto stored = service_.GetByDocumentIdentifier(Param(r, "identifier"));
        if (!stored) return core::Fail(stored.error());
        return stored;
    }

    Result<Response> CaseDocument(Request& r) {
        auto stored = Document(r);
        if (!stored) return core::Fail(stored.error());
        return Response::Json(ExportCaseDocument(stored->framework, Options(*stored)));
    }

    Result<Response> CasePackage(Request& r) {
        auto stored = Document(r);
        if (!stored) return core::Fail(stored.error());
        return Response::Json(ExportCasePackage(stored->framework, Options(*stored)));
    }

    Result<Response> CaseItem(Request& r) {
        const std::string identifier = Param(r, "identifier");
        auto location = service_.GetByIdentifier(identifier);
        if (!location) return core::Fail(location.error());
        auto item =
            ExportCaseItem(location->stored.framework, LowerUuid(identifier), Options(location->stored));
        if (!item) return core::Fail(core::Error::NotFound("Élément CASE inconnu : " + identifier));
        return Response::Json(*item);
    }

private:
    FrameworkService& service_;
    account::AccountModule& accounts_;
    std::string base_;
};

}  // namespace

void RegisterFrameworkApi(http::Router& router, FrameworkService& service, account::AccountModule& accounts,
                          std::string public_base_url) {
    auto api = std::make_shared<Api>(service, accounts, std::move(public_base_url));
    auto add = [&](std::string_view method, std::string_view pattern, Result<Response> (Api::*fn)(Request&)) {
        router.Add(
            method, pattern, [api, fn](Request& r) { return ((*api).*fn)(r); }, http::RouteKind::kJson);
    };
    add("GET", "/api/v1/frameworks", &Api::List);
    add("POST", "/api/v1/frameworks", &Api::Import);
    add("GET", "/api/v1/frameworks/{framework}", &Api::Get);
    add("GET", "/api/v1/frameworks/{framework}/case", &Api::GetCase);
    add("POST", "/api/v1/frameworks/{framework}/versions", &Api::CreateVersion);
    add("GET", "/api/v1/target-profiles", &Api::ListProfiles);
    add("POST", "/api/v1/target-profiles", &Api::ImportProfiles);
    add("GET", "/api/v1/target-profiles/{profile}", &Api::GetProfile);
    add("GET", "/ims/case/v1p0/CFDocuments", &Api::CaseDocuments);
    add("GET", "/ims/case/v1p0/CFDocuments/{identifier}", &Api::CaseDocument);
    add("GET", "/ims/case/v1p0/CFPackages/{identifier}", &Api::CasePackage);
    add("GET", "/ims/case/v1p0/CFItems/{identifier}", &Api::CaseItem);
}

}  // namespace passeur::framework
